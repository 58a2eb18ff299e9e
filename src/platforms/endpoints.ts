/**
 * One shape for every platform's calls. Each adapter declares the calls it makes once, as an endpoint
 * table in its wire.ts (`ENDPOINTS`: call name -> method, documented path, retry safety), and its
 * client sends through `endpointOf`, which applies the target's `paths:` overrides (catalog.config.yaml).
 *
 * Retry safety is the transport's `Safety` (src/http/transport.ts): `read` (changes nothing; retried
 * on every retryable failure), `idempotent` (a write whose repetition leaves the same result; retried
 * like a read, fewer times), `unsafe` (a non-idempotent write: a create, a stock delta, an audit
 * submission; retried only when the request provably was not processed).
 */
import type { Safety } from '../http/index.js';
import type { TargetConfig } from '../config/model.js';

export interface Endpoint {
  method: 'GET' | 'POST';
  /** Relative to the target's baseUrl, with a leading "/". */
  path: string;
  safety: Safety;
  /** The platform's documents do not show this call: its path is our assumption (override it with `paths:`). */
  assumed?: true;
}

export type EndpointTable = { readonly [call: string]: Endpoint };

/** A call of `table` as this target makes it: its `paths:` override (a leading "/" added) replaces the documented path. */
export function endpointOf(table: EndpointTable, call: string, target: Pick<TargetConfig, 'paths'>): Endpoint {
  const e = table[call];
  if (!e) throw new Error(`bug: unknown call ${call}`);
  const override = target.paths[call];
  return !override ? e : { ...e, path: override.startsWith('/') ? override : `/${override}` };
}
