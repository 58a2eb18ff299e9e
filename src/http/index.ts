/** Public surface of the HTTP layer: import from here, not from the files. */
export { createTransport, DEFAULT_TIMEOUT_MS, summariseBody } from './transport.js';
export type { Transport, TransportEvent, ClassifyInput, Safety, Verdict, HttpMethod } from './transport.js';
export { TransportError, OutcomeUnknownError, PlatformError, QuotaExhaustedError } from './errors.js';
export type { PlatformHint } from './errors.js';
export { parseResponse, ResponseShapeError } from './parse.js';
