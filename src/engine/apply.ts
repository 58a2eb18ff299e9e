/**
 * applyPlan: executes a reviewed plan exactly (it never re-derives work). The only I/O step.
 *
 * Contracts:
 * - Within a target, phases run in order (PHASES); actions of one phase run concurrently up to the
 *   target's `concurrency`. Targets run in parallel. An action whose dependency failed is skipped.
 * - Every create call is journaled as pending (durably) before it is made. A definite failure
 *   abandons the pending record; an unknown outcome leaves it, and the next run adopts the object by
 *   its identity instead of creating it again. Deletes remove the state record; create results add it.
 * - Re-running a saved plan (`progress`): actions an earlier run finished are not run (their
 *   dependents may run), and calls an earlier run made are not made again.
 * - Progress is reported through hooks; this module never touches the terminal.
 */
import { eachConcurrently } from '../platforms/concurrency.js';
import type { TargetConfig } from '../config/model.js';
import { OutcomeUnknownError } from '../http/index.js';
import type { Json, Plan, PlannedAction, PlannedCall } from '../plan/types.js';
import { PHASES, refOfPlaceholder } from '../plan/types.js';
import type { CallResult, InvokeContext, MutableTargetState, PlatformClient } from '../platforms/types.js';
import { refOf } from './plan.js';

/** The slice of the state store (src/state) apply needs. */
export interface ApplyState {
  target(name: string): MutableTargetState;
  beginCreate(target: string, ref: string, info: { [k: string]: Json }): Promise<void>;
  completeCreate(target: string, ref: string, record: { id: string; [k: string]: Json }): void;
  abandonCreate(target: string, ref: string): void;
}

export interface ApplyHooks {
  onActionStart?(a: PlannedAction): void;
  onActionDone?(a: PlannedAction): void;
  onActionFailed?(a: PlannedAction, error: Error): void;
  onActionSkipped?(a: PlannedAction, because: string): void;
}

export interface ApplyTarget {
  config: TargetConfig;
  client: PlatformClient;
  /** Identities observed by the apply-time refresh ("<Kind>/<key>" -> id). */
  liveIds: Map<string, string>;
}

/** What earlier runs of the same saved plan did (src/engine/progress.ts): their calls are not made again. */
export interface PlanProgress {
  /** Actions an earlier run finished: not run, and their dependents may run. */
  doneActions: ReadonlySet<string>;
  /** True when an earlier run made call `i` of the action. */
  callDone(actionId: string, i: number): boolean;
  /** Records that this run made call `i` of the action. */
  recordCall(a: PlannedAction, i: number): void;
}

export interface ApplyDeps {
  targets: Map<string, ApplyTarget>;
  state: ApplyState;
  catalogRoot: string;
  hooks?: ApplyHooks;
  progress?: PlanProgress;
}

export type ActionStatus = 'done' | 'failed' | 'skipped';

export interface ApplyResult {
  status: Map<string, ActionStatus>;
  failures: Array<{ action: PlannedAction; error: Error }>;
  skipped: Array<{ action: PlannedAction; because: string }>;
  done: number;
}

export async function applyPlan(plan: Plan, deps: ApplyDeps): Promise<ApplyResult> {
  const result: ApplyResult = { status: new Map(), failures: [], skipped: [], done: 0 };
  await Promise.all(
    plan.targets.map(async (tp) => {
      const t = deps.targets.get(tp.target);
      if (!t) throw new Error(`bug: no client for target ${tp.target}`);
      for (const phase of PHASES) {
        const batch = tp.actions.filter((a) => a.phase === phase && !deps.progress?.doneActions.has(a.id));
        if (batch.length > 0) await eachConcurrently(batch, actionSlots(t.config.policy.concurrency), (a) => runAction(a, t, deps, result));
      }
    }),
  );
  return result;
}

async function runAction(a: PlannedAction, t: ApplyTarget, deps: ApplyDeps, result: ApplyResult): Promise<void> {
  const blocked = a.dependsOn.find((d) => result.status.get(d) !== 'done' && !deps.progress?.doneActions.has(d));
  if (blocked !== undefined) {
    const because = `depends on ${blocked}, which did not succeed`;
    result.status.set(a.id, 'skipped');
    result.skipped.push({ action: a, because });
    deps.hooks?.onActionSkipped?.(a, because);
    return;
  }
  deps.hooks?.onActionStart?.(a);
  const state = deps.state.target(a.target);
  const ref = refOf(a.kind, a.key);
  const ctx: InvokeContext = {
    target: t.config,
    state,
    catalogRoot: deps.catalogRoot,
    resolveRef: (r) => state.get(r)?.id ?? t.liveIds.get(r),
  };
  try {
    for (const [i, call] of a.calls.entries()) {
      if (deps.progress?.callDone(a.id, i)) continue; // made by an earlier run of this plan
      await runCall(call, a, ref, t, ctx, deps.state);
      deps.progress?.recordCall(a, i);
    }
    result.status.set(a.id, 'done');
    result.done += 1;
    deps.hooks?.onActionDone?.(a);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    result.status.set(a.id, 'failed');
    result.failures.push({ action: a, error });
    deps.hooks?.onActionFailed?.(a, error);
  }
}

async function runCall(
  call: PlannedCall,
  a: PlannedAction,
  ref: string,
  t: ApplyTarget,
  ctx: InvokeContext,
  store: ApplyState,
): Promise<void> {
  const resolved: PlannedCall = { ...call, args: resolveRefs(call.args, ctx) };
  if (call.effect === 'create') {
    await store.beginCreate(a.target, ref, { action: a.id, op: call.op });
    let res: CallResult;
    try {
      res = await t.client.invoke(resolved, a, ctx);
    } catch (e) {
      // Unknown outcome: keep the pending record; the next run adopts the object by identity.
      if (!(e instanceof OutcomeUnknownError)) store.abandonCreate(a.target, ref);
      throw e;
    }
    if (res.id === undefined) throw new Error(`bug: ${call.op} returned no id for ${ref}`);
    store.completeCreate(a.target, ref, { id: res.id, ...(res.record ?? {}) });
    t.liveIds.set(ref, res.id);
    return;
  }
  const res = await t.client.invoke(resolved, a, ctx);
  if (call.effect === 'delete') {
    ctx.state.delete(ref);
    t.liveIds.delete(ref);
  } else if (res.id !== undefined || res.record) {
    const prev = ctx.state.get(ref);
    const id = res.id ?? prev?.id ?? t.liveIds.get(ref);
    if (id !== undefined) ctx.state.set(ref, { ...(prev ?? {}), id, ...(res.record ?? {}) });
  }
}

/** Replaces `{ $ref: "<Kind>/<key>" }` with the platform id; a missing id is a clear failure. */
export function resolveRefs(v: Json, ctx: Pick<InvokeContext, 'resolveRef'>): Json {
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, ctx));
  if (v && typeof v === 'object') {
    const ref = refOfPlaceholder(v);
    if (ref !== undefined) {
      const id = ctx.resolveRef(ref);
      if (id === undefined) throw new Error(`${ref} has no platform id yet (it was not created)`);
      return id;
    }
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) out[k] = resolveRefs(x, ctx);
    return out;
  }
  return v;
}

/**
 * Actions run at once per target: a few more than the transport's request concurrency, so that an
 * action's own work (journaling a create durably, resolving refs) overlaps other actions' requests
 * and the transport's slots never wait on it. The transport still caps requests in flight.
 */
export function actionSlots(requestConcurrency: number): number {
  return requestConcurrency + Math.max(2, Math.ceil(requestConcurrency / 2));
}
