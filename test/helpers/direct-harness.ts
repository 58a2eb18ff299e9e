/**
 * Test support: calls one simulator's `handle()` directly, without the sandbox server, faults or
 * persistence. The state lives in the harness; `changes` counts `changed()` calls.
 */
import type { SimContext, SimRequest, SimResponse, Simulator } from '../../src/sandbox/types.js';

export interface DirectRequest {
  method?: string;
  /** Path below the account prefix, may include a query string. */
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is JSON.stringify-ed. */
  body?: unknown;
}

export class DirectHarness<S> {
  changes = 0;
  nowMs: number;
  readonly ctx: SimContext<S>;

  constructor(
    readonly simulator: Simulator<S>,
    opts: { seed?: boolean; credentials?: Record<string, string>; options?: Record<string, unknown>; now?: number } = {},
  ) {
    this.nowMs = opts.now ?? Date.UTC(2025, 0, 1);
    this.ctx = {
      state: simulator.initialState(opts.seed ?? false),
      changed: () => {
        this.changes++;
      },
      clock: { now: () => this.nowMs },
      credentials: opts.credentials ?? {},
      options: opts.options ?? {},
      baseUrl: 'http://127.0.0.1:1/account',
    };
  }

  get state(): S {
    return this.ctx.state;
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }

  request(r: DirectRequest): SimRequest {
    const url = new URL(r.path, 'http://sim.invalid');
    const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return {
      method: r.method ?? (r.body === undefined ? 'GET' : 'POST'),
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(r.headers),
      body: new TextEncoder().encode(text),
      text,
    };
  }

  /** The response with a parsed JSON body (string bodies are parsed, objects passed through). */
  async send(r: DirectRequest): Promise<{ status: number; body: any }> {
    const res: SimResponse = await this.simulator.handle(this.request(r), this.ctx);
    const body = typeof res.body === 'string' ? JSON.parse(res.body) : res.body;
    return { status: res.status, body: JSON.parse(JSON.stringify(body)) };
  }
}
