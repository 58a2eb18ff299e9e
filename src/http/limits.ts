/**
 * Concurrency and rate limits for one transport (one per target).
 *
 * Contract:
 *  - `Semaphore(n)`: at most n holders at once; waiters are served first come, first served.
 *  - `RateLimiter(ratePerSecond)`: a smooth token bucket of depth 1 (requests are spaced 1/rate apart, no
 *    bursts); `take()` resolves when the caller may start. 0, Infinity or a negative rate means unlimited.
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
  private readonly intervalMs: number;
  private nextStartMs = -Infinity;

  constructor(
    ratePerSecond: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.intervalMs = ratePerSecond > 0 && Number.isFinite(ratePerSecond) ? 1000 / ratePerSecond : 0;
  }

  async take(): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = this.now();
    const startAt = Math.max(now, this.nextStartMs);
    this.nextStartMs = startAt + this.intervalMs;
    if (startAt > now) await this.sleep(startAt - now);
  }
}
