/**
 * 外勤365 request signing, as published (docs/platforms/waiqin365.md, "Facts the adapter relies on"):
 *   URL    {host}/api/product/group/v1/{api}/{openid}/{timestamp}/{digest}/{msg_id}
 *   digest = md5_hex(body + "|" + appkey + "|" + timestamp)      (the appkey itself is never sent)
 *   timestamp = yyyyMMddHHmmss in China time (UTC+8); msg_id unique per request.
 * All three are computed per attempt.
 */
import { createHash } from 'node:crypto';

export function waiqin365Digest(body: string, appkey: string, timestamp: string): string {
  return createHash('md5').update(`${body}|${appkey}|${timestamp}`, 'utf8').digest('hex');
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** yyyyMMddHHmmss in China time (UTC+8, no daylight saving). */
export function waiqin365Timestamp(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
