/**
 * The sandbox core: a set of simulated accounts answering fetch-style requests. The node server
 * (server.ts) and the msw handlers (msw.ts) are two thin ways of feeding it requests.
 *
 * Routing: `/<account>/<rest>` goes to that account's simulator with `path = /<rest>`;
 * `GET /` lists the accounts (names, platforms, URLs; never credentials).
 * Faults (faults.ts) apply to account requests only. Dropped connections are `Response.error()`:
 * fetch callers (msw) see a network error; the node server destroys the socket.
 */
import { AccountHost, ACCOUNT_NAME_PATTERN, accountStateFile, DEFAULT_SAVE_DEBOUNCE_MS, type SandboxAccount } from './accounts.js';
import { FaultInjector, parseFaults, type FaultSpec } from './faults.js';
import { SIMULATORS } from './registry.js';
import type { SimClock, SimRequest, SimResponse, Simulator } from './types.js';
import type { PlatformName } from '../catalog/model.js';

export interface SandboxOptions {
  accounts: SandboxAccount[];
  stateDir: string;
  /** Fault spec text (see faults.ts) or a parsed spec. A bad spec throws (validate with parseFaults first). */
  faults?: string | FaultSpec;
  /** New accounts start from the demo data (default true); false: empty accounts. */
  seed?: boolean;
  /** Simulator clock (default: wall clock). Tests pass a ManualClock. */
  clock?: SimClock;
  /** Simulators by platform (default: SIMULATORS). */
  simulators?: Partial<Record<PlatformName, Simulator<any>>>;
  /** Debounce of state writes (default 200 ms). */
  saveDebounceMs?: number;
}

/** A clock tests can move. */
export class ManualClock implements SimClock {
  constructor(private ms: number = Date.UTC(2025, 0, 1)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}

const WALL_CLOCK: SimClock = { now: () => Date.now() };

export class Sandbox {
  readonly clock: SimClock;
  private readonly hosts = new Map<string, AccountHost<any>>();
  private readonly faults: FaultInjector | undefined;

  private constructor(opts: SandboxOptions, faults: FaultSpec | undefined) {
    this.clock = opts.clock ?? WALL_CLOCK;
    this.faults = faults ? new FaultInjector(faults) : undefined;
    this.handleSandboxRequest = this.handleSandboxRequest.bind(this);
    const simulators = opts.simulators ?? SIMULATORS;
    for (const account of opts.accounts) {
      if (!ACCOUNT_NAME_PATTERN.test(account.name)) throw new Error(`sandbox account name "${account.name}" must match ${ACCOUNT_NAME_PATTERN}`);
      if (this.hosts.has(account.name)) throw new Error(`sandbox account "${account.name}" given twice`);
      const simulator = simulators[account.platform];
      if (!simulator) throw new Error(`no sandbox simulator for platform "${account.platform}" (account "${account.name}")`);
      const file = accountStateFile(opts.stateDir, account.name);
      this.hosts.set(account.name, new AccountHost(account, simulator, file, opts.saveDebounceMs ?? DEFAULT_SAVE_DEBOUNCE_MS));
    }
  }

  /** Creates the sandbox and loads (or seeds) every account's state. */
  static async create(opts: SandboxOptions): Promise<Sandbox> {
    let faults: FaultSpec | undefined;
    if (typeof opts.faults === 'string') {
      const parsed = parseFaults(opts.faults);
      if (!parsed.ok) throw new Error(parsed.message);
      faults = parsed.spec;
    } else {
      faults = opts.faults;
    }
    const sandbox = new Sandbox(opts, faults);
    await Promise.all([...sandbox.hosts.values()].map((h) => h.load(opts.seed ?? true)));
    return sandbox;
  }

  accountNames(): string[] {
    return [...this.hosts.keys()];
  }

  /** The live state of an account (tests inspect it). */
  stateOf<S = unknown>(account: string): S {
    const host = this.hosts.get(account);
    if (!host) throw new Error(`unknown sandbox account "${account}"`);
    return host.state as S;
  }

  /** Answers one request addressed to `<origin>/<account>/<path>` (bound: may be passed as a callback). */
  async handleSandboxRequest(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const slash = url.pathname.indexOf('/', 1);
    const accountName = decodeURIComponent(slash < 0 ? url.pathname.slice(1) : url.pathname.slice(1, slash));
    if (accountName === '' && request.method === 'GET') return this.index(url.origin);
    const host = this.hosts.get(accountName);
    if (!host) return json(404, { error: `no sandbox account "${accountName}"`, accounts: this.accountNames() });

    const body = new Uint8Array(await request.arrayBuffer());
    const simRequest: SimRequest = {
      method: request.method.toUpperCase(),
      path: slash < 0 ? '/' : url.pathname.slice(slash),
      query: url.searchParams,
      headers: request.headers,
      body,
      text: new TextDecoder().decode(body),
    };
    const decision = this.faults?.next(host.simulator.isWrite(simRequest));
    if (decision && decision.latencyMs > 0) await sleep(decision.latencyMs);
    switch (decision?.kind) {
      case 'drop':
        return Response.error();
      case '5xx':
        return json(decision.status, { error: 'sandbox fault: injected server error' });
      case 'busy':
        return toResponse(host.simulator.busyResponse());
      case 'lost':
        await this.process(host, simRequest, `${url.origin}/${accountName}`);
        return Response.error();
      default:
        return toResponse(await this.process(host, simRequest, `${url.origin}/${accountName}`));
    }
  }

  private process(host: AccountHost<any>, req: SimRequest, baseUrl: string): Promise<SimResponse> {
    return host.exclusive(async () =>
      host.simulator.handle(req, {
        state: host.state,
        changed: () => host.changed(),
        clock: this.clock,
        credentials: host.account.credentials,
        options: host.account.options ?? {},
        baseUrl,
      }),
    );
  }

  private index(origin: string): Response {
    return json(200, {
      accounts: [...this.hosts.values()].map((h) => ({
        name: h.account.name,
        platform: h.account.platform,
        baseUrl: `${origin}/${h.account.name}`,
      })),
    });
  }

  /** Writes every changed account now. */
  async flush(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((h) => h.flush()));
  }

  /** Flushes; the sandbox answers no more requests after the caller stops sending them. */
  async close(): Promise<void> {
    await this.flush();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/** SimResponse -> fetch Response (strings as text, bytes as-is, anything else as JSON). */
function toResponse(sim: SimResponse): Response {
  const headers = new Headers(sim.headers);
  let body: string | Uint8Array;
  if (typeof sim.body === 'string') {
    body = sim.body;
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
  } else if (sim.body instanceof Uint8Array) {
    body = sim.body;
    if (!headers.has('content-type')) headers.set('content-type', 'application/octet-stream');
  } else {
    body = JSON.stringify(sim.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8');
  }
  return new Response(body, { status: sim.status, headers });
}

/** Convenience: `Sandbox.create(opts)`. */
export function createSandbox(opts: SandboxOptions): Promise<Sandbox> {
  return Sandbox.create(opts);
}
