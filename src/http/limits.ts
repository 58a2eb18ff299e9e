/**
 * Concurrency and rate limits for one transport (one per target).
 *
 * Contract:
 *  - `Semaphore(n)`: at most n holders at once; waiters are served first come, first served.
 *  - `RateLimiter(ratePerSecond)`: `take()` resolves when the caller may start. Starts are reserved first
 *    come, first served, at most r in any second and at most ⌈r/10⌉ in any tenth of a second (r =
 *    ratePerSecond; below 10 per second, one start every 1/r s). Within a tenth of a second
 *    starts may bunch: a caller held up by a busy event loop or a slow answer uses the budget it
 *    missed, where a fixed spacing would lose it for good. 0, Infinity or a negative rate means unlimited.
 *    Time comes from the injected `now` and waiting from the injected `sleep`, so tests run on a fake clock.
 */

export class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`concurrency must be at least 1, got ${capacity}`);
    this.available = capacity;
  }

  /** Resolves with a release function; call it exactly once. */
  async acquire(): Promise<() => void> {
    if (this.available > 0) {
      this.available--;
    } else {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next();
      else this.available++;
    };
  }
}

export class RateLimiter {
  /** Sliding windows, each "at most `count` starts within any `ms`". */
  private readonly windows: ReadonlyArray<{ count: number; ms: number }>;
  /** Ring of the last reserved start times (as many as the largest window counts). */
  private readonly starts: number[];
  private reserved = 0;

  constructor(
    ratePerSecond: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    const limited = ratePerSecond > 0 && Number.isFinite(ratePerSecond);
    const perSecond = Math.max(1, Math.floor(ratePerSecond));
    this.windows = limited
      ? [
          { count: perSecond, ms: (1000 * perSecond) / ratePerSecond },
          ratePerSecond >= 10 ? { count: Math.ceil(ratePerSecond / 10), ms: 100 } : { count: 1, ms: 1000 / ratePerSecond },
        ]
      : [];
    this.starts = new Array<number>(limited ? perSecond : 0);
  }

  async take(): Promise<void> {
    if (this.windows.length === 0) return;
    const now = this.now();
    let startAt = now;
    for (const { count, ms } of this.windows) {
      if (this.reserved >= count) startAt = Math.max(startAt, this.starts[(this.reserved - count) % this.starts.length]! + ms);
    }
    this.starts[this.reserved % this.starts.length] = startAt;
    this.reserved++;
    if (startAt > now) await this.sleep(startAt - now);
  }
}
