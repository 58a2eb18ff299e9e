/** Public surface of the HTTP layer: import from here, not from the files. */
export {
  createTransport,
  backoffDelay,
  parseRetryAfter,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
  summariseBody,
} from './transport.js';
export type {
  Transport,
  TransportOptions,
  TransportEvent,
  OutgoingRequest,
  IncomingResponse,
  BuiltRequest,
  ClassifyInput,
  RetryOptions,
  Safety,
  Verdict,
  HttpMethod,
} from './transport.js';
export { TransportError, OutcomeUnknownError, PlatformError, QuotaExhaustedError, describeObject } from './errors.js';
export type { PlatformErrorFields, PlatformHint } from './errors.js';
export { redact, SECRET_PARAM_NAMES, REDACTED } from './redact.js';
export { parseResponse, ResponseShapeError } from './parse.js';
export type { ShapeIssue } from './parse.js';
