/**
 * Simulator of the 微信小店 Channels store API (wechat-channels), written from
 * /work/shared/platform-docs/wechat-channels.md, independently of the adapter. Token handling,
 * the per-minute and daily limits and the envelope: ../wechat-common/. Images: images.ts; product
 * body checks: product.ts; freight templates: freight.ts; category trees: categories.ts.
 *
 * Calls (below the account's base URL; all need ?access_token=; POST with a JSON body and
 * `Content-Type: application/json` (47001 otherwise) unless marked; other methods: 43002):
 *   /channels/ec/basics/img/upload?upload_type=&resp_type=[&height=&width=]  -> {pic_file:{img_url} | {media_id, pay_media_id}}
 *   /channels/ec/category/all (GET or POST)                 -> {cats:[{cat_and_qua:[…]}] per level, cats_v2: same}
 *   /channels/ec/category/availablesoncategories/get        {f_cat_id} -> {cat_list, cat_list_v2: [{cat_id, name, f_cat_id, leaf}]}
 *   /channels/ec/category/detail                            {cat_id} -> {info{cat_id, name}, attr{…}, product_qua_list}
 *   /channels/ec/category/list/get (GET or POST)            -> {list:[{cat_id, qua_id}]} (categories the store applied for)
 *   /channels/ec/category/add                               {category_info{cats_v2 | level3}} -> {audit_id} (granted at once)
 *   /channels/ec/product/add                                product (+ listing) -> {data{product_id, create_time}}
 *   /channels/ec/product/update                             product_id + product (+ listing) -> {data{product_id, update_time}}
 *   /channels/ec/product/auditfree                          {product_id, skus[{sku_id, …}], …} -> {data{product_id, update_time}}
 *   /channels/ec/product/get                                {product_id, data_type} -> {product?, edit_product?}
 *   /channels/ec/product/list/get                           {page_size, next_key?, status?} -> {product_ids, next_key, total_num}
 *   /channels/ec/product/listing | delisting | delete | audit/cancel   {product_id}
 *   /channels/ec/product/getauditquota                      {} -> {audit_quota{block_status, avail_quota, total_quota}}
 *   /channels/ec/product/stock/update                       {product_id, sku_id, diff_type, num}
 *   /channels/ec/product/stock/get                          {product_id, sku_id} -> {data{normal_stock_num, …}}
 *   /channels/ec/product/stock/batchget                     {product_id:[…] ≤ 50} -> {data{spu_stock_list}}
 *   /channels/ec/merchant/{add,update}freighttemplate, getfreighttemplatedetail, getfreighttemplatelist (freight.ts)
 *   GET /p/<appid>/<key>                                    uploaded image bytes (option imageUrls "sandbox")
 *
 * Ids: product and SKU ids are uint64 beyond 2^53, kept as decimal strings, and answered as bare
 * integer literals (like the document's samples), so a client must parse answers big-int-safe;
 * option `idEncoding: "string"` answers them as strings. Requests may send ids as strings or
 * numbers (integers beyond 2^53 are read exactly). Template and category ids are strings.
 *
 * State machines (§5). edit_status: add/update → 1 (editing), or 2 (in audit) with `listing: 1`,
 * or 7 (async upload) for more than `asyncSkuThreshold` SKUs, which ends `asyncUploadMs` later in 1
 * (or 2 with listing). `listing` submits the draft for audit (2); `audit/cancel` withdraws it (1).
 * The audit is decided `auditDelayMs` after submission, deterministically: a draft title containing
 * 违规 is rejected (3, with a reason in `edit_product.audit_info.reject_reason`; the online version
 * is unchanged); anything else is approved (4): the draft becomes the online version and status 5.
 * status: 0 never listed, 5 on sale, 11 delisted by `delisting`, 6 recycle bin after `delete`.
 * Rules: update/delete/listing/delisting while in audit: 10020049; listing during 7: 10020067;
 * audit/cancel when not in audit: 10020044; delisting when not on sale: 10020065; stock/update
 * before the first approval: 10020289, during audit: 10020217; auditfree before the first approval:
 * 10020008; delete of a product on sale: 10020008 (delist first; option `deleteRequiresDelisted`);
 * a product in the recycle bin answers get (status 6) and 10020052 to everything else.
 * Re-listing a delisted product whose draft is unchanged since its last approval goes back on sale
 * at once (option `relistNeedsAudit: true` sends it through audit instead; the document leaves it open).
 *
 * Stock lives per SKU, is never negative and changes at once: through `stock/update` (diff_type 1
 * add, 2 subtract (10020219 beyond the stock), 3 set; 10020218 for a zero delta), auditfree
 * `stock_info`, and `stock_num` in add/update for new SKUs and for products never approved (after
 * that, update's stock_num of an existing SKU is ignored: the document says to use stock/update).
 *
 * Update is a full overwrite of the draft (§4.4): SKUs with a known sku_id are updated, SKUs without
 * one are added, draft SKUs left out are deleted. auditfree changes the online version only
 * (current OFF; option `auditFreeSyncsDraft: true` also applies it to the draft, as older OFF says).
 * out_product_id / out_sku_id are not unique-checked and cannot change once set.
 *
 * list/get: ordered by product id; without `status` it lists every product except the recycle bin
 * and never-listed drafts (status 0; option `listIncludesNeverListed: true` includes them);
 * `status` filters by one online status. `next_key` is opaque. Unless option `listEnd` is
 * "emptyKey", the last page still carries a next_key and the call after it answers no ids with the
 * same next_key (the document's end condition is unconfirmed: clients must handle both).
 *
 * Audit quota: add + update calls share `auditQuotaPerHour` (200, 10020066) and `auditQuotaPerDay`
 * (1000, 10020111); withdrawn submissions still count; getauditquota reports what is left.
 *
 * Options: tokenTtlSeconds (7200), perMinuteLimit (none, 45011), dailyCallLimit (none, 45009),
 * auditDelayMs (2000), auditQuotaPerHour (200), auditQuotaPerDay (1000), asyncSkuThreshold (25),
 * asyncUploadMs (1000), relistNeedsAudit (false), deleteRequiresDelisted (true),
 * auditFreeSyncsDraft (false), listIncludesNeverListed (false), listEnd ("emptyPage"),
 * idEncoding ("number"), imageUrls ("mmecimage"), shopEcAlias (false: also serve /shop/ec/…).
 */
import type { SimRequest, SimResponse, Simulator } from '../types.js';
import { fail, numberOption, wxBusy, wxError, wxOk } from '../wechat-common/envelope.js';
import { isWechatWrite, serveWechat, type WxRoute } from '../wechat-common/gate.js';
import { takeDaily, usedToday } from '../wechat-common/quota.js';
import { body, CH_ERR, id, integer, invalid, list, oneOf, record, text, type ChannelsCtx } from './args.js';
import { childCategories, CATS_LEGACY, CATS_V2, findCategory, qualificationOf, type ChannelsCategory } from './categories.js';
import { addTemplate, getTemplate, listTemplates, updateTemplate } from './freight.js';
import { serveImage, uploadImage } from './images.js';
import { stringifyWithBareIntegers } from './json.js';
import { auditInfoView, checkProductBody, idOut, MAX_PRICE_FEN, MAX_STOCK, productView, type ProductInput } from './product.js';
import { initialChannelsState, takeId, type ChannelsProduct, type ChannelsSku, type ProductData, type WechatChannelsState } from './state.js';

export const DEFAULT_AUDIT_DELAY_MS = 2000;
export const REJECTED_WORD = '违规';
const PREFIX = '/channels/ec';

const flagOption = (ctx: ChannelsCtx, name: string, fallback: boolean): boolean => {
  const v = ctx.options[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new Error(`sandbox option ${name} must be true or false`);
  return v;
};

// ---------------------------------------------------------------- audit and async upload

function submitAudit(ctx: ChannelsCtx, p: ChannelsProduct, at = ctx.clock.now()): void {
  p.edit_status = 2;
  p.dueAt = at + numberOption(ctx.options, 'auditDelayMs', DEFAULT_AUDIT_DELAY_MS);
  p.audit = { submitTime: at, auditTime: null, reason: null };
}

/** Drops the stock of SKUs in neither version. */
function pruneStock(p: ChannelsProduct): void {
  const live = new Set([...p.draft.skus, ...(p.online?.skus ?? [])].map((s) => s.sku_id));
  for (const skuId of Object.keys(p.stock)) if (!live.has(skuId)) delete p.stock[skuId];
}

/** Moves every product whose async upload or audit is due (lazily, on each request). */
function settle(ctx: ChannelsCtx): void {
  const now = ctx.clock.now();
  let changed = false;
  for (const p of ctx.state.products) {
    if (p.edit_status === 7 && p.dueAt !== null && p.dueAt <= now) {
      const finishedAt = p.dueAt;
      if (p.listAfterUpload) submitAudit(ctx, p, finishedAt);
      else Object.assign(p, { edit_status: 1, dueAt: null });
      p.listAfterUpload = false;
      changed = true;
    }
    if (p.edit_status === 2 && p.dueAt !== null && p.dueAt <= now) {
      const decidedAt = p.dueAt;
      p.dueAt = null;
      if (p.draft.title.includes(REJECTED_WORD)) {
        p.edit_status = 3;
        p.audit = { submitTime: p.audit?.submitTime ?? decidedAt, auditTime: decidedAt, reason: `商品标题包含违规内容「${REJECTED_WORD}」，请修改后重新提交` };
      } else {
        p.edit_status = 4;
        p.online = structuredClone(p.draft);
        if (p.status !== 20) p.status = 5;
        p.audit = { submitTime: p.audit?.submitTime ?? decidedAt, auditTime: decidedAt, reason: null };
        pruneStock(p);
      }
      changed = true;
    }
  }
  if (changed) ctx.changed();
}

const AUDIT_BUCKET = 'audit-day';
const hourBucket = (now: number): string => `audit-hour-${Math.floor(now / 3_600_000)}`;

function auditQuota(ctx: ChannelsCtx): { hour: number; day: number; usedHour: number; usedDay: number } {
  const now = ctx.clock.now();
  return {
    hour: numberOption(ctx.options, 'auditQuotaPerHour', 200),
    day: numberOption(ctx.options, 'auditQuotaPerDay', 1000),
    // Hour buckets live in the daily counters (reset at Shanghai midnight, like every daily quota).
    usedHour: usedToday(ctx.state.quota, now, hourBucket(now)),
    usedDay: usedToday(ctx.state.quota, now, AUDIT_BUCKET),
  };
}

/** add and update share the audit quota (§4.1). */
function takeAuditQuota(ctx: ChannelsCtx): void {
  const q = auditQuota(ctx);
  if (q.usedDay >= q.day) throw fail(CH_ERR.dailyAuditQuota, `daily product submission quota used up (${q.day} add/update per day)`);
  if (q.usedHour >= q.hour) throw fail(CH_ERR.hourlyAuditQuota, `hourly product submission quota used up (${q.hour} add/update per hour)`);
  const now = ctx.clock.now();
  takeDaily(ctx.state.quota, now, AUDIT_BUCKET, q.day);
  takeDaily(ctx.state.quota, now, hourBucket(now), q.hour);
}

// ---------------------------------------------------------------- products

/** A product that exists (recycle bin included only when `withRecycled`). */
function findProduct(ctx: ChannelsCtx, raw: unknown, withRecycled = false): ChannelsProduct {
  const productId = id(raw, 'product_id');
  const p = ctx.state.products.find((x) => x.product_id === productId);
  if (!p || p.status === 9 || (p.status === 6 && !withRecycled)) throw fail(CH_ERR.notFound, `product ${productId} does not exist`);
  return p;
}

function notInAudit(p: ChannelsProduct, what: string): void {
  if (p.edit_status === 2) throw fail(CH_ERR.inAudit, `product ${p.product_id} is in audit: withdraw the audit (audit/cancel) before ${what}`);
}

function listingFlag(b: Record<string, unknown>): boolean {
  return b['listing'] !== undefined && oneOf(b['listing'], 'listing', [0, 1]) === 1;
}

/** Gives new SKUs ids, sets stock where add/update may, and stores the draft. */
function writeDraft(ctx: ChannelsCtx, p: ChannelsProduct, input: ProductInput): void {
  const skus: ChannelsSku[] = input.skus.map(({ sku, stock_num }) => {
    const isNew = sku.sku_id === undefined;
    const skuId = sku.sku_id ?? takeId(ctx.state, 'nextSkuId');
    if (isNew || p.online === null) p.stock[skuId] = stock_num;
    return { ...sku, sku_id: skuId };
  });
  p.draft = { ...input.data, skus };
  p.editTime = ctx.clock.now();
  pruneStock(p);
}

/** After add/update: editing, async upload (many SKUs) or in audit (listing: 1). */
function afterWrite(ctx: ChannelsCtx, p: ChannelsProduct, listing: boolean): void {
  if (p.draft.skus.length > numberOption(ctx.options, 'asyncSkuThreshold', 25)) {
    Object.assign(p, { edit_status: 7, dueAt: ctx.clock.now() + numberOption(ctx.options, 'asyncUploadMs', 1000), listAfterUpload: listing });
  } else if (listing) {
    submitAudit(ctx, p);
  } else {
    Object.assign(p, { edit_status: 1, dueAt: null });
  }
}

function addProduct(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const b = body(req);
  const input = checkProductBody(ctx, b);
  const listing = listingFlag(b);
  takeAuditQuota(ctx);
  const now = ctx.clock.now();
  const p: ChannelsProduct = {
    product_id: takeId(ctx.state, 'nextProductId'),
    out_product_id: input.out_product_id,
    status: 0,
    edit_status: 1,
    draft: { ...input.data, skus: [] },
    online: null,
    stock: {},
    dueAt: null,
    listAfterUpload: false,
    audit: null,
    createTime: now,
    editTime: now,
    product_type: 1,
  };
  writeDraft(ctx, p, input);
  afterWrite(ctx, p, listing);
  ctx.state.products.push(p);
  ctx.changed();
  return wxOk({ data: { product_id: idOut(ctx, p.product_id), create_time: Math.floor(now / 1000) } });
}

function updateProduct(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const b = body(req);
  const p = findProduct(ctx, b['product_id']);
  notInAudit(p, 'updating it');
  if (p.edit_status === 7) throw fail(CH_ERR.notEditable, 'product info is being uploaded (edit_status 7): try again later');
  if (p.status === 20) throw fail(CH_ERR.notEditable, 'the product is banned and cannot be edited');
  if (p.product_type !== 1) throw fail(CH_ERR.notEditable, `product_type ${p.product_type} products are read-only`);
  const input = checkProductBody(ctx, b, p);
  const listing = listingFlag(b);
  takeAuditQuota(ctx);
  writeDraft(ctx, p, input);
  afterWrite(ctx, p, listing);
  ctx.changed();
  return wxOk({ data: { product_id: idOut(ctx, p.product_id), update_time: Math.floor(p.editTime / 1000) } });
}

/** A stock change (§6): the new stock, or the document's error. */
function applyDelta(current: number, diffType: unknown, num: unknown, field: string): number {
  const type = oneOf(diffType, `${field}.diff_type`, [1, 2, 3]);
  const n = integer(num, `${field}.num`, 0, MAX_STOCK);
  if (type !== 3 && n === 0) throw fail(CH_ERR.stockZeroDelta, 'stock change of 0');
  if (type === 2 && n > current) throw fail(CH_ERR.stockInsufficient, `cannot subtract ${n}: only ${current} in stock`);
  const next = type === 1 ? current + n : type === 2 ? current - n : n;
  if (next > MAX_STOCK) throw invalid(`stock would exceed ${MAX_STOCK}`);
  return next;
}

/** The fields of one auditfree SKU change applied to a SKU (a copy). */
function auditFreeSku(s: ChannelsSku, r: Record<string, unknown>, f: string): ChannelsSku {
  const next = { ...s };
  if (r['sale_price'] !== undefined) {
    const price = integer(r['sale_price'], `${f}.sale_price`, 0, MAX_PRICE_FEN);
    if (price === 0) throw fail(CH_ERR.priceZero, `${f}.sale_price is 0`);
    if (s.market_price > 0 && s.market_price <= price) throw fail(CH_ERR.saleAboveMarket, `${f}.sale_price must stay below market_price ${s.market_price}`);
    next.sale_price = price;
  }
  if (r['sku_code'] !== undefined) next.sku_code = text(r['sku_code'], `${f}.sku_code`, 100);
  if (r['status'] !== undefined) next.status = oneOf(r['status'], `${f}.status`, [5, 11]);
  if (r['sku_deliver_info'] !== undefined) next.sku_deliver_info = record(r['sku_deliver_info'], `${f}.sku_deliver_info`);
  return next;
}

function auditFree(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const b = body(req);
  const p = findProduct(ctx, b['product_id']);
  notInAudit(p, 'an audit-free update');
  if (p.online === null) throw fail(CH_ERR.notEditable, `product ${p.product_id} was never listed: auditfree changes listed products only`);
  if (b['skus'] === undefined) throw fail(CH_ERR.missingField, 'required field missing: skus');
  const online: ProductData = structuredClone(p.online);
  const stock = { ...p.stock };
  const changes = list(b['skus'], 'skus').map((raw, i) => {
    const f = `skus[${i}]`;
    const r = record(raw, f);
    const skuId = id(r['sku_id'], `${f}.sku_id`);
    const index = online.skus.findIndex((s) => s.sku_id === skuId);
    if (index < 0) throw invalid(`${f}.sku_id ${skuId} is not a SKU of the listed product`);
    if (r['is_delete'] === true) return { skuId, deleted: true, sku: online.skus[index]! };
    if (r['stock_info'] !== undefined) {
      const s = record(r['stock_info'], `${f}.stock_info`);
      stock[skuId] = applyDelta(stock[skuId] ?? 0, s['diff_type'], s['num'], `${f}.stock_info`);
    }
    return { skuId, deleted: false, sku: auditFreeSku(online.skus[index]!, r, f) };
  });
  online.skus = online.skus.flatMap((s) => {
    const change = changes.find((c) => c.skuId === s.sku_id);
    return change?.deleted ? [] : [change?.sku ?? s];
  });
  if (online.skus.length === 0) throw fail(CH_ERR.skuCount, 'auditfree would delete every SKU');
  if (b['spu_code'] !== undefined) online.spu_code = text(b['spu_code'], 'spu_code', 128);
  if (b['deliver_method'] !== undefined) online.deliver_method = oneOf(b['deliver_method'], 'deliver_method', [0]);
  if (b['express_info'] !== undefined) {
    const e = record(b['express_info'], 'express_info');
    const templateId = id(e['template_id'], 'express_info.template_id');
    if (!ctx.state.templates.some((t) => t.template_id === templateId)) throw fail(CH_ERR.freightTemplate, `invalid freight template: ${templateId} does not exist`);
    online.express_info = e['weight'] === undefined ? { template_id: templateId } : { template_id: templateId, weight: integer(e['weight'], 'express_info.weight', 1) };
  }
  if (b['extra_service'] !== undefined) {
    const e = record(b['extra_service'], 'extra_service');
    for (const [k, v] of Object.entries(e)) online.extra_service[k] = oneOf(v, `extra_service.${k}`, k === 'seven_day_return' ? [0, 1, 2, 3] : [0, 1]);
  }
  for (const k of ['limited_info', 'after_sale_info', 'timing_onsale_info', 'spu_deliver_info']) if (b[k] !== undefined) online.extras[k] = b[k];

  p.online = online;
  p.stock = stock;
  if (flagOption(ctx, 'auditFreeSyncsDraft', false)) {
    const draftSkus = p.draft.skus.flatMap((s) => {
      const change = changes.find((c) => c.skuId === s.sku_id);
      return change?.deleted ? [] : [change ? { ...change.sku } : s];
    });
    p.draft = { ...p.draft, spu_code: online.spu_code, deliver_method: online.deliver_method, express_info: online.express_info, extra_service: { ...online.extra_service }, skus: draftSkus };
  }
  pruneStock(p);
  p.editTime = ctx.clock.now();
  ctx.changed();
  return wxOk({ data: { product_id: idOut(ctx, p.product_id), update_time: Math.floor(p.editTime / 1000) } });
}

function getProduct(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const b = body(req);
  const p = findProduct(ctx, b['product_id'], true);
  const dataType = b['data_type'] === undefined ? 1 : oneOf(b['data_type'], 'data_type', [1, 2, 3]);
  const audit = auditInfoView(p);
  return wxOk({
    ...(dataType !== 2 && p.online ? { product: productView(ctx, p, p.online) } : {}),
    ...(dataType !== 1 ? { edit_product: { ...productView(ctx, p, p.draft), ...(audit ? { audit_info: audit } : {}) } } : {}),
  });
}

const LISTABLE_STATUSES = [0, 5, 6, 11, 12, 13, 14, 15, 20];

interface ListCursor {
  after: string;
}

function decodeCursor(key: unknown): ListCursor | undefined {
  if (key === undefined || key === '') return undefined;
  if (typeof key !== 'string') throw invalid('next_key must be the string from the previous page');
  try {
    const c = JSON.parse(Buffer.from(key, 'base64url').toString('utf8')) as ListCursor;
    if (typeof c.after === 'string' && /^\d+$/.test(c.after)) return c;
  } catch {
    // fall through
  }
  throw invalid('next_key is not a key this API returned');
}

const encodeCursor = (after: string): string => Buffer.from(JSON.stringify({ after })).toString('base64url');

function listProducts(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const b = body(req);
  const pageSize = b['page_size'] === undefined ? 10 : integer(b['page_size'], 'page_size', 1, 30);
  const cursor = decodeCursor(b['next_key']);
  const status = b['status'] === undefined ? undefined : oneOf(b['status'], 'status', LISTABLE_STATUSES);
  const withDrafts = flagOption(ctx, 'listIncludesNeverListed', false);
  const matching = ctx.state.products
    .filter((p) => (status === undefined ? p.status !== 6 && p.status !== 9 && (withDrafts || p.status !== 0) : p.status === status))
    .sort((x, y) => (BigInt(x.product_id) < BigInt(y.product_id) ? -1 : 1));
  const rest = cursor ? matching.filter((p) => BigInt(p.product_id) > BigInt(cursor.after)) : matching;
  const page = rest.slice(0, pageSize);
  const last = page[page.length - 1];
  let nextKey: string;
  if (ctx.options['listEnd'] === 'emptyKey') nextKey = rest.length > pageSize && last ? encodeCursor(last.product_id) : '';
  else nextKey = last ? encodeCursor(last.product_id) : typeof b['next_key'] === 'string' ? b['next_key'] : '';
  return wxOk({ product_ids: page.map((p) => idOut(ctx, p.product_id)), next_key: nextKey, total_num: matching.length });
}

function listing(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const p = findProduct(ctx, body(req)['product_id']);
  notInAudit(p, 'listing it again');
  if (p.edit_status === 7) throw fail(CH_ERR.asyncUploading, 'product info is still being uploaded (edit_status 7): list it later');
  if (p.edit_status === 8) throw fail(CH_ERR.notEditable, 'the async upload failed (edit_status 8): update the product again');
  if (p.status === 20) throw fail(CH_ERR.notEditable, 'the product is banned and cannot be listed');
  const draftApproved = p.edit_status === 4 && p.online !== null;
  if (draftApproved && p.status === 5) return wxOk();
  if (draftApproved && !flagOption(ctx, 'relistNeedsAudit', false)) p.status = 5;
  else submitAudit(ctx, p);
  ctx.changed();
  return wxOk();
}

function delisting(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const p = findProduct(ctx, body(req)['product_id']);
  notInAudit(p, 'delisting it');
  if (p.status !== 5) throw fail(CH_ERR.notListed, `product ${p.product_id} is not on sale (status ${p.status})`);
  p.status = 11;
  ctx.changed();
  return wxOk();
}

function deleteProduct(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const p = findProduct(ctx, body(req)['product_id']);
  notInAudit(p, 'deleting it');
  if (p.status === 5 && flagOption(ctx, 'deleteRequiresDelisted', true)) {
    throw fail(CH_ERR.notEditable, `product ${p.product_id} is on sale: delist it (product/delisting) before deleting`);
  }
  Object.assign(p, { status: 6, dueAt: null, listAfterUpload: false });
  ctx.changed();
  return wxOk();
}

function cancelAudit(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const p = findProduct(ctx, body(req)['product_id']);
  if (p.edit_status !== 2) throw fail(CH_ERR.auditNotInProgress, `product ${p.product_id} is not in audit (edit_status ${p.edit_status})`);
  Object.assign(p, { edit_status: 1, dueAt: null });
  ctx.changed();
  return wxOk();
}

function getAuditQuota(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  if (req.text.trim() !== '') body(req);
  const q = auditQuota(ctx);
  const avail = Math.max(0, Math.min(q.day - q.usedDay, q.hour - q.usedHour));
  return wxOk({ audit_quota: { block_status: avail === 0, avail_quota: avail, total_quota: q.day } });
}

// ---------------------------------------------------------------- stock

function stockSku(ctx: ChannelsCtx, b: Record<string, unknown>): { p: ChannelsProduct; skuId: string } {
  const p = findProduct(ctx, b['product_id']);
  const skuId = id(b['sku_id'], 'sku_id');
  if (!Object.hasOwn(p.stock, skuId)) throw invalid(`sku_id ${skuId} is not a SKU of product ${p.product_id}`);
  return { p, skuId };
}

function updateStock(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const b = body(req);
  const { p, skuId } = stockSku(ctx, b);
  if (p.online === null) throw fail(CH_ERR.stockNeverListed, `product ${p.product_id} was never listed: set stock with skus[].stock_num in add/update`);
  if (p.edit_status === 2) throw fail(CH_ERR.stockInAudit, `product ${p.product_id} is in audit: stock cannot change until the audit ends or is withdrawn`);
  for (const k of ['diff_type', 'num']) if (b[k] === undefined) throw fail(CH_ERR.missingField, `required field missing: ${k}`);
  p.stock[skuId] = applyDelta(p.stock[skuId] ?? 0, b['diff_type'], b['num'], 'stock');
  ctx.changed();
  return wxOk();
}

function skuStock(num: number): Record<string, unknown> {
  return { normal_stock_num: num, limited_discount_stock_num: 0, warehouse_stocks: [], total_stock_num: num };
}

function getStock(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const { p, skuId } = stockSku(ctx, body(req));
  return wxOk({ data: skuStock(p.stock[skuId] ?? 0) });
}

function batchGetStock(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const ids = list(body(req)['product_id'], 'product_id').map((v, i) => id(v, `product_id[${i}]`));
  if (ids.length === 0 || ids.length > 50) throw invalid('product_id must list 1 to 50 product ids');
  const products = ids.flatMap((productId) => ctx.state.products.filter((p) => p.product_id === productId && p.status !== 6 && p.status !== 9));
  return wxOk({
    data: {
      spu_stock_list: products.map((p) => ({
        product_id: idOut(ctx, p.product_id),
        sku_stock: Object.entries(p.stock).map(([skuId, num]) => ({ sku_id: idOut(ctx, skuId), ...skuStock(num), finder_total_num: 0 })),
      })),
    },
  });
}

// ---------------------------------------------------------------- categories

function catAndQua(c: ChannelsCategory): Record<string, unknown> {
  return {
    cat: { cat_id: c.cat_id, name: c.name, f_cat_id: c.f_cat_id, level: c.level, ...(c.leaf ? { leaf: true } : {}) },
    qua: qualificationOf(c),
    product_qua_list: [],
  };
}

/** Grouped by level: `cats[0]` holds the roots (a reading of the document's `cats[]{cat_and_qua[]}`). */
function byLevel(tree: ChannelsCategory[]): Array<{ cat_and_qua: Record<string, unknown>[] }> {
  const levels = Math.max(...tree.map((c) => c.level));
  return Array.from({ length: levels }, (_, i) => ({ cat_and_qua: tree.filter((c) => c.level === i + 1).map(catAndQua) }));
}

function allCategories(): SimResponse {
  return wxOk({ cats: byLevel(CATS_LEGACY), cats_v2: byLevel(CATS_V2) });
}

function childCategoryList(req: SimRequest): SimResponse {
  const parent = id(body(req)['f_cat_id'] ?? '0', 'f_cat_id');
  const view = (c: ChannelsCategory) => ({ cat_id: c.cat_id, name: c.name, f_cat_id: c.f_cat_id, leaf: c.leaf });
  return wxOk({ cat_list: childCategories('legacy', parent).map(view), cat_list_v2: childCategories('v2', parent).map(view) });
}

function categoryDetail(req: SimRequest): SimResponse {
  const catId = id(body(req)['cat_id'], 'cat_id');
  const c = findCategory('v2', catId);
  if (!c?.detail) throw invalid(`cat_id ${catId} is not a leaf category`);
  const d = c.detail;
  const attr = (a: (typeof d.productAttrs)[number]) => ({ ...a, type: a.type_v2.startsWith('select') ? 'select_one' : 'string' });
  return wxOk({
    info: { cat_id: c.cat_id, name: c.name },
    attr: {
      shop_no_shipment: d.shopNoShipment,
      access_permit_required: d.needToApply,
      pre_sale: false,
      brand_list: [],
      deposit: '0',
      product_attr_list: d.productAttrs.map(attr),
      sale_attr_list: d.saleAttrs.map(attr),
      transactionfee_info: { basis_point: 500, original_basis_point: 500, incentive_type: 0 },
      coupon_rule: { discount_ratio_limit: 0, discount_limit: 0 },
      floor_price: d.floorPrice,
      confirm_receipt_days: ['7', '10', '15'],
      is_limit_brand: false,
      product_requirement: {
        product_title_requirement: '5-60 字，需包含品牌/品名',
        product_img_requirement: d.food ? '主图至少 4 张' : '主图至少 3 张',
        product_desc_requirement: d.food ? '详情图至少 3 张' : '',
      },
      size_chart: { is_support: false, item_list: [] },
      seven_day_return: d.sevenDayReturn,
    },
    product_qua_list: [],
  });
}

function approvedCategories(_req: SimRequest, ctx: ChannelsCtx): SimResponse {
  return wxOk({ list: ctx.state.approvedCategories.map((catId) => ({ cat_id: catId, qua_id: qualificationOf(findCategory('v2', catId)!).qua_id })) });
}

/** category/add: the simulator grants the application at once (no qualification review). */
function applyForCategory(req: SimRequest, ctx: ChannelsCtx): SimResponse {
  const info = record(body(req)['category_info'], 'category_info');
  const path = info['cats_v2'] === undefined ? [] : list(info['cats_v2'], 'category_info.cats_v2');
  const last = path.length > 0 ? record(path[path.length - 1], 'category_info.cats_v2[]')['cat_id'] : info['level3'];
  const catId = id(last, 'category_info.cats_v2');
  const c = findCategory('v2', catId);
  if (!c?.leaf) throw fail(CH_ERR.illegalCategory, `illegal category: ${catId} is not a leaf category`);
  if (!ctx.state.approvedCategories.includes(catId)) ctx.state.approvedCategories.push(catId);
  ctx.changed();
  return wxOk({ audit_id: `5${catId.padStart(9, '0')}` });
}

// ---------------------------------------------------------------- routes

type Run = WxRoute<WechatChannelsState>['run'];
const dailyCalls = (ctx: ChannelsCtx) => ({ bucket: 'all', limit: numberOption(ctx.options, 'dailyCallLimit', Number.POSITIVE_INFINITY) });
const route = (write: boolean, run: Run, methods: string[] = ['POST']): WxRoute<WechatChannelsState> => ({
  write,
  daily: dailyCalls,
  run: (req, ctx) => (methods.includes(req.method) ? run(req, ctx) : wxError(43002, `require ${methods.join(' or ')} method`)),
});
const read = (run: Run, methods?: string[]) => route(false, run, methods);
const write = (run: Run) => route(true, run);

export const CHANNELS_ROUTES: Record<string, WxRoute<WechatChannelsState>> = {
  [`${PREFIX}/basics/img/upload`]: write(uploadImage),
  [`${PREFIX}/category/all`]: read(allCategories, ['GET', 'POST']),
  [`${PREFIX}/category/availablesoncategories/get`]: read(childCategoryList),
  [`${PREFIX}/category/detail`]: read(categoryDetail),
  [`${PREFIX}/category/list/get`]: read(approvedCategories, ['GET', 'POST']),
  [`${PREFIX}/category/add`]: write(applyForCategory),
  [`${PREFIX}/product/add`]: write(addProduct),
  [`${PREFIX}/product/update`]: write(updateProduct),
  [`${PREFIX}/product/auditfree`]: write(auditFree),
  [`${PREFIX}/product/get`]: read(getProduct),
  [`${PREFIX}/product/list/get`]: read(listProducts),
  [`${PREFIX}/product/listing`]: write(listing),
  [`${PREFIX}/product/delisting`]: write(delisting),
  [`${PREFIX}/product/delete`]: write(deleteProduct),
  [`${PREFIX}/product/audit/cancel`]: write(cancelAudit),
  [`${PREFIX}/product/getauditquota`]: read(getAuditQuota),
  [`${PREFIX}/product/stock/update`]: write(updateStock),
  [`${PREFIX}/product/stock/get`]: read(getStock),
  [`${PREFIX}/product/stock/batchget`]: read(batchGetStock),
  [`${PREFIX}/merchant/addfreighttemplate`]: write(addTemplate),
  [`${PREFIX}/merchant/updatefreighttemplate`]: write(updateTemplate),
  [`${PREFIX}/merchant/getfreighttemplatedetail`]: read(getTemplate),
  [`${PREFIX}/merchant/getfreighttemplatelist`]: read(listTemplates),
};

/** `/shop/ec/…` → `/channels/ec/…` when option shopEcAlias is true (an alias the document leaves unconfirmed). */
function canonical(req: SimRequest, ctx: ChannelsCtx): SimRequest {
  return ctx.options['shopEcAlias'] === true && req.path.startsWith('/shop/ec/') ? { ...req, path: `${PREFIX}/${req.path.slice('/shop/ec/'.length)}` } : req;
}

/** Answers with product/SKU ids as bare integer literals (see json.ts). */
function withBareIntegers(res: SimResponse): SimResponse {
  if (typeof res.body === 'string' || res.body instanceof Uint8Array) return res;
  return { ...res, headers: { ...res.headers, 'content-type': 'application/json; charset=utf-8' }, body: stringifyWithBareIntegers(res.body) };
}

export const wechatChannelsSimulator: Simulator<WechatChannelsState> = {
  // Until the platform registry names it (branch seam): the simulator is keyed by this string.
  platform: 'wechat-channels' as string as Simulator<WechatChannelsState>['platform'],
  initialState: initialChannelsState,
  async handle(req, ctx) {
    const image = serveImage(req, ctx);
    if (image) return image;
    settle(ctx);
    return withBareIntegers(await serveWechat(canonical(req, ctx), ctx, CHANNELS_ROUTES));
  },
  busyResponse: wxBusy,
  isWrite: (req) => isWechatWrite(req, CHANNELS_ROUTES) || (req.path.startsWith('/shop/ec/') && isWechatWrite({ ...req, path: `${PREFIX}/${req.path.slice(9)}` }, CHANNELS_ROUTES)),
};
