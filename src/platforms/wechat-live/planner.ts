/**
 * Pure planning of one wechat-live goods: the audit state machine (docs/platforms/wechat-live.md: the
 * platform's rules under "Facts the adapter relies on", the plan for each state in "The audit state machine").
 *
 * | live audit_status           | catalog change         | actions (calls)                                          |
 * |-----------------------------|------------------------|----------------------------------------------------------|
 * | (absent)                    | -                      | create [add] (add submits the audit: 1 audit)             |
 * | 0 not submitted             | none / some            | [update] if changed, then submit-audit [audit] (1 audit)  |
 * | 1 in audit                  | none                   | nothing (the audit decides)                              |
 * | 1 in audit                  | some                   | withdraw + update [resetaudit, update], submit [audit]   |
 * | 2 approved                  | price fields only      | update in place [update {priceType, price, price2}]      |
 * | 2 approved                  | any other field        | replace [add, delete old] (1 audit), with the reason     |
 * | 3 rejected                  | none                   | warning note with the rejection, no call                 |
 * | 3 rejected                  | some                   | [update], submit [audit] (1 audit); the rejection shown  |
 * | any, left the catalog+prune | -                      | delete [delete]; in audit: [resetaudit, delete]          |
 *
 * Replace adds the new goods BEFORE deleting the approved one (create before destroy): the add is the
 * step that can be refused (audit quota, content checks), and the approved goods stays usable in live
 * rooms until its replacement exists. The add records the new goodsId in state; the delete names the old
 * goodsId explicitly (effect 'update', so the engine does not drop the new record).
 *
 * The cover is sent as a placeholder `{ "$media": { file, sha256 } }` (or `{ url }`): the client turns it
 * into a mediaID at apply time, inside the add/update call (uploading unless a cached, unexpired mediaID
 * for the same content exists). Goods in audit whose auditId was lost with the state cannot be withdrawn:
 * that is a warning, not an action.
 */
import type { FieldChange, Json, PlannedCall } from '../../plan/types.js';
import { creationChanges } from '../../plan/diff.js';
import { asFen, fenToYuanNumber } from '../../money/fen.js';
import type { ActionDraft, DesiredObject, LiveObject, ObjectPlan, ObjectPlanInput } from '../types.js';
import { coverIdentity, mediaUsable, type CoverSource, type GoodsFields } from './mapping.js';
import { AUDIT } from './wire.js';

export const PRICE_FIELDS: ReadonlySet<string> = new Set(['priceType', 'price', 'price2']);

/** Comparable field -> wire field of goodsInfo. */
const WIRE_NAME: Record<string, string> = { name: 'name', url: 'url', cover: 'coverImgUrl' };

export function planObject(input: ObjectPlanInput): ObjectPlan {
  const { desired, live, changes } = input;
  const createPlan = (d: DesiredObject) => planCreate(d, input);
  const updateAction = (goodsId: number, d: DesiredObject, c: FieldChange[], label: string) => planUpdate(goodsId, d, c, label, input);
  if (desired && !live) return createPlan(desired);
  if (!desired && live) return deletePlan(live);
  if (!desired || !live) return { actions: [] };

  const status = live.meta.auditStatus;
  const goodsId = Number(live.id);
  const auditId = typeof live.meta.auditId === 'number' ? live.meta.auditId : undefined;
  const rejection = status === AUDIT.rejected ? rejectionNote(live) : undefined;
  const notes = rejection ? [rejection] : [];

  if (status === AUDIT.approved) {
    if (changes.length === 0) return { actions: [] };
    const frozen = changes.filter((c) => !PRICE_FIELDS.has(c.path));
    if (frozen.length === 0) return { actions: [updateAction(goodsId, desired, changes, 'update')] };
    const creation = createPlan(desired);
    return {
      actions: [
        {
          op: 'replace',
          label: 'replace',
          reason: `wechat-live goods that passed audit only accept price changes (${frozen.map(describeChange).join(', ')})`,
          changes,
          calls: [...creation.actions[0]!.calls, { op: 'goods.delete', effect: 'update', args: { goodsId } }],
          phase: 'products',
        },
      ],
      quota: { audit: 1 },
    };
  }

  if (status === AUDIT.inAudit) {
    if (changes.length === 0) return { actions: [] };
    if (auditId === undefined) {
      return {
        actions: [],
        notes: [{ level: 'warning', message: 'in audit and its auditId is not in the state (lost), so it cannot be withdrawn to apply the changes; wait for the audit to finish and plan again' }],
      };
    }
    const update = updateAction(goodsId, desired, changes, 'withdraw-audit, update');
    update.calls.unshift({ op: 'goods.resetaudit', effect: 'update', args: { auditId, goodsId } });
    update.reason = 'goods in audit cannot be edited: the audit is withdrawn (its submission is not refunded), the goods updated and submitted again';
    return { actions: [update, submitAction(goodsId)], quota: { audit: 1 } };
  }

  if (status === AUDIT.rejected && changes.length === 0) return { actions: [], notes };

  // Not submitted (withdrawn, or "added but submission failed"), or rejected with changes.
  const actions: ActionDraft[] = [];
  if (changes.length > 0) actions.push(updateAction(goodsId, desired, changes, 'update'));
  actions.push(submitAction(goodsId));
  return { actions, notes, quota: { audit: 1 } };
}

function planCreate(desired: DesiredObject, input: ObjectPlanInput): ObjectPlan {
  const f = desired.fields;
  const goodsInfo: { [k: string]: Json } = {
    coverImgUrl: mediaPlaceholder(desired),
    name: f.name as string,
    ...priceInfo(f),
    url: f.url as string,
  };
  return {
    actions: [
      {
        op: 'create',
        label: 'create + submit-audit',
        changes: creationChanges(f),
        calls: [...coverUpload(desired, input), { op: 'goods.add', effect: 'create', args: { goodsInfo } }],
        phase: 'products',
      },
    ],
    quota: { audit: 1 },
  };
}

function deletePlan(live: LiveObject): ObjectPlan {
  const goodsId = Number(live.id);
  const calls: PlannedCall[] = [{ op: 'goods.delete', effect: 'delete', args: { goodsId } }];
  if (live.meta.auditStatus === AUDIT.inAudit) {
    const auditId = live.meta.auditId;
    if (typeof auditId !== 'number') {
      return { actions: [], notes: [{ level: 'warning', message: 'in audit and its auditId is not in the state (lost): it cannot be withdrawn, and goods in audit cannot be deleted; plan again once the audit is decided' }] };
    }
    calls.unshift({ op: 'goods.resetaudit', effect: 'update', args: { auditId, goodsId } });
  }
  return {
    actions: [
      {
        op: 'delete',
        label: calls.length > 1 ? 'withdraw-audit, delete' : 'delete',
        ...(calls.length > 1 ? { reason: 'goods in audit cannot be deleted: the audit is withdrawn first' } : {}),
        changes: [],
        calls,
        phase: 'delete-products',
      },
    ],
  };
}

/** goodsInfo with the changed fields only (the price fields travel together: the platform checks them as a set). */
function planUpdate(goodsId: number, desired: DesiredObject, changes: FieldChange[], label: string, input: ObjectPlanInput): ActionDraft {
  const f = desired.fields;
  const goodsInfo: { [k: string]: Json } = { goodsId };
  for (const c of changes) {
    if (PRICE_FIELDS.has(c.path)) Object.assign(goodsInfo, priceInfo(f));
    else if (c.path === 'cover') goodsInfo.coverImgUrl = mediaPlaceholder(desired);
    else if (WIRE_NAME[c.path]) goodsInfo[WIRE_NAME[c.path]!] = f[c.path] as Json;
  }
  const upload = goodsInfo.coverImgUrl === undefined ? [] : coverUpload(desired, input);
  return { op: 'update', label, changes, calls: [...upload, { op: 'goods.update', effect: 'update', args: { goodsInfo } }], phase: 'products' };
}

function submitAction(goodsId: number): ActionDraft {
  return {
    op: 'action',
    label: 'submit-audit',
    reason: 'the goods is not in audit; it can be used in live rooms only once approved',
    changes: [],
    calls: [{ op: 'goods.audit', effect: 'update', args: { goodsId } }],
    phase: 'audits',
  };
}

/** The price fields of goods/add|update: yuan as JSON numbers. */
function priceInfo(fields: { [k: string]: Json }): { [k: string]: Json } {
  const f = fields as GoodsFields;
  return {
    priceType: f.priceType,
    price: fenToYuanNumber(f.price),
    ...(f.priceType === 1 ? {} : { price2: fenToYuanNumber(f.price2 ?? asFen(0)) }),
  };
}

/**
 * The cover upload the add/update call needs, as a call of its own (so the plan counts it): none when
 * the state holds a mediaID for the same content that is still usable at plan time. Goods sharing a
 * cover share one upload (`once`). URL covers are hashed only once downloaded, so they always count.
 */
function coverUpload(desired: DesiredObject, { state, now }: ObjectPlanInput): PlannedCall[] {
  const source = desired.extra?.cover as CoverSource | undefined;
  if (!source) throw new Error(`bug: product ${desired.key} has no cover source`);
  if ('file' in source && mediaUsable(state.get(`Image/${source.sha256}`), now === undefined ? undefined : Date.parse(now))) return [];
  return [{ op: 'media.upload', effect: 'update', args: { $media: { ...source } }, once: coverIdentity(source) }];
}

function mediaPlaceholder(desired: DesiredObject): Json {
  const source = desired.extra?.cover as CoverSource | undefined;
  if (!source) throw new Error(`bug: product ${desired.key} has no cover source`);
  return { $media: { ...source } };
}

function describeChange(c: FieldChange): string {
  const show = (v: Json | undefined) => (v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v));
  return `${c.path}: ${show(c.before)} -> ${show(c.after)}`;
}

function rejectionNote(live: LiveObject): { level: 'warning'; message: string } {
  const reason = typeof live.meta.auditReason === 'string' ? `: ${live.meta.auditReason}` : '';
  return { level: 'warning', message: `audit rejected${reason}; change the goods in the catalog, and apply submits it again` };
}
