/**
 * 外勤365 product-group planning (pure). saveProductGroup is an upsert, and the document states its
 * rule for the whole call, modifications included (品牌数据跟商品类型数据不能都为空,也不支持同时存在:
 * brands and types may not both be empty, nor both present). So every save sends the complete group:
 * name, code, is_enable, exactly one of brands / types, and the sales org codes.
 * - create: `source_code` (our key) and the catalog's group;
 * - update: the group `id`, `source_code` and the catalog's group (not only the changed fields);
 *   sales org codes the catalog does not set are sent as the platform holds them (when set there);
 * - there is no delete call: a managed group that left the catalog (prune on) is disabled by saving
 *   the platform's own group with `is_enable` "0" (its brands or types by id as the platform holds
 *   them; brands when it holds both). A group already disabled needs nothing more; one that holds
 *   neither brands nor types cannot be saved at all, so it is left alone with a warning.
 */
import { creationChanges } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { LiveObject, ObjectPlan, ObjectPlanInput } from '../types.js';

type Fields = { [k: string]: Json };

const WIRE_NAMES: { [field: string]: string } = {
  name: 'name',
  code: 'code',
  enabled: 'is_enable',
  brands: 'brands',
  types: 'types',
  salesOrgCode: 'sales_org_code',
  salesOrgSourceCode: 'sales_org_source_code',
};
const SALES_ORG_FIELDS = ['salesOrgCode', 'salesOrgSourceCode'] as const;

export const DISABLE_REASON = 'waiqin365 has no delete; the group is disabled';
export const CANNOT_DISABLE =
  'cannot be disabled by the API: it has neither brands nor types on the platform, and every saveProductGroup must carry one; disable it (or give it brands or types) in the waiqin365 console';

function wireBody(f: Fields): Fields {
  const body: Fields = {};
  for (const [name, v] of Object.entries(f)) {
    const wire = WIRE_NAMES[name];
    if (wire === undefined || v === undefined) continue;
    body[wire] = name === 'enabled' ? (v === true ? '1' : '0') : v;
  }
  return body;
}

/** The live sales org codes that are set (a save sends them so it keeps them). */
function liveSalesOrg(live: LiveObject): Fields {
  const out: Fields = {};
  for (const f of SALES_ORG_FIELDS) if (typeof live.fields[f] === 'string' && live.fields[f] !== '') out[f] = live.fields[f];
  return out;
}

/** The group's brands or types as the platform holds them (brands when it holds both), or none. */
function liveRefList(live: LiveObject): Fields | undefined {
  for (const f of ['brands', 'types'] as const) {
    const refs = live.meta[f];
    if (Array.isArray(refs) && refs.length > 0) return { [f]: refs };
  }
  return undefined;
}

export function planObject({ desired, live, changes }: ObjectPlanInput): ObjectPlan {
  if (desired && !live) {
    return {
      actions: [
        {
          op: 'create',
          label: 'create',
          changes: creationChanges(desired.fields),
          calls: [{ op: 'saveProductGroup', effect: 'create', args: { source_code: desired.key, ...wireBody(desired.fields) } }],
          phase: 'groups',
        },
      ],
    };
  }
  if (!desired && live) {
    if (live.fields.enabled === false) {
      return { actions: [], notes: [{ level: 'info', message: `disabled on the platform and no longer in the catalog (${DISABLE_REASON})` }] };
    }
    const refs = liveRefList(live);
    if (!refs) return { actions: [], notes: [{ level: 'warning', message: CANNOT_DISABLE }] };
    const group: Fields = { name: live.fields.name ?? live.name, ...(live.fields.code ? { code: live.fields.code } : {}), enabled: false, ...refs, ...liveSalesOrg(live) };
    return {
      actions: [
        {
          op: 'delete',
          label: 'disable',
          reason: DISABLE_REASON,
          changes: [{ path: 'enabled', before: true, after: false }],
          // effect 'update': the group stays on the platform (and in state), so later plans know it is ours and disabled.
          calls: [{ op: 'saveProductGroup', effect: 'update', args: { id: live.id, source_code: live.key!, ...wireBody(group) } }],
          phase: 'delete-groups',
        },
      ],
    };
  }
  if (desired && live && changes.length > 0) {
    return {
      actions: [
        {
          op: 'update',
          label: 'update',
          changes,
          calls: [{ op: 'saveProductGroup', effect: 'update', args: { id: live.id, source_code: desired.key, ...wireBody({ ...liveSalesOrg(live), ...desired.fields }) } }],
          phase: 'groups',
        },
      ],
    };
  }
  return { actions: [] };
}
