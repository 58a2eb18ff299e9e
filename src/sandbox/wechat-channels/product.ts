/**
 * The product body of `product/add` and `product/update` (platform-docs/wechat-channels.md §4.2,
 * §4.3): checked in full, with the document's codes, and turned into a ProductData; and the
 * product as `product/get` answers it.
 */
import { fail } from '../wechat-common/envelope.js';
import { CH_ERR, id, integer, invalid, list, missing, oneOf, optionalText, record, text, type ChannelsCtx } from './args.js';
import { categoryPath, findCategory, type CategoryAttr, type LeafDetail } from './categories.js';
import { productImage } from './images.js';
import { bareInteger, type BareInteger } from './json.js';
import type { ChannelsProduct, ChannelsSku, KeyValue, ProductData } from './state.js';

export const NO_BRAND = '2100000000';
export const MAX_SKUS = 500;
export const MAX_PRICE_FEN = 1_000_000_000;
export const MAX_STOCK = 10_000_000;

/** Punctuation a title may contain besides letters, digits and spaces (the document's list). */
const TITLE_PUNCTUATION = new Set([...'·~～!@#$%^&()！@#￥%…&*（）-_—=+[]\\【】、{}|｜;\'；’:"： ‘“”,./，。<>?《》？ ']);

/** Title rules: 5–60 characters, at least 5 letters/digits, not only Latin and digits, listed punctuation only. */
export function checkTitle(value: unknown): string {
  if (value === undefined || value === null || value === '') throw fail(CH_ERR.titleEmpty, 'title is empty');
  if (typeof value !== 'string') throw invalid('title must be a string');
  const chars = [...value];
  if (chars.length > 60) throw fail(CH_ERR.titleTooLong, `title is ${chars.length} characters; at most 60`);
  let valid = 0;
  let nonLatin = false;
  for (const ch of chars) {
    if (/[\p{L}\p{N}]/u.test(ch)) {
      valid += 1;
      if (!/[A-Za-z0-9]/.test(ch)) nonLatin = true;
    } else if (!TITLE_PUNCTUATION.has(ch)) {
      throw invalid(`title contains "${ch}", which is not an allowed punctuation mark`);
    }
  }
  if (valid < 5) throw invalid('title needs at least 5 characters (letters, digits or 汉字)');
  if (!nonLatin) throw invalid('title must not be only Latin letters and digits');
  return value;
}

function keyValues(value: unknown, field: string): KeyValue[] {
  return list(value ?? [], field).map((item, i) => {
    const r = record(item, `${field}[${i}]`);
    return { attr_key: text(r['attr_key'], `${field}[${i}].attr_key`, 40), attr_value: text(r['attr_value'], `${field}[${i}].attr_value`, 100) };
  });
}

/** A value in the encoding of its attribute type (§3); the reason when it is not. */
export function attrValueProblem(a: CategoryAttr, v: string): string | undefined {
  const options = a.value === '' ? [] : a.value.split(';');
  const number = a.type_v2.startsWith('decimal4') ? /^\d+(\.\d{1,4})?$/ : /^\d+$/;
  switch (a.type_v2) {
    case 'string':
      return v.trim() === '' ? 'is empty' : undefined;
    case 'select_one':
      return a.append_allowed || options.length === 0 || options.includes(v) ? undefined : `must be one of ${a.value}`;
    case 'select_many': {
      const parts = v.split(';');
      if (parts.some((p) => p === '')) return 'must be values separated by ";"';
      return a.append_allowed || parts.every((p) => options.includes(p)) ? undefined : `values must come from ${a.value}`;
    }
    case 'integer':
    case 'decimal4':
      return number.test(v) ? undefined : `must be a ${a.type_v2 === 'integer' ? 'whole number' : 'number with at most 4 decimals'}`;
    case 'integer_unit':
    case 'decimal4_unit': {
      const m = /^(\S+) (\S+)$/.exec(v);
      if (!m || !number.test(m[1]!)) return `must be "<number> <unit>" with one space, e.g. "18 ${options[0] ?? 'kg'}"`;
      return options.includes(m[2]!) ? undefined : `unit must be one of ${a.value}`;
    }
  }
}

function checkAttrs(attrs: KeyValue[], detail: LeafDetail, leafName: string): void {
  const seen = new Set<string>();
  for (const a of attrs) {
    if (seen.has(a.attr_key)) throw fail(CH_ERR.duplicateAttrKey, `attrs: attr_key "${a.attr_key}" is repeated`);
    seen.add(a.attr_key);
    const def = detail.productAttrs.find((d) => d.name === a.attr_key);
    if (!def) throw fail(CH_ERR.checkFailed, `product check failed: category ${leafName} has no attribute "${a.attr_key}"`);
    const problem = attrValueProblem(def, a.attr_value);
    if (problem) throw fail(CH_ERR.checkFailed, `product check failed: attribute "${a.attr_key}" value "${a.attr_value}" ${problem}`);
  }
  const absent = detail.productAttrs.filter((d) => d.is_required && !seen.has(d.name)).map((d) => d.name);
  if (absent.length > 0) {
    throw fail(CH_ERR.checkFailed, `product check failed [6600015]: category ${leafName} requires attribute(s) ${absent.join(', ')}`);
  }
}

/** cats_v2 (preferred) or the legacy 3-level cats: the full path to a leaf the store may use. */
function checkCategory(ctx: ChannelsCtx, b: Record<string, unknown>): { cats_v2: Array<{ cat_id: string }>; cats: Array<{ cat_id: string }>; detail: LeafDetail; name: string } {
  const v2 = list(b['cats_v2'] ?? [], 'cats_v2');
  const legacy = list(b['cats'] ?? [], 'cats');
  const tree = v2.length > 0 ? 'v2' : 'legacy';
  const given = (v2.length > 0 ? v2 : legacy).map((c, i) => id(record(c, `cats_v2[${i}]`)['cat_id'], `cats_v2[${i}].cat_id`));
  if (given.length === 0) throw missing('cats_v2');
  const leafId = given[given.length - 1]!;
  const leaf = findCategory(tree, leafId);
  if (!leaf) throw fail(CH_ERR.illegalCategory, `illegal category: ${leafId} is not a category`);
  if (!leaf.leaf || !leaf.detail) throw fail(CH_ERR.categoryDepth, `wrong category depth: ${leafId} (${leaf.name}) is not a leaf category`);
  const path = categoryPath(tree, leafId)!;
  if (tree === 'legacy' && given.length !== 3) throw fail(CH_ERR.categoryDepth, 'wrong category depth: cats needs exactly 3 levels');
  if (path.join('/') !== given.join('/')) {
    throw fail(CH_ERR.categoryDepth, `wrong category path: ${leaf.name} is ${path.join(' > ')}, got ${given.join(' > ')}`);
  }
  if (leaf.detail.needToApply && !ctx.state.approvedCategories.includes(leafId)) {
    throw fail(CH_ERR.noQualification, `no qualification for category ${leafId} (${leaf.name}): apply for it first (category/add)`);
  }
  const ids = given.map((cat_id) => ({ cat_id }));
  return { cats_v2: tree === 'v2' ? ids : [], cats: tree === 'legacy' ? ids : [], detail: leaf.detail, name: leaf.name };
}

function images(ctx: ChannelsCtx, value: unknown, field: string, min: number, max: number, fewCode: number): string[] {
  const urls = list(value ?? [], field).map((u, i) => productImage(ctx, u, `${field}[${i}]`));
  if (urls.length === 0 && min > 0 && field === 'head_imgs') throw fail(CH_ERR.noHeadImage, 'head_imgs is empty');
  if (urls.length < min) throw fail(fewCode, `${field} has ${urls.length} image(s); this category needs at least ${min}`);
  if (urls.length > max) throw invalid(`${field} has ${urls.length} images; at most ${max}`);
  if (new Set(urls).size !== urls.length) throw invalid(`${field} contains the same image twice`);
  return urls;
}

function extraService(value: unknown, detail: LeafDetail): Record<string, number> {
  if (value === undefined) throw missing('extra_service');
  const r = record(value, 'extra_service');
  if (r['seven_day_return'] === undefined) throw missing('extra_service.seven_day_return');
  if (r['freight_insurance'] === undefined) throw missing('extra_service.freight_insurance');
  const out: Record<string, number> = {
    seven_day_return: oneOf(r['seven_day_return'], 'extra_service.seven_day_return', [0, 1, 2, 3]),
    freight_insurance: oneOf(r['freight_insurance'], 'extra_service.freight_insurance', [0, 1]),
  };
  for (const optional of ['fake_one_pay_three', 'damage_guarantee', 'exchange_support', 'pay_after_use']) {
    if (r[optional] !== undefined) out[optional] = oneOf(r[optional], `extra_service.${optional}`, [0, 1]);
  }
  if (detail.sevenDayReturn && out['seven_day_return'] === 0) {
    throw fail(CH_ERR.sevenDayReturn, 'this category requires 7-day return: extra_service.seven_day_return must not be 0');
  }
  return out;
}

function expressInfo(ctx: ChannelsCtx, b: Record<string, unknown>, deliverMethod: number): ProductData['express_info'] {
  if (deliverMethod !== 0) return null;
  const info = b['express_info'];
  if (info === undefined) throw missing('express_info');
  const r = record(info, 'express_info');
  const templateId = id(r['template_id'], 'express_info.template_id');
  const template = ctx.state.templates.find((t) => t.template_id === templateId);
  if (!template) throw fail(CH_ERR.freightTemplate, `invalid freight template: ${templateId} does not exist`);
  const weight = r['weight'] === undefined || r['weight'] === 0 ? undefined : integer(r['weight'], 'express_info.weight', 1);
  if (template.body['valuation_type'] === 'WEIGHT' && weight === undefined) {
    throw fail(CH_ERR.freightTemplate, `freight template ${templateId} charges by weight: express_info.weight (grams) is required`);
  }
  return weight === undefined ? { template_id: templateId } : { template_id: templateId, weight };
}

const PASS_THROUGH = ['after_sale_info', 'limited_info', 'size_chart', 'deliver_acct_type', 'timing_onsale_info', 'spu_deliver_info', 'release_mode'];

function extras(ctx: ChannelsCtx, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of PASS_THROUGH) if (b[name] !== undefined) out[name] = b[name];
  if (b['aftersale_desc'] !== undefined) out['aftersale_desc'] = text(b['aftersale_desc'], 'aftersale_desc', 200);
  if (b['limited_info'] !== undefined) {
    const l = record(b['limited_info'], 'limited_info');
    oneOf(l['period_type'], 'limited_info.period_type', [0, 1, 2, 3, 4]);
    if (l['limited_buy_num'] !== undefined) integer(l['limited_buy_num'], 'limited_info.limited_buy_num', 0);
  }
  if (b['product_qua_infos'] !== undefined) {
    out['product_qua_infos'] = list(b['product_qua_infos'], 'product_qua_infos').map((q, i) => {
      const r = record(q, `product_qua_infos[${i}]`);
      const urls = list(r['qua_url'] ?? [], `product_qua_infos[${i}].qua_url`);
      if (urls.length > 10) throw invalid(`product_qua_infos[${i}].qua_url has more than 10 images`);
      return { qua_id: id(r['qua_id'], `product_qua_infos[${i}].qua_id`), qua_url: urls.map((u, j) => productImage(ctx, u, `product_qua_infos[${i}].qua_url[${j}]`)) };
    });
  }
  return out;
}

/** One SKU as sent; `sku_id` is absent for a new SKU. */
export interface SkuInput {
  sku: Omit<ChannelsSku, 'sku_id'> & { sku_id?: string };
  stock_num: number;
}

function money(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalid(`${field} must be a whole number of fen`);
  return value;
}

function skus(ctx: ChannelsCtx, value: unknown, detail: LeafDetail, existing: ChannelsSku[] | undefined): SkuInput[] {
  if (value === undefined) throw missing('skus');
  const given = list(value, 'skus');
  if (given.length < 1 || given.length > MAX_SKUS) throw fail(CH_ERR.skuCount, `a product needs 1 to ${MAX_SKUS} SKUs, got ${given.length}`);
  const combos = new Set<string>();
  let keyOrder: string | undefined;
  const seenIds = new Set<string>();
  return given.map((raw, i) => {
    const f = `skus[${i}]`;
    const r = record(raw, f);
    let skuId: string | undefined;
    let before: ChannelsSku | undefined;
    if (r['sku_id'] !== undefined && r['sku_id'] !== '' && r['sku_id'] !== '0' && r['sku_id'] !== 0) {
      skuId = id(r['sku_id'], `${f}.sku_id`);
      before = existing?.find((s) => s.sku_id === skuId);
      if (!before) throw invalid(`${f}.sku_id ${skuId} is not a SKU of this product (leave sku_id out for a new SKU)`);
      if (seenIds.has(skuId)) throw invalid(`${f}.sku_id ${skuId} is given twice`);
      seenIds.add(skuId);
    }
    const outSkuId = optionalText(r['out_sku_id'], `${f}.out_sku_id`, 128);
    if (before && before.out_sku_id !== '' && outSkuId !== '' && outSkuId !== before.out_sku_id) {
      throw invalid(`${f}.out_sku_id cannot change after the SKU was added (was "${before.out_sku_id}")`);
    }
    if (r['sale_price'] === undefined) throw missing(`${f}.sale_price`);
    const salePrice = money(r['sale_price'], `${f}.sale_price`);
    if (salePrice === 0) throw fail(CH_ERR.priceZero, `${f}.sale_price is 0`);
    if (salePrice > MAX_PRICE_FEN) throw fail(CH_ERR.priceTooHigh, `${f}.sale_price is above ${MAX_PRICE_FEN} fen`);
    if (salePrice < detail.floorPrice) throw invalid(`${f}.sale_price is below the category floor price ${detail.floorPrice} fen`);
    const marketPrice = r['market_price'] === undefined ? 0 : money(r['market_price'], `${f}.market_price`);
    if (marketPrice !== 0 && marketPrice <= salePrice) {
      throw fail(CH_ERR.saleAboveMarket, `${f}.market_price (${marketPrice}) must be above sale_price (${salePrice})`);
    }
    if (r['stock_num'] === undefined) throw missing(`${f}.stock_num`);
    const stockNum = integer(r['stock_num'], `${f}.stock_num`, 0, MAX_STOCK);
    const attrs = keyValues(r['sku_attrs'], `${f}.sku_attrs`);
    const keys = attrs.map((a) => a.attr_key);
    if (new Set(keys).size !== keys.length) throw fail(CH_ERR.saleAttr, `${f}.sku_attrs repeats a key`);
    const keySet = [...keys].sort().join(';');
    keyOrder ??= keySet;
    if (keySet !== keyOrder) throw fail(CH_ERR.saleAttr, `${f}.sku_attrs must use the same keys as skus[0] (${keyOrder || 'none'})`);
    for (const a of attrs) {
      const def = detail.saleAttrs.find((d) => d.name === a.attr_key);
      const problem = def ? attrValueProblem(def, a.attr_value) : undefined;
      if (problem) throw fail(CH_ERR.saleAttr, `invalid sale attribute ${a.attr_key}="${a.attr_value}": ${problem}`);
    }
    const absent = detail.saleAttrs.filter((d) => d.is_required && !keys.includes(d.name));
    if (absent.length > 0) throw fail(CH_ERR.saleAttr, `${f}.sku_attrs needs ${absent.map((d) => d.name).join(', ')}`);
    const combo = attrs.map((a) => `${a.attr_key}=${a.attr_value}`).sort().join(';');
    if (combos.has(combo)) throw fail(CH_ERR.saleAttr, `two SKUs have the same sku_attrs (${combo || 'none'})`);
    combos.add(combo);
    const thumb = r['thumb_img'] === undefined || r['thumb_img'] === '' ? '' : productImage(ctx, r['thumb_img'], `${f}.thumb_img`);
    const deliver = r['sku_deliver_info'] === undefined ? undefined : record(r['sku_deliver_info'], `${f}.sku_deliver_info`);
    if (deliver && deliver['stock_type'] !== undefined && deliver['stock_type'] !== 0) {
      throw invalid(`${f}.sku_deliver_info.stock_type: this category does not allow presale`);
    }
    return {
      sku: {
        ...(skuId === undefined ? {} : { sku_id: skuId }),
        out_sku_id: before && before.out_sku_id !== '' ? before.out_sku_id : outSkuId,
        thumb_img: thumb,
        sale_price: salePrice,
        market_price: marketPrice,
        sku_code: optionalText(r['sku_code'], `${f}.sku_code`, 100),
        sku_attrs: attrs,
        ...(deliver ? { sku_deliver_info: deliver } : {}),
        status: before?.status ?? 5,
      },
      stock_num: stockNum,
    };
  });
}

export interface ProductInput {
  out_product_id: string;
  /** Everything but the SKUs, which still need ids. */
  data: Omit<ProductData, 'skus'>;
  skus: SkuInput[];
}

/** Checks an add/update body. `existing`: the product an update writes (its draft SKUs). */
export function checkProductBody(ctx: ChannelsCtx, b: Record<string, unknown>, existing?: ChannelsProduct): ProductInput {
  const outProductId = optionalText(b['out_product_id'], 'out_product_id', 128);
  if (existing && existing.out_product_id !== '' && outProductId !== '' && outProductId !== existing.out_product_id) {
    throw invalid(`out_product_id cannot change after the product was added (is "${existing.out_product_id}")`);
  }
  const title = checkTitle(b['title']);
  const category = checkCategory(ctx, b);
  const detail = category.detail;
  const headImgs = images(ctx, b['head_imgs'], 'head_imgs', detail.food ? 4 : 3, 9, CH_ERR.fewHeadImages);
  const desc = b['desc_info'] === undefined ? {} : record(b['desc_info'], 'desc_info');
  const descImgs = images(ctx, desc['imgs'], 'desc_info.imgs', detail.food ? 3 : 0, 20, CH_ERR.noDetailImage);
  const attrs = keyValues(b['attrs'], 'attrs');
  checkAttrs(attrs, detail, category.name);
  const deliverMethod = b['deliver_method'] === undefined ? 0 : oneOf(b['deliver_method'], 'deliver_method', [0, 1, 3]);
  if (deliverMethod !== 0 && !detail.shopNoShipment) throw invalid(`deliver_method ${deliverMethod}: category ${category.name} must ship (0)`);
  const brand = b['brand_id'] === undefined || b['brand_id'] === '' ? NO_BRAND : id(b['brand_id'], 'brand_id');
  return {
    out_product_id: existing && existing.out_product_id !== '' ? existing.out_product_id : outProductId,
    data: {
      title,
      short_title: optionalText(b['short_title'], 'short_title', 20),
      head_imgs: headImgs,
      desc_info: { imgs: descImgs, desc: optionalText(desc['desc'], 'desc_info.desc', Infinity) },
      cats_v2: category.cats_v2,
      cats: category.cats,
      attrs,
      spu_code: optionalText(b['spu_code'], 'spu_code', 128),
      brand_id: brand,
      deliver_method: deliverMethod,
      express_info: expressInfo(ctx, b, deliverMethod),
      extra_service: extraService(b['extra_service'], detail),
      extras: extras(ctx, b),
    },
    skus: skus(ctx, b['skus'], detail, existing?.draft.skus),
  };
}

/** A SKU as get answers it (ids as bare integers unless option idEncoding is "string"). */
function skuView(ctx: ChannelsCtx, p: ChannelsProduct, s: ChannelsSku): Record<string, unknown> {
  return {
    sku_id: idOut(ctx, s.sku_id),
    out_sku_id: s.out_sku_id,
    thumb_img: s.thumb_img,
    sale_price: s.sale_price,
    ...(s.market_price > 0 ? { market_price: s.market_price } : {}),
    stock_num: p.stock[s.sku_id] ?? 0,
    sku_code: s.sku_code,
    sku_attrs: s.sku_attrs,
    ...(s.sku_deliver_info ? { sku_deliver_info: s.sku_deliver_info } : {}),
    status: s.status,
  };
}

/** product_id / sku_id in answers: bare integer literals (default), or strings with option idEncoding "string". */
export function idOut(ctx: ChannelsCtx, digits: string): BareInteger | string {
  return ctx.options['idEncoding'] === 'string' ? digits : bareInteger(digits);
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** One version (draft or online) as `product/get` answers it. */
export function productView(ctx: ChannelsCtx, p: ChannelsProduct, d: ProductData): Record<string, unknown> {
  return {
    product_id: idOut(ctx, p.product_id),
    out_product_id: p.out_product_id,
    title: d.title,
    short_title: d.short_title,
    head_imgs: d.head_imgs,
    desc_info: d.desc_info,
    cats_v2: d.cats_v2,
    cats: d.cats,
    attrs: d.attrs,
    spu_code: d.spu_code,
    brand_id: d.brand_id,
    deliver_method: d.deliver_method,
    ...(d.express_info ? { express_info: d.express_info } : {}),
    extra_service: d.extra_service,
    ...d.extras,
    skus: d.skus.map((s) => skuView(ctx, p, s)),
    min_price: Math.min(...d.skus.map((s) => s.sale_price)),
    status: p.status,
    edit_status: p.edit_status,
    create_time: seconds(p.createTime),
    edit_time: seconds(p.editTime),
    product_type: p.product_type,
    total_sold_num: 0,
  };
}

/** audit_info of get (the last audit; the shape is the simulator's, the document only names the field). */
export function auditInfoView(p: ChannelsProduct): Record<string, unknown> | undefined {
  if (!p.audit) return undefined;
  return {
    submit_time: seconds(p.audit.submitTime),
    ...(p.audit.auditTime === null ? {} : { audit_time: seconds(p.audit.auditTime) }),
    ...(p.audit.reason === null ? {} : { reject_reason: p.audit.reason }),
  };
}
