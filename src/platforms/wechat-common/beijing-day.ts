/** WeChat's daily quotas reset at midnight Beijing time (UTC+8, no daylight saving). */
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The Beijing calendar day of an instant, "YYYY-MM-DD". */
export function beijingDay(epochMs: number): string {
  return new Date(epochMs + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Next midnight in Beijing, as ISO. */
export function nextBeijingMidnight(epochMs: number): string {
  return new Date((Math.floor((epochMs + BEIJING_OFFSET_MS) / DAY_MS) + 1) * DAY_MS - BEIJING_OFFSET_MS).toISOString();
}
