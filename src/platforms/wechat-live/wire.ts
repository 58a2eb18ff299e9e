/**
 * wechat-live (小程序直播 商品库) wire shapes (zod), from the live goods API page and the SDKs named in
 * docs/platforms/wechat-live.md ("Facts the adapter relies on"). Prices on the wire are yuan (numbers, at most 2 decimals); the adapter works in fen, converting
 * with src/money/fen.ts.
 * Unknown fields pass through; fields we rely on are required.
 */
import { z } from 'zod';
import { asFen, yuanNumberToFen, type Fen } from '../../money/fen.js';
import type { EndpointTable } from '../endpoints.js';

/**
 * Every call the adapter makes (besides the token's, in wechat-common); a target overrides a path
 * with `paths:`. add and audit submit an audit (a repeat would submit, and count, another).
 */
export const ENDPOINTS = {
  'goods.add': { method: 'POST', path: '/wxaapi/broadcast/goods/add', safety: 'unsafe' },
  'goods.resetaudit': { method: 'POST', path: '/wxaapi/broadcast/goods/resetaudit', safety: 'idempotent' },
  'goods.audit': { method: 'POST', path: '/wxaapi/broadcast/goods/audit', safety: 'unsafe' },
  'goods.delete': { method: 'POST', path: '/wxaapi/broadcast/goods/delete', safety: 'idempotent' },
  'goods.update': { method: 'POST', path: '/wxaapi/broadcast/goods/update', safety: 'idempotent' },
  'goods.status': { method: 'POST', path: '/wxa/business/getgoodswarehouse', safety: 'read' },
  'goods.list': { method: 'GET', path: '/wxaapi/broadcast/goods/getapproved', safety: 'read' },
  'media.upload': { method: 'POST', path: '/cgi-bin/media/upload', safety: 'idempotent' },
  'quota.get': { method: 'POST', path: '/cgi-bin/openapi/quota/get', safety: 'idempotent' },
} as const satisfies EndpointTable;

/**
 * third_party_tag / thirdPartyTag: a number in some SDKs' models (SKIT: int) and a string in others
 * (WxJava: String), so both are accepted; read as a number (null when absent or not numeric).
 */
const thirdPartyTag = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v): number | null => (typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : null));

export const addReply = z.looseObject({ goodsId: z.number(), auditId: z.number() });
export const auditReply = z.looseObject({ auditId: z.number() });

/** cgi-bin/openapi/quota/get: today's use of one API's daily quota. */
export const quotaReply = z.looseObject({ quota: z.looseObject({ daily_limit: z.number(), used: z.number(), remain: z.number() }) });

/** getgoodswarehouse item (snake_case). `audit_reason` is not documented: read when present, never required. */
const warehouseGoods = z.looseObject({
  goods_id: z.number(),
  name: z.string(),
  price: z.number(),
  price2: z.number().nullish(),
  price_type: z.number(),
  url: z.string(),
  cover_img_url: z.string().nullish(),
  audit_status: z.number(),
  third_party_tag: thirdPartyTag,
  audit_reason: z.string().nullish(),
});
export type WarehouseGoods = z.infer<typeof warehouseGoods>;
export const warehouseReply = z.looseObject({ goods: z.array(warehouseGoods).default([]), total: z.number().optional() });

/** getapproved item (camelCase). */
const listedGoods = z.looseObject({
  goodsId: z.number(),
  name: z.string(),
  price: z.number().optional(),
  price2: z.number().nullish(),
  priceType: z.number().optional(),
  url: z.string(),
  coverImgUrl: z.string().nullish(),
  thirdPartyTag: thirdPartyTag,
});
export type ListedGoods = z.infer<typeof listedGoods>;
export const listReply = z.looseObject({ total: z.number(), goods: z.array(listedGoods).default([]) });

/** media/upload answers without errcode on success. `created_at` is epoch seconds. */
export const mediaReply = z.looseObject({ media_id: z.string().min(1), created_at: z.number() });

/** audit_status values. */
export const AUDIT = { notSubmitted: 0, inAudit: 1, approved: 2, rejected: 3 } as const;
/** getapproved accepts status 0..3 and at most 100 per page. */
export const LIST_STATUSES = [0, 1, 2, 3] as const;
export const LIST_PAGE_SIZE = 100;
/** goods_ids per getgoodswarehouse call (the page names no limit; kept small on purpose). */
export const WAREHOUSE_BATCH = 50;
/** third_party_tag 1 or 2: created through the API (the only goods the API may change). */
export const isApiGoods = (tag: number | null | undefined): boolean => tag === 1 || tag === 2;

/** Documented error codes the adapter acts on. */
export const LIVE_CODES = {
  goodsNotFound: 1003,
  mediaFailed: 300006,
  notSubmitted: 300017,
  noAuditQuota: 300012,
} as const;


/**
 * A price read back from the platform, in fen. Both read calls document `price` / `price2` in yuan
 * (the unit we send) next to an example value of 12300, so a reply in fen cannot be ruled out. The
 * value is read as yuan, unless only its fen reading equals what the catalog asks (what we send),
 * which is then taken: goods in sync show no change under either reading. A price that really
 * differs is shown read as yuan.
 */
export function readBackFen(wire: number, asked: unknown): Fen {
  const asYuan = yuanNumberToFen(wire);
  if (typeof asked !== 'number' || asYuan === asked) return asYuan;
  return wire === asked ? asFen(wire) : asYuan;
}
