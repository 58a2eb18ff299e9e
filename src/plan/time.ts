/**
 * Times shown to people: merchants and platforms count days in China time, so every time in plan
 * and apply output is shown in Asia/Shanghai (UTC+8, no daylight saving) and says so.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** "2026-12-07T16:00:00.000Z" -> "2026-12-08 00:00 Asia/Shanghai (UTC+8)"; text that is not a time is returned as is. */
export function shanghaiTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const t = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)} Asia/Shanghai (UTC+8)`;
}
