/**
 * The transport of one target: its concurrency and rate policy, the injected fetch and event
 * hook, and its secret credentials registered for redaction. One place, so no client can forget
 * to redact a secret or to honour the target's limits.
 */
import type { TargetConfig } from '../config/model.js';
import { createTransport, type Transport } from '../http/index.js';
import type { ClientDeps } from './types.js';

/**
 * The target's secret credential values (the fields its platform's spec calls secret that are set;
 * every credential when the target does not say, e.g. one built by hand), for redaction. Tokens
 * obtained at run time are not among them: adapters add those to their transport.
 */
export function targetSecrets(target: TargetConfig): string[] {
  const fields = target.secretCredentials ?? Object.keys(target.credentials);
  return fields.map((f) => target.credentials[f]).filter((s): s is string => Boolean(s));
}

export function createTargetTransport(target: TargetConfig, deps: ClientDeps): Transport {
  return createTransport({
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    concurrency: target.policy.concurrency,
    ratePerSecond: target.policy.ratePerSecond,
    secrets: targetSecrets(target),
    ...(deps.onEvent ? { onEvent: deps.onEvent } : {}),
  });
}
