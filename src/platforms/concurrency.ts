/** Bounded concurrency for independent async work (apply's actions, rebuild's image downloads). */
/** Runs `fn` over `items`, at most `limit` at a time. */
export async function eachConcurrently<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
