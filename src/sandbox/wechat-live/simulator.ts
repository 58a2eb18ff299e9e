/**
 * Simulator of 小程序直播 商品库 (wechat-live), written from the live goods API page (docs/platforms/wechat-live.md,
 * "Facts the adapter relies on"). Token handling, quotas and the envelope: ../wechat-common/.
 *
 * Calls (all need ?access_token=; replies are HTTP 200 with errcode):
 *   POST /wxaapi/broadcast/goods/add         {goodsInfo:{coverImgUrl(mediaID), name, priceType, price, price2?, url}} -> {goodsId, auditId}
 *   POST /wxaapi/broadcast/goods/resetaudit  {auditId, goodsId}
 *   POST /wxaapi/broadcast/goods/audit       {goodsId} -> {auditId}
 *   POST /wxaapi/broadcast/goods/delete      {goodsId}
 *   POST /wxaapi/broadcast/goods/update      {goodsInfo:{goodsId, ...changed fields}}
 *   POST /wxa/business/getgoodswarehouse     {goods_ids:[...]} -> {goods:[snake_case], total}
 *   GET  /wxaapi/broadcast/goods/getapproved ?offset=&limit=&status= -> {total, goods:[camelCase]}
 *   POST /cgi-bin/media/upload?type=image    multipart field `media` -> {type, media_id, created_at}
 *   POST /cgi-bin/openapi/quota/get          {cgi_path} -> {quota:{daily_limit, used, remain}} (76021: unknown path)
 *
 * Behaviour beyond the page, chosen for the simulator:
 * - Audit is deterministic: a name containing 违规 is rejected (audit_status 3), anything else is
 *   approved; the outcome arrives `auditDelayMs` after submission (simulator clock; 0 = at once).
 * - Extension: getgoodswarehouse adds `audit_reason` (string) to rejected goods. The real API has
 *   no such field; adapters must not depend on it.
 * - Updating rejected goods keeps audit_status 3 until `audit` resubmits them.
 * - `audit` (resubmit) is accepted from audit_status 0 (withdrawn) and 3 (rejected).
 * - Lists are ordered by goodsId ascending; getgoodswarehouse skips unknown ids.
 * - cover_img_url of API goods is `<baseUrl>/img/<sha256 of the image>`.
 * - The mini-program "release" is the list of page paths in option `miniProgramPages`; a url's
 *   query is allowed but must be URL-encoded (no spaces or non-ASCII: 200002).
 *
 * Error codes: the page's appendix, plus for media upload 40004 (type is not image), 40005 (not a
 * PNG/JPEG image), 40009 (image over 2 MB), 41005 (no `media` part). Field type errors: 47001;
 * missing required fields and out-of-range query values: 200002. A cover over 300x300 px: 300006.
 *
 * Options: tokenTtlSeconds (7200), perMinuteLimit (none), auditDelayMs (2000), auditQuotaPerDay
 * (500, add + audit), dailyLimits ({resetaudit: 500, delete: 1000, update: 1000,
 * getgoodswarehouse: 1000, getapproved: 10000}, partial overrides), miniProgramPages
 * (DEFAULT_MINI_PROGRAM_PAGES), and the readings the page leaves open (independent SDKs differ):
 * warehousePriceUnit / listPriceUnit ("yuan", the documented unit, or "fen", as the page's example
 * value 12300 suggests) for `price` / `price2` in getgoodswarehouse / getapproved, and
 * thirdPartyTagType ("number" or "string": SKIT models it as an int, WxJava as a String).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimContext, SimRequest, SimResponse, Simulator } from '../types.js';
import { fail, isRecord, jsonBody, numberOption, WX, wxBusy, WxFailure, wxOk } from '../wechat-common/envelope.js';
import { isWechatWrite, serveWechat, type WxRoute } from '../wechat-common/gate.js';
import { readImageInfo } from '../wechat-common/image.js';
import { takeDaily, usedToday } from '../wechat-common/quota.js';
import { initialLiveState, type LiveGoods, type PriceType, type WechatLiveState } from './state.js';

const LIVE_ERR = {
  goodsNotFound: 1003,
  badParams: 200002,
  nameLength: 300002,
  price: 300003,
  image: 300006,
  urlNotInApp: 300007,
  withdrawFailed: 300009,
  auditState: 300010,
  notApiGoods: 300011,
  noAuditQuota: 300012,
  inAuditCannotDelete: 300014,
  notSubmitted: 300017,
  invalidMediaType: 40004,
  invalidFileType: 40005,
  invalidImageSize: 40009,
  mediaMissing: 41005,
  cgiPathNotFound: 76021,
} as const;

const DEFAULT_MINI_PROGRAM_PAGES = ['pages/index/index', 'pages/goods/detail', 'pages/goods/list', 'pages/live/room'];
const DEFAULT_AUDIT_DELAY_MS = 2000;
export const MEDIA_TTL_MS = 3 * 86_400_000;
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const MAX_COVER_PX = 300;
const MAX_NAME_UNITS = 28;
const DEFAULT_DAILY_LIMITS = { resetaudit: 500, delete: 1000, update: 1000, getgoodswarehouse: 1000, getapproved: 10000 };
type DailyCall = keyof typeof DEFAULT_DAILY_LIMITS;
const AUDIT_BUCKET = 'audit';
const REJECTED_WORD = '违规';

type Ctx = SimContext<WechatLiveState>;

function dailyLimit(call: DailyCall): (ctx: Ctx) => { bucket: string; limit: number } {
  return (ctx) => {
    const overrides = isRecord(ctx.options['dailyLimits']) ? ctx.options['dailyLimits'] : {};
    return { bucket: call, limit: numberOption(overrides, call, DEFAULT_DAILY_LIMITS[call]) };
  };
}

function miniProgramPages(ctx: Ctx): string[] {
  const pages = ctx.options['miniProgramPages'];
  if (pages === undefined) return DEFAULT_MINI_PROGRAM_PAGES;
  if (!Array.isArray(pages) || !pages.every((p) => typeof p === 'string')) {
    throw new Error('sandbox option miniProgramPages must be a list of page paths');
  }
  return pages.map((p) => p.replace(/^\//, ''));
}

// ---------------------------------------------------------------- field checks

/** Name width: an ASCII character counts 1, any other (汉字, full-width) 2. */
export function nameUnits(name: string): number {
  let units = 0;
  for (const ch of name) units += ch.codePointAt(0)! <= 0x7f ? 1 : 2;
  return units;
}

function checkName(value: unknown): string {
  if (typeof value !== 'string') throw fail(WX.dataFormat, 'name must be a string');
  const units = nameUnits(value);
  if (value.trim() === '' || units > MAX_NAME_UNITS) {
    throw fail(LIVE_ERR.nameLength, `name is ${units} units wide; 1..${MAX_NAME_UNITS} allowed (a 汉字 counts 2)`);
  }
  return value;
}

function priceFen(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw fail(LIVE_ERR.price, `${field} must be a number (yuan)`);
  const fen = Math.round(value * 100);
  if (Math.abs(fen - value * 100) > 1e-4) throw fail(LIVE_ERR.price, `${field} has more than 2 decimals`);
  if (fen <= 0) throw fail(LIVE_ERR.price, `${field} must be positive`);
  return fen;
}

function checkPriceType(value: unknown): PriceType {
  if (value !== 1 && value !== 2 && value !== 3) throw fail(LIVE_ERR.price, 'priceType must be 1, 2 or 3');
  return value;
}

/** Checks the combination and returns price2 as stored (0 for a fixed price). */
function checkPriceRule(priceType: PriceType, price: number, price2: number | undefined): number {
  if (priceType === 1) return 0;
  if (price2 === undefined || price2 === 0) throw fail(LIVE_ERR.price, `price2 is required when priceType is ${priceType}`);
  if (priceType === 2 && !(price < price2)) throw fail(LIVE_ERR.price, 'priceType 2: price (lower bound) must be below price2');
  if (priceType === 3 && !(price2 < price)) throw fail(LIVE_ERR.price, 'priceType 3: price2 (current) must be below price (original)');
  return price2;
}

const ENCODED_QUERY = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*$/;

function checkUrl(ctx: Ctx, value: unknown): string {
  if (typeof value !== 'string') throw fail(WX.dataFormat, 'url must be a string');
  const q = value.indexOf('?');
  const page = (q < 0 ? value : value.slice(0, q)).replace(/^\//, '');
  const query = q < 0 ? '' : value.slice(q + 1);
  if (!ENCODED_QUERY.test(query)) throw fail(LIVE_ERR.badParams, 'url query values must be URL-encoded');
  if (!miniProgramPages(ctx).includes(page)) {
    throw fail(LIVE_ERR.urlNotInApp, `the released mini-program has no page "${page}"`);
  }
  return value;
}

function coverUrl(ctx: Ctx, value: unknown): string {
  if (typeof value !== 'string') throw fail(WX.dataFormat, 'coverImgUrl must be a mediaID string');
  const media = Object.hasOwn(ctx.state.media, value) ? ctx.state.media[value] : undefined;
  if (!media || media.createdAt + MEDIA_TTL_MS <= ctx.clock.now()) {
    throw fail(LIVE_ERR.image, 'image upload failed: mediaID unknown or expired, upload the image again');
  }
  if (media.width > MAX_COVER_PX || media.height > MAX_COVER_PX) {
    throw fail(LIVE_ERR.image, `cover image is ${media.width}x${media.height} px; at most ${MAX_COVER_PX}x${MAX_COVER_PX}`);
  }
  return `${ctx.baseUrl}/img/${media.sha256}`;
}

function requireFields(obj: Record<string, unknown>, names: string[]): void {
  const missing = names.filter((n) => obj[n] === undefined);
  if (missing.length > 0) throw fail(LIVE_ERR.badParams, `missing required field(s): ${missing.join(', ')}`);
}

function integerField(obj: Record<string, unknown>, name: string): number {
  const value = obj[name];
  if (value === undefined) throw fail(LIVE_ERR.badParams, `missing required field: ${name}`);
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw fail(WX.dataFormat, `${name} must be an integer`);
  return value;
}

function goodsInfo(body: Record<string, unknown>): Record<string, unknown> {
  const info = body['goodsInfo'];
  if (!isRecord(info)) throw fail(WX.dataFormat, 'goodsInfo must be an object');
  return info;
}

function body(req: SimRequest): Record<string, unknown> {
  const parsed = jsonBody(req);
  if (parsed instanceof WxFailure) throw parsed;
  return parsed;
}

function findGoods(ctx: Ctx, goodsId: number): LiveGoods {
  const goods = ctx.state.goods.find((g) => g.goodsId === goodsId);
  if (!goods) throw fail(LIVE_ERR.goodsNotFound, `goods id ${goodsId} not found`);
  return goods;
}

/** Goods the API may change: created through the API. */
function findManagedGoods(ctx: Ctx, goodsId: number): LiveGoods {
  const goods = findGoods(ctx, goodsId);
  if (goods.thirdPartyTag === 0) throw fail(LIVE_ERR.notApiGoods, 'goods created in the live console cannot be managed through the API');
  return goods;
}

// ---------------------------------------------------------------- audit

/** Decides every audit whose time has come (lazily, on each request). */
function settleAudits(ctx: Ctx): void {
  const now = ctx.clock.now();
  let settled = false;
  for (const g of ctx.state.goods) {
    if (g.auditStatus !== 1 || g.auditDueAt === null || g.auditDueAt > now) continue;
    g.auditDueAt = null;
    if (g.name.includes(REJECTED_WORD)) {
      g.auditStatus = 3;
      g.auditReason = `商品名称存在违规内容: "${REJECTED_WORD}"`;
    } else {
      g.auditStatus = 2;
      g.auditReason = null;
    }
    settled = true;
  }
  if (settled) ctx.changed();
}

/** Consumes one audit submission of today's quota and puts the goods in audit. */
function submitAudit(ctx: Ctx, goods: LiveGoods): number {
  const limit = numberOption(ctx.options, 'auditQuotaPerDay', 500);
  if (!takeDaily(ctx.state.quota, ctx.clock.now(), AUDIT_BUCKET, limit)) {
    throw fail(LIVE_ERR.noAuditQuota, `no audit quota left today (${limit} submissions per day)`);
  }
  goods.auditId = ctx.state.nextAuditId++;
  goods.auditStatus = 1;
  goods.auditReason = null;
  goods.auditDueAt = ctx.clock.now() + numberOption(ctx.options, 'auditDelayMs', DEFAULT_AUDIT_DELAY_MS);
  return goods.auditId;
}

// ---------------------------------------------------------------- calls

function add(req: SimRequest, ctx: Ctx): SimResponse {
  const info = goodsInfo(body(req));
  requireFields(info, ['coverImgUrl', 'name', 'priceType', 'price', 'url']);
  const name = checkName(info['name']);
  const priceType = checkPriceType(info['priceType']);
  const price = priceFen(info['price'], 'price');
  const price2 = info['price2'] === undefined || priceType === 1 ? undefined : priceFen(info['price2'], 'price2');
  const price2Fen = checkPriceRule(priceType, price, price2);
  const url = checkUrl(ctx, info['url']);
  const cover = coverUrl(ctx, info['coverImgUrl']);
  const goods: LiveGoods = {
    goodsId: ctx.state.nextGoodsId,
    name,
    coverImgUrl: cover,
    priceType,
    priceFen: price,
    price2Fen,
    url,
    auditStatus: 0,
    auditId: null,
    auditDueAt: null,
    auditReason: null,
    thirdPartyTag: 2,
  };
  const auditId = submitAudit(ctx, goods);
  ctx.state.nextGoodsId += 1;
  ctx.state.goods.push(goods);
  ctx.changed();
  settleAudits(ctx);
  return wxOk({ goodsId: goods.goodsId, auditId });
}

function resetAudit(req: SimRequest, ctx: Ctx): SimResponse {
  const b = body(req);
  const auditId = integerField(b, 'auditId');
  const goods = findManagedGoods(ctx, integerField(b, 'goodsId'));
  if (goods.auditStatus === 0) throw fail(LIVE_ERR.notSubmitted, 'goods is not in audit (not submitted)');
  if (goods.auditStatus !== 1) throw fail(LIVE_ERR.withdrawFailed, 'withdraw failed: the audit is already decided');
  if (goods.auditId !== auditId) throw fail(LIVE_ERR.badParams, `auditId ${auditId} is not the current audit of goods ${goods.goodsId}`);
  goods.auditStatus = 0;
  goods.auditDueAt = null;
  ctx.changed();
  return wxOk();
}

function resubmitAudit(req: SimRequest, ctx: Ctx): SimResponse {
  const goods = findManagedGoods(ctx, integerField(body(req), 'goodsId'));
  if (goods.auditStatus === 1) throw fail(LIVE_ERR.auditState, 'goods is already in audit');
  if (goods.auditStatus === 2) throw fail(LIVE_ERR.auditState, 'goods is already approved');
  const auditId = submitAudit(ctx, goods);
  ctx.changed();
  settleAudits(ctx);
  return wxOk({ auditId });
}

function deleteGoods(req: SimRequest, ctx: Ctx): SimResponse {
  const goods = findManagedGoods(ctx, integerField(body(req), 'goodsId'));
  if (goods.auditStatus === 1) throw fail(LIVE_ERR.inAuditCannotDelete, 'goods is in audit and cannot be deleted (withdraw first)');
  ctx.state.goods = ctx.state.goods.filter((g) => g !== goods);
  ctx.changed();
  return wxOk();
}

const PRICE_FIELDS = ['priceType', 'price', 'price2'];
const OTHER_FIELDS = ['coverImgUrl', 'name', 'url'];

function update(req: SimRequest, ctx: Ctx): SimResponse {
  const info = goodsInfo(body(req));
  const goods = findManagedGoods(ctx, integerField(info, 'goodsId'));
  if (goods.auditStatus === 1) throw fail(LIVE_ERR.auditState, 'goods in audit cannot be updated (withdraw the audit first)');
  const given = (names: string[]) => names.filter((n) => info[n] !== undefined);
  if (goods.auditStatus === 2 && given(OTHER_FIELDS).length > 0) {
    throw fail(LIVE_ERR.auditState, `approved goods: only priceType/price/price2 may change, not ${given(OTHER_FIELDS).join(', ')}`);
  }
  const name = info['name'] === undefined ? goods.name : checkName(info['name']);
  const url = info['url'] === undefined ? goods.url : checkUrl(ctx, info['url']);
  const cover = info['coverImgUrl'] === undefined ? goods.coverImgUrl : coverUrl(ctx, info['coverImgUrl']);
  let { priceType, priceFen: price, price2Fen } = goods;
  if (given(PRICE_FIELDS).length > 0) {
    priceType = info['priceType'] === undefined ? goods.priceType : checkPriceType(info['priceType']);
    price = info['price'] === undefined ? goods.priceFen : priceFen(info['price'], 'price');
    const price2 =
      priceType === 1 ? undefined : info['price2'] === undefined ? goods.price2Fen : priceFen(info['price2'], 'price2');
    price2Fen = checkPriceRule(priceType, price, price2);
  }
  Object.assign(goods, { name, url, coverImgUrl: cover, priceType, priceFen: price, price2Fen });
  ctx.changed();
  return wxOk();
}

const yuan = (fen: number): number => fen / 100;

/** A stored price (fen) as a read call answers it: yuan unless the option says "fen". */
function readPrice(fen: number, ctx: Ctx, option: 'warehousePriceUnit' | 'listPriceUnit'): number {
  return ctx.options[option] === 'fen' ? fen : yuan(fen);
}

/** third_party_tag as read calls answer it: a number unless option thirdPartyTagType is "string". */
function readTag(tag: number, ctx: Ctx): number | string {
  return ctx.options.thirdPartyTagType === 'string' ? String(tag) : tag;
}

function warehouse(req: SimRequest, ctx: Ctx): SimResponse {
  const ids = body(req)['goods_ids'];
  if (ids === undefined) throw fail(LIVE_ERR.badParams, 'missing required field: goods_ids');
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'number' && Number.isSafeInteger(id))) {
    throw fail(WX.dataFormat, 'goods_ids must be a list of integers');
  }
  if (ids.length === 0) throw fail(LIVE_ERR.badParams, 'goods_ids is empty');
  const goods = (ids as number[]).flatMap((id) => {
    const g = ctx.state.goods.find((x) => x.goodsId === id);
    if (!g) return [];
    return [
      {
        goods_id: g.goodsId,
        cover_img_url: g.coverImgUrl,
        name: g.name,
        price: readPrice(g.priceFen, ctx, 'warehousePriceUnit'),
        url: g.url,
        price_type: g.priceType,
        price2: readPrice(g.price2Fen, ctx, 'warehousePriceUnit'),
        audit_status: g.auditStatus,
        third_party_tag: readTag(g.thirdPartyTag, ctx),
        ...(g.auditStatus === 3 && g.auditReason !== null ? { audit_reason: g.auditReason } : {}),
      },
    ];
  });
  return wxOk({ goods, total: goods.length });
}

function queryInteger(req: SimRequest, name: string, fallback?: number): number {
  const text = req.query.get(name);
  if (text === null || text === '') {
    if (fallback === undefined) throw fail(LIVE_ERR.badParams, `missing required query parameter: ${name}`);
    return fallback;
  }
  if (!/^\d{1,9}$/.test(text)) throw fail(LIVE_ERR.badParams, `${name} must be a non-negative integer`);
  return Number(text);
}

function approvedList(req: SimRequest, ctx: Ctx): SimResponse {
  const offset = queryInteger(req, 'offset');
  const limit = queryInteger(req, 'limit', 30);
  const status = queryInteger(req, 'status');
  if (limit < 1 || limit > 100) throw fail(LIVE_ERR.badParams, 'limit must be 1..100');
  if (status > 3) throw fail(LIVE_ERR.badParams, 'status must be 0..3');
  const matching = ctx.state.goods.filter((g) => g.auditStatus === status).sort((a, b) => a.goodsId - b.goodsId);
  const goods = matching.slice(offset, offset + limit).map((g) => ({
    goodsId: g.goodsId,
    coverImgUrl: g.coverImgUrl,
    name: g.name,
    price: readPrice(g.priceFen, ctx, 'listPriceUnit'),
    url: g.url,
    priceType: g.priceType,
    price2: readPrice(g.price2Fen, ctx, 'listPriceUnit'),
    thirdPartyTag: readTag(g.thirdPartyTag, ctx),
  }));
  return wxOk({ total: matching.length, goods });
}

async function uploadMedia(req: SimRequest, ctx: Ctx): Promise<SimResponse> {
  if (req.query.get('type') !== 'image') throw fail(LIVE_ERR.invalidMediaType, 'invalid media type: only type=image is supported');
  const contentType = req.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    throw fail(LIVE_ERR.mediaMissing, 'media data missing: send multipart/form-data with a "media" file');
  }
  let media: unknown;
  try {
    const form = await new Request('http://sandbox.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: req.body }).formData();
    media = form.get('media');
  } catch {
    throw fail(LIVE_ERR.mediaMissing, 'media data missing: the multipart body could not be read');
  }
  if (!(media instanceof Blob)) throw fail(LIVE_ERR.mediaMissing, 'media data missing: no "media" file part');
  const bytes = new Uint8Array(await media.arrayBuffer());
  if (bytes.length > MAX_IMAGE_BYTES) throw fail(LIVE_ERR.invalidImageSize, `invalid image size: ${bytes.length} bytes, at most 2 MB`);
  const info = readImageInfo(bytes);
  if (!info) throw fail(LIVE_ERR.invalidFileType, 'invalid file type: not a PNG or JPEG image');
  const now = ctx.clock.now();
  for (const [id, m] of Object.entries(ctx.state.media)) if (m.createdAt + MEDIA_TTL_MS <= now) delete ctx.state.media[id];
  const mediaId = randomBytes(48).toString('base64url');
  ctx.state.media[mediaId] = {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    width: info.width,
    height: info.height,
    createdAt: now,
  };
  ctx.changed();
  // Like the real endpoint: no errcode on success.
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { type: 'image', media_id: mediaId, created_at: Math.floor(now / 1000) } };
}

/**
 * cgi-bin/openapi/quota/get {cgi_path} -> {quota: {daily_limit, used, remain}} (WeChat's API quota
 * query). goods/add and goods/audit report the audit submissions they share.
 */
function quotaGet(req: SimRequest, ctx: Ctx): SimResponse {
  const path = body(req)['cgi_path'];
  const call = typeof path === 'string' ? path.split('/').pop()! : '';
  const now = ctx.clock.now();
  if (path === '/wxaapi/broadcast/goods/add' || path === '/wxaapi/broadcast/goods/audit') {
    const limit = numberOption(ctx.options, 'auditQuotaPerDay', 500);
    const used = usedToday(ctx.state.quota, now, AUDIT_BUCKET);
    return wxOk({ quota: { daily_limit: limit, used, remain: Math.max(0, limit - used) } });
  }
  if (typeof path !== 'string' || !Object.hasOwn(LIVE_ROUTES, path) || !Object.hasOwn(DEFAULT_DAILY_LIMITS, call)) throw fail(LIVE_ERR.cgiPathNotFound, 'cgi_path not found');
  const { limit } = dailyLimit(call as DailyCall)(ctx);
  const used = usedToday(ctx.state.quota, now, call);
  return wxOk({ quota: { daily_limit: limit, used, remain: Math.max(0, limit - used) } });
}

const LIVE_ROUTES: Record<string, WxRoute<WechatLiveState>> = {
  '/wxaapi/broadcast/goods/add': { write: true, run: add },
  '/wxaapi/broadcast/goods/resetaudit': { write: true, daily: dailyLimit('resetaudit'), run: resetAudit },
  '/wxaapi/broadcast/goods/audit': { write: true, run: resubmitAudit },
  '/wxaapi/broadcast/goods/delete': { write: true, daily: dailyLimit('delete'), run: deleteGoods },
  '/wxaapi/broadcast/goods/update': { write: true, daily: dailyLimit('update'), run: update },
  '/wxa/business/getgoodswarehouse': { write: false, daily: dailyLimit('getgoodswarehouse'), run: warehouse },
  '/wxaapi/broadcast/goods/getapproved': { write: false, daily: dailyLimit('getapproved'), run: approvedList },
  '/cgi-bin/media/upload': { write: true, run: uploadMedia },
  '/cgi-bin/openapi/quota/get': { write: false, run: quotaGet },
};

export const wechatLiveSimulator: Simulator<WechatLiveState> = {
  platform: 'wechat-live',
  initialState: initialLiveState,
  handle(req, ctx) {
    settleAudits(ctx);
    return serveWechat(req, ctx, LIVE_ROUTES);
  },
  busyResponse: wxBusy,
  isWrite: (req) => isWechatWrite(req, LIVE_ROUTES),
};
