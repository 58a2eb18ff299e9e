/**
 * Test helpers for src/engine (not part of the public API): a small fake platform adapter with no
 * I/O, in-memory target state, and builders for planner inputs.
 *
 * The fake platform manages two kinds: `Group` (phase groups) and `Product` (phase products), a
 * Product may name its group (`extra.group`), sent as `{ $ref: "Group/<key>" }`. Planning:
 * - no live: create (one 'create' call) and, when `fields.onSale` is true, a 'publish' action;
 * - no desired: delete (one 'delete' call) in the kind's delete phase;
 * - changes: an update in the kind's phase, or a replace when `extra.frozen` is true (the fake
 *   platform forbids edits of frozen objects), plus a 'publish' action when onSale changed;
 * - `fields.stock` differences become an info note, never a call (stock policy "initial");
 * - a Product consumes one unit of quota "audit" per create.
 */
import type { TargetConfig, Policy } from '../../src/config/model.js';
import { DEFAULT_POLICY } from '../../src/config/model.js';
import type { Json } from '../../src/plan/types.js';
import type { ActionDraft, DesiredObject, LiveObject, ObjectPlan, ObjectPlanInput, PlatformAdapter, TargetState } from '../../src/platforms/types.js';
import { creationChanges } from '../../src/plan/diff.js';
import type { TargetPlanInput } from '../../src/engine/plan.js';

const PHASE = { Group: 'groups', Product: 'products' } as const;
const DELETE_PHASE = { Group: 'delete-groups', Product: 'delete-products' } as const;
type FakeKind = keyof typeof PHASE;

function planFake(input: ObjectPlanInput): ObjectPlan {
  const { desired: d, live: l } = input;
  const kind = (d ?? l)!.kind as FakeKind;
  if (d && !l) {
    const args: { [k: string]: Json } = { key: d.key, ...d.fields };
    if (typeof d.extra?.group === 'string') args.group = { $ref: `Group/${d.extra.group}` };
    const actions: ActionDraft[] = [{ op: 'create', label: 'create', changes: creationChanges(d.fields), calls: [{ op: `${kind}.create`, effect: 'create', args }], phase: PHASE[kind] }];
    if (d.fields.onSale === true) actions.push(publish(d.key));
    return { actions, ...(kind === 'Product' ? { quota: { audit: 1 } } : {}) };
  }
  if (!d && l) {
    return { actions: [{ op: 'delete', label: 'delete', changes: [], calls: [{ op: `${kind}.delete`, effect: 'delete', args: { id: l.id } }], phase: DELETE_PHASE[kind] }] };
  }
  const notes = input.changes.filter((c) => c.path === 'stock').map((c) => ({ level: 'info' as const, message: `stock ${String(c.before)} -> ${String(c.after)} not sent` }));
  const rest = input.changes.filter((c) => c.path !== 'stock' && c.path !== 'onSale');
  const actions: ActionDraft[] = [];
  if (rest.length > 0) {
    actions.push(
      d!.extra?.frozen === true
        ? { op: 'replace', label: 'replace', reason: 'frozen objects cannot be edited', changes: rest, calls: [{ op: `${kind}.delete`, effect: 'delete', args: { id: l!.id } }, { op: `${kind}.create`, effect: 'create', args: { key: d!.key, ...d!.fields } }], phase: PHASE[kind] }
        : { op: 'update', label: 'update', changes: rest, calls: [{ op: `${kind}.update`, effect: 'update', args: { id: l!.id, ...Object.fromEntries(rest.map((c) => [c.path, c.after ?? null])) } }], phase: PHASE[kind] },
    );
  }
  if (input.changes.some((c) => c.path === 'onSale' && c.after === true)) actions.push(publish(d!.key, l!.id));
  return { actions, notes };
}

function publish(key: string, id?: string): ActionDraft {
  return { op: 'action', label: 'publish', changes: [{ path: 'onSale', before: false, after: true }], calls: [{ op: 'Product.publish', effect: 'update', args: { id: id ?? { $ref: `Product/${key}` } } }], phase: 'shelf-state' };
}

export const fakeAdapter: PlatformAdapter = {
  platform: 'goofish',
  desired: () => [],
  planObject: planFake,
  fieldUnits: { Product: { fen: ['price'] } },
  createClient: () => {
    throw new Error('the fake adapter has no client');
  },
};

export function fakeTarget(name = 'shop', policy: Partial<Policy> = {}): TargetConfig {
  return { name, platform: 'goofish', baseUrl: 'http://fake.invalid', sandbox: false, credentials: {}, paths: {}, sandboxOptions: {}, policy: { ...DEFAULT_POLICY, ...policy } };
}

export function desired(kind: FakeKind, key: string, fields: { [k: string]: Json } = {}, opts: { protect?: boolean; extra?: { [k: string]: Json } } = {}): DesiredObject {
  return { kind, key, protect: opts.protect ?? false, fields, ...(opts.extra ? { extra: opts.extra } : {}) };
}

export function live(kind: FakeKind, id: string, key: string | undefined, fields: { [k: string]: Json } = {}, meta: { [k: string]: Json } = {}): LiveObject {
  return { kind, id, ...(key === undefined ? {} : { key }), name: `${kind} ${key ?? id}`, fields, meta };
}

/** In-memory target state: records by ref. */
export function memoryState(records: { [ref: string]: string } = {}): TargetState & { records: Map<string, { id: string; [k: string]: Json }> } {
  const map = new Map(Object.entries(records).map(([ref, id]) => [ref, { id }] as [string, { id: string; [k: string]: Json }]));
  return {
    records: map,
    get: (ref) => map.get(ref),
    entries: () => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    getMeta: () => ({}),
  };
}

export function targetInput(opts: {
  target?: TargetConfig;
  desired?: DesiredObject[];
  live?: LiveObject[];
  state?: TargetState;
  quotas?: Array<{ name: string; used: number; limit: number; resetsAt: string; needed: number }>;
}): TargetPlanInput {
  return {
    target: opts.target ?? fakeTarget(),
    adapter: fakeAdapter,
    desired: opts.desired ?? [],
    live: { objects: opts.live ?? [], readCalls: 1, ...(opts.quotas ? { quotas: opts.quotas } : {}) },
    state: opts.state ?? memoryState(),
  };
}
