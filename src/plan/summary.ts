import { batchGroupOf, batchOf, UPLOAD_OPS, type PlannedAction, type PlanSummary, type TargetPlan } from './types.js';

const OP_WEIGHT = { replace: 4, create: 3, delete: 2, update: 1 } as const;

/**
 * The plan's counts, each exact and named: objects to create/update/replace/delete (an object with
 * several actions counts once, under its strongest op), platform actions (one per `>` action),
 * image uploads (actions that only upload are counted here, not as creates) and API calls = the
 * write calls apply makes when nothing fails (calls sharing a `once` key count once per target;
 * creates sent in batches count one per batch call: see batchCalls).
 */
export function summarize(targets: TargetPlan[]): PlanSummary {
  const s: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, action: 0, imageUploads: 0, apiCalls: 0 };
  let auditsNeeded = 0;
  let auditsLeft: number | undefined;
  for (const t of targets) {
    const strongest = new Map<string, Exclude<PlannedAction['op'], 'action'>>();
    const once = new Set<string>();
    const batched = batchCalls(t.actions);
    for (const b of batched) s.apiCalls += b.calls;
    for (const a of t.actions) {
      for (const c of batchGroupOf(a) === undefined ? a.calls : []) {
        if (c.once !== undefined) {
          if (once.has(c.once)) continue;
          once.add(c.once);
        }
        s.apiCalls += 1;
        if (UPLOAD_OPS.has(c.op)) s.imageUploads! += 1;
      }
      if (a.op === 'action') {
        s.action += 1;
        continue;
      }
      if (a.calls.length > 0 && a.calls.every((c) => UPLOAD_OPS.has(c.op))) continue;
      const ref = `${a.kind}/${a.key}`;
      const cur = strongest.get(ref);
      if (cur === undefined || OP_WEIGHT[a.op] > OP_WEIGHT[cur]) strongest.set(ref, a.op);
    }
    for (const op of strongest.values()) s[op] += 1;
    for (const q of t.quotas) {
      if (q.name !== 'audit') continue;
      auditsNeeded += q.needed;
      auditsLeft = (auditsLeft ?? 0) + Math.max(0, q.limit - q.used - q.needed);
    }
  }
  if (auditsLeft !== undefined) s.audits = { needed: auditsNeeded, left: auditsLeft };
  return s;
}

/** Creates of one target sent in batch calls: per batch op and phase, how many and in how many calls. */
export interface BatchedCreates {
  op: string;
  phase: PlannedAction['phase'];
  creates: number;
  calls: number;
  max: number;
}

/** The batch calls apply makes for a target's actions when nothing fails (in order of first appearance). */
export function batchCalls(actions: readonly PlannedAction[]): BatchedCreates[] {
  const groups = new Map<string, BatchedCreates>();
  for (const a of actions) {
    const group = batchGroupOf(a);
    if (group === undefined) continue;
    const b = batchOf(a)!;
    const g = groups.get(group) ?? { op: b.op, phase: a.phase, creates: 0, calls: 0, max: b.max };
    g.creates += 1;
    g.calls = Math.ceil(g.creates / g.max);
    groups.set(group, g);
  }
  return [...groups.values()];
}
