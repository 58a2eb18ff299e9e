/**
 * Progress of a saved plan across runs: `catalog apply plan.json` that ended with failures (exit 3)
 * can be run again and continues that reviewed plan (docs/commands.md, `catalog apply`: "Running a saved plan again continues it").
 *
 * Kept in the state itself, so it flows through every state backend, as two kinds of records in
 * each target (not platform objects; `state rebuild` keeps them, `state list` shows them):
 *
 *   AppliedCall/<action id>@<call index>  { id: <plan id> }          a call this plan made
 *   AppliedObject/<Kind>/<key>             { id: <plan id>, digest }  the object as the plan's own
 *                                          calls left it (read after the run; "absent" once deleted)
 *
 * The plan id is a digest of the plan file's content. A run of another plan (or a plain `apply`)
 * clears them, and so does a run that finishes the plan. A call is recorded right after it
 * succeeded (journaled like any state change); a run killed between a call and its record makes
 * the next run see that object as changed (stale, exit 4): never a call made twice.
 */
import { createHash } from 'node:crypto';
import type { Plan, PlannedAction } from '../plan/types.js';
import type { StateStore } from '../state/index.js';
import type { PlanProgress } from './apply.js';
import { liveDigest, ownedLive, refOf, type TargetPlanInput } from './plan.js';

const CALL = 'AppliedCall/';
const OBJECT = 'AppliedObject/';
export const ABSENT = 'absent';

function planIdOf(plan: Plan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 24);
}

/** What earlier runs of one plan did, per target. */
export interface SavedProgress extends PlanProgress {
  planId: string;
  /** Per target: object ref -> its digest after this plan's own calls (or ABSENT). */
  touched: Map<string, Map<string, string>>;
  /** Actions every call of which an earlier run made. */
  resumed: number;
  /** Records that every call of the plan's actions on this object is done (settled in a later round). */
  objectDone(target: string, ref: string): void;
  /** Refs (per target) some call of this plan changed, in this run or an earlier one. */
  changedRefs(): Map<string, Set<string>>;
}

/**
 * Loads the progress of `plan` (planId) and drops every other plan's progress in the given targets.
 * Pass no plan for a plain `apply` (it clears all).
 */
export function openProgress(store: StateStore, targets: string[], plan?: Plan): SavedProgress | undefined {
  const planId = plan ? planIdOf(plan) : undefined;
  const doneCalls = new Set<string>();
  const touched = new Map<string, Map<string, string>>();
  for (const target of targets) {
    for (const [ref, rec] of store.entries(target)) {
      if (!ref.startsWith(CALL) && !ref.startsWith(OBJECT)) continue;
      if (rec.id !== planId) store.delete(target, ref);
      else if (ref.startsWith(CALL)) doneCalls.add(ref.slice(CALL.length));
      else if (typeof rec.digest === 'string') {
        const m = touched.get(target) ?? new Map<string, string>();
        m.set(ref.slice(OBJECT.length), rec.digest);
        touched.set(target, m);
      }
    }
  }
  if (!plan || planId === undefined) return undefined;

  const actions = plan.targets.flatMap((t) => t.actions);
  const callKey = (actionId: string, i: number) => `${actionId}@${i}`;
  const isDone = (a: PlannedAction) => a.calls.length > 0 && a.calls.every((_, i) => doneCalls.has(callKey(a.id, i)));
  const doneActions = new Set(actions.filter(isDone).map((a) => a.id));
  const changed = new Map<string, Set<string>>();
  const markChanged = (target: string, ref: string) => changed.set(target, (changed.get(target) ?? new Set()).add(ref));
  for (const a of actions) if (a.calls.some((_, i) => doneCalls.has(callKey(a.id, i)))) markChanged(a.target, refOf(a.kind, a.key));
  const record = (a: PlannedAction, i: number) => {
    doneCalls.add(callKey(a.id, i));
    store.set(a.target, `${CALL}${callKey(a.id, i)}`, { id: planId });
    markChanged(a.target, refOf(a.kind, a.key));
  };
  return {
    planId,
    touched,
    resumed: doneActions.size,
    doneActions,
    callDone: (actionId, i) => doneCalls.has(callKey(actionId, i)),
    recordCall: record,
    objectDone(target, ref) {
      for (const a of actions) {
        if (a.target !== target || refOf(a.kind, a.key) !== ref) continue;
        a.calls.forEach((_, i) => doneCalls.has(callKey(a.id, i)) || record(a, i));
      }
    },
    changedRefs: () => changed,
  };
}

/** After a run with failures: remember how this plan's own calls left each object it changed. */
export function recordTouched(store: StateStore, progress: SavedProgress, fresh: TargetPlanInput[]): void {
  for (const input of fresh) {
    const target = input.target.name;
    const managed = ownedLive(input).managed;
    for (const ref of progress.changedRefs().get(target) ?? []) {
      const o = managed.get(ref);
      store.set(target, `${OBJECT}${ref}`, { id: progress.planId, digest: o ? liveDigest(o) : ABSENT });
    }
  }
}

/** The plan is finished: its progress records go. */
export function clearProgress(store: StateStore, targets: string[]): void {
  openProgress(store, targets);
}
