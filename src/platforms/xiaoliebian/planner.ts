/**
 * 小裂变 per-object planning (pure). Minimal calls:
 * - Group: group/add, group/edit (rename: state knows its id), group/delete after unbinding OUR products
 *   still bound to it (the platform refuses to delete a group with products). A group that still holds
 *   products this catalog does not manage is not deleted (unbinding them would touch objects we do not
 *   manage): a warning note says so, and the group stays listed as orphaned.
 * - Product: product/add carries everything, incl. groupId and marketState; later changes go through
 *   product/edit with only the changed fields (a group change alone is its own group-membership action,
 *   removing a product from its group is product/group/unbind); market state through its own call.
 */
import { creationChanges } from '../../plan/diff.js';
import type { FieldChange, Json, PlannedCall } from '../../plan/types.js';
import type { ActionDraft, DesiredObject, LiveObject, ObjectPlan, ObjectPlanInput } from '../types.js';
import { toYuan } from './mapping.js';
import { MARKET_STATE } from './wire.js';

type Fields = { [k: string]: Json };
const groupRef = (key: string): Json => ({ $ref: `Group/${key}` });

export function planObject(input: ObjectPlanInput): ObjectPlan {
  const kind = input.desired?.kind ?? input.live?.kind;
  return kind === 'Group' ? planGroup(input) : planProduct(input);
}

// ------------------------------------------------------------------ groups

function planGroup({ desired, live, changes }: ObjectPlanInput): ObjectPlan {
  if (desired && !live) {
    return {
      actions: [
        { op: 'create', label: 'create', changes: creationChanges(desired.fields), calls: [{ op: 'groupAdd', effect: 'create', args: { groupName: desired.fields.name! } }], phase: 'groups' },
      ],
    };
  }
  if (!desired && live) {
    const foreign = (live.meta.foreignProductIds ?? []) as string[];
    if (foreign.length > 0) {
      return {
        actions: [],
        notes: [
          {
            level: 'warning',
            message: `group ${live.name} still holds ${foreign.length} product(s) this catalog does not manage (${foreign.join(', ')}); not deleted; unbind them on the platform or import them (catalog import)`,
          },
        ],
      };
    }
    const bound = (live.meta.productIds ?? []) as string[];
    const calls: PlannedCall[] = bound.map((productId) => ({ op: 'productGroupUnbind', effect: 'update', args: { productId, groupId: live.id } }));
    calls.push({ op: 'groupDelete', effect: 'delete', args: { groupId: live.id } });
    return {
      actions: [
        {
          op: 'delete',
          label: 'delete',
          ...(bound.length > 0 ? { reason: `unbinds ${bound.length} product(s) first (${bound.join(', ')}): a group with products cannot be deleted` } : {}),
          changes: [],
          calls,
          phase: 'delete-groups',
        },
      ],
    };
  }
  if (desired && live && changes.length > 0) {
    return {
      actions: [{ op: 'update', label: 'rename', changes, calls: [{ op: 'groupEdit', effect: 'update', args: { groupId: live.id, groupName: desired.fields.name! } }], phase: 'groups' }],
    };
  }
  return { actions: [] };
}

// ------------------------------------------------------------------ products

/** Comparable field -> product/add|edit body field. */
function wireFields(f: Fields, names: Iterable<string>): Fields {
  const body: Fields = {};
  for (const name of names) {
    const v = f[name];
    if (v === undefined) continue;
    if (name === 'price') body.price = toYuan(v as number);
    else if (name === 'link') body.productLink = wireLink(v);
    else if (name === 'group') {
      if (v !== null) body.groupId = groupRef(v as string);
    } else if (name === 'onSale') body.marketState = v === true ? MARKET_STATE.on : MARKET_STATE.off;
    else body[name] = v;
  }
  return body;
}

function wireLink(link: Json): Json {
  const l = link as { url?: string; appId?: string; path?: string };
  return l.url !== undefined ? { productUrl: l.url } : { appId: l.appId!, path: l.path! };
}

function planProduct({ desired, live, changes }: ObjectPlanInput): ObjectPlan {
  if (desired && !live) return planCreate(desired);
  if (!desired && live) {
    return { actions: [{ op: 'delete', label: 'delete', changes: [], calls: [{ op: 'productDelete', effect: 'delete', args: { productId: live.id } }], phase: 'delete-products' }] };
  }
  if (desired && live) return planUpdate(desired, live, changes);
  return { actions: [] };
}

function planCreate(d: DesiredObject): ObjectPlan {
  const body: Fields = { productId: d.key, ...wireFields(d.fields, Object.keys(d.fields)) };
  return {
    actions: [
      {
        op: 'create',
        label: 'create',
        changes: creationChanges(d.fields).filter((c) => c.path !== 'group' || c.after !== null),
        calls: [{ op: 'productAdd', effect: 'create', args: body }],
        phase: 'products',
      },
    ],
  };
}

/** Top-level field a change path belongs to ("link.url" -> "link"). */
const topOf = (c: FieldChange): string => c.path.split('.')[0]!;

function planUpdate(d: DesiredObject, l: LiveObject, changes: FieldChange[]): ObjectPlan {
  const onSale = changes.filter((c) => topOf(c) === 'onSale');
  const group = changes.filter((c) => topOf(c) === 'group');
  const rest = changes.filter((c) => !onSale.includes(c) && !group.includes(c));
  const actions: ActionDraft[] = [];
  const productId = l.id;
  const wantGroup = d.fields.group ?? null;

  if (rest.length > 0) {
    // One product/edit carries the changed fields, and the new group when that changes too (one call, not two).
    const names = new Set(rest.map(topOf));
    if (group.length > 0 && wantGroup !== null) names.add('group');
    actions.push({
      op: 'update',
      label: 'update',
      changes: group.length > 0 && wantGroup !== null ? [...rest, ...group] : rest,
      calls: [{ op: 'productEdit', effect: 'update', args: { productId, ...wireFields(d.fields, names) } }],
      phase: 'products',
    });
  }
  if (group.length > 0 && (wantGroup === null || rest.length === 0)) {
    const liveGroupId = l.meta.groupId as string | null;
    actions.push(
      wantGroup === null
        ? { op: 'update', label: 'unbind group', changes: group, calls: [{ op: 'productGroupUnbind', effect: 'update', args: { productId, groupId: liveGroupId } }], phase: 'group-membership' }
        : { op: 'update', label: 'bind group', changes: group, calls: [{ op: 'productEdit', effect: 'update', args: { productId, groupId: groupRef(wantGroup as string) } }], phase: 'group-membership' },
    );
  }
  if (onSale.length > 0) {
    const on = d.fields.onSale === true;
    actions.push({
      op: 'action',
      label: on ? 'on market' : 'off market',
      changes: onSale,
      calls: [{ op: 'productMarketState', effect: 'update', args: { productId, marketState: on ? MARKET_STATE.on : MARKET_STATE.off } }],
      phase: 'shelf-state',
    });
  }
  return { actions };
}
