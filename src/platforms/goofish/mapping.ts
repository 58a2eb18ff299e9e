/**
 * Catalog -> desired and wire -> live, in one comparable shape (fen, SKUs keyed by SKU key),
 * so the engine's generic diff sees only real differences.
 *
 * Identity: product `outer_id` = catalog key; SKU `outer_id` = SKU key.
 */
import { createHash } from 'node:crypto';
import { KEY_PATTERN } from '../../catalog/model.js';
import { formatFen } from '../../catalog/money.js';
import type { Catalog, Product } from '../../catalog/types.js';
import type { ChannelPv } from './catalog.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, ImportCandidate, ImportedDocument, LiveObject } from '../types.js';
import { z } from 'zod';
import { channelPv, isPublished, type WireProduct } from './wire.js';

export interface GoofishSku {
  skuText: string;
  price: number;
  stock: number;
}

export function skuText(options: Array<[string, string]>): string {
  return options.map(([n, v]) => `${n}:${v}`).join(';');
}

export function desiredProducts(catalog: Catalog, target: TargetConfig): DesiredObject[] {
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

function parseSkuText(text: string): { [name: string]: string } {
  const options: { [name: string]: string } = {};
  for (const part of text.split(';')) {
    const i = part.indexOf(':');
    if (i > 0) options[part.slice(0, i)] = part.slice(i + 1);
  }
  return options;
}

/** Catalog documents for goofish products (catalog import); money as yuan strings. */
export function productDocuments(objects: ImportCandidate[], target: TargetConfig): ImportedDocument[] {
  return objects
    .filter((o) => o.kind === 'Product')
    .map((o) => {
      const f = o.fields as { [k: string]: any };
      const skus = Object.entries((f.skus ?? {}) as { [k: string]: { skuText: string; price: number; stock: number } });
      const minSku = skus.length > 0 ? Math.min(...skus.map(([, s]) => s.price)) : undefined;
      const doc: { [k: string]: Json } = {
        kind: 'Product',
        key: o.key,
        title: f.title ?? o.name,
        ...(f.content ? { description: f.content } : {}),
        ...(skus.length === 0 || f.price !== minSku ? { price: formatFen(f.price ?? 0) } : {}),
        ...(f.originalPrice ? { originalPrice: formatFen(f.originalPrice) } : {}),
        ...(skus.length === 0 ? { stock: f.stock ?? 0 } : {}),
        images: f.images ?? [],
        onSale: f.onSale === true,
        ...(skus.length > 0
          ? { skus: skus.map(([key, s]) => ({ key, options: parseSkuText(s.skuText), price: formatFen(s.price), stock: s.stock })) }
          : {}),
        targets: [target.name],
        platforms: {
          goofish: {
            itemBizType: f.itemBizType ?? 0,
            spBizType: f.spBizType ?? 0,
            channelCatId: f.channelCatId ?? '',
            stuffStatus: f.stuffStatus ?? 100,
            shops: f.shops ?? [],
            district: f.district ?? { province: 0, city: 0, district: 0 },
            ...(f.expressFee ? { expressFee: formatFen(f.expressFee) } : {}),
            ...(Array.isArray(f.channelPv) && f.channelPv.length > 0
              ? { channelPv: Object.fromEntries((f.channelPv as Array<{ property_name: string; value_name: string }>).map((pv) => [pv.property_name, pv.value_name])) }
              : {}),
          },
        },
      };
      return { kind: 'Product', key: doc.key as string, id: o.id, doc };
    });
}
