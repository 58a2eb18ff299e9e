/**
 * 外勤365 product-group planning (pure). saveProductGroup is an upsert: create sends `source_code`
 * (our key) and every field; an update sends the group `id`, `source_code` and only the changed fields
 * (brands / types whole). There is no delete call: a managed group that left the catalog (prune on) is
 * disabled (`is_enable` "0"), and a group already disabled needs nothing more.
 */
import { creationChanges } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { ObjectPlan, ObjectPlanInput } from '../types.js';

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

export const DISABLE_REASON = 'waiqin365 has no delete; the group is disabled';

function wireBody(f: Fields, names: Iterable<string>): Fields {
  const body: Fields = {};
  for (const name of names) {
    const v = f[name];
    if (v === undefined) continue;
    body[WIRE_NAMES[name]!] = name === 'enabled' ? (v === true ? '1' : '0') : v;
  }
  return body;
}

export function planGroup({ desired, live, changes }: ObjectPlanInput): ObjectPlan {
  if (desired && !live) {
    return {
      actions: [
        {
          op: 'create',
          label: 'create',
          changes: creationChanges(desired.fields),
          calls: [{ op: 'saveProductGroup', effect: 'create', args: { source_code: desired.key, ...wireBody(desired.fields, Object.keys(desired.fields)) } }],
          phase: 'groups',
        },
      ],
    };
  }
  if (!desired && live) {
    if (live.fields.enabled === false) {
      return { actions: [], notes: [{ level: 'info', message: `disabled on the platform and no longer in the catalog (${DISABLE_REASON})` }] };
    }
    return {
      actions: [
        {
          op: 'delete',
          label: 'disable',
          reason: DISABLE_REASON,
          changes: [{ path: 'enabled', before: true, after: false }],
          // effect 'update': the group stays on the platform (and in state), so later plans know it is ours and disabled.
          calls: [{ op: 'saveProductGroup', effect: 'update', args: { id: live.id, source_code: live.key!, is_enable: '0' } }],
          phase: 'delete-groups',
        },
      ],
    };
  }
  if (desired && live && changes.length > 0) {
    const names = new Set(changes.map((c) => c.path.split('.')[0]!));
    return {
      actions: [
        {
          op: 'update',
          label: 'update',
          changes,
          calls: [{ op: 'saveProductGroup', effect: 'update', args: { id: live.id, source_code: desired.key, ...wireBody(desired.fields, names) } }],
          phase: 'groups',
        },
      ],
    };
  }
  return { actions: [] };
}
