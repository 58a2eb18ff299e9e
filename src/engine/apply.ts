/**
 * applyPlan: executes a reviewed plan exactly (it never re-derives work). The only I/O step.
 *
 * Contracts:
 * - Within a target, phases run in order (PHASES); actions of one phase run concurrently up to the
 *   target's `concurrency`. Targets run in parallel. An action whose dependency failed is skipped.
 * - Every create call is journaled as pending (durably) before it is made. A definite failure
 *   abandons the pending record; an unknown outcome leaves it, and the next run adopts the object by
 *   its identity instead of creating it again. Deletes remove the state record; create results add it.
 * - Creates planned with a `batch` (PlannedCall.batch) go out together: those of one target and
 *   phase sharing the batch op, up to `batch.max` per call (client.invokeBatch); one left alone is
 *   sent as planned. Every item of a batch is journaled as pending before the call; each item's own
 *   outcome completes, abandons or (unknown) keeps its record, as for a single create. A batch is
 *   one unit of the phase's concurrency and probing.
 * - A target stops early after `policy.stopAfterFailures` consecutive identical refusals (same call,
 *   platform code and message: a PlatformError, which retrying cannot fix); its remaining actions are
 *   reported as skipped, not attempted. So that N identical refusals cost at most N calls, a target
 *   runs one action (or batch) at a time at the start of each phase and after any failure ("probing"), and
 *   opens to its full concurrency after a success.
 * - Re-running a saved plan (`progress`): actions an earlier run finished are not run (their
 *   dependents may run), and calls an earlier run made are not made again.
 * - Progress is reported through hooks; this module never touches the terminal.
 */
import { eachConcurrently } from '../platforms/concurrency.js';
import type { TargetConfig } from '../config/model.js';
import { OutcomeUnknownError, PlatformError } from '../http/index.js';
import type { Json, Plan, PlannedAction, PlannedCall } from '../plan/types.js';
import { batchGroupOf, batchOf, PHASES, refOfPlaceholder } from '../plan/types.js';
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
  /** A target stopped early; `notAttempted` of its actions were skipped without a call. */
  onTargetStopped?(target: string, because: string, notAttempted: number): void;
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

export interface ApplyFailure {
  action: PlannedAction;
  error: Error;
  /** The planned call that failed (op), when the failure came from a call. */
  call?: string;
}

export interface ApplyResult {
  status: Map<string, ActionStatus>;
  failures: ApplyFailure[];
  /** `notAttempted`: skipped because the target stopped early, not because a dependency failed. */
  skipped: Array<{ action: PlannedAction; because: string; notAttempted?: boolean }>;
  done: number;
}

/** Per-target run of identical refusals, and whether the target stopped. */
class FailureBrake {
  private signature: string | undefined;
  private run = 0;
  stopped: string | undefined;
  /** One action at a time until an action succeeds (see the header). */
  probing = true;
  constructor(private readonly limit: number) {}

  succeeded(): void {
    this.signature = undefined;
    this.run = 0;
    this.probing = false;
  }

  failed(f: ApplyFailure): void {
    this.probing = true;
    const e = f.error;
    if (!(e instanceof PlatformError)) {
      this.signature = undefined;
      this.run = 0;
      return;
    }
    const signature = `${f.call ?? ''}\u0000${String(e.code)}\u0000${e.platformMessage}`;
    this.run = signature === this.signature ? this.run + 1 : 1;
    this.signature = signature;
    if (this.limit > 0 && this.run >= this.limit && this.stopped === undefined) {
      this.stopped = `stopped after ${this.run} consecutive identical failures (${f.call ?? 'call'}: code ${e.code} ${JSON.stringify(e.platformMessage)}); not attempted`;
    }
  }
}

export async function applyPlan(plan: Plan, deps: ApplyDeps): Promise<ApplyResult> {
  const result: ApplyResult = { status: new Map(), failures: [], skipped: [], done: 0 };
  await Promise.all(
    plan.targets.map(async (tp) => {
      const t = deps.targets.get(tp.target);
      if (!t) throw new Error(`bug: no client for target ${tp.target}`);
      const brake = new FailureBrake(t.config.policy.stopAfterFailures);
      let notAttempted = 0;
      for (const phase of PHASES) {
        const batch = tp.actions.filter((a) => a.phase === phase && !deps.progress?.doneActions.has(a.id));
        if (batch.length === 0) continue;
        brake.probing = true;
        await eachConcurrently(workUnits(batch, t.client), actionSlots(t.config.policy.concurrency), (unit) => {
          if (brake.stopped === undefined) return Array.isArray(unit) ? runBatch(unit, t, deps, result, brake) : runAction(unit, t, deps, result, brake);
          for (const a of Array.isArray(unit) ? unit : [unit]) {
            result.status.set(a.id, 'skipped');
            result.skipped.push({ action: a, because: brake.stopped, notAttempted: true });
            notAttempted += 1;
          }
          return Promise.resolve();
        }, () => brake.probing);
      }
      if (brake.stopped !== undefined && notAttempted > 0) deps.hooks?.onTargetStopped?.(tp.target, brake.stopped, notAttempted);
    }),
  );
  return result;
}

/**
 * The phase's actions as units of work, in plan order: an action, or a batch of creates (at the
 * place of its first action) when the client takes batches.
 */
function workUnits(actions: PlannedAction[], client: PlatformClient): Array<PlannedAction | PlannedAction[]> {
  if (!client.invokeBatch) return actions;
  const units: Array<PlannedAction | PlannedAction[]> = [];
  const open = new Map<string, PlannedAction[]>();
  for (const a of actions) {
    const group = batchGroupOf(a);
    if (group === undefined) {
      units.push(a);
      continue;
    }
    let chunk = open.get(group);
    if (!chunk || chunk.length >= batchOf(a)!.max) {
      chunk = [];
      open.set(group, chunk);
      units.push(chunk);
    }
    chunk.push(a);
  }
  return units;
}

/** True (and `a` reported as skipped) when a dependency of `a` did not succeed. */
function skipIfBlocked(a: PlannedAction, deps: ApplyDeps, result: ApplyResult): boolean {
  const blocked = a.dependsOn.find((d) => result.status.get(d) !== 'done' && !deps.progress?.doneActions.has(d));
  if (blocked === undefined) return false;
  const because = `depends on ${blocked}, which did not succeed`;
  result.status.set(a.id, 'skipped');
  result.skipped.push({ action: a, because });
  deps.hooks?.onActionSkipped?.(a, because);
  return true;
}

function invokeContext(a: PlannedAction, t: ApplyTarget, deps: ApplyDeps): InvokeContext {
  const state = deps.state.target(a.target);
  return { target: t.config, state, catalogRoot: deps.catalogRoot, resolveRef: (r) => state.get(r)?.id ?? t.liveIds.get(r) };
}

function succeeded(a: PlannedAction, deps: ApplyDeps, result: ApplyResult, brake?: FailureBrake): void {
  result.status.set(a.id, 'done');
  result.done += 1;
  brake?.succeeded();
  deps.hooks?.onActionDone?.(a);
}

function failed(a: PlannedAction, e: unknown, call: string | undefined, deps: ApplyDeps, result: ApplyResult, brake?: FailureBrake): void {
  const error = e instanceof Error ? e : new Error(String(e));
  const failure: ApplyFailure = { action: a, error, ...(call === undefined ? {} : { call }) };
  result.status.set(a.id, 'failed');
  result.failures.push(failure);
  brake?.failed(failure);
  deps.hooks?.onActionFailed?.(a, error);
}

async function runAction(a: PlannedAction, t: ApplyTarget, deps: ApplyDeps, result: ApplyResult, brake?: FailureBrake): Promise<void> {
  if (skipIfBlocked(a, deps, result)) return;
  deps.hooks?.onActionStart?.(a);
  const ref = refOf(a.kind, a.key);
  const ctx = invokeContext(a, t, deps);
  let current: string | undefined;
  try {
    for (const [i, call] of a.calls.entries()) {
      if (deps.progress?.callDone(a.id, i)) continue; // made by an earlier run of this plan
      current = call.op;
      await runCall(call, a, ref, t, ctx, deps.state);
      deps.progress?.recordCall(a, i);
    }
    succeeded(a, deps, result, brake);
  } catch (e) {
    failed(a, e, current, deps, result, brake);
  }
}

/**
 * One batch of creates (see the header): journaled item by item, sent in one call, and each item's
 * outcome recorded as a single create's would be. Fewer than two items ready go out one by one.
 */
async function runBatch(batch: PlannedAction[], t: ApplyTarget, deps: ApplyDeps, result: ApplyResult, brake: FailureBrake): Promise<void> {
  const ready = batch.filter((a) => !skipIfBlocked(a, deps, result));
  if (ready.length < 2) {
    for (const a of ready) await runAction(a, t, deps, result, brake);
    return;
  }
  const items: Array<{ a: PlannedAction; ref: string; call: PlannedCall }> = [];
  const ctx = invokeContext(ready[0]!, t, deps);
  for (const a of ready) {
    deps.hooks?.onActionStart?.(a);
    const call = a.calls[0]!;
    try {
      items.push({ a, ref: refOf(a.kind, a.key), call: { ...call, args: resolveRefs(call.args, ctx) } });
    } catch (e) {
      failed(a, e, call.op, deps, result, brake);
    }
  }
  if (items.length === 0) return;
  await Promise.all(items.map(({ a, ref, call }) => deps.state.beginCreate(a.target, ref, { action: a.id, op: call.op })));
  let outcomes: Array<CallResult | Error>;
  try {
    outcomes = await t.client.invokeBatch!(items.map((i) => i.call), items.map((i) => i.a), ctx);
  } catch (e) {
    outcomes = items.map(() => (e instanceof Error ? e : new Error(String(e))));
  }
  for (const [n, { a, ref, call }] of items.entries()) {
    const outcome = outcomes[n] ?? new Error(`bug: ${batchOf(a)!.op} answered ${outcomes.length} outcomes for ${items.length} items`);
    if (outcome instanceof Error) {
      // Unknown outcome: keep the pending record; the next read adopts the object by identity.
      if (!(outcome instanceof OutcomeUnknownError)) deps.state.abandonCreate(a.target, ref);
      failed(a, outcome, call.op, deps, result, brake);
      continue;
    }
    try {
      recordCreated(call, outcome, a, ref, t, deps.state);
    } catch (e) {
      failed(a, e, call.op, deps, result, brake);
      continue;
    }
    deps.progress?.recordCall(a, 0);
    succeeded(a, deps, result, brake);
  }
}

/** A create's result: the pending record completes with the platform id. */
function recordCreated(call: PlannedCall, res: CallResult, a: PlannedAction, ref: string, t: ApplyTarget, store: ApplyState): void {
  if (res.id === undefined) throw new Error(`bug: ${call.op} returned no id for ${ref}`);
  store.completeCreate(a.target, ref, { id: res.id, ...(res.record ?? {}) });
  t.liveIds.set(ref, res.id);
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
    recordCreated(call, res, a, ref, t, store);
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
