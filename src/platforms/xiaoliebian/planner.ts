/**
 * 小裂变 per-object planning (pure). Minimal calls:
 * - Group: group/add, group/edit (rename: state knows its id), group/delete after unbinding OUR products
 *   still bound to it (the platform refuses to delete a group with products). A group that still holds
 *   products this catalog does not manage is not deleted (unbinding them would touch objects we do not
 *   manage): a warning note says so, and the group stays listed as orphaned.
 * - Product: product/add carries everything, incl. marketState and the first group (`groupId`); a product
 *   may be bound to several groups (同一商品可绑定多个分组), and `groupId` on product/edit binds one more
 *   group, so each further group is bound with its own product/edit and each group the product leaves
 *   is unbound with product/group/unbind (binds first, then unbinds: moving a product between groups
 *   never leaves the old binding, nor leaves the product in no group on the way). Other changes go
 *   through product/edit with only the changed fields (carrying the first new group, when one is
 *   bound too); market state through its own call.
 */
import type { Fen } from '../../money/fen.js';
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
    if (name === 'price') body.price = toYuan(v as Fen);
    else if (name === 'link') body.productLink = wireLink(v);
    else if (name === 'groups') {
      const [first] = v as string[];
      if (first !== undefined) body.groupId = groupRef(first);
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
        changes: creationChanges(d.fields).filter((c) => c.path !== 'groups' || (c.after as string[]).length > 0),
        calls: [{ op: 'productAdd', effect: 'create', args: body }],
        phase: 'products',
      },
      // product/add binds the first group; every further one is bound by product/edit.
      ...membership(d.key, (d.fields.groups ?? []) as string[], [], {}, ((d.fields.groups ?? []) as string[]).slice(0, 1)),
    ],
  };
}

/**
 * The group-membership action of a product: bind each group of `want` it is not in (product/edit
 * `groupId`, skipping `boundBy` ones another call of the plan binds), then unbind each group of
 * `have` it leaves (product/group/unbind, the id from `idByLabel`). None when nothing changes.
 */
function membership(productId: string, want: string[], have: string[], idByLabel: { [label: string]: Json }, boundBy: string[]): ActionDraft[] {
  const bind = want.filter((g) => !have.includes(g) && !boundBy.includes(g));
  const unbind = have.filter((g) => !want.includes(g));
  if (bind.length === 0 && unbind.length === 0) return [];
  const calls: PlannedCall[] = [
    ...bind.map((g): PlannedCall => ({ op: 'productEdit', effect: 'update', args: { productId, groupId: groupRef(g) } })),
    ...unbind.map((g): PlannedCall => ({ op: 'productGroupUnbind', effect: 'update', args: { productId, groupId: idByLabel[g] ?? null } })),
  ];
  const label = unbind.length === 0 ? 'bind group' : bind.length === 0 ? 'unbind group' : 'move group';
  return [{ op: 'update', label, changes: [{ path: 'groups', before: have, after: want }], calls, phase: 'group-membership' }];
}

/** Top-level field a change path belongs to ("link.url" -> "link"). */
const topOf = (c: FieldChange): string => c.path.split('.')[0]!;

function planUpdate(d: DesiredObject, l: LiveObject, changes: FieldChange[]): ObjectPlan {
  const onSale = changes.filter((c) => topOf(c) === 'onSale');
  const groupsChanged = changes.some((c) => topOf(c) === 'groups');
  const rest = changes.filter((c) => !onSale.includes(c) && topOf(c) !== 'groups');
  const actions: ActionDraft[] = [];
  const productId = l.id;
  const want = (d.fields.groups ?? []) as string[];
  const have = (l.fields.groups ?? []) as string[];
  const added = groupsChanged ? want.filter((g) => !have.includes(g)) : [];

  // One product/edit carries the changed fields, and binds the first new group too (one call, not two).
  const boundByEdit = rest.length > 0 ? added.slice(0, 1) : [];
  if (rest.length > 0) {
    actions.push({
      op: 'update',
      label: 'update',
      changes: rest,
      calls: [{ op: 'productEdit', effect: 'update', args: { productId, ...wireFields(d.fields, rest.map(topOf)), ...wireFields({ groups: boundByEdit }, ['groups']) } }],
      phase: 'products',
    });
  }
  if (groupsChanged) {
    const moves = membership(productId, want, have, (l.meta.groupIdByLabel ?? {}) as { [label: string]: Json }, boundByEdit);
    // The edit bound the only new group and nothing is unbound: the edit shows the change.
    if (moves.length === 0) actions[0]!.changes.push({ path: 'groups', before: have, after: want });
    actions.push(...moves);
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
