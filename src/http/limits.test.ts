import { describe, expect, it } from 'vitest';
import { RateLimiter, Semaphore } from './limits.js';

/** A limiter on a fake clock: `take()` records the reserved start (now + the sleep it asked for). */
function fakeLimiter(ratePerSecond: number) {
  let clock = 0;
  const starts: number[] = [];
  const limiter = new RateLimiter(
    ratePerSecond,
    () => clock,
    async (ms) => {
      starts[starts.length - 1]! += ms;
    },
  );
  return {
    setClock: (ms: number) => {
      clock = ms;
    },
    starts,
    take: async () => {
      starts.push(clock);
      await limiter.take();
    },
  };
}

/** The largest number of starts within any half-open window of `ms`. */
function busiestWindow(starts: number[], ms: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= ms - 1e-9) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('RateLimiter', () => {
  it('spaces starts 1/r apart below 10 per second, with no credit for idle time', async () => {
    const l = fakeLimiter(4);
    for (let i = 0; i < 4; i++) await l.take();
    expect(l.starts).toEqual([0, 250, 500, 750]);
    l.setClock(60_000);
    await l.take();
    await l.take();
    expect(l.starts.slice(4)).toEqual([60_000, 60_250]);
  });

  it('never starts more than r in any second nor ⌈r/10⌉ in any tenth, whatever the callers do', async () => {
    for (const rate of [10, 25, 37, 1000]) {
      const l = fakeLimiter(rate);
      // Callers arrive in irregular clumps, sometimes late (held up), sometimes all at once.
      let t = 0;
      for (let i = 0; i < rate * 5; i++) {
        if (i % 7 === 0) t += 173;
        l.setClock(t);
        await l.take();
      }
      expect(busiestWindow(l.starts, 1000)).toBeLessThanOrEqual(rate);
      expect(busiestWindow(l.starts, 100)).toBeLessThanOrEqual(Math.ceil(rate / 10));
      expect(l.starts.every((s, i) => i === 0 || s >= l.starts[i - 1]!)).toBe(true);
    }
  });

  it('lets a caller that was held up use the budget it missed within the tenth of a second', async () => {
    const l = fakeLimiter(1000);
    await l.take(); // t = 0
    l.setClock(50); // the event loop was busy for 50 ms
    for (let i = 0; i < 99; i++) await l.take();
    // A fixed 1 ms spacing would start these at 50, 51, ... 148; the window lets them start at once.
    expect(new Set(l.starts.slice(1))).toEqual(new Set([50]));
    await l.take(); // the 101st within the tenth that began at 0 waits for it to pass
    expect(l.starts[100]).toBe(100);
  });

  it('keeps the long-run rate: 10 seconds of demand at 1000/s start within 10 seconds', async () => {
    const l = fakeLimiter(1000);
    for (let i = 0; i < 10_000; i++) await l.take();
    expect(l.starts.at(-1)).toBeLessThan(10_000);
    expect(l.starts.at(-1)).toBeGreaterThanOrEqual(9_900);
  });

  it('is unlimited at 0, Infinity or a negative rate', async () => {
    for (const rate of [0, Infinity, -5]) {
      const l = fakeLimiter(rate);
      for (let i = 0; i < 50; i++) await l.take();
      expect(new Set(l.starts)).toEqual(new Set([0]));
    }
  });
});

describe('Semaphore', () => {
  it('holds at most n at once and serves waiters first come, first served', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const a = await s.acquire();
    const b = await s.acquire();
    const waiting = [1, 2].map((n) => s.acquire().then((release) => (order.push(n), release)));
    a();
    a(); // a second release of the same hold is ignored
    await Promise.resolve();
    b();
    const [r1, r2] = await Promise.all(waiting);
    expect(order).toEqual([1, 2]);
    r1!();
    r2!();
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
