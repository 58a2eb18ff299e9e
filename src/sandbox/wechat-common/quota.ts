/**
 * Call quotas of the WeChat simulators: per-call daily quotas (reset at midnight Asia/Shanghai on
 * the simulator clock) and an optional per-account per-minute call limit.
 */
import { shanghaiDay } from './envelope.js';

export interface WxQuotaState {
  /** Shanghai day the daily counters belong to. */
  day: number;
  used: Record<string, number>;
  /** Minute (ms / 60000) the minute counter belongs to. */
  minute: number;
  minuteCalls: number;
}

export function newQuotaState(): WxQuotaState {
  return { day: 0, used: {}, minute: 0, minuteCalls: 0 };
}

function rollDay(quota: WxQuotaState, now: number): void {
  const day = shanghaiDay(now);
  if (quota.day !== day) {
    quota.day = day;
    quota.used = {};
  }
}

/** Calls of `bucket` counted today. */
export function usedToday(quota: WxQuotaState, now: number, bucket: string): number {
  rollDay(quota, now);
  return quota.used[bucket] ?? 0;
}

/** Counts one call of `bucket`; false (and not counted) when today's `limit` is already reached. */
export function takeDaily(quota: WxQuotaState, now: number, bucket: string, limit: number): boolean {
  const used = usedToday(quota, now, bucket);
  if (used >= limit) return false;
  quota.used[bucket] = used + 1;
  return true;
}

/** Counts one call in the current minute; false (not counted) when `limit` calls were already made. */
export function takeMinute(quota: WxQuotaState, now: number, limit: number): boolean {
  const minute = Math.floor(now / 60_000);
  if (quota.minute !== minute) {
    quota.minute = minute;
    quota.minuteCalls = 0;
  }
  if (quota.minuteCalls >= limit) return false;
  quota.minuteCalls += 1;
  return true;
}
