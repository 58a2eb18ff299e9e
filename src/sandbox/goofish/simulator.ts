/**
 * 闲管家 (goofish) open API simulator, written from the platform's documents only (docs/platforms/goofish.md,
 * "Facts the adapter relies on"); product/batchCreate from the public SDKs (its answer's shape is
 * assumed: see batchCreateProducts).
 *
 * Every call: POST JSON to /api/open/..., query `appid` (= the account's appKey), `timestamp` (unix
 * seconds, within 5 minutes of the simulator clock) and `sign` (sign.ts). An account configured with a
 * `sellerId` credential is a business-partner (商务对接) account: its requests must carry `seller_id`
 * (that id) and sign it; any other account refuses a `seller_id`. Answers are HTTP 200 with the
 * envelope `{code, msg, data}`; code 0 is success.
 *
 * Error codes (the real platform's codes are not published; these are the simulator's, stable):
 *
 * | code | msg                                     | when                                                              |
 * |------|-----------------------------------------|-------------------------------------------------------------------|
 * | 0    | OK                                      | success                                                           |
 * | 404  | 接口不存在                              | unknown path (HTTP 404)                                           |
 * | 405  | 请求方法不支持，请使用POST              | not POST (HTTP 405)                                               |
 * | 1001 | 缺少公共参数: appid/timestamp/sign      | a query parameter is missing                                      |
 * | 1002 | appid无效                               | appid is not this account's appKey                                |
 * | 1003 | 请求已过期                              | timestamp not unix seconds within 300 s of the server clock       |
 * | 1004 | 签名错误                                | sign does not match                                               |
 * | 1005 | seller_id无效 / 缺少公共参数: seller_id | seller_id not the account's, sent to a normal account, or missing for a business-partner account |
 * | 1100 | 参数错误: <detail>                      | missing/unknown field, wrong type (e.g. product_id as a string), out of range |
 * | 1101 | 请求体不是合法的JSON对象                | body is not a JSON object                                         |
 * | 1102 | 分页超出限制: page_no*page_size不能超过10000 | list beyond the 10,000th product                             |
 * | 2001 | 商品不存在                              | unknown (or deleted, for writes) product_id                       |
 * | 2002 | 商家编码已存在                          | outer_id already used by another product of the account           |
 * | 2003 | 当前商品状态不允许该操作                | publish / downShelf / delete in the wrong state                   |
 * | 2004 | 已发布的多规格商品至少保留一个SKU       | edit clearing sku_items of a published multi-spec product         |
 * | 2005 | 店铺未授权                              | publish_shop.user_name / publish user_name not an authorised shop |
 * | 2006 | SKU不存在                               | edit/stock with an unknown sku_id (or SKUs on a single-spec product) |
 * | 2007 | 类目不存在                              | channel_cat_id not in sp_biz_type's categories                    |
 * | 2008 | 多规格商品价格/库存与SKU不一致          | price not one SKU's price, or stock not the SKU total             |
 * | 2009 | 类目属性不存在                          | channel_pv property_id / value_id not in the category's pv/list   |
 * | 5000 | 系统繁忙，请稍后重试                    | busy (fault injection): retry with backoff                        |
 *
 * State machine (product_status / publish_status):
 * create -> 21/1 draft; publish (from 1 or 4) -> 21/2 pending, and after `publishDelayMs` (option,
 * default 2000 ms of simulator clock) -> 22/3 on sale (23/5 sold out when stock is 0);
 * downShelf (from 2, 3 or 5) -> 31/4; stock reaching 0 while on sale -> 23/5 and back -> 22/3;
 * delete (from 1, 2 or 4) -> -1 (kept, listed only when filtering product_status -1).
 */
import type { SimContext, SimRequest, SimResponse, Simulator } from '../types.js';
import { GOOFISH_CATEGORIES, GOOFISH_PROPERTIES } from './categories.js';
import { CODE, Fields, GoofishError, paramError } from './fields.js';
import { EMPTY_ACCOUNT_SHOPS, SEED_FIRST_PRODUCT_ID, SEED_FIRST_SKU_ID, SEED_PRODUCTS, SEED_SHOPS } from './seed.js';
import { goofishSign } from './sign.js';
import type { GoofishProduct, GoofishPublishShop, GoofishSku, GoofishState } from './state.js';

export type { GoofishState } from './state.js';

type Ctx = SimContext<GoofishState>;
type Handler = (body: Fields, ctx: Ctx) => unknown;

const MAX_PRICE = 9_999_999_900;
const MAX_STOCK = 9999;
const TIMESTAMP_WINDOW_S = 300;
export const LIST_WINDOW_S = 183 * 24 * 3600;
const DEFAULT_PUBLISH_DELAY_MS = 2000;
const PRODUCT_ID_STRIDE = 7919;

const PRODUCT_STATUSES = [-1, 21, 22, 23, 31, 33, 36];
const ITEM_BIZ_TYPES = [0, 2, 5, 7, 8, 9];
const STUFF_STATUSES = [100, -1, 99, 95, 90, 80, 70, 60, 50];
const EXTRA_FIELDS = [
  'book_data', 'food_data', 'sp_guarantee', 'report_data', 'jewelry', 'valuable', 'curio', 'beauty_makeup',
  'virtual_account', 'used_car', 'game', 'support_sdr_policy', 'support_nfr_policy', 'support_fd24hs_policy',
  'support_fd10ms_policy',
];
const PRODUCT_FIELDS = [
  'item_biz_type', 'sp_biz_type', 'channel_cat_id', 'price', 'original_price', 'express_fee', 'stock',
  'publish_shop', 'outer_id', 'stuff_status', 'sku_items', 'district_id', 'channel_pv', ...EXTRA_FIELDS,
];
/** edit also takes the document's top-level title / desc / images, applied to every shop. */
const EDIT_FIELDS = ['product_id', ...PRODUCT_FIELDS, 'title', 'desc', 'images'];

const TITLE = { min: 1, max: 60, measure: 'width' } as const;
const CONTENT = { min: 5, max: 5000 };
const OUTER_ID = { min: 1, max: 64 };

// ------------------------------------------------------------------ helpers

function nowSeconds(ctx: Ctx): number {
  return Math.floor(ctx.clock.now() / 1000);
}

/** outer_id -> product_id of live (not deleted) products; derived, rebuilt when an account is loaded. */
const outerIdIndexes = new WeakMap<GoofishState, Map<string, number>>();

function outerIdIndex(state: GoofishState): Map<string, number> {
  let index = outerIdIndexes.get(state);
  if (!index) {
    index = new Map();
    for (const p of Object.values(state.products)) {
      if (p.product_status !== -1 && p.outer_id !== '') index.set(p.outer_id, p.product_id);
    }
    outerIdIndexes.set(state, index);
  }
  return index;
}

function findProduct(state: GoofishState, f: Fields, allowDeleted = false): GoofishProduct {
  const id = f.id('product_id', true);
  const p = state.products[String(id)];
  if (!p || (p.product_status === -1 && !allowDeleted)) throw new GoofishError(CODE.PRODUCT_NOT_FOUND, `商品不存在: ${id}`);
  return p;
}

function stateError(p: GoofishProduct, action: string): GoofishError {
  return new GoofishError(
    CODE.INVALID_STATUS,
    `当前商品状态不允许该操作: ${action} (product_status ${p.product_status}, publish_status ${p.publish_status})`,
  );
}

function checkImageUrl(url: string, label: string): void {
  if (!/^https?:\/\/\S+$/.test(url)) throw paramError(`${label} 应为图片URL`);
}

function checkOuterId(value: string | undefined, label: string): string | undefined {
  if (value === undefined || value === '') return value;
  const n = [...value].length;
  if (n < OUTER_ID.min || n > OUTER_ID.max) throw paramError(`${label} 长度应为 ${OUTER_ID.min}..${OUTER_ID.max} 字符`);
  return value;
}

/** `名:值;名:值`: name <= 4 characters, value <= 20. Returns the option names in order. */
function parseSkuText(text: string, label: string): string[] {
  const names: string[] = [];
  for (const pair of text.split(';')) {
    const parts = pair.split(':');
    const [name, value] = parts;
    if (parts.length !== 2 || !name || !value) throw paramError(`${label} 格式应为 名:值;名:值`);
    if ([...name].length > 4) throw paramError(`${label} 规格名称 "${name}" 超过4个字符`);
    if ([...value].length > 20) throw paramError(`${label} 属性值 "${value}" 超过20个字符`);
    if (names.includes(name)) throw paramError(`${label} 规格名称 "${name}" 重复`);
    names.push(name);
  }
  return names;
}

function checkShopAuthorized(state: GoofishState, userName: string): void {
  if (!state.shops.some((s) => s.user_name === userName)) {
    throw new GoofishError(CODE.SHOP_NOT_AUTHORIZED, `店铺未授权: ${userName}`);
  }
}

function checkCategory(spBizType: number, channelCatId: string): void {
  if (!GOOFISH_CATEGORIES.some((c) => c.sp_biz_type === spBizType && c.channel_cat_id === channelCatId)) {
    throw new GoofishError(CODE.CATEGORY_NOT_FOUND, `类目不存在: sp_biz_type ${spBizType}, channel_cat_id ${channelCatId}`);
  }
}

/**
 * channel_pv [{property_id, property_name?, value_id, value_name?}]: ids (string or number) of the
 * category's pv/list; names, when given, are not checked (the platform's names are stored).
 */
function readChannelPv(f: Fields): NonNullable<GoofishProduct['channel_pv']> | undefined {
  const items = f.objArray('channel_pv', 0, 50);
  if (!items) return undefined;
  const seen = new Set<string>();
  return items.map((item, i) => {
    item.only(['property_id', 'property_name', 'value_id', 'value_name']);
    const id = (name: string): string => {
      const v = item.raw(name);
      if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
      if (typeof v === 'string' && v !== '') return v;
      throw paramError(`channel_pv[${i}].${name} 不能为空，应为字符串或整数`);
    };
    item.str('property_name', { min: 0, max: 64 });
    item.str('value_name', { min: 0, max: 64 });
    const property_id = id('property_id');
    if (seen.has(property_id)) throw paramError(`channel_pv 属性 ${property_id} 重复`);
    seen.add(property_id);
    return { property_id, property_name: '', value_id: id('value_id'), value_name: '' };
  });
}

/** Checks channel_pv against the category's properties and fills in the platform's names. */
function checkChannelPv(channelCatId: string, pvs: NonNullable<GoofishProduct['channel_pv']>): void {
  const properties = GOOFISH_PROPERTIES[channelCatId] ?? [];
  for (const pv of pvs) {
    const property = properties.find((p) => p.property_id === pv.property_id);
    const value = property?.values.find((v) => v.value_id === pv.value_id);
    if (!property || !value) {
      throw new GoofishError(CODE.PROPERTY_NOT_FOUND, `类目属性不存在: channel_cat_id ${channelCatId}, property_id ${pv.property_id}, value_id ${pv.value_id}`);
    }
    pv.property_name = property.property_name;
    pv.value_name = value.value_name;
  }
}

function readPublishShops(f: Fields, state: GoofishState, required: boolean): GoofishPublishShop[] | undefined {
  const shops = f.objArray('publish_shop', 1, 20, required);
  if (!shops) return undefined;
  const seen = new Set<string>();
  return shops.map((s) => {
    s.only(['user_name', 'province', 'city', 'district', 'title', 'content', 'images']);
    const user_name = s.str('user_name', { min: 1, max: 64 }, true);
    checkShopAuthorized(state, user_name);
    if (seen.has(user_name)) throw paramError(`publish_shop 店铺 ${user_name} 重复`);
    seen.add(user_name);
    return {
      user_name,
      province: s.int('province', 1, 999_999, true),
      city: s.int('city', 1, 999_999, true),
      district: s.int('district', 1, 999_999, true),
      title: s.str('title', TITLE, true),
      content: s.str('content', CONTENT, true),
      images: s.strArray('images', 1, 30, checkImageUrl, true) ?? [],
    };
  });
}

/**
 * Reads sku_items (create/edit). SKUs keep their sku_id when the caller names it or when their
 * sku_text matches an existing SKU; others get new ids.
 */
function readSkus(f: Fields, state: GoofishState, existing: GoofishSku[]): GoofishSku[] | undefined {
  const items = f.objArray('sku_items', 0, 400);
  if (!items) return undefined;
  let optionNames: string | undefined;
  const texts = new Set<string>();
  const outerIds = new Set<string>();
  const usedIds = new Set<number>();
  return items.map((s, i) => {
    s.only(['sku_id', 'price', 'stock', 'sku_text', 'outer_id']);
    const label = `sku_items[${i}]`;
    const sku_text = s.str('sku_text', { min: 3, max: 200 }, true);
    const names = parseSkuText(sku_text, `${label}.sku_text`).join(';');
    if (optionNames !== undefined && names !== optionNames) throw paramError(`${label}.sku_text 规格名称与其他SKU不一致`);
    optionNames = names;
    if (texts.has(sku_text)) throw paramError(`${label}.sku_text "${sku_text}" 重复`);
    texts.add(sku_text);
    const outer_id = checkOuterId(s.str('outer_id', { min: 0, max: 64 }), `${label}.outer_id`) ?? '';
    if (outer_id !== '' && outerIds.has(outer_id)) throw paramError(`${label}.outer_id "${outer_id}" 重复`);
    outerIds.add(outer_id);
    const requestedId = s.id('sku_id');
    let sku_id: number;
    if (requestedId !== undefined) {
      if (!existing.some((e) => e.sku_id === requestedId)) throw new GoofishError(CODE.SKU_NOT_FOUND, `SKU不存在: ${requestedId}`);
      sku_id = requestedId;
    } else {
      sku_id = existing.find((e) => e.sku_text === sku_text && !usedIds.has(e.sku_id))?.sku_id ?? state.nextSkuId++;
    }
    if (usedIds.has(sku_id)) throw paramError(`${label}.sku_id ${sku_id} 重复`);
    usedIds.add(sku_id);
    return {
      sku_id,
      price: s.int('price', 1, MAX_PRICE, true),
      stock: s.int('stock', 0, MAX_STOCK, true),
      sku_text,
      outer_id,
    };
  });
}

/**
 * Multi-spec rule: the product price equals one SKU's price and the product stock equals the SKU
 * total. A stock the caller did not send follows the SKUs; one it sent must match.
 */
function reconcileSpec(p: GoofishProduct, stockGiven: boolean): void {
  if (p.sku_items.length === 0) return;
  const total = p.sku_items.reduce((sum, s) => sum + s.stock, 0);
  if (stockGiven && p.stock !== total) {
    throw new GoofishError(CODE.SPEC_MISMATCH, `多规格商品库存必须等于SKU库存之和: stock ${p.stock}, SKU合计 ${total}`);
  }
  p.stock = total;
  if (!p.sku_items.some((s) => s.price === p.price)) {
    throw new GoofishError(CODE.SPEC_MISMATCH, `多规格商品价格必须等于其中一个SKU的价格: price ${p.price}`);
  }
}

/** On-sale products follow their stock: 0 -> sold out, restocked -> on sale. */
function followStock(p: GoofishProduct): void {
  if (p.product_status === 22 && p.stock === 0) {
    p.product_status = 23;
    p.publish_status = 5;
  } else if (p.product_status === 23 && p.stock > 0) {
    p.product_status = 22;
    p.publish_status = 3;
  }
}

/** Pending publishes whose delay has passed take effect (on every request, before it is answered). */
/**
 * Pending publishes in due order, next to the persisted `pendingPublish` record (which stays the
 * source of truth: an entry whose due no longer matches the record is skipped). Built lazily, so a
 * state loaded from disk gets one; settling is then O(1) per request instead of a scan.
 */
const publishQueues = new WeakMap<GoofishState, { queue: Array<[due: number, id: string]>; head: number }>();

function publishQueue(state: GoofishState): { queue: Array<[number, string]>; head: number } {
  let q = publishQueues.get(state);
  if (!q) {
    q = { queue: Object.entries(state.pendingPublish).map(([id, due]) => [due, id] as [number, string]).sort((a, b) => a[0] - b[0]), head: 0 };
    publishQueues.set(state, q);
  }
  return q;
}

function schedulePublish(state: GoofishState, id: string, due: number): void {
  state.pendingPublish[id] = due;
  const q = publishQueues.get(state);
  if (!q) return;
  const last = q.queue[q.queue.length - 1];
  if (last && last[0] > due) publishQueues.delete(state); // out of order (clock or delay changed): rebuild
  else q.queue.push([due, id]);
}

function settlePublishes(ctx: Ctx): void {
  const now = ctx.clock.now();
  let settled = false;
  const q = publishQueue(ctx.state);
  while (q.head < q.queue.length && q.queue[q.head]![0] <= now) {
    const [due, id] = q.queue[q.head++]!;
    if (ctx.state.pendingPublish[id] !== due) continue;
    delete ctx.state.pendingPublish[id];
    settled = true;
    const p = ctx.state.products[id];
    if (!p || p.publish_status !== 2) continue;
    p.product_status = 22;
    p.publish_status = 3;
    p.published = true;
    p.update_time = Math.floor(due / 1000);
    followStock(p);
  }
  if (q.head > 1024 && q.head * 2 > q.queue.length) {
    q.queue = q.queue.slice(q.head);
    q.head = 0;
  }
  if (settled) ctx.changed();
}

function summaryOf(p: GoofishProduct) {
  return {
    product_id: p.product_id,
    product_status: p.product_status,
    publish_status: p.publish_status,
    item_biz_type: p.item_biz_type,
    sp_biz_type: p.sp_biz_type,
    channel_cat_id: p.channel_cat_id,
    title: p.publish_shop[0]?.title ?? '',
    price: p.price,
    original_price: p.original_price,
    express_fee: p.express_fee,
    stock: p.stock,
    outer_id: p.outer_id,
    stuff_status: p.stuff_status ?? null,
    spec_type: p.sku_items.length > 0 ? 2 : 1,
    create_time: p.create_time,
    update_time: p.update_time,
  };
}

function detailOf(p: GoofishProduct) {
  const first = p.publish_shop[0];
  return {
    ...summaryOf(p),
    desc: first?.content ?? '',
    images: first?.images ?? [],
    district_id: p.district_id ?? null,
    publish_shop: p.publish_shop,
    sku_items: p.sku_items,
    channel_pv: p.channel_pv ?? [],
    ...p.extra,
  };
}

function readExtras(f: Fields): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const name of EXTRA_FIELDS) if (f.has(name)) extra[name] = f.raw(name);
  return extra;
}

// ------------------------------------------------------------------ calls

function listShops(f: Fields, ctx: Ctx) {
  f.only([]);
  return {
    list: ctx.state.shops.map((s) => ({ authorize_id: s.authorize_id, user_name: s.user_name, user_nick: s.user_nick, is_valid: true })),
  };
}

function listCategories(f: Fields) {
  f.only(['item_biz_type', 'sp_biz_type']);
  const itemBizType = f.int('item_biz_type', 0, 999);
  if (itemBizType !== undefined && !ITEM_BIZ_TYPES.includes(itemBizType)) throw paramError(`item_biz_type ${itemBizType} 不支持`);
  const spBizType = f.int('sp_biz_type', 0, 999);
  return {
    list: GOOFISH_CATEGORIES.filter((c) => spBizType === undefined || c.sp_biz_type === spBizType).map((c) => ({ ...c })),
  };
}

function listProperties(f: Fields) {
  f.only(['item_biz_type', 'sp_biz_type', 'channel_cat_id']);
  const itemBizType = f.int('item_biz_type', 0, 999, true);
  if (!ITEM_BIZ_TYPES.includes(itemBizType)) throw paramError(`item_biz_type ${itemBizType} 不支持`);
  const spBizType = f.int('sp_biz_type', 0, 999, true);
  const channelCatId = f.str('channel_cat_id', { min: 1, max: 64 }, true);
  checkCategory(spBizType, channelCatId);
  return { list: structuredClone(GOOFISH_PROPERTIES[channelCatId] ?? []) };
}

function readTimeRange(f: Fields, name: string): [number, number] | undefined {
  const v = f.raw(name);
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((t) => typeof t === 'number' && Number.isSafeInteger(t) && t >= 0) || v[0] > v[1]) {
    throw paramError(`${name} 应为 [开始时间, 结束时间] (秒级时间戳)`);
  }
  return [v[0] as number, v[1] as number];
}

function listProducts(f: Fields, ctx: Ctx) {
  f.only(['product_status', 'update_time', 'create_time', 'page_no', 'page_size']);
  const status = f.int('product_status', -1, 99);
  if (status !== undefined && !PRODUCT_STATUSES.includes(status)) throw paramError(`product_status ${status} 不支持`);
  const updateRange = readTimeRange(f, 'update_time');
  const createRange = readTimeRange(f, 'create_time');
  // The combined limit is checked first so that deep paging gets its own code.
  const pageNo = f.int('page_no', 1, Number.MAX_SAFE_INTEGER) ?? 1;
  const pageSize = f.int('page_size', 1, Number.MAX_SAFE_INTEGER) ?? 50;
  if (pageNo * pageSize > 10_000) throw new GoofishError(CODE.PAGE_LIMIT, '分页超出限制: page_no*page_size不能超过10000');
  if (pageNo > 100) throw paramError('page_no 取值范围 1..100');
  if (pageSize > 100) throw paramError('page_size 取值范围 1..100');
  const oldest = nowSeconds(ctx) - LIST_WINDOW_S;
  const within = (t: number, r: [number, number] | undefined) => !r || (t >= r[0] && t <= r[1]);
  const matching = Object.values(ctx.state.products).filter(
    (p) =>
      (status === undefined ? p.product_status !== -1 : p.product_status === status) &&
      p.update_time >= oldest &&
      within(p.update_time, updateRange) &&
      within(p.create_time, createRange),
  );
  matching.sort((a, b) => b.update_time - a.update_time || b.product_id - a.product_id);
  const start = (pageNo - 1) * pageSize;
  return { list: matching.slice(start, start + pageSize).map(summaryOf), count: matching.length, page_no: pageNo, page_size: pageSize };
}

function productDetail(f: Fields, ctx: Ctx) {
  f.only(['product_id']);
  return detailOf(findProduct(ctx.state, f, true));
}

function createProduct(f: Fields, ctx: Ctx) {
  f.only(PRODUCT_FIELDS);
  const { state } = ctx;
  const item_biz_type = f.int('item_biz_type', 0, 999, true);
  if (!ITEM_BIZ_TYPES.includes(item_biz_type)) throw paramError(`item_biz_type ${item_biz_type} 不支持`);
  const sp_biz_type = f.int('sp_biz_type', 0, 999, true);
  const channel_cat_id = f.str('channel_cat_id', { min: 1, max: 64 }, true);
  checkCategory(sp_biz_type, channel_cat_id);
  const channel_pv = readChannelPv(f);
  if (channel_pv) checkChannelPv(channel_cat_id, channel_pv);
  const stuff_status = f.int('stuff_status', -1, 100);
  if (stuff_status !== undefined && !STUFF_STATUSES.includes(stuff_status)) throw paramError(`stuff_status ${stuff_status} 不支持`);
  const outer_id = checkOuterId(f.str('outer_id', { min: 0, max: 64 }), 'outer_id') ?? '';
  if (outer_id !== '' && outerIdIndex(state).has(outer_id)) throw new GoofishError(CODE.DUPLICATE_OUTER_ID, `商家编码已存在: ${outer_id}`);
  const stock = f.int('stock', 0, MAX_STOCK);
  const district_id = f.int('district_id', 1, 999_999);
  const now = nowSeconds(ctx);
  const p: GoofishProduct = {
    product_id: 0,
    product_status: 21,
    publish_status: 1,
    item_biz_type,
    sp_biz_type,
    channel_cat_id,
    price: f.int('price', 1, MAX_PRICE, true),
    original_price: f.int('original_price', 0, MAX_PRICE) ?? null,
    express_fee: f.int('express_fee', 0, MAX_PRICE) ?? 0,
    stock: stock ?? 1,
    outer_id,
    ...(stuff_status !== undefined ? { stuff_status } : {}),
    ...(district_id !== undefined ? { district_id } : {}),
    ...(channel_pv && channel_pv.length > 0 ? { channel_pv } : {}),
    publish_shop: readPublishShops(f, state, true) ?? [],
    sku_items: [],
    extra: readExtras(f),
    published: false,
    create_time: now,
    update_time: now,
  };
  const nextSkuId = state.nextSkuId;
  try {
    p.sku_items = readSkus(f, state, []) ?? [];
    reconcileSpec(p, stock !== undefined);
  } catch (e) {
    state.nextSkuId = nextSkuId;
    throw e;
  }
  p.product_id = state.nextProductId;
  state.nextProductId += PRODUCT_ID_STRIDE;
  state.products[String(p.product_id)] = p;
  if (outer_id !== '') outerIdIndex(state).set(outer_id, p.product_id);
  ctx.changed();
  return { product_id: p.product_id, product_status: p.product_status };
}

/** product/batchCreate: at most this many products per call (the public SDKs: 每批次最多创建50个商品). */
export const BATCH_CREATE_MAX = 50;
const ITEM_KEY = { min: 1, max: 64 };

/**
 * product/batchCreate `{product_data: [{item_key, ...create fields}]}`: 1..50 products, each with an
 * item_key unique in the call (the public SDKs). A malformed call (not 1..50 objects, an item_key
 * missing or repeated) is refused whole (1100) and creates nothing. Otherwise each item is a
 * product/create of its own, in order: its answer is `{item_key, code: 0, msg, product_id,
 * product_status}`, or `{item_key, code, msg}` with the code and message product/create would
 * answer (the item_key says which); the others are created regardless. The real answer's shape is not published: this is the
 * simulator's (and the adapter's) assumption, docs/platforms/goofish.md.
 */
function batchCreateProducts(f: Fields, ctx: Ctx) {
  f.only(['product_data']);
  const items = f.objArray('product_data', 1, BATCH_CREATE_MAX, true)!;
  const raw = f.raw('product_data') as Array<Record<string, unknown>>;
  const keys = new Set<string>();
  const bodies = items.map((item, i) => {
    const key = item.str('item_key', ITEM_KEY, true);
    if (keys.has(key)) throw paramError(`product_data[${i}].item_key ${key} 重复 (同批次时item_key字段值要唯一)`);
    keys.add(key);
    const { item_key: _key, ...fields } = raw[i]!;
    return { key, fields };
  });
  return {
    list: bodies.map(({ key, fields }) => {
      try {
        return { item_key: key, code: CODE.OK, msg: 'OK', ...createProduct(new Fields(fields), ctx) };
      } catch (e) {
        if (!(e instanceof GoofishError)) throw e;
        return { item_key: key, code: e.code, msg: e.message };
      }
    }),
  };
}

function publishProduct(f: Fields, ctx: Ctx) {
  f.only(['product_id', 'user_name', 'specify_publish_time']);
  const p = findProduct(ctx.state, f);
  const userNames = f.strArray('user_name', 1, 20, () => undefined, true) ?? [];
  for (const name of userNames) {
    checkShopAuthorized(ctx.state, name);
    if (!p.publish_shop.some((s) => s.user_name === name)) {
      throw new GoofishError(CODE.SHOP_NOT_AUTHORIZED, `商品未配置发布店铺: ${name}`);
    }
  }
  if (p.publish_status !== 1 && p.publish_status !== 4) throw stateError(p, 'publish');
  const delay = typeof ctx.options.publishDelayMs === 'number' ? ctx.options.publishDelayMs : DEFAULT_PUBLISH_DELAY_MS;
  p.product_status = 21;
  p.publish_status = 2;
  p.update_time = nowSeconds(ctx);
  schedulePublish(ctx.state, String(p.product_id), ctx.clock.now() + delay);
  ctx.changed();
  return {};
}

function downShelfProduct(f: Fields, ctx: Ctx) {
  f.only(['product_id']);
  const p = findProduct(ctx.state, f);
  if (![2, 3, 5].includes(p.publish_status)) throw stateError(p, 'downShelf');
  p.product_status = 31;
  p.publish_status = 4;
  p.update_time = nowSeconds(ctx);
  delete ctx.state.pendingPublish[String(p.product_id)];
  ctx.changed();
  return {};
}

function editProduct(f: Fields, ctx: Ctx) {
  f.only(EDIT_FIELDS);
  const { state } = ctx;
  const current = findProduct(state, f);
  // Validate into a copy; the stored product changes only when the whole edit is valid.
  const p: GoofishProduct = structuredClone(current);
  const nextSkuId = state.nextSkuId;
  try {
    const itemBizType = f.int('item_biz_type', 0, 999);
    if (itemBizType !== undefined) {
      if (!ITEM_BIZ_TYPES.includes(itemBizType)) throw paramError(`item_biz_type ${itemBizType} 不支持`);
      p.item_biz_type = itemBizType;
    }
    p.sp_biz_type = f.int('sp_biz_type', 0, 999) ?? p.sp_biz_type;
    p.channel_cat_id = f.str('channel_cat_id', { min: 1, max: 64 }) ?? p.channel_cat_id;
    if (f.has('sp_biz_type') || f.has('channel_cat_id')) checkCategory(p.sp_biz_type, p.channel_cat_id);
    const channelPv = readChannelPv(f);
    if (channelPv) {
      if (channelPv.length > 0) p.channel_pv = channelPv;
      else delete p.channel_pv;
    }
    // A new category keeps the values only when they are properties of it too.
    if (p.channel_pv && (channelPv || f.has('channel_cat_id'))) checkChannelPv(p.channel_cat_id, p.channel_pv);
    p.price = f.int('price', 1, MAX_PRICE) ?? p.price;
    p.original_price = f.int('original_price', 0, MAX_PRICE) ?? p.original_price;
    p.express_fee = f.int('express_fee', 0, MAX_PRICE) ?? p.express_fee;
    const stock = f.int('stock', 0, MAX_STOCK);
    if (stock !== undefined) p.stock = stock;
    const stuffStatus = f.int('stuff_status', -1, 100);
    if (stuffStatus !== undefined) {
      if (!STUFF_STATUSES.includes(stuffStatus)) throw paramError(`stuff_status ${stuffStatus} 不支持`);
      p.stuff_status = stuffStatus;
    }
    p.district_id = f.int('district_id', 1, 999_999) ?? p.district_id;
    const outerId = checkOuterId(f.str('outer_id', { min: 0, max: 64 }), 'outer_id');
    if (outerId !== undefined && outerId !== p.outer_id) {
      const owner = outerIdIndex(state).get(outerId);
      if (outerId !== '' && owner !== undefined && owner !== p.product_id) {
        throw new GoofishError(CODE.DUPLICATE_OUTER_ID, `商家编码已存在: ${outerId}`);
      }
      p.outer_id = outerId;
    }
    p.publish_shop = readPublishShops(f, state, false) ?? p.publish_shop;
    const title = f.str('title', TITLE);
    const desc = f.str('desc', CONTENT);
    const images = f.strArray('images', 1, 30, checkImageUrl);
    for (const shop of p.publish_shop) {
      if (title !== undefined) shop.title = title;
      if (desc !== undefined) shop.content = desc;
      if (images !== undefined) shop.images = images;
    }
    const skus = readSkus(f, state, p.sku_items);
    if (skus !== undefined) {
      if (skus.length === 0 && p.sku_items.length > 0 && p.published) {
        throw new GoofishError(CODE.SKU_REQUIRED, '已发布的多规格商品至少保留一个SKU');
      }
      p.sku_items = skus;
    }
    Object.assign(p.extra, readExtras(f));
    reconcileSpec(p, stock !== undefined);
  } catch (e) {
    state.nextSkuId = nextSkuId;
    throw e;
  }
  p.update_time = nowSeconds(ctx);
  followStock(p);
  const index = outerIdIndex(state);
  if (current.outer_id !== p.outer_id) {
    if (current.outer_id !== '') index.delete(current.outer_id);
    if (p.outer_id !== '') index.set(p.outer_id, p.product_id);
  }
  state.products[String(p.product_id)] = p;
  ctx.changed();
  return { product_id: p.product_id, product_status: p.product_status };
}

function editStock(f: Fields, ctx: Ctx) {
  f.only(['product_id', 'price', 'original_price', 'stock', 'sku_items']);
  const current = findProduct(ctx.state, f);
  const p: GoofishProduct = structuredClone(current);
  p.price = f.int('price', 1, MAX_PRICE) ?? p.price;
  p.original_price = f.int('original_price', 0, MAX_PRICE) ?? p.original_price;
  const stock = f.int('stock', 0, MAX_STOCK);
  if (stock !== undefined) p.stock = stock;
  const items = f.objArray('sku_items', 1, 400) ?? [];
  for (const s of items) {
    s.only(['sku_id', 'stock', 'price', 'outer_id']);
    const skuId = s.id('sku_id', true);
    const sku = p.sku_items.find((x) => x.sku_id === skuId);
    if (!sku) throw new GoofishError(CODE.SKU_NOT_FOUND, `SKU不存在: ${skuId}`);
    sku.stock = s.int('stock', 0, MAX_STOCK, true);
    sku.price = s.int('price', 1, MAX_PRICE) ?? sku.price;
    sku.outer_id = checkOuterId(s.str('outer_id', { min: 0, max: 64 }), 'sku_items.outer_id') ?? sku.outer_id;
  }
  const skuOuterIds = p.sku_items.map((s) => s.outer_id).filter((o) => o !== '');
  if (new Set(skuOuterIds).size !== skuOuterIds.length) throw paramError('sku_items.outer_id 重复');
  reconcileSpec(p, stock !== undefined);
  p.update_time = nowSeconds(ctx);
  followStock(p);
  ctx.state.products[String(p.product_id)] = p;
  ctx.changed();
  return { product_id: p.product_id, product_status: p.product_status };
}

function deleteProduct(f: Fields, ctx: Ctx) {
  f.only(['product_id']);
  const p = findProduct(ctx.state, f);
  if (![1, 2, 4].includes(p.publish_status)) throw stateError(p, 'delete');
  p.product_status = -1;
  p.update_time = nowSeconds(ctx);
  delete ctx.state.pendingPublish[String(p.product_id)];
  if (p.outer_id !== '') outerIdIndex(ctx.state).delete(p.outer_id);
  ctx.changed();
  return {};
}

interface Route {
  write: boolean;
  handle: Handler;
}

const GOOFISH_ROUTES: Record<string, Route> = {
  '/api/open/user/authorize/list': { write: false, handle: listShops },
  '/api/open/product/category/list': { write: false, handle: listCategories },
  '/api/open/product/pv/list': { write: false, handle: listProperties },
  '/api/open/product/list': { write: false, handle: listProducts },
  '/api/open/product/detail': { write: false, handle: productDetail },
  '/api/open/product/create': { write: true, handle: createProduct },
  '/api/open/product/batchCreate': { write: true, handle: batchCreateProducts },
  '/api/open/product/publish': { write: true, handle: publishProduct },
  '/api/open/product/downShelf': { write: true, handle: downShelfProduct },
  '/api/open/product/edit': { write: true, handle: editProduct },
  '/api/open/product/edit/stock': { write: true, handle: editStock },
  '/api/open/product/delete': { write: true, handle: deleteProduct },
};

// ------------------------------------------------------------------ request pipeline

function envelope(code: number, msg: string, data: unknown, status = 200): SimResponse {
  return { status, body: { code, msg, data } };
}

function authenticate(req: SimRequest, ctx: Ctx): void {
  const appid = req.query.get('appid');
  const timestamp = req.query.get('timestamp');
  const sign = req.query.get('sign');
  if (!appid || !timestamp || !sign) throw new GoofishError(CODE.MISSING_AUTH_PARAMS, '缺少公共参数: appid/timestamp/sign');
  const appKey = ctx.credentials.appKey ?? '';
  const appSecret = ctx.credentials.appSecret ?? '';
  if (appKey === '' || appid !== appKey) throw new GoofishError(CODE.INVALID_APPID, 'appid无效');
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) - ctx.clock.now() / 1000) > TIMESTAMP_WINDOW_S) {
    throw new GoofishError(CODE.TIMESTAMP_EXPIRED, '请求已过期，请检查timestamp(秒级时间戳，有效期5分钟)');
  }
  const sellerId = req.query.get('seller_id') ?? undefined;
  const accountSeller = ctx.credentials.sellerId || undefined;
  if (accountSeller !== undefined && sellerId === undefined) throw new GoofishError(CODE.INVALID_SELLER, '缺少公共参数: seller_id (商务对接账号)');
  if (sellerId !== undefined && sellerId !== accountSeller) throw new GoofishError(CODE.INVALID_SELLER, 'seller_id无效');
  if (sign !== goofishSign(appKey, appSecret, timestamp, req.body, sellerId)) throw new GoofishError(CODE.INVALID_SIGN, '签名错误');
}

function parseBody(req: SimRequest): Fields {
  if (req.text.trim() === '') return new Fields({});
  let body: unknown;
  try {
    body = JSON.parse(req.text);
  } catch {
    throw new GoofishError(CODE.INVALID_JSON, '请求体不是合法的JSON对象');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GoofishError(CODE.INVALID_JSON, '请求体不是合法的JSON对象');
  return new Fields(body as Record<string, unknown>);
}

export function goofishInitialState(seed: boolean, nowMs: number = Date.now()): GoofishState {
  const state: GoofishState = {
    shops: structuredClone(seed ? SEED_SHOPS : EMPTY_ACCOUNT_SHOPS),
    products: {},
    pendingPublish: {},
    nextProductId: SEED_FIRST_PRODUCT_ID,
    nextSkuId: SEED_FIRST_SKU_ID,
  };
  if (!seed) return state;
  for (const { age_days, sku_items, ...fields } of SEED_PRODUCTS) {
    const time = Math.floor(nowMs / 1000) - age_days * 24 * 3600;
    const product: GoofishProduct = {
      ...structuredClone(fields),
      product_id: state.nextProductId,
      sku_items: sku_items.map((s) => ({ ...s, sku_id: state.nextSkuId++ })),
      extra: {},
      published: fields.publish_status !== 1,
      create_time: time - 24 * 3600,
      update_time: time,
    };
    state.products[String(product.product_id)] = product;
    state.nextProductId += PRODUCT_ID_STRIDE;
  }
  return state;
}

export const goofishSimulator: Simulator<GoofishState> = {
  platform: 'goofish',
  /** Seeded times are relative to the wall clock (initialState has no simulator clock). */
  initialState: (seed) => goofishInitialState(seed),
  handle(req, ctx) {
    try {
      const route = GOOFISH_ROUTES[req.path];
      if (!route) throw new GoofishError(CODE.PATH_NOT_FOUND, `接口不存在: ${req.path}`, 404);
      if (req.method !== 'POST') throw new GoofishError(CODE.METHOD_NOT_ALLOWED, '请求方法不支持，请使用POST', 405);
      authenticate(req, ctx);
      const body = parseBody(req);
      settlePublishes(ctx);
      return envelope(CODE.OK, 'OK', route.handle(body, ctx));
    } catch (e) {
      if (e instanceof GoofishError) return envelope(e.code, e.message, null, e.httpStatus);
      throw e;
    }
  },
  busyResponse: () => envelope(CODE.SYSTEM_BUSY, '系统繁忙，请稍后重试', null),
  isWrite: (req) => GOOFISH_ROUTES[req.path]?.write === true,
};
