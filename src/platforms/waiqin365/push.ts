/**
 * The 产品组推送接口 (the platform POSTs a product group to our URL when it changes): compared with the
 * catalog, it tells whether someone changed a managed group on the platform (drift). Pure.
 *
 * The push carries the query's fields, except that brands and types are called `brandList` / `typeList`.
 * Reply with `{return_code: 0, return_msg: ""}` (PUSH_ACK).
 */
import { z } from 'zod';
import { diffFields } from '../../plan/diff.js';
import type { FieldChange } from '../../plan/types.js';
import type { DesiredObject, TargetState } from '../types.js';
import { withNormalisedText } from '../text.js';
import { liveGroups } from './mapping.js';
import { group, ref } from './wire.js';
import type { PushReader } from '../spec.js';

const groupPush = group.omit({ brands: true, types: true }).extend({
  brandList: z.array(ref).nullish(),
  typeList: z.array(ref).nullish(),
});

export const PUSH_ACK = { return_code: 0, return_msg: '' } as const;

type PushStatus = 'in-sync' | 'drift' | 'deleted' | 'orphaned' | 'unmanaged';

export interface PushReport {
  kind: 'Group';
  id: string;
  name: string;
  /** Our key when the group is ours (source_code, or the state names its id). */
  key?: string;
  status: PushStatus;
  /** For `drift`: `before` is the platform's value, `after` the catalog's (what the next apply sends). */
  changes: FieldChange[];
}

/** Compares one pushed group with the catalog; a body that is not a group push is an error value. */
export function pushReport(body: unknown, desired: readonly DesiredObject[], state: TargetState): PushReport | { error: string } {
  const parsed = groupPush.safeParse(body);
  if (!parsed.success) return { error: `not a product-group push: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` };
  const { brandList, typeList, ...rest } = parsed.data;
  const wire = { ...rest, status: 1, brands: brandList ?? [], types: typeList ?? [] };
  const [live] = liveGroups([wire], state, desired).map(withNormalisedText);
  const base = { kind: 'Group' as const, id: live!.id, name: live!.name, ...(live!.key !== undefined ? { key: live!.key } : {}) };
  const want = live!.key === undefined ? undefined : desired.find((d) => d.kind === 'Group' && d.key === live!.key);
  if (String(rest.status ?? '1') === '0') return { ...base, status: live!.key === undefined ? 'unmanaged' : 'deleted', changes: [] };
  if (live!.key === undefined) return { ...base, status: 'unmanaged', changes: [] };
  // Like plan: a key that is not in the catalog is ours only when the state names this very group.
  if (!want) return { ...base, status: state.get(`Group/${live!.key}`)?.id === live!.id ? 'orphaned' : 'unmanaged', changes: [] };
  const changes = diffFields(want.fields, live!.fields);
  return { ...base, status: changes.length > 0 ? 'drift' : 'in-sync', changes };
}

/** `catalog webhook` for waiqin365 targets (see ../spec.ts PushReader). */
export const waiqin365Push: PushReader = {
  pushes: 'product groups',
  ack: PUSH_ACK,
  refuse: (reason) => ({ return_code: 1, return_msg: reason }),
  report: pushReport,
};
