/**
 * 小裂变 wire shapes (zod). The document gives the envelope `{success, code (0 ok), msg, value, traceId}`,
 * `product/add` and `product/update/market/state`; list/detail/group shapes are assumed (README): parsed
 * leniently (unknown fields pass through), strictly where the adapter relies on a field.
 */
import { z } from 'zod';
import type { EndpointTable } from '../endpoints.js';

/**
 * Every call the adapter makes, relative to `baseUrl`. Only productAdd and productMarketState are
 * documented; the others are `assumed` (the document names only the menu entries): a target
 * overrides any path with `paths: { <call>: /some/path }` in catalog.config.yaml.
 */
export const ENDPOINTS = {
  token: { method: 'POST', path: '/auth/token', safety: 'read', assumed: true },
  productList: { method: 'POST', path: '/product/list', safety: 'read', assumed: true },
  productDetail: { method: 'GET', path: '/product/detail', safety: 'read', assumed: true },
  productAdd: { method: 'POST', path: '/product/add', safety: 'unsafe' },
  productEdit: { method: 'POST', path: '/product/edit', safety: 'idempotent', assumed: true },
  productDelete: { method: 'POST', path: '/product/delete', safety: 'idempotent', assumed: true },
  productGroupUnbind: { method: 'POST', path: '/product/group/unbind', safety: 'idempotent', assumed: true },
  productMarketState: { method: 'POST', path: '/product/update/market/state', safety: 'idempotent' },
  groupList: { method: 'POST', path: '/product/group/list', safety: 'read', assumed: true },
  groupDetail: { method: 'GET', path: '/product/group/detail', safety: 'read', assumed: true },
  groupAdd: { method: 'POST', path: '/product/group/add', safety: 'unsafe', assumed: true },
  groupEdit: { method: 'POST', path: '/product/group/edit', safety: 'idempotent', assumed: true },
  groupDelete: { method: 'POST', path: '/product/group/delete', safety: 'idempotent', assumed: true },
} as const satisfies EndpointTable;

export const envelope = z.looseObject({
  success: z.boolean().optional(),
  code: z.union([z.number(), z.string()]),
  msg: z.string().nullish(),
  value: z.unknown().optional(),
  traceId: z.string().nullish(),
});

export const tokenValue = z.looseObject({
  accessToken: z.string().min(1),
  /** Seconds. */
  expiresIn: z.number().positive(),
});

export const productLink = z.looseObject({
  productUrl: z.string().nullish(),
  appId: z.string().nullish(),
  path: z.string().nullish(),
});

export const product = z.looseObject({
  productId: z.string(),
  title: z.string().optional(),
  banner: z.string().nullish(),
  /** Yuan as a string ("19.90"); some answers may give a number. */
  price: z.union([z.string(), z.number()]).nullish(),
  platformType: z.number().nullish(),
  productLink: productLink.nullish(),
  /** Every group the product is bound to (a product may be bound to several, 同一商品可绑定多个分组). */
  groupIds: z.array(z.union([z.string(), z.number()])).nullish(),
  /** One group: what an answer without `groupIds` gives. */
  groupId: z.union([z.string(), z.number()]).nullish(),
  groupName: z.string().nullish(),
  useScene: z.number().nullish(),
  marketState: z.number().nullish(),
});
export type WireProduct = z.infer<typeof product>;

export const group = z.looseObject({
  groupId: z.union([z.string(), z.number()]),
  groupName: z.string(),
});
export type WireGroup = z.infer<typeof group>;

export const page = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    total: z.number().int().nonnegative().optional(),
    list: z.array(item).nullish(),
  });

export const groupAddValue = z.looseObject({ groupId: z.union([z.string(), z.number()]) });

/** Assumed list paging: pageNo from 1, pageSize at most 100. */
export const PAGE_SIZE = 100;

/** marketState values (documented): 1 on market (上架), 2 off market (下架). */
export const MARKET_STATE = { on: 1, off: 2 } as const;
