/**
 * goofish wire shapes (zod), from the facts in docs/platforms/goofish.md ("Facts the adapter relies
 * on": the open API and the product/edit document, with their sources). Responses are parsed
 * leniently where the documents are silent (unknown fields pass through), strictly where we rely on
 * a field.
 */
import { z } from 'zod';
import type { EndpointTable } from '../endpoints.js';

/**
 * Every call the adapter makes (all POST JSON); a target overrides a path with `paths:`. product/create
 * and product/batchCreate are not idempotent (a repeat makes second products); the other writes leave the same result.
 */
export const ENDPOINTS = {
  'product.list': { method: 'POST', path: '/api/open/product/list', safety: 'read' },
  'product.detail': { method: 'POST', path: '/api/open/product/detail', safety: 'read' },
  'product.create': { method: 'POST', path: '/api/open/product/create', safety: 'unsafe' },
  'product.batchCreate': { method: 'POST', path: '/api/open/product/batchCreate', safety: 'unsafe' },
  'product.edit': { method: 'POST', path: '/api/open/product/edit', safety: 'idempotent' },
  'product.editStock': { method: 'POST', path: '/api/open/product/edit/stock', safety: 'idempotent' },
  'product.publish': { method: 'POST', path: '/api/open/product/publish', safety: 'idempotent' },
  'product.downShelf': { method: 'POST', path: '/api/open/product/downShelf', safety: 'idempotent' },
  'product.delete': { method: 'POST', path: '/api/open/product/delete', safety: 'idempotent' },
  'user.authorizeList': { method: 'POST', path: '/api/open/user/authorize/list', safety: 'read' },
  'product.categoryList': { method: 'POST', path: '/api/open/product/category/list', safety: 'read' },
  'product.pvList': { method: 'POST', path: '/api/open/product/pv/list', safety: 'read' },
} as const satisfies EndpointTable;

export const envelope = z.looseObject({
  code: z.number(),
  msg: z.string().optional(),
  data: z.unknown().optional(),
});

const skuItem = z.looseObject({
  sku_id: z.union([z.number(), z.string()]).optional(),
  price: z.number(),
  stock: z.number(),
  sku_text: z.string().optional(),
  outer_id: z.string().nullish(),
});

const publishShop = z.looseObject({
  user_name: z.string(),
  province: z.number().optional(),
  city: z.number().optional(),
  district: z.number().optional(),
  title: z.string().optional(),
  content: z.string().optional(),
  images: z.array(z.string()).optional(),
});

export const product = z.looseObject({
  product_id: z.union([z.number(), z.string()]),
  product_status: z.number(),
  publish_status: z.number().optional(),
  item_biz_type: z.number().optional(),
  sp_biz_type: z.number().optional(),
  channel_cat_id: z.string().optional(),
  price: z.number().optional(),
  original_price: z.number().nullish(),
  express_fee: z.number().nullish(),
  stock: z.number().optional(),
  outer_id: z.string().nullish(),
  stuff_status: z.number().nullish(),
  title: z.string().optional(),
  desc: z.string().optional(),
  images: z.array(z.string()).optional(),
  sku_items: z.array(skuItem).nullish(),
  publish_shop: z.array(publishShop).nullish(),
  /** Read leniently (see liveProduct): a shape we do not know leaves the field uncompared, never fails the read. */
  channel_pv: z.unknown().optional(),
  update_time: z.number().optional(),
});
export type WireProduct = z.infer<typeof product>;

export const listData = z.looseObject({
  list: z.array(product),
  count: z.number().optional(),
  total: z.number().optional(),
});

export const createData = z.looseObject({
  product_id: z.union([z.number(), z.string()]),
  product_status: z.number().optional(),
});

/** product/batchCreate: products per call at most (the public SDKs: 每批次最多创建50个商品). */
export const BATCH_CREATE_MAX = 50;

/**
 * product/batchCreate's answer: one entry per item, by the item_key we sent; a created product has
 * its product_id, a refused one its own code and message. The platform's real shape is not
 * published (the SDKs pass the answer through): assumed, and read leniently. An item the answer
 * does not mention has an unknown outcome.
 */
export const batchCreateData = z.looseObject({
  list: z.array(
    z.looseObject({
      item_key: z.union([z.string(), z.number()]),
      code: z.number().optional(),
      msg: z.string().nullish(),
      product_id: z.union([z.number(), z.string()]).nullish(),
    }),
  ),
});

/** product_status values (docs/platforms/goofish.md, "Facts the adapter relies on": status machine). */
export const PRODUCT_STATUS = {
  deleted: -1,
  pendingPublish: 21,
  onSale: 22,
  soldOut: 23,
  manuallyOff: 31,
  offAfterSale: 33,
  autoOff: 36,
} as const;

/** Statuses in which a product counts as published (on sale, or on its way there). */
const PUBLISHED_STATUSES: ReadonlySet<number> = new Set([21, 22, 23]);

/** publish_status values of a published product: 2 pending, 3 on sale, 5 sold out (1 draft, 4 off shelf, 9 abnormal are not). */
const PUBLISHED_PUBLISH_STATUSES: ReadonlySet<number> = new Set([2, 3, 5]);

/**
 * Whether a product is published. product_status 21 covers both a fresh draft (publish_status 1)
 * and a pending publish (2), so publish_status decides when the platform returns it.
 */
export function isPublished(w: { product_status: number; publish_status?: number | undefined }): boolean {
  if (w.publish_status !== undefined) return PUBLISHED_PUBLISH_STATUSES.has(w.publish_status);
  return PUBLISHED_STATUSES.has(w.product_status);
}

/** Limits of the list call. */
export const LIST_PAGE_SIZE = 100;
export const LIST_MAX_WINDOW = 10_000;

// ------------------------------------------------------------------ reference data

/** user/authorize/list: the authorised shops (user_name is what publish_shop takes). */
export const shopList = z.looseObject({
  list: z.array(z.looseObject({ user_name: z.string(), user_nick: z.string().nullish(), authorize_id: z.union([z.number(), z.string()]).nullish() })),
});

/** product/category/list {item_biz_type, sp_biz_type?}. */
export const categoryList = z.looseObject({
  list: z.array(z.looseObject({ sp_biz_type: z.number().optional(), channel_cat_id: z.string(), channel_cat_name: z.string().nullish() })),
});

/**
 * product/pv/list {item_biz_type, sp_biz_type, channel_cat_id}: the category's properties and their
 * values (the public SDKs call it; the response shape is assumed, ids read as strings).
 */
export const pvList = z.looseObject({
  list: z.array(
    z.looseObject({
      property_id: z.union([z.string(), z.number()]),
      property_name: z.string(),
      values: z.array(z.looseObject({ value_id: z.union([z.string(), z.number()]), value_name: z.string() })).nullish(),
    }),
  ),
});

/** channel_pv as sent on create/edit and returned by detail. */
export const channelPv = z.looseObject({
  property_id: z.union([z.string(), z.number()]),
  property_name: z.string().nullish(),
  value_id: z.union([z.string(), z.number()]),
  value_name: z.string().nullish(),
});
