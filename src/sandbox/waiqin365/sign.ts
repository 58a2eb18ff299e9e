/**
 * 外勤365 request signing and the Asia/Shanghai time formats its API uses (UTC+8, no daylight saving).
 *
 * digest = md5_hex(body + "|" + appkey + "|" + timestamp), over the raw body text as sent.
 */
import { createHash } from 'node:crypto';

export function waiqin365Digest(bodyText: string, appkey: string, timestamp: string): string {
  return createHash('md5').update(`${bodyText}|${appkey}|${timestamp}`, 'utf8').digest('hex');
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** URL timestamp: yyyyMMddHHmmss. */
export const URL_TIMESTAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
/** Query filters after_create_date / after_modify_date: yyyy-MM-dd HH:mm:ss. */
export const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** Query filters start_/end_create_date, start_/end_modify_date: yyyy-MM-dd. */
export const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Milliseconds since epoch of a Shanghai wall-clock time matching `format` (one of the patterns above),
 * or undefined when the text does not match or names an impossible date (e.g. month 13).
 */
export function parseShanghaiTime(text: string, format: RegExp): number | undefined {
  const m = format.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map(Number) as number[];
  const utc = Date.UTC(y!, mo! - 1, d!, h, mi, s);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h ||
      back.getUTCMinutes() !== mi || back.getUTCSeconds() !== s) {
    return undefined;
  }
  return utc - SHANGHAI_OFFSET_MS;
}

/** yyyyMMddHHmmss in Asia/Shanghai (what a client puts in the URL). */
export function formatWaiqin365Timestamp(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
