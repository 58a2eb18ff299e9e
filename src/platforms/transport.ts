/**
 * The transport of one target: its concurrency and rate policy, the injected fetch and event
 * hook, and its secret credentials registered for redaction. One place, so no client can forget
 * to redact a secret or to honour the target's limits.
 */
import { SECRET_FIELDS, type TargetConfig } from '../config/model.js';
import { createTransport, type Transport } from '../http/index.js';
import type { ClientDeps } from './types.js';

export function createTargetTransport(target: TargetConfig, deps: ClientDeps): Transport {
  return createTransport({
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    concurrency: target.policy.concurrency,
    ratePerSecond: target.policy.ratePerSecond,
    secrets: SECRET_FIELDS[target.platform].map((f) => target.credentials[f]).filter((s): s is string => Boolean(s)),
    ...(deps.onEvent ? { onEvent: deps.onEvent } : {}),
  });
}
