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
  return e.message;
}
