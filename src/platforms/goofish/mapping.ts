/**
 * Catalog -> desired and wire -> live, in one comparable shape (fen, SKUs keyed by SKU key),
 * so the engine's generic diff sees only real differences.
 *
 * Identity: product `outer_id` = catalog key; SKU `outer_id` = SKU key.
 */
import type { Catalog, Product } from '../../catalog/types.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, LiveObject } from '../types.js';
import { PUBLISHED_STATUSES, type WireProduct } from './wire.js';

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
      originalPrice: p.originalPrice ?? 0,
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
    },
  };
}

/** A product on the platform in the comparable shape; `key` when its outer_id is a catalog-style key. */
export function liveProduct(w: WireProduct): LiveObject {
  const shops = w.publish_shop ?? [];
  const shop = shops[0];
  const skus: { [k: string]: Json } = {};
  const skuIds: { [k: string]: Json } = {};
  for (const s of w.sku_items ?? []) {
    const key = s.outer_id ?? s.sku_text ?? String(s.sku_id);
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
  set('onSale', PUBLISHED_STATUSES.has(w.product_status));
  const name = shop?.title ?? w.title ?? String(w.product_id);
  return {
    kind: 'Product',
    id: String(w.product_id),
    ...(w.outer_id ? { key: w.outer_id } : {}),
    name,
    fields,
    meta: { productStatus: w.product_status, skuIds },
  };
}
