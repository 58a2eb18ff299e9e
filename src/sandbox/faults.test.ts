import { describe, expect, it } from 'vitest';
import { FaultInjector, parseFaults, type FaultSpec } from './faults.js';

function spec(text: string): FaultSpec {
  const r = parseFaults(text);
  if (!r.ok) throw new Error(r.message);
  return r.spec;
}

describe('parseFaults', () => {
  it('parses every fault, latency as a number or a range, and the seed', () => {
    expect(spec('5xx=0.1,busy=0.2,drop=0.05,lost=0.1,latency=50,seed=7')).toEqual({
      http5xx: 0.1,
      busy: 0.2,
      drop: 0.05,
      lost: 0.1,
      latencyMs: { min: 50, max: 50 },
      seed: 7,
    });
    expect(spec(' latency=20-80 ').latencyMs).toEqual({ min: 20, max: 80 });
    expect(spec('')).toMatchObject({ http5xx: 0, busy: 0, drop: 0, lost: 0 });
  });

  it.each([
    ['5xx=2', /probability/],
    ['busy=abc', /probability/],
    ['drop', /name=value/],
    ['slow=0.1', /unknown fault "slow"/],
    ['latency=80-20', /max below min/],
    ['latency=fast', /latency/],
    ['5xx=0.6,busy=0.6', /add up to/],
    ['seed=-1', /seed/],
    ['busy=0.1,busy=0.2', /twice/],
  ])('rejects %s with a clear message', (text, pattern) => {
    const r = parseFaults(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(pattern);
      expect(r.message).toContain('invalid --faults');
    }
  });
});

describe('FaultInjector', () => {
  it('is deterministic for a seed', () => {
    const run = () => {
      const f = new FaultInjector(spec('5xx=0.2,busy=0.2,drop=0.2,lost=0.2,latency=0-100,seed=42'));
      return Array.from({ length: 50 }, (_, i) => f.next(i % 2 === 0));
    };
    expect(run()).toEqual(run());
    const kinds = new Set(run().map((d) => d.kind));
    expect(kinds).toEqual(new Set(['none', '5xx', 'busy', 'drop', 'lost']));
  });

  it('injects each kind at about its rate, and lost only for writes', () => {
    const f = new FaultInjector(spec('5xx=0.1,busy=0.2,drop=0.05,lost=0.3,seed=1'));
    const writes = Array.from({ length: 10_000 }, () => f.next(true).kind);
    const share = (k: string) => writes.filter((x) => x === k).length / writes.length;
    expect(share('5xx')).toBeCloseTo(0.1, 1);
    expect(share('busy')).toBeCloseTo(0.2, 1);
    expect(share('drop')).toBeCloseTo(0.05, 1);
    expect(share('lost')).toBeCloseTo(0.3, 1);
    const reads = Array.from({ length: 2000 }, () => f.next(false).kind);
    expect(reads).not.toContain('lost');
  });

  it('draws latency within the range and 5xx statuses among 500, 502, 503', () => {
    const f = new FaultInjector(spec('5xx=1,latency=20-80,seed=3'));
    const decisions = Array.from({ length: 500 }, () => f.next(false));
    for (const d of decisions) {
      expect(d.latencyMs).toBeGreaterThanOrEqual(20);
      expect(d.latencyMs).toBeLessThanOrEqual(80);
      expect(d.kind).toBe('5xx');
    }
    expect(new Set(decisions.map((d) => d.status))).toEqual(new Set([500, 502, 503]));
  });
});
