/**
 * Pure planning of wechat-channels objects (docs/platforms/wechat-channels.md sections 4-7).
 *
 * Products — the audit workflow decides the calls:
 *
 * | live                                   | catalog change                  | calls                                                    |
 * |----------------------------------------|---------------------------------|----------------------------------------------------------|
 * | (absent)                               | -                               | product.add {listing: onSale ? 1 : 0} (1 audit if listed) |
 * | edit_status 2 (in audit)               | any, whileInAudit: withdraw     | product.auditCancel, then as below (the plan says so)     |
 * | edit_status 2 (in audit)               | any, whileInAudit: wait         | nothing; a note says the change waits for the audit      |
 * | edit_status 7 (async upload)           | any                             | nothing; a note (plan again once the upload ended)        |
 * | any other                              | audited fields                  | product.update, full body, {listing: onSale ? 1 : 0}      |
 * | listed once, not in audit              | audit-free fields only          | product.auditfree (no audit)                             |
 * | never listed                           | audit-free fields only          | product.update (the audit-free call needs a listed product) |
 * | listed at least once                   | stock (per the stock policy)    | stock.update deltas (diff_type 1 add / 2 subtract)        |
 * | never listed                           | stock (per the stock policy)    | in the product.update body (stock_num)                    |
 * | status 5                               | onSale -> false                 | product.delisting                                        |
 * | not status 5, not in audit             | onSale -> true                  | product.listing (1 audit), unless rejected and unchanged  |
 * | edit_status 3 (rejected), no change    | -                               | nothing; a warning with the platform's reason             |
 * | left the catalog (prune)               | -                               | [auditCancel if in audit], [delisting if on sale], delete |
 *
 * A full update keeps the live stock of listed products in its body (stock moves only by deltas, so
 * sales between plan and apply are never overwritten); delta calls go before the update in the same
 * action (the update submits the audit, and stock cannot change while in audit).
 *
 * Freight templates: freight.add / freight.update with our fields; the client reads the template
 * (update: read-modify-write, the call wants every field) or the store's default template (add: the
 * ship-from address) at apply time. There is no delete call: a pruned template is left with a note.
 *
 * Images: one image.upload per content (file) or URL, before the products (phase `images`).
 */
import { creationChanges } from '../../plan/diff.js';
import type { FieldChange, Json, PlannedCall } from '../../plan/types.js';
import { applyStockPolicy } from '../stock-policy.js';
import type { ActionDraft, DesiredObject, LiveObject, ObjectPlan, ObjectPlanInput } from '../types.js';
import { AUDIT_FREE_PATHS, imageRef, isStockPath } from './mapping.js';
import { EDIT, STATUS } from './wire.js';

type Fields = { [k: string]: Json };
const ref = (kind: string, key: string): Json => ({ $ref: `${kind}/${key}` });

export function planObject(input: ObjectPlanInput): ObjectPlan {
  const kind = input.desired?.kind ?? input.live?.kind;
  if (kind === 'Image') return planImage(input);
  if (kind === 'ShippingTemplate') return planTemplate(input);
  if (kind === 'Product') return planProduct(input);
  return { actions: [] };
}

// ---------------------------------------------------------------- images

function planImage({ desired, state }: ObjectPlanInput): ObjectPlan {
  if (!desired || state.get(imageRef(desired.key))) return { actions: [] };
  const source = desired.extra as { path?: string; url?: string };
  const label = source.path ?? source.url ?? desired.key;
  return {
    actions: [
      {
        op: 'create',
        label: `upload ${label}`,
        changes: [{ path: source.path !== undefined ? 'file' : 'url', after: label }],
        calls: [{ op: 'image.upload', effect: 'create', args: { ...source, key: desired.key } }],
        phase: 'images',
      },
    ],
  };
}

// ---------------------------------------------------------------- freight templates

/** Our part of a freight_template (the client adds what it keeps from the live one). */
export function templateBody(d: DesiredObject): Fields {
  const f = d.fields;
  const rule = (r: Fields, isDefault: boolean, addresses: Json[]): Json => ({
    is_default: isDefault,
    address_infos: addresses,
    first_val_amount: r.firstItems!,
    first_price: r.firstFee!,
    second_val_amount: r.additionalItems!,
    second_price: r.additionalFee!,
  });
  return {
    name: f.name!,
    valuation_type: 'PIECE',
    shipping_method: f.payer === 'seller' ? 'FREE' : 'NO_FREE',
    delivery_type: 'EXPRESS',
    all_freight_calc_method: {
      freight_calc_method_list: [
        rule(f, true, []),
        ...(f.regions as Fields[]).map((g) => rule(g, false, [{ province_name: g.province!, ...(g.city !== undefined ? { city_name: g.city } : {}) }])),
      ],
    },
  };
}

function planTemplate({ desired: d, live: l, changes }: ObjectPlanInput): ObjectPlan {
  const carriers = (d?.extra?.carriers ?? []) as string[];
  const notes = carriers.length > 1 ? [{ level: 'info' as const, message: `the Channels store prices one rule set per template, not per carrier: the ${carriers.includes('express') ? 'express' : carriers[0]} rates are used` }] : [];
  if (d && !l) {
    return { actions: [{ op: 'create', label: 'create', changes: creationChanges(d.fields), calls: [{ op: 'freight.add', effect: 'create', args: { freight_template: templateBody(d) } }], phase: 'shipping-templates' }], notes };
  }
  if (!d && l) {
    return { actions: [], notes: [{ level: 'warning', message: 'left the catalog, but the Channels store API has no call to delete a freight template: delete it in the store admin if it is no longer used' }] };
  }
  if (d && l && changes.length > 0) {
    return {
      actions: [{ op: 'update', label: 'update', changes, calls: [{ op: 'freight.update', effect: 'update', args: { freight_template: { template_id: l.id, ...templateBody(d) } } }], phase: 'shipping-templates' }],
      notes,
    };
  }
  return { actions: [], notes };
}

// ---------------------------------------------------------------- products

interface SkuFields {
  attributes: { [k: string]: string };
  salePrice: number;
  marketPrice?: number;
  stock: number;
  image?: string;
}

/**
 * The add/update body: every field (update overwrites the whole draft). `live` gives existing SKUs
 * their sku_id and out_sku_id (a SKU without sku_id is created; a live SKU left out is deleted);
 * `stockOf(skuKey, desired)` decides each SKU's stock_num.
 */
export function productBody(d: DesiredObject, live: LiveObject | undefined, stockOf: (skuKey: string, desired: number) => number): Fields {
  const f = d.fields;
  const wires = (d.extra?.imageWires ?? {}) as { [token: string]: Json };
  const img = (token: string): Json => wires[token] ?? token;
  const skuIds = (live?.meta.skuIds ?? {}) as { [k: string]: string };
  const outSkuIds = (live?.meta.outSkuIds ?? {}) as { [k: string]: string };
  // What the platform holds that catalog does not manage: sent back, as update overwrites the whole draft.
  const keep = (live?.meta.keep ?? {}) as Fields;
  const keepService = (live?.meta.extraService ?? {}) as Fields;
  const skuKeep = (live?.meta.skuKeep ?? {}) as { [k: string]: Fields };
  const skus = f.skus as unknown as { [k: string]: SkuFields };
  const desc = f.description as { text: string; images: string[] };
  const freight = f.freight as string;
  const service = f.service as { sevenDayReturn: number; freightInsurance: boolean };
  const body: Fields = {
    ...keep,
    out_product_id: d.key,
    title: f.title!,
    ...(f.shortTitle ? { short_title: f.shortTitle } : {}),
    head_imgs: (f.headImages as string[]).map(img),
    desc_info: { imgs: desc.images.map(img), desc: desc.text },
    cats_v2: (f.category as string[]).map((cat_id) => ({ cat_id })),
    attrs: Object.entries(f.attributes as Fields).map(([attr_key, attr_value]) => ({ attr_key, attr_value })),
    brand_id: f.brandId!,
    deliver_method: 0,
    ...(freight ? { express_info: expressInfo(freight, f.weight as number) } : {}),
    extra_service: { ...keepService, seven_day_return: service.sevenDayReturn, freight_insurance: service.freightInsurance ? 1 : 0 },
    ...(f.spuCode ? { spu_code: f.spuCode } : {}),
    skus: Object.entries(skus).map(([k, s]): Json => ({
      ...(skuKeep[k] ?? {}),
      ...(skuIds[k] !== undefined ? { sku_id: skuIds[k] } : {}),
      out_sku_id: outSkuIds[k] ?? k,
      ...(s.image ? { thumb_img: img(s.image) } : {}),
      sale_price: s.salePrice,
      ...(s.marketPrice !== undefined ? { market_price: s.marketPrice } : {}),
      stock_num: stockOf(k, s.stock),
      sku_attrs: Object.entries(s.attributes).map(([attr_key, attr_value]) => ({ attr_key, attr_value })),
    })),
  };
  return body;
}

function expressInfo(freight: string, weight: number): Fields {
  const template_id: Json = freight.startsWith('id:') ? freight.slice(3) : ref('ShippingTemplate', freight);
  return { template_id, ...(weight > 0 ? { weight } : {}) };
}

const isStockChange = (c: FieldChange): boolean => isStockPath(c.path) && typeof c.before === 'number' && typeof c.after === 'number';

function planProduct(input: ObjectPlanInput): ObjectPlan {
  const { desired: d, live: l } = input;
  if (d && !l) return planCreate(d);
  if (!d && l) return planDelete(l);
  if (d && l) return planUpdate(d, l, input);
  return { actions: [] };
}

function planCreate(d: DesiredObject): ObjectPlan {
  const listing = d.fields.onSale === true ? 1 : 0;
  return {
    actions: [
      {
        op: 'create',
        label: listing ? 'create + submit-audit' : 'create (draft)',
        changes: creationChanges(d.fields),
        calls: [{ op: 'product.add', effect: 'create', args: { ...productBody(d, undefined, (_k, s) => s), listing } }],
        phase: 'products',
      },
    ],
    ...(listing ? { quota: { audit: 1 } } : {}),
  };
}

function planDelete(l: LiveObject): ObjectPlan {
  const product_id = l.id;
  const calls: PlannedCall[] = [];
  const steps: string[] = [];
  if (l.meta.editStatus === EDIT.inAudit) {
    calls.push({ op: 'product.auditCancel', effect: 'update', args: { product_id } });
    steps.push('withdraw-audit');
  }
  if (l.meta.status === STATUS.onSale) {
    calls.push({ op: 'product.delisting', effect: 'update', args: { product_id } });
    steps.push('delist');
  }
  calls.push({ op: 'product.delete', effect: 'delete', args: { product_id } });
  steps.push('delete');
  return {
    actions: [
      {
        op: 'delete',
        label: steps.join(', '),
        ...(steps.length > 1 ? { reason: 'a product in audit or on sale cannot be deleted: it is withdrawn from audit and delisted first' } : {}),
        changes: [],
        calls,
        phase: 'delete-products',
      },
    ],
  };
}

function planUpdate(d: DesiredObject, l: LiveObject, input: ObjectPlanInput): ObjectPlan {
  const { kept, notes } = applyStockPolicy(input.changes, input.policy.stock, isStockChange);
  const editStatus = l.meta.editStatus as number;
  const status = l.meta.status as number;
  const listedOnce = l.meta.listedOnce === true;
  const product_id = l.id;
  const rejected = editStatus === EDIT.rejected;
  if (rejected) notes.push({ level: 'warning', message: `audit rejected${typeof l.meta.auditReason === 'string' ? `: ${l.meta.auditReason}` : ''}; change the product in the catalog, and apply submits it again` });
  if (kept.length === 0) return { actions: [], notes };

  if (editStatus === EDIT.uploading) {
    notes.push({ level: 'warning', message: 'the platform is still processing the last upload of this product (edit_status 7, more than 25 SKUs); plan again in a few minutes' });
    return { actions: [], notes };
  }
  const onSale = kept.find((c) => c.path === 'onSale');
  const stock = kept.filter(isStockChange);
  const free = kept.filter((c) => AUDIT_FREE_PATHS.test(c.path));
  const audited = kept.filter((c) => c !== onSale && !stock.includes(c) && !free.includes(c));
  const wantOnSale = d.fields.onSale === true;
  const inAudit = editStatus === EDIT.inAudit;

  const withdraw: PlannedCall[] = [];
  let reason: string | undefined;
  if (inAudit) {
    const waiting = audited.length > 0 || free.length > 0 || stock.length > 0 || (onSale !== undefined && !wantOnSale);
    if (!waiting) {
      notes.push({ level: 'info', message: 'in audit: it is listed once the platform approves it' });
      return { actions: [], notes };
    }
    if (d.extra?.whileInAudit === 'wait') {
      notes.push({ level: 'warning', message: 'in audit: the change waits until the audit ends (platforms.wechat-channels.whileInAudit: wait); plan again then' });
      return { actions: [], notes };
    }
    withdraw.push({ op: 'product.auditCancel', effect: 'update', args: { product_id } });
    reason = 'a product in audit cannot be changed: the audit is withdrawn first (the withdrawn submission still counts against the audit quota; set platforms.wechat-channels.whileInAudit: wait to wait instead)';
  }

  const stockDeltas = (): PlannedCall[] => stock.map((c) => stockCall(l, c));
  // The audit-free call takes products listed at least once and not in audit (on sale or delisted).
  const auditFreeOk = listedOnce && !inAudit;
  const actions: ActionDraft[] = [];
  let audit = 0;
  // Audited fields (or audit-free ones on a product the audit-free call cannot take): one full update.
  const needsFull = audited.length > 0 || (free.length > 0 && !auditFreeOk) || (stock.length > 0 && !listedOnce) || (inAudit && wantOnSale);
  if (needsFull) {
    const liveStock = (k: string, want: number): number => {
      if (!listedOnce) return want;
      const have = ((l.fields.skus ?? {}) as unknown as { [k: string]: SkuFields })[k]?.stock;
      return typeof have === 'number' ? have : want;
    };
    const listing = wantOnSale ? 1 : 0;
    if (listing) audit += 1;
    const deltas = listedOnce ? stockDeltas() : [];
    actions.push({
      op: 'update',
      label: [...(withdraw.length ? ['withdraw-audit'] : []), 'update', ...(deltas.length ? ['stock'] : []), ...(listing ? ['submit-audit'] : [])].join(', '),
      ...(reason ? { reason } : {}),
      changes: [...audited, ...free, ...stock, ...(onSale && wantOnSale ? [onSale] : [])],
      calls: [...withdraw, ...deltas, { op: 'product.update', effect: 'update', args: { product_id, ...productBody(d, l, liveStock), listing } }],
      phase: 'products',
    });
  } else {
    if (withdraw.length > 0) {
      actions.push({ op: 'action', label: 'withdraw-audit', ...(reason ? { reason } : {}), changes: [], calls: withdraw, phase: 'products' });
    }
    if (free.length > 0) {
      actions.push({ op: 'update', label: 'update (audit-free)', changes: free, calls: [{ op: 'product.auditfree', effect: 'update', args: auditFreeBody(d, l) }], phase: 'products' });
    }
    if (stock.length > 0) actions.push({ op: 'update', label: 'stock', changes: stock, calls: stockDeltas(), phase: 'stock' });
  }
  if (onSale && !wantOnSale && status === STATUS.onSale) {
    actions.push({ op: 'action', label: 'delist', changes: [onSale], calls: [{ op: 'product.delisting', effect: 'update', args: { product_id } }], phase: 'shelf-state' });
  } else if (onSale && wantOnSale && !needsFull) {
    if (rejected && audited.length === 0) {
      // Submitting the rejected draft again unchanged would be rejected again (and cost an audit).
    } else {
      audit += 1;
      actions.push({
        op: 'action',
        label: 'list (submit-audit)',
        reason: 'listing submits the product for audit; it is on sale once approved',
        changes: [onSale],
        calls: [{ op: 'product.listing', effect: 'update', args: { product_id } }],
        phase: 'audits',
      });
    }
  }
  return { actions, notes, ...(audit > 0 ? { quota: { audit } } : {}) };
}

function stockCall(l: LiveObject, c: FieldChange): PlannedCall {
  const skuKey = c.path.split('.')[1]!;
  const ids = (l.meta.onlineSkuIds ?? {}) as { [k: string]: string };
  const delta = (c.after as number) - (c.before as number);
  return { op: 'stock.update', effect: 'update', args: { product_id: l.id, sku_id: ids[skuKey] ?? (l.meta.skuIds as { [k: string]: string })[skuKey] ?? '', diff_type: delta > 0 ? 1 : 2, num: Math.abs(delta) } };
}

/** The audit-free body: every SKU with its price, the freight, the services and spu_code (omitted fields stay unchanged). */
function auditFreeBody(d: DesiredObject, l: LiveObject): Fields {
  const f = d.fields;
  const ids = (l.meta.onlineSkuIds ?? {}) as { [k: string]: string };
  const skus = f.skus as unknown as { [k: string]: SkuFields };
  const service = f.service as { sevenDayReturn: number; freightInsurance: boolean };
  const freight = f.freight as string;
  return {
    product_id: l.id,
    skus: Object.entries(skus).flatMap(([k, s]): Json[] => (ids[k] !== undefined ? [{ sku_id: ids[k], sale_price: s.salePrice }] : [])),
    ...(freight ? { express_info: expressInfo(freight, f.weight as number) } : {}),
    extra_service: { seven_day_return: service.sevenDayReturn, freight_insurance: service.freightInsurance ? 1 : 0 },
    spu_code: (f.spuCode as string) ?? '',
  };
}
