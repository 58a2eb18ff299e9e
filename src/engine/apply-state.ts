/**
 * The state store (src/state) seen the way apply and the platform clients see it: one target's
 * records as a MutableTargetState, and the store's create journal as ApplyState.
 */
import type { StateStore } from '../state/index.js';
import type { MutableTargetState, TargetState } from '../platforms/types.js';
import type { ApplyState } from './apply.js';

/** One target's records of the store. */
export function targetStateView(store: StateStore, target: string): MutableTargetState {
  return {
    get: (ref) => store.get(target, ref) as ReturnType<TargetState['get']>,
    entries: () => store.entries(target) as ReturnType<TargetState['entries']>,
    getMeta: () => store.getMeta(target) as ReturnType<TargetState['getMeta']>,
    set: (ref, record) => store.set(target, ref, record),
    delete: (ref) => store.delete(target, ref),
    setMeta: (meta) => store.setMeta(target, meta),
  };
}

/** The store's journaling calls, bound (the executor calls them as plain functions), and its target views. */
export function applyStateOf(store: StateStore): ApplyState {
  return {
    target: (name) => targetStateView(store, name),
    beginCreate: (t, ref, info) => store.beginCreate(t, ref, info),
    completeCreate: (t, ref, rec) => store.completeCreate(t, ref, rec),
    abandonCreate: (t, ref) => store.abandonCreate(t, ref),
  };
}
