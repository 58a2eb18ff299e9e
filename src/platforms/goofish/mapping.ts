/**
 * Catalog -> desired and wire -> live, in one comparable shape (fen, SKUs keyed by SKU key),
 * so the engine's generic diff sees only real differences.
 *
 * Identity: product `outer_id` = catalog key; SKU `outer_id` = SKU key.
 */
import { createHash } from 'node:crypto';
import { KEY_PATTERN } from '../../catalog/model.js';
import { type Fen } from '../../money/fen.js';
import type { Catalog, Product } from '../../catalog/types.js';
import type { ChannelPv } from './catalog.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import { fenFields, type DesiredObject, type FieldUnits, type LiveObject } from '../types.js';
import { z } from 'zod';
import { channelPv, isPublished, type WireProduct } from './wire.js';

/** A SKU in a product's comparable fields, keyed by SKU key. */
export type SkuFields = { skuText: string; price: Fen; stock: number };

/** A product's comparable fields (desired and live; the wire's money is fen already). */
export type ProductFields = {
  title: string;
  content: string;
  images: string[];
  price: Fen;
  originalPrice?: Fen;
  expressFee: Fen;
  stock: number;
  itemBizType: number;
  spBizType: number;
  channelCatId: string;
  stuffStatus: number;
  district: { province: number; city: number; district: number };
  shops: string[];
  skus: { [skuKey: string]: SkuFields };
  onSale: boolean;
  channelPv?: Array<{ property_id: string; property_name: string; value_id: string; value_name: string }>;
};

/** Which comparable fields are money in fen, per kind (the plan shows them in yuan). */
export const FIELD_UNITS: FieldUnits = {
  Product: fenFields<ProductFields>({ price: true, originalPrice: true, expressFee: true, 'skus.*.price': true }),
};

export function skuText(options: Array<[string, string]>): string {
  return options.map(([n, v]) => `${n}:${v}`).join(';');
}

export function desired(catalog: Catalog, target: TargetConfig): DesiredObject[] {
  return catalog.products.filter((p) => p.targets.includes(target.name)).map(desiredProduct);
}

function desiredProduct(p: Product): DesiredObject {
  const g = p.platforms.goofish;
  if (!g) throw new Error(`bug: product ${p.key} reached goofish without a goofish block (the loader requires it)`);
  const skus: { [k: string]: Json } = {};
  for (const s of p.skus) skus[s.key] = { skuText: skuText(s.options), price: s.price, stock: s.stock };
  return {
    kind: 'Product',
    key: p.key,
    protect: p.protect,
    fields: {
      title: p.title,
      content: p.description,
      // goofish takes image URLs only (it has no upload call); the loader warns about local files.
      images: p.images.flatMap((i) => (i.kind === 'url' ? [i.url] : [])),
      price: p.price,
      // Only when the catalog sets one: goofish shows an original price next to the price, and 0 is not "none".
      ...(p.originalPrice !== undefined ? { originalPrice: p.originalPrice } : {}),
      expressFee: g.expressFee,
      stock: p.stock,
      itemBizType: g.itemBizType,
      spBizType: g.spBizType,
      channelCatId: g.channelCatId,
      stuffStatus: g.stuffStatus,
      district: g.district,
      shops: [...g.shops].sort(),
      skus,
      onSale: p.onSale,
      ...(g.channelPv?.length ? { channelPv: g.channelPv.map(wirePv).sort(byPropertyId) } : {}),
    },
  };
}

/**
 * channel_pv in the comparable (and wire) shape: ids resolved at plan time from the category's
 * property list; an entry not resolved (no list was read) is sent as written, taken as ids.
 */
function wirePv(pv: ChannelPv): Json {
  const r = pv.resolved;
  return r
    ? { property_id: r.propertyId, property_name: r.propertyName, value_id: r.valueId, value_name: r.valueName }
    : { property_id: pv.property, property_name: pv.property, value_id: pv.value, value_name: pv.value };
}

const byPropertyId = (a: Json, b: Json): number => {
  const x = String((a as { property_id: string }).property_id);
  const y = String((b as { property_id: string }).property_id);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** A product on the platform in the comparable shape; `key` when its outer_id is a catalog-style key. */
export function liveProduct(w: WireProduct): LiveObject {
  const shops = w.publish_shop ?? [];
  const shop = shops[0];
  const skus: { [k: string]: Json } = {};
  const skuIds: { [k: string]: Json } = {};
  for (const s of w.sku_items ?? []) {
    const key = s.outer_id && KEY_PATTERN.test(s.outer_id) ? s.outer_id : skuKeyOf(s.sku_text ?? String(s.sku_id));
    skus[key] = { skuText: s.sku_text ?? '', price: s.price, stock: s.stock };
    if (s.sku_id !== undefined) skuIds[key] = String(s.sku_id);
  }
  const fields: { [k: string]: Json } = {};
  const set = (k: string, v: Json | undefined) => {
    if (v !== undefined) fields[k] = v;
  };
  set('title', shop?.title ?? w.title);
  set('content', shop?.content ?? w.desc);
  set('images', shop?.images ?? w.images);
  set('price', w.price);
  set('originalPrice', w.original_price ?? 0);
  set('expressFee', w.express_fee ?? 0);
  set('stock', w.stock);
  set('itemBizType', w.item_biz_type);
  set('spBizType', w.sp_biz_type);
  set('channelCatId', w.channel_cat_id);
  set('stuffStatus', w.stuff_status ?? undefined);
  if (shop && shop.province !== undefined && shop.city !== undefined && shop.district !== undefined) {
    set('district', { province: shop.province, city: shop.city, district: shop.district });
  }
  if (shops.length > 0) set('shops', shops.map((s) => s.user_name).sort());
  set('skus', skus);
  set('onSale', isPublished(w));
  const pvs = z.array(channelPv).safeParse(w.channel_pv);
  if (pvs.success) {
    set(
      'channelPv',
      pvs.data
        .map((pv) => ({ property_id: String(pv.property_id), property_name: pv.property_name ?? '', value_id: String(pv.value_id), value_name: pv.value_name ?? '' }))
        .sort(byPropertyId),
    );
  }
  const name = shop?.title ?? w.title ?? String(w.product_id);
  return {
    kind: 'Product',
    id: String(w.product_id),
    // Only an outer_id that is a catalog key is our identity; others are the merchant's own codes.
    ...(w.outer_id && KEY_PATTERN.test(w.outer_id) ? { key: w.outer_id } : {}),
    name,
    fields,
    meta: { productStatus: w.product_status, skuIds },
  };
}

/** Key of a SKU that carries no outer_id: derived from its sku_text, the same way on read and import. */
export function skuKeyOf(text: string): string {
  return `sku-${createHash('md5').update(text).digest('hex').slice(0, 8)}`;
}

