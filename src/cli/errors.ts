/**
 * Runtime failures the user can act on (platform errors, network, unexpected response shapes, a
 * corrupt state file) are printed as one clear message; anything else is a bug and keeps its stack.
 */
import { OutcomeUnknownError, PlatformError, ResponseShapeError, TransportError } from '../http/index.js';
import { StateCorruptError } from '../state/index.js';

export function isUserFacing(e: unknown): e is Error {
  return (
    e instanceof PlatformError ||
    e instanceof TransportError ||
    e instanceof OutcomeUnknownError ||
    e instanceof ResponseShapeError ||
    e instanceof StateCorruptError
  );
}

export function describeFailure(e: Error): string {
  if (e instanceof TransportError) return `${e.message}; check the network and the target's baseUrl, then run again`;
  if (e instanceof ResponseShapeError) return `${e.message}; the platform answered in a shape this version does not know (report it with the endpoint name)`;
  if (e instanceof PlatformError && e.catalogAt !== undefined) return `${e.message} (${e.catalogField} at ${e.catalogAt})`;
  return e.message;
}
