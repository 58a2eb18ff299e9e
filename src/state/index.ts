/**
 * Public surface of the state folder: snapshot + journal (store.ts), lock (lock.ts).
 * Records hold ids and platform facts only, never secrets. Import from here, not from the files.
 */
export {
  openState,
  StateCorruptError,
  SecretInStateError,
  STATE_FILE,
  JOURNAL_FILE,
  STATE_FORMAT_VERSION,
} from './store.js';
export type {
  StateStore,
  StateRecord,
  PendingCreate,
  StateWarning,
  OpenStateOptions,
  JsonValue,
  JsonObject,
} from './store.js';
export { acquireLock, forceUnlock, readLock, isStale, LOCK_FILE } from './lock.js';
export type { Lock, LockOwner, LockRefusal, LockResult } from './lock.js';
export { nodeStateFs } from './fs.js';
export type { StateFs, StateFile } from './fs.js';
export { createBackend, redact, redactUrl, StateBackendError } from './backend.js';
export type { StateBackend, BackendContext } from './backend.js';
