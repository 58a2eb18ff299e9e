/**
 * Runtime failures the user can act on (platform errors, network, unexpected response shapes, a
 * corrupt state file) are printed as one clear message; anything else is a bug and keeps its stack.
 */
import { OutcomeUnknownError, PlatformError, ResponseShapeError, TransportError } from '../http/index.js';
import { StateBackendError, StateCorruptError } from '../state/index.js';

/** The plan-time platform checks found catalog references the platform does not hold (printed as diagnostics before). */
export class CatalogReferenceError extends Error {
  override readonly name = 'CatalogReferenceError';
  constructor(readonly count: number) {
    super(`${count} reference${count === 1 ? '' : 's'} in the catalog ${count === 1 ? 'is' : 'are'} not on the platform (see above); nothing was planned or written`);
  }
}

export function isUserFacing(e: unknown): e is Error {
  return (
    e instanceof CatalogReferenceError ||
    e instanceof PlatformError ||
    e instanceof TransportError ||
    e instanceof OutcomeUnknownError ||
    e instanceof ResponseShapeError ||
    e instanceof StateCorruptError ||
    e instanceof StateBackendError
  );
}

export function describeFailure(e: Error): string {
  if (e instanceof TransportError) return `${e.message}; check the network and the target's baseUrl, then run again`;
  if (e instanceof ResponseShapeError) return `${e.message}; the platform answered in a shape this version does not know (report it with the endpoint name)`;
  if (e instanceof PlatformError && e.catalogAt !== undefined) return `${e.message} (${e.catalogField} at ${e.catalogAt})`;
  return e.message;
}

/** Keys listed per failure group; the rest are counted. */
export const GROUP_KEYS_SHOWN = 5;

interface FailureLike {
  action: { target: string; kind: string; key: string; label: string };
  error: Error;
  call?: string;
}

/**
 * Failures grouped by (target, call, platform code, message): one paragraph per group with the
 * count, the first few keys and the error's own hint, so 2,000 identical refusals read as one error.
 * Other errors group by their message. Skipped-because-stopped actions are summarised per target.
 */
export function formatFailureGroups(result: { failures: FailureLike[]; skipped: Array<{ action: { target: string }; because: string; notAttempted?: boolean }> }): string {
  const groups = new Map<string, { first: FailureLike; keys: string[] }>();
  for (const f of result.failures) {
    const e = f.error;
    const what = e instanceof PlatformError ? `${String(e.code)}\u0000${e.platformMessage}\u0000${e.hint ?? ''}` : describeFailure(e);
    const id = `${f.action.target}\u0000${f.call ?? f.action.label}\u0000${what}`;
    // Each object names where the catalog field the refusal is about is written (catalog-field.ts).
    const at = e instanceof PlatformError && e.catalogAt !== undefined ? ` (${e.catalogField} at ${e.catalogAt})` : '';
    const g = groups.get(id);
    if (g) g.keys.push(`${f.action.kind} ${f.action.key}${at}`);
    else groups.set(id, { first: f, keys: [`${f.action.kind} ${f.action.key}${at}`] });
  }
  const out = ['Failures:'];
  for (const { first, keys } of groups.values()) {
    const e = first.error;
    const call = first.call ?? first.action.label;
    const shown = keys.slice(0, GROUP_KEYS_SHOWN).join(', ') + (keys.length > GROUP_KEYS_SHOWN ? `, and ${keys.length - GROUP_KEYS_SHOWN} more` : '');
    if (e instanceof PlatformError) {
      out.push(`  - ${first.action.target}: ${call} refused ${keys.length} time${keys.length === 1 ? '' : 's'} with code ${e.code} ${JSON.stringify(e.platformMessage)}${e.hint ? `: ${e.hint}` : ''}`);
    } else if (keys.length === 1) {
      out.push(`  - ${first.action.target}: ${first.action.kind} ${first.action.key} (${first.action.label}): ${describeFailure(e)}`);
      continue;
    } else {
      out.push(`  - ${first.action.target}: ${call} failed ${keys.length} times: ${describeFailure(e)}`);
    }
    out.push(`      ${shown}`);
  }
  const stopped = new Map<string, { because: string; count: number }>();
  for (const s of result.skipped) {
    if (!s.notAttempted) continue;
    const cur = stopped.get(s.action.target);
    if (cur) cur.count += 1;
    else stopped.set(s.action.target, { because: s.because, count: 1 });
  }
  for (const [target, s] of stopped) out.push(`  - ${target}: ${s.because}: ${s.count} action${s.count === 1 ? '' : 's'} skipped (fix the cause and run \`catalog apply\` again)`);
  return `${out.join('\n')}\n`;
}
