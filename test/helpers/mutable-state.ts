/** A target state in memory that apply can write (MutableTargetState), for client and engine tests. */
import type { Json } from '../../src/plan/types.js';
import type { MutableTargetState } from '../../src/platforms/types.js';

export function mutableMemoryState(): MutableTargetState {
  const records = new Map<string, { id: string; [k: string]: Json }>();
  let meta: { [k: string]: Json } = {};
  return {
    get: (ref) => records.get(ref),
    entries: () => [...records.entries()],
    getMeta: () => meta,
    set: (ref, rec) => void records.set(ref, rec),
    delete: (ref) => void records.delete(ref),
    setMeta: (m) => void (meta = m),
  };
}
