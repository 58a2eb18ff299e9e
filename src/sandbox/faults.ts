/**
 * Fault injection for the sandbox (`catalog sandbox --faults SPEC`).
 *
 * Spec: comma-separated `name=value` pairs, e.g. `5xx=0.1,busy=0.1,drop=0.05,lost=0.1,latency=20-80,seed=7`.
 *
 * | name    | value               | effect                                                                  |
 * |---------|---------------------|-------------------------------------------------------------------------|
 * | 5xx     | probability 0..1    | HTTP 500/502/503, state untouched                                      |
 * | busy    | probability 0..1    | the simulator's `busyResponse()` (platform busy code), state untouched |
 * | drop    | probability 0..1    | connection dropped before the request is processed                     |
 * | lost    | probability 0..1    | writes only: processed and committed, then the connection is dropped   |
 * | latency | ms, or `min-max` ms | delay before answering (uniform in the range)                          |
 * | seed    | integer             | deterministic pseudo-random sequence                                   |
 *
 * One request = exactly three draws from the PRNG (latency, fault kind, 5xx status), whatever the
 * outcome, so a seeded run gives the same sequence of decisions for the same sequence of requests.
 * The fault kind is drawn once against the cumulative probabilities 5xx, busy, drop, lost (in that
 * order); `lost` only applies to writes, a read falling in its band gets no fault.
 */

export interface FaultSpec {
  http5xx: number;
  busy: number;
  drop: number;
  lost: number;
  latencyMs: { min: number; max: number };
  /** Absent: seeded from Math.random (non-deterministic). */
  seed?: number;
}

type FaultKind = 'none' | '5xx' | 'busy' | 'drop' | 'lost';

interface FaultDecision {
  kind: FaultKind;
  latencyMs: number;
  /** For kind "5xx". */
  status: 500 | 502 | 503;
}

type ParseFaultsResult = { ok: true; spec: FaultSpec } | { ok: false; message: string };

const PROBABILITY_KEYS = { '5xx': 'http5xx', busy: 'busy', drop: 'drop', lost: 'lost' } as const;
const KNOWN_KEYS = [...Object.keys(PROBABILITY_KEYS), 'latency', 'seed'];
const MAX_LATENCY_MS = 60_000;

const NO_FAULTS: FaultSpec = { http5xx: 0, busy: 0, drop: 0, lost: 0, latencyMs: { min: 0, max: 0 } };

/**
 * Parses a fault spec; an empty string means no faults. A bad spec is a message, not an exception,
 * that starts with `lead` (saying where the spec came from) and the quoted spec.
 */
export function parseFaults(text: string, lead = 'invalid --faults'): ParseFaultsResult {
  const spec: FaultSpec = { ...NO_FAULTS, latencyMs: { min: 0, max: 0 } };
  const seen = new Set<string>();
  const bad = (message: string): ParseFaultsResult => ({
    ok: false,
    message: `${lead} "${text}": ${message} (expected e.g. 5xx=0.1,busy=0.1,drop=0.05,lost=0.1,latency=20-80,seed=1)`,
  });
  for (const rawPart of text.split(',')) {
    const part = rawPart.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return bad(`"${part}" is not name=value`);
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!KNOWN_KEYS.includes(name)) return bad(`unknown fault "${name}"; known: ${KNOWN_KEYS.join(', ')}`);
    if (seen.has(name)) return bad(`"${name}" given twice`);
    seen.add(name);
    if (name in PROBABILITY_KEYS) {
      if (!/^(0|1|0?\.\d+|1\.0*)$/.test(value)) return bad(`${name} must be a probability between 0 and 1, got "${value}"`);
      spec[PROBABILITY_KEYS[name as keyof typeof PROBABILITY_KEYS]] = Number(value);
    } else if (name === 'latency') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(value);
      if (!m) return bad(`latency must be milliseconds "N" or a range "MIN-MAX", got "${value}"`);
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : Number(m[2]);
      if (max < min) return bad(`latency range ${value} has max below min`);
      if (max > MAX_LATENCY_MS) return bad(`latency above ${MAX_LATENCY_MS} ms`);
      spec.latencyMs = { min, max };
    } else {
      if (!/^\d{1,15}$/.test(value)) return bad(`seed must be a non-negative integer, got "${value}"`);
      spec.seed = Number(value);
    }
  }
  const total = spec.http5xx + spec.busy + spec.drop + spec.lost;
  if (total > 1 + 1e-9) return bad(`probabilities add up to ${total}, more than 1`);
  return { ok: true, spec };
}

/** mulberry32: small, fast, good enough for test traffic and generated data. Floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = [500, 502, 503] as const;

export class FaultInjector {
  private readonly random: () => number;

  constructor(readonly spec: FaultSpec) {
    this.random = seededRandom(spec.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** The fate of the next request. */
  next(isWrite: boolean): FaultDecision {
    const { min, max } = this.spec.latencyMs;
    const latencyMs = min + Math.floor(this.random() * (max - min + 1));
    const r = this.random();
    const status = STATUSES[Math.floor(this.random() * STATUSES.length)] ?? 500;
    let edge = 0;
    const bands: [FaultKind, number][] = [
      ['5xx', this.spec.http5xx],
      ['busy', this.spec.busy],
      ['drop', this.spec.drop],
      ['lost', this.spec.lost],
    ];
    for (const [kind, p] of bands) {
      edge += p;
      if (r < edge) return { kind: kind === 'lost' && !isWrite ? 'none' : kind, latencyMs, status };
    }
    return { kind: 'none', latencyMs, status };
  }
}
