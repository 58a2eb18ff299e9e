/**
 * recordIdentities: write what a refresh observed into the state, under the apply lock.
 * - A create journaled as pending whose object now shows on the platform is adopted (its id is
 *   recorded); one that does not show never happened and its pending record is dropped. This is
 *   what makes a crash or a lost response during a create safe: the object is looked up, not
 *   created again.
 * - Every managed object's id is recorded (the state is a cache of identities).
 * - With `dropGone`, records of platform objects that no longer exist are removed (rebuild).
 */
import { KINDS } from '../catalog/model.js';
import type { StateStore } from '../state/index.js';
import type { TargetPlanInput } from './plan.js';
import { observedIdentities } from './refresh.js';

/** Kinds whose records describe platform objects (others, e.g. Image/<hash>, are caches). */
const OBJECT_KINDS = new Set<string>(KINDS);

export interface IdentityChanges {
  recorded: number;
  adopted: number;
  abandoned: number;
  dropped: number;
  managed: number;
}

export function recordIdentities(store: StateStore, input: TargetPlanInput, opts: { dropGone: boolean }): IdentityChanges {
  const target = input.target.name;
  const ids = observedIdentities(input);
  const changes: IdentityChanges = { recorded: 0, adopted: 0, abandoned: 0, dropped: 0, managed: ids.size };
  for (const p of store.pendingCreates(target)) {
    const id = ids.get(p.ref);
    if (id !== undefined) {
      store.completeCreate(target, p.ref, { ...(store.get(target, p.ref) ?? {}), id });
      changes.adopted += 1;
    } else {
      store.abandonCreate(target, p.ref);
      changes.abandoned += 1;
    }
  }
  for (const [ref, id] of ids) {
    const rec = store.get(target, ref);
    if (rec?.id !== id) {
      store.set(target, ref, { ...(rec ?? {}), id });
      changes.recorded += 1;
    }
  }
  if (opts.dropGone) {
    const liveIds = new Set(input.live.objects.map((o) => o.id));
    for (const [ref, rec] of store.entries(target)) {
      if (OBJECT_KINDS.has(ref.slice(0, ref.indexOf('/'))) && !ids.has(ref) && !liveIds.has(rec.id)) {
        store.delete(target, ref);
        changes.dropped += 1;
      }
    }
  }
  return changes;
}
