/**
 * The apply workflow: from "apply this saved plan" (or "plan and apply") to a recorded outcome.
 * `catalog apply` parses its arguments, wires progress output to the hooks and prints the outcome;
 * everything it decides lives here.
 *
 * Contracts (in order):
 * - Progress of a saved plan (src/engine/progress.ts) is opened first: a saved plan run before
 *   continues (what it did is skipped, the objects only it changed are not stale); any other plan's
 *   leftover progress is dropped.
 * - A saved plan is refused as stale (nothing written) when the catalog or an object it touches
 *   changed since it was made (staleReasons). Without a saved plan the targets are planned now.
 * - A plan a guard blocks (`protect`, or mass-delete without `allowMassDelete`) is refused.
 * - What the apply-time read observed is recorded before any write: pending creates whose object
 *   now shows are adopted, identities are cached (src/engine/identities.ts).
 * - Nothing to do, or the confirmation declined: no write.
 * - The plan is executed (src/engine/apply.ts). Unknown outcomes are settled in at most
 *   MAX_SETTLE_ROUNDS more rounds (src/engine/settle.ts): the targets concerned are read and
 *   planned again, and only the approved work left unfinished runs. A read that fails there ends
 *   the settling (what was done is recorded; the next run reads again).
 * - A saved plan that finished leaves no progress; one with failures reads the objects it changed
 *   back so that running it again continues it. The state is checkpointed at the end.
 * Reads go through `deps.refresh` / `deps.plan` (the caller's reference checks and read progress);
 * output goes through hooks only.
 */
import type { TargetConfig } from '../config/model.js';
import { hasChanges, type GuardViolation, type Plan } from '../plan/types.js';
import type { StateStore } from '../state/index.js';
import { applyPlan, type ApplyHooks, type ApplyResult, type ApplyTarget } from './apply.js';
import { applyStateOf } from './apply-state.js';
import { recordIdentities } from './identities.js';
import { refOf, type TargetPlanInput } from './plan.js';
import { clearProgress, openProgress, recordTouched, type SavedProgress } from './progress.js';
import { observedIdentities, staleReasons, type RefreshTarget } from './refresh.js';
import { MAX_SETTLE_ROUNDS, mergeRounds, restrictToUnsettled, unsettledWork } from './settle.js';

export interface ApplyWorkflowDeps {
  /** The catalog's digest (stale check) and root folder (image paths). */
  catalog: { digest: string; root: string };
  targets: RefreshTarget[];
  store: StateStore;
  /**
   * Reads these targets. `resolveReferences` (the stale check of a saved plan): references written
   * by name are resolved as `plan` resolved them, unchecked.
   */
  refresh(targets: RefreshTarget[], opts: { resolveReferences: boolean }): Promise<TargetPlanInput[]>;
  /** Reads and plans these targets (reference checks included). */
  plan(targets: RefreshTarget[]): Promise<{ plan: Plan; inputs: TargetPlanInput[] }>;
  /**
   * True for a failure of a read after writes that the user can act on (platform, network): the
   * settling or read-back stops and says so. Anything else is a bug and is rethrown.
   */
  isReportable(e: unknown): e is Error;
  hooks?: ApplyWorkflowHooks;
}

export interface ApplyWorkflowOptions {
  /** The saved plan to execute exactly; without it the targets are planned now. */
  saved?: Plan;
  /** Allow a plan the mass-delete guard blocks. */
  allowMassDelete?: boolean;
  /** Overrides every target's `policy.stopAfterFailures`. */
  stopAfterFailures?: number;
  /** Asked before a plan made now is applied (a saved plan was reviewed already); false cancels. */
  confirm?(plan: Plan): Promise<boolean>;
}

export interface ApplyWorkflowHooks {
  /** A plan was made now (not a saved plan), before the guards and the confirmation. */
  onPlanned?(plan: Plan): void;
  /** A saved plan continues: `actions` done by an earlier run are skipped. */
  onResumed?(actions: number): void;
  /** An apply round starts (the first runs the plan, later ones settle unknown outcomes). */
  onRoundStart?(plan: Plan): void;
  /** The round ended (awaited before anything else is reported). */
  onRoundEnd?(): Promise<void> | void;
  /** Per action of every round. */
  apply?: ApplyHooks;
  /** Unknown outcomes: these targets are read again to settle `objects` objects. */
  onSettling?(targets: string[], objects: number): void;
  /** The read to settle unknown outcomes failed; the outcome so far is reported. */
  onSettleReadFailed?(error: Error): void;
  /** The read-back of a failed saved plan's changed objects failed; running it again finds them stale. */
  onReadBackFailed?(error: Error): void;
}

export type ApplyOutcome =
  /** The saved plan is stale: nothing written. */
  | { kind: 'stale'; reasons: string[] }
  /** Guards refused the plan: nothing written. */
  | { kind: 'guarded'; violations: GuardViolation[] }
  /** The plan has no changes. */
  | { kind: 'no-changes' }
  /** The confirmation was declined. */
  | { kind: 'cancelled' }
  | { kind: 'applied'; result: ApplyResult };

export async function runApplyWorkflow(deps: ApplyWorkflowDeps, opts: ApplyWorkflowOptions = {}): Promise<ApplyOutcome> {
  const { store, hooks = {} } = deps;
  const { saved } = opts;
  const progress = openProgress(store, deps.targets.map((t) => t.target.name), saved);
  let plan: Plan;
  let fresh: TargetPlanInput[];
  if (saved) {
    fresh = await deps.refresh(deps.targets, { resolveReferences: true });
    const reasons = staleReasons(saved, deps.catalog.digest, fresh, progress?.touched);
    if (reasons.length > 0) return { kind: 'stale', reasons };
    plan = saved;
  } else {
    ({ plan, inputs: fresh } = await deps.plan(deps.targets));
    hooks.onPlanned?.(plan);
  }

  const violations = blockingGuards(plan, opts.allowMassDelete ?? false);
  if (violations.length > 0) return { kind: 'guarded', violations };

  for (const input of fresh) recordIdentities(store, input, { dropGone: false });
  if (progress && progress.resumed > 0) hooks.onResumed?.(progress.resumed);
  if (!hasChanges(plan)) {
    await store.checkpoint();
    return { kind: 'no-changes' };
  }
  if (!saved && opts.confirm && !(await opts.confirm(plan))) return { kind: 'cancelled' };

  const targets = new Map<string, ApplyTarget>(
    deps.targets.map((t, i) => [t.target.name, { config: withStopOverride(t.target, opts.stopAfterFailures), client: t.client, liveIds: observedIdentities(fresh[i]!) }]),
  );
  const applyRound = async (p: Plan): Promise<ApplyResult> => {
    hooks.onRoundStart?.(p);
    try {
      return await applyPlan(p, {
        targets,
        state: applyStateOf(store),
        catalogRoot: deps.catalog.root,
        ...(hooks.apply ? { hooks: hooks.apply } : {}),
        ...(p === plan && progress ? { progress } : {}),
      });
    } finally {
      await hooks.onRoundEnd?.();
    }
  };
  const rounds = [await applyRound(plan)];
  for (let round = 0, unsettled = unsettledWork(plan, rounds[0]!); unsettled && round < MAX_SETTLE_ROUNDS; round++) {
    const { targets: names, objects } = unsettled;
    await store.checkpoint();
    hooks.onSettling?.(names, objects.size);
    const reread = deps.targets.filter((t) => names.includes(t.target.name));
    let again;
    try {
      again = await deps.plan(reread);
    } catch (e) {
      // What was done is recorded; the next run reads again. Report this run's outcome, not the read.
      if (!deps.isReportable(e)) throw e;
      hooks.onSettleReadFailed?.(e);
      break;
    }
    for (const [i, input] of again.inputs.entries()) {
      recordIdentities(store, input, { dropGone: false });
      targets.get(reread[i]!.target.name)!.liveIds = observedIdentities(input);
    }
    const rest = restrictToUnsettled(again.plan, unsettled);
    if (!hasChanges(rest)) break;
    const next = await applyRound(rest);
    rounds.push(next);
    // An object settled in a later round is done for the saved plan too.
    for (const a of rest.targets.flatMap((t) => t.actions)) if (next.status.get(a.id) === 'done') progress?.objectDone(a.target, refOf(a.kind, a.key));
    unsettled = unsettledWork(rest, next);
  }
  const result = mergeRounds(rounds);
  if (progress) await settleProgress(deps, progress, result.failures.length > 0);
  await store.checkpoint();
  return { kind: 'applied', result };
}

/** The guard violations that stop an apply: `protect` always, mass-delete unless allowed. */
export function blockingGuards(plan: Plan, allowMassDelete: boolean): GuardViolation[] {
  return plan.guards.filter((gv) => gv.guard === 'protected' || (gv.guard === 'mass-delete' && !allowMassDelete));
}

/**
 * A saved plan that finished leaves no progress. One with failures remembers how its own calls left
 * each object it changed (one more read of those targets), so that running it again continues it.
 */
async function settleProgress(deps: ApplyWorkflowDeps, progress: SavedProgress, failed: boolean): Promise<void> {
  const names = deps.targets.map((t) => t.target.name);
  if (!failed) return clearProgress(deps.store, names);
  const changed = progress.changedRefs();
  const reread = deps.targets.filter((t) => (changed.get(t.target.name)?.size ?? 0) > 0);
  if (reread.length === 0) return;
  try {
    recordTouched(deps.store, progress, await deps.refresh(reread, { resolveReferences: false }));
  } catch (e) {
    // Without them the next run of this plan finds those objects stale (exit 4): safe, never a repeat.
    if (!deps.isReportable(e)) throw e;
    deps.hooks?.onReadBackFailed?.(e);
  }
}

/** `stopAfterFailures` given for the run applies to every target. */
function withStopOverride(target: TargetConfig, stopAfterFailures: number | undefined): TargetConfig {
  return stopAfterFailures === undefined ? target : { ...target, policy: { ...target.policy, stopAfterFailures } };
}
