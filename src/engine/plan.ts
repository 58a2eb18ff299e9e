/**
 * buildPlan: the pure planner (changesets-style: inputs -> plan, no I/O, no clock reads).
 *
 * For each target: match desired and live objects by identity, diff them, ask the adapter for the
 * actions of each object, then apply the rules that are the same on every platform: ownership
 * (only objects with our identity or a state record are managed), prune / orphans, protect,
 * maxDeletePercent, quotas, ordering and dependencies.
 */
import type { TargetConfig } from '../config/model.js';
import type { DesiredObject, LiveObject, LiveSnapshot, PlatformAdapter, TargetState } from '../platforms/types.js';
import {
  PHASES,
  refOfPlaceholder,
  type FieldChange,
  PLAN_FORMAT_VERSION,
  type GuardViolation,
  type Json,
  type Plan,
  type PlannedAction,
  type PlanNote,
  type QuotaUse,
  type TargetPlan,
} from '../plan/types.js';
import { creationChanges, diffFields, digestJson, isPlainObject } from '../plan/diff.js';
import { shanghaiTime } from '../plan/time.js';
import { summarize } from '../plan/summary.js';

export interface TargetPlanInput {
  target: TargetConfig;
  adapter: PlatformAdapter;
  desired: DesiredObject[];
  live: LiveSnapshot;
  state: TargetState;
  /** ISO time the plan is made (adapters decide time-bound things with it, e.g. a cached upload's expiry). */
  now?: string;
}

export interface PlanInput {
  catalogDigest: string;
  targets: TargetPlanInput[];
  /** ISO timestamp recorded in the plan (passed in: the planner never reads the clock). */
  now: string;
}

export function refOf(kind: string, key: string): string {
  return `${kind}/${key}`;
}

/**
 * What the catalog asks of one target. Adapters fold image contents into desired objects, so this
 * changes when an image file does, which the catalog digest (YAML files) does not see.
 */
export function desiredDigestOf(desired: DesiredObject[]): string {
  return digestJson(desired.map((d) => ({ kind: d.kind, key: d.key, protect: d.protect, fields: d.fields, extra: d.extra ?? null })));
}

export function liveDigest(o: LiveObject): string {
  return digestJson({ id: o.id, fields: o.fields, meta: o.meta });
}

/**
 * maxDeletePercent applies from this many managed objects on (octoDNS does the same): on a
 * near-empty account one replace would otherwise be "100%". `protect` guards small accounts.
 */
export const MASS_DELETE_MIN_MANAGED = 10;

const PHASE_INDEX = new Map(PHASES.map((p, i) => [p, i]));

export function buildPlan(input: PlanInput): Plan {
  return assemblePlan(input, input.targets.map((t) => planTarget({ now: input.now, ...t })));
}

/** One target's part of a plan: its actions and the guards they trip. */
export interface PlannedTarget {
  plan: TargetPlan;
  guards: GuardViolation[];
}

/**
 * Plans one target. Targets are independent, so each can be planned as soon as its own refresh is
 * done (refreshAndPlan), while slower targets are still being read.
 */
export function planTarget(input: TargetPlanInput): PlannedTarget {
  const plan = planTargetActions(input);
  return { plan, guards: guardsFor(plan, input) };
}

/** The plan of targets planned one by one (in the order given). */
export function assemblePlan(meta: Omit<PlanInput, 'targets'>, planned: PlannedTarget[]): Plan {
  const targets = planned.map((p) => p.plan);
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: meta.now,
    catalogDigest: meta.catalogDigest,
    targetNames: targets.map((t) => t.target),
    targets,
    guards: planned.flatMap((p) => p.guards),
    summary: summarize(targets),
  };
}

/**
 * Ownership, the one rule for planning and for recording identities: a live object is ours when it
 * carries our identity for an object we want, or a state record names this very object. When two
 * live objects claim one key, the first is ours and the other is left alone.
 */
export function ownedLive(input: Pick<TargetPlanInput, 'desired' | 'live' | 'state'>): { managed: Map<string, LiveObject>; others: LiveObject[] } {
  const wanted = new Set(input.desired.map((d) => refOf(d.kind, d.key)));
  const stateIds = new Map(input.state.entries().map(([ref, rec]) => [ref, rec.id]));
  const managed = new Map<string, LiveObject>();
  const others: LiveObject[] = [];
  for (const o of input.live.objects) {
    const ref = o.key === undefined ? undefined : refOf(o.kind, o.key);
    const owned = ref !== undefined && (wanted.has(ref) || stateIds.get(ref) === o.id);
    if (owned && !managed.has(ref)) managed.set(ref, o);
    else others.push(o);
  }
  return { managed, others };
}

function planTargetActions(input: TargetPlanInput): TargetPlan {
  const { target, adapter, desired, live, state } = input;
  const desiredByRef = new Map(desired.map((d) => [refOf(d.kind, d.key), d]));
  const { managed: managedLive, others } = ownedLive(input);
  const unmanaged: TargetPlan['unmanaged'] = others.map((o) => ({ kind: o.kind, id: o.id, name: o.name }));

  const actions: PlannedAction[] = [];
  const notes: PlanNote[] = [];
  const quotaNeeded = new Map<string, number>();
  const orphaned: TargetPlan['orphaned'] = [];
  const add = (kind: string, key: string, res: ReturnType<PlatformAdapter['planObject']>, observed: PlannedAction['observed'], protect: boolean) => {
    let prev: string | undefined;
    res.actions.forEach((a, i) => {
      const id = `${target.name}:${kind}/${key}#${i + 1}`;
      actions.push({
        id,
        target: target.name,
        kind,
        key,
        op: a.op,
        label: a.label,
        ...(a.reason ? { reason: a.reason } : {}),
        changes: a.changes.flatMap(leafChanges).map((c) => withMoneyUnits(c, adapter.fieldUnits?.[kind]?.fen)),
        calls: a.calls,
        phase: a.phase,
        dependsOn: prev ? [prev] : [],
        ...(observed ? { observed } : {}),
        destructive: a.op === 'delete' || a.op === 'replace',
        ...(protect ? { protect } : {}),
      });
      prev = id;
    });
    for (const n of res.notes ?? []) notes.push({ kind, key, ...n });
    for (const [name, n] of Object.entries(res.quota ?? {})) quotaNeeded.set(name, (quotaNeeded.get(name) ?? 0) + n);
  };

  for (const d of desired) {
    const ref = refOf(d.kind, d.key);
    const l = managedLive.get(ref);
    const changes = l ? diffFields(d.fields, l.fields) : [];
    const res = adapter.planObject({ desired: d, live: l, changes, policy: target.policy, state, ...(input.now ? { now: input.now } : {}) });
    add(d.kind, d.key, res, l ? { id: l.id, digest: liveDigest(l) } : { absent: true }, d.protect);
    if (d.overrides && res.actions.length > 0) {
      notes.push({ kind: d.kind, key: d.key, level: 'info', message: `${d.overrides.join(', ')} from overrides.${target.name} (not the product's own values)` });
    }
  }

  // Orphans: listed while prune is off; with prune on, those the adapter does not remove (it plans no
  // action, and says why in a note) stay listed too.
  for (const [ref, l] of managedLive) {
    if (desiredByRef.has(ref)) continue;
    const orphan = { kind: l.kind, key: l.key!, id: l.id };
    if (!target.policy.prune) {
      orphaned.push(orphan);
      continue;
    }
    const res = adapter.planObject({ live: l, changes: [], policy: target.policy, state });
    if (res.actions.length === 0) orphaned.push(orphan);
    add(l.kind, l.key!, res, { id: l.id, digest: liveDigest(l) }, false);
  }

  linkReferences(actions);
  actions.sort(compareActions);

  const quotas: QuotaUse[] = (live.quotas ?? []).map((q) => ({ ...q, needed: quotaNeeded.get(q.name) ?? 0 }));
  return {
    target: target.name,
    platform: target.platform,
    actions,
    unmanaged: unmanaged.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    orphaned,
    notes,
    quotas,
    managedCount: managedLive.size,
    desiredDigest: desiredDigestOf(desired),
    readCalls: live.readCalls,
  };
}

/**
 * Display form of a change (the plan's `changes` are for people; calls carry the data): a nested
 * object added or removed as a whole (e.g. a SKU) becomes one change per leaf, so every leaf is
 * matched against the money paths of its kind and shown in yuan.
 */
function leafChanges(c: FieldChange): FieldChange[] {
  if (c.before === undefined && isPlainObject(c.after)) return creationChanges(c.after, c.path);
  if (c.after === undefined && isPlainObject(c.before)) return creationChanges(c.before, c.path).map(({ path, after }) => ({ path, before: after }));
  return [c];
}

/**
 * Marks money for display: a change at a money path of its kind (the adapter's `fieldUnits`) gets
 * `unit: 'fen'`; an array or object value gets the relative paths of the money inside it
 * (`moneyKeys`, array indices left out), so nested money (e.g. a shipping template's regions) is
 * shown in yuan like the rest.
 */
export function withMoneyUnits(c: FieldChange, fenPaths: readonly string[] | undefined): FieldChange {
  if (!fenPaths || fenPaths.length === 0) return c;
  const isMoney = (path: string) => fenPaths.some((p) => pathMatches(p, path));
  if (isMoney(c.path)) return { ...c, unit: 'fen' };
  const keys = new Set<string>();
  const walk = (v: Json | undefined, rel: string) => {
    if (Array.isArray(v)) for (const x of v) walk(x, rel);
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) walk(x, rel ? `${rel}.${k}` : k);
    else if (typeof v === 'number' && rel && isMoney(`${c.path}.${rel}`)) keys.add(rel);
  };
  walk(c.before, '');
  walk(c.after, '');
  return keys.size > 0 ? { ...c, moneyKeys: [...keys].sort() } : c;
}

/** A field-units path ("skus.*.price": `*` stands for any one key) against a change path ("skus.red.price"). */
function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split('.');
  const have = path.split('.');
  return want.length === have.length && want.every((w, i) => w === '*' || w === have[i]);
}

/** A call referring to another object (`{ $ref }`) waits for the action that creates it. */
function linkReferences(actions: PlannedAction[]): void {
  const creators = new Map<string, string>();
  for (const a of actions) {
    if (a.op === 'create' || a.op === 'replace') {
      const ref = refOf(a.kind, a.key);
      if (!creators.has(ref)) creators.set(ref, a.id);
    }
  }
  for (const a of actions) {
    for (const ref of collectRefs(a.calls.map((c) => c.args))) {
      const dep = creators.get(ref);
      if (dep && dep !== a.id && !a.dependsOn.includes(dep)) a.dependsOn.push(dep);
    }
  }
}

export function collectRefs(v: Json, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(v)) for (const x of v) collectRefs(x, out);
  else if (v && typeof v === 'object') {
    const ref = refOfPlaceholder(v);
    if (ref !== undefined) out.add(ref);
    else for (const x of Object.values(v)) collectRefs(x, out);
  }
  return out;
}

function compareActions(a: PlannedAction, b: PlannedAction): number {
  return (
    PHASE_INDEX.get(a.phase)! - PHASE_INDEX.get(b.phase)! ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function guardsFor(t: TargetPlan, input: TargetPlanInput): GuardViolation[] {
  const guards: GuardViolation[] = [];
  const protectedKeys = t.actions.filter((a) => a.destructive && a.protect).map((a) => `${a.kind}/${a.key}`);
  if (protectedKeys.length > 0) {
    guards.push({
      guard: 'protected',
      target: t.target,
      keys: [...new Set(protectedKeys)],
      message: `${protectedKeys.length} protected object(s) would be deleted or replaced; remove \`protect: true\` from them to allow it`,
    });
  }
  const deleting = [...new Set(t.actions.filter((a) => a.destructive).map((a) => `${a.kind}/${a.key}`))];
  const max = input.target.policy.maxDeletePercent;
  if (deleting.length > 0 && t.managedCount >= MASS_DELETE_MIN_MANAGED && (deleting.length / t.managedCount) * 100 > max) {
    guards.push({
      guard: 'mass-delete',
      target: t.target,
      keys: deleting,
      message: `deletes or replaces ${deleting.length} of ${t.managedCount} managed objects (${Math.round((deleting.length / t.managedCount) * 100)}% > maxDeletePercent ${max}%); review the plan and apply with --allow-mass-delete`,
    });
  }
  for (const q of t.quotas) {
    if (q.needed > q.limit - q.used) {
      guards.push({
        guard: 'quota',
        target: t.target,
        keys: [],
        message: `needs ${q.needed} ${q.name} submissions but only ${Math.max(0, q.limit - q.used)} of ${q.limit} are left today (resets ${shanghaiTime(q.resetsAt)}); apply submits what fits and stops`,
      });
    }
  }
  return guards;
}

export { summarize } from '../plan/summary.js';
