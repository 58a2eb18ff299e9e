/** Bounded concurrency for independent async work (apply's actions, rebuild's image downloads). */
/**
 * Runs `fn` over `items`, at most `limit` at a time; while `single()` is true, only one at a time
 * (the other workers wait for the running item before taking the next: apply's probing, see
 * src/engine/apply.ts).
 */
export async function eachConcurrently<T>(items: T[], limit: number, fn: (item: T) => Promise<void>, single: () => boolean = () => false): Promise<void> {
  let next = 0;
  let running = 0;
  let idle: Array<() => void> = [];
  const wake = () => {
    const waiting = idle;
    idle = [];
    for (const w of waiting) w();
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      if (single() && running > 0) {
        await new Promise<void>((resolve) => idle.push(resolve));
        continue;
      }
      const item = items[next++]!;
      running += 1;
      try {
        await fn(item);
      } finally {
        running -= 1;
        wake();
      }
    }
  });
  await Promise.all(workers);
}
