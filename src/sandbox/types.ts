/**
 * Contract between the sandbox framework (server, msw wiring, persistence, faults) and the
 * per-platform simulators in src/sandbox/<platform>/.
 *
 * A simulator is written from the platform documents only; it never imports an adapter from
 * src/platforms/ (and adapters never import simulators), so each checks the other.
 *
 * One simulator instance = one simulated platform account. The framework mounts each account
 * under its own URL prefix (`http://127.0.0.1:<port>/<account>`), which is the `baseUrl` the
 * adapter is given; the simulator sees requests with that prefix already removed (`path`).
 */
import type { PlatformName } from '../catalog/model.js';

export interface SimRequest {
  method: string;
  /** Path below the account prefix, starting with "/", without the query string. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** Raw body bytes exactly as received (signatures are computed over these). */
  body: Uint8Array;
  /** Body decoded as UTF-8. */
  text: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised with JSON.stringify unless it is a string or Uint8Array. */
  body: unknown;
}

export interface SimClock {
  /** Milliseconds since epoch; tests may advance it. */
  now(): number;
}

export interface SimContext<S> {
  /** The account's mutable state. Call `changed()` after mutating it so it is persisted. */
  state: S;
  changed(): void;
  clock: SimClock;
  /** Account credentials the simulator verifies (names as in catalog.config.yaml for the platform). */
  credentials: Record<string, string>;
  /** Simulator options (e.g. wechat-live `auditDelayMs`), from the sandbox spec. */
  options: Record<string, unknown>;
  /** Base URL of this account (for URLs the simulator hands out, e.g. uploaded image URLs). */
  baseUrl: string;
}

export interface Simulator<S> {
  platform: PlatformName;
  /** Fresh state for a new account. `seed` is true for the demo account a new user first plans against. */
  initialState(seed: boolean): S;
  /** Answer one request. Unknown paths: 404 in the platform's error shape. */
  handle(req: SimRequest, ctx: SimContext<S>): Promise<SimResponse> | SimResponse;
  /** The platform's "system busy" reply (used by fault injection). */
  busyResponse(): SimResponse;
  /** True when the request changes state (fault "lost" applies to these only). */
  isWrite(req: SimRequest): boolean;
}
