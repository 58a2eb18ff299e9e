/**
 * goofish per-object planning (pure). Minimal calls:
 * - creates may go out in product/batchCreate calls (apply batches the target's creates);
 * - price/stock-only changes go through product/edit/stock;
 * - any other field (or a changed SKU set) goes through product/edit with only the changed fields;
 * - on-sale state through product/publish or product/downShelf;
 * - delete takes the product down first when it is published (delete is refused otherwise).
 * Stock follows the target's stock policy: `initial` reports differences as notes, `ignore` drops
 * them, `exact` sends them.
 */
import { creationChanges } from '../../plan/diff.js';
import type { FieldChange, Json } from '../../plan/types.js';
import type { ActionDraft, DesiredObject, LiveObject, ObjectPlan, ObjectPlanInput } from '../types.js';
import { applyStockPolicy } from '../stock-policy.js';
import { BATCH_CREATE_MAX } from './wire.js';

type Fields = { [k: string]: Json };
const PUBLISH_SHOP_FIELDS = new Set(['title', 'content', 'images', 'district', 'shops']);
const idRef = (key: string): Json => ({ $ref: `Product/${key}` });

export function planObject(input: ObjectPlanInput): ObjectPlan {
  const { desired, live } = input;
  if (desired && !live) return planCreate(desired);
  if (!desired && live) return planDelete(live);
  if (desired && live) return planUpdate(desired, live, input);
  return { actions: [] };
}

function planCreate(d: DesiredObject): ObjectPlan {
  const f = d.fields;
  const actions: ActionDraft[] = [
    {
      op: 'create',
      label: 'create',
      changes: creationChanges(f).filter((c) => c.path !== 'onSale'),
      // Sent with the target's other creates in product/batchCreate calls (up to 50 each) when there are several.
      calls: [{ op: 'product.create', effect: 'create', args: createBody(d.key, f), batch: { op: 'product.batchCreate', max: BATCH_CREATE_MAX } }],
      phase: 'products',
    },
  ];
  if (f.onSale === true) actions.push(publishAction(d.key, f, { path: 'onSale', before: false, after: true }));
  return { actions };
}

function planDelete(l: LiveObject): ObjectPlan {
  const calls: ActionDraft['calls'] = [];
  if (l.fields.onSale === true) calls.push({ op: 'product.downShelf', effect: 'update', args: { product_id: l.id } });
  calls.push({ op: 'product.delete', effect: 'delete', args: { product_id: l.id } });
  return { actions: [{ op: 'delete', label: 'delete', changes: [], calls, phase: 'delete-products' }] };
}

function planUpdate(d: DesiredObject, l: LiveObject, input: ObjectPlanInput): ObjectPlan {
  const stockPolicy = input.policy.stock;
  const isStock = (c: FieldChange) => c.path === 'stock' || /^skus\.[^.]+\.stock$/.test(c.path);
  const { kept, notes } = applyStockPolicy(input.changes, stockPolicy, isStock);

  const onSale = kept.find((c) => c.path === 'onSale');
  const rest = kept.filter((c) => c !== onSale);
  const skuSetChanged = rest.some((c) => /^skus\.[^.]+$/.test(c.path) || /^skus\.[^.]+\.skuText$/.test(c.path));
  const priceOrStock = (c: FieldChange) =>
    ['price', 'originalPrice', 'stock'].includes(c.path) || /^skus\.[^.]+\.(price|stock)$/.test(c.path);
  const narrowOnly = !skuSetChanged && rest.every(priceOrStock);

  const actions: ActionDraft[] = [];
  if (rest.length > 0 && narrowOnly) {
    actions.push({ op: 'update', label: 'update stock/price', changes: rest, calls: [{ op: 'product.editStock', effect: 'update', args: editStockBody(l, rest, d.fields) }], phase: 'stock' });
  } else if (rest.length > 0) {
    actions.push({ op: 'update', label: 'update', changes: rest, calls: [{ op: 'product.edit', effect: 'update', args: editBody(d, l, rest, stockPolicy === 'exact') }], phase: 'products' });
  }
  if (onSale) {
    if (onSale.after === true) actions.push(publishAction(d.key, d.fields, onSale, l.id));
    else actions.push({ op: 'action', label: 'down-shelf', changes: [onSale], calls: [{ op: 'product.downShelf', effect: 'update', args: { product_id: l.id } }], phase: 'shelf-state' });
  }
  return { actions, notes };
}

function publishAction(key: string, f: Fields, change: FieldChange, id?: string): ActionDraft {
  return {
    op: 'action',
    label: 'publish',
    reason: 'publishing is asynchronous: the product shows as pending until 闲鱼 accepts it',
    changes: [change],
    calls: [{ op: 'product.publish', effect: 'update', args: { product_id: id ?? idRef(key), user_name: f.shops as Json } }],
    phase: 'shelf-state',
  };
}

function skuItems(f: Fields, stockOf: (key: string, desired: number) => number): Json[] {
  const skus = (f.skus ?? {}) as { [k: string]: { skuText: string; price: number; stock: number } };
  return Object.entries(skus).map(([key, s]) => ({ price: s.price, stock: stockOf(key, s.stock), sku_text: s.skuText, outer_id: key }));
}

function publishShops(f: Fields): Json[] {
  const d = f.district as { province: number; city: number; district: number };
  return (f.shops as string[]).map((user_name) => ({
    user_name,
    province: d.province,
    city: d.city,
    district: d.district,
    title: f.title as string,
    content: f.content as string,
    images: f.images as Json,
  }));
}

export function createBody(key: string, f: Fields): Json {
  const body: { [k: string]: Json } = {
    item_biz_type: f.itemBizType!,
    sp_biz_type: f.spBizType!,
    channel_cat_id: f.channelCatId!,
    price: f.price!,
    ...(f.originalPrice !== undefined ? { original_price: f.originalPrice } : {}),
    express_fee: f.expressFee!,
    stock: f.stock!,
    outer_id: key,
    stuff_status: f.stuffStatus!,
    publish_shop: publishShops(f),
  };
  if (f.channelPv !== undefined) body.channel_pv = f.channelPv;
  const items = skuItems(f, (_k, s) => s);
  if (items.length > 0) body.sku_items = items;
  return body;
}

const EDIT_FIELD: { [path: string]: string } = {
  price: 'price',
  originalPrice: 'original_price',
  expressFee: 'express_fee',
  stock: 'stock',
  itemBizType: 'item_biz_type',
  spBizType: 'sp_biz_type',
  channelCatId: 'channel_cat_id',
  stuffStatus: 'stuff_status',
  channelPv: 'channel_pv',
};

function editBody(d: DesiredObject, l: LiveObject, changes: FieldChange[], sendStock: boolean): Json {
  const body: { [k: string]: Json } = { product_id: l.id };
  for (const c of changes) {
    const top = c.path.split('.')[0]!;
    const wire = EDIT_FIELD[top];
    if (wire) body[wire] = d.fields[top]!;
    if (PUBLISH_SHOP_FIELDS.has(top)) body.publish_shop = publishShops(d.fields);
    if (top === 'skus') {
      // The SKU set is sent whole; existing SKUs keep their live stock unless the policy is exact.
      const liveSkus = (l.fields.skus ?? {}) as { [k: string]: { stock: number } };
      body.sku_items = skuItems(d.fields, (k, s) => (sendStock || !liveSkus[k] ? s : liveSkus[k]!.stock));
    }
  }
  return body;
}

function editStockBody(l: LiveObject, changes: FieldChange[], f: Fields): Json {
  const body: { [k: string]: Json } = { product_id: l.id };
  const skuIds = (l.meta.skuIds ?? {}) as { [k: string]: string };
  const skus = new Map<string, { [k: string]: Json }>();
  for (const c of changes) {
    const m = /^skus\.([^.]+)\.(price|stock)$/.exec(c.path);
    if (m) {
      const [, key, field] = m as unknown as [string, string, string];
      const item = skus.get(key) ?? { sku_id: skuIds[key] ?? null, outer_id: key };
      item[field] = c.after!;
      skus.set(key, item);
    } else {
      body[EDIT_FIELD[c.path]!] = f[c.path]!;
    }
  }
  if (skus.size > 0) {
    // edit/stock needs each SKU's stock; keep the live value where only the price changes.
    const liveSkus = (l.fields.skus ?? {}) as { [k: string]: { stock: number } };
    body.sku_items = [...skus.entries()].map(([k, item]) => ({ stock: liveSkus[k]?.stock ?? 0, ...item }));
  }
  return body;
}
