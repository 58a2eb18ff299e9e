/**
 * Catalog -> desired and wire -> live for wechat-channels, in one comparable shape (money in fen):
 *
 *   Product: { title, shortTitle, headImages, description: { text, images }, category, attributes,
 *              brandId, freight, weight, service: { sevenDayReturn, freightInsurance }, spuCode,
 *              skus: { <skuKey>: { attributes, salePrice, marketPrice?, stock, image? } }, onSale }
 *   ShippingTemplate: { name, payer, valuation, firstItems, firstFee, additionalItems, additionalFee,
 *              regions: [{ province, city?, firstItems, firstFee, additionalItems, additionalFee }] }
 *   Image:    an upload (no live side; the state records "Image/<key>" -> { id: img_url }).
 *
 * Identity: out_product_id = product key; out_sku_id = SKU key (a product without SKUs has one SKU
 * whose key is the product key). Templates: the state's record, else adoption by unique name.
 *
 * Which version is compared (docs/platforms/wechat-channels.md sections 4.4 and 5): a product has a
 * draft (`edit_product`) and, once listed, an online version (`product`). Fields that change only
 * through audit are compared with the draft (what was last submitted). Fields the audit-free call
 * changes (AUDIT_FREE_PATHS) are compared with the online version once the product was listed, unless it
 * is in audit (the document does not say whether `auditfree` also updates the draft), else with the draft. Stock
 * is the online stock once the product was listed (stock/batchget's normal_stock_num when read).
 *
 * Images: a file is uploaded once per content (key = its sha256); an http(s) URL that is not an
 * upload of this store (mmecimage.cn/p/) is uploaded by URL (upload_type 1) once per URL (key =
 * sha256 of "url:" + the URL); mmecimage URLs are sent as they are. Both sides compare a token:
 * `sha256:<16 hex of the key>` for uploads the state knows, the URL itself otherwise.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { asFen, formatFen } from '../../money/fen.js';
import { KEY_PATTERN } from '../../catalog/model.js';
import type { Catalog, ImageRef, Product, ShippingTemplate } from '../../catalog/types.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, ImportCandidate, ImportedDocument, LiveObject } from '../types.js';
import { blockOf } from './catalog.js';
import { EDIT, NO_BRAND, STATUS, type WireFreightTemplate, type WireProduct } from './wire.js';
import { imageUrlsMeta } from '../image-urls.js';

type Fields = { [k: string]: Json };

/** URLs basics/img/upload hands out (resp_type 1); only these are accepted in product images. */
export const CHANNELS_IMAGE_URL = /^https?:\/\/mmecimage\.cn\/p\//;

/** Comparable paths the audit-free call changes (skus.<key>.salePrice included). */
export const AUDIT_FREE_PATHS = /^(freight|weight|service|spuCode)(\.|$)|^skus\.[^.]+\.salePrice$/;
export const isStockPath = (path: string): boolean => /^skus\.[^.]+\.stock$/.test(path);

export const imageToken = (key: string): string => `sha256:${key.slice(0, 16)}`;
export const imageRef = (key: string): string => `Image/${key}`;
const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Where an upload comes from (Image desired object's `extra`). */
export type ImageSource = { path: string } | { url: string };

/** Resolves catalog images for one desired() run; each file is read once. */
class Images {
  private readonly shaByPath = new Map<string, string>();
  readonly uploads = new Map<string, ImageSource>();

  /** Token and wire value of one image. */
  use(ref: ImageRef): { token: string; wire: Json } {
    if (ref.kind === 'url' && CHANNELS_IMAGE_URL.test(ref.url)) return { token: ref.url, wire: ref.url };
    let key: string;
    if (ref.kind === 'url') {
      key = sha256(`url:${ref.url}`);
      if (!this.uploads.has(key)) this.uploads.set(key, { url: ref.url });
    } else {
      key = this.shaByPath.get(ref.absPath) ?? sha256(readFileSync(ref.absPath));
      this.shaByPath.set(ref.absPath, key);
      if (!this.uploads.has(key)) this.uploads.set(key, { path: ref.path });
    }
    return { token: imageToken(key), wire: { $ref: imageRef(key) } };
  }
}

export function desiredObjects(catalog: Catalog, target: TargetConfig): DesiredObject[] {
  const images = new Images();
  const on = (o: { targets: string[] }) => o.targets.includes(target.name);
  const out: DesiredObject[] = [...catalog.shippingTemplates.filter(on).map(desiredTemplate), ...catalog.products.filter(on).map((p) => desiredProduct(p, images))];
  for (const [key, source] of images.uploads) out.unshift({ kind: 'Image', key, protect: false, fields: {}, extra: { ...source } });
  return out;
}

/** The single SKU of a product without SKUs carries the product key. */
function skusOf(p: Product): Array<{ key: string; options: Array<[string, string]>; price: number; originalPrice?: number; stock: number; image?: ImageRef }> {
  if (p.skus.length > 0) return p.skus.map((s) => ({ ...s, ...(s.originalPrice === undefined && p.originalPrice !== undefined ? { originalPrice: p.originalPrice } : {}) }));
  return [{ key: p.key, options: [], price: p.price, ...(p.originalPrice !== undefined ? { originalPrice: p.originalPrice } : {}), stock: p.stock }];
}

function desiredProduct(p: Product, images: Images): DesiredObject {
  const b = blockOf(p);
  const wires: { [token: string]: Json } = {};
  const token = (ref: ImageRef): string => {
    const use = images.use(ref);
    wires[use.token] = use.wire;
    return use.token;
  };
  const skus: Fields = {};
  for (const s of skusOf(p)) {
    skus[s.key] = {
      attributes: Object.fromEntries(s.options.map(([name, value]) => [b.skuAttributes[name] ?? name, value])),
      salePrice: s.price,
      ...(s.originalPrice !== undefined ? { marketPrice: s.originalPrice } : {}),
      stock: s.stock,
      // A SKU without an image in the catalog keeps the platform's thumbnail (not compared).
      ...(s.image ? { image: token(s.image) } : {}),
    };
  }
  const fields: Fields = {
    title: p.title,
    shortTitle: b.shortTitle ?? '',
    headImages: b.headImages.map(token),
    description: { text: b.description, images: b.descriptionImages.map(token) },
    category: [...b.category],
    attributes: sortedRecord(b.attributes),
    brandId: b.brandId,
    freight: p.shipping ?? (b.freightTemplateId !== undefined ? `id:${b.freightTemplateId}` : ''),
    weight: b.weight ?? 0,
    service: { sevenDayReturn: b.sevenDayReturn, freightInsurance: b.freightInsurance },
    spuCode: b.spuCode ?? '',
    skus,
    onSale: p.onSale,
  };
  return { kind: 'Product', key: p.key, protect: p.protect, fields, extra: { imageWires: wires, whileInAudit: b.whileInAudit } };
}

function sortedRecord(r: Record<string, string>): Fields {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The template's fees: the `express` carrier's rate, else the first (the Channels store prices one
 * courier-independent rule set per template).
 */
function chosenRate(t: ShippingTemplate): ShippingTemplate['rates'][number] {
  return t.rates.find((r) => r.carrier === 'express') ?? t.rates[0]!;
}

function desiredTemplate(t: ShippingTemplate): DesiredObject {
  const r = chosenRate(t);
  return {
    kind: 'ShippingTemplate',
    key: t.key,
    protect: t.protect,
    fields: {
      name: t.name,
      payer: t.payer,
      valuation: 'PIECE',
      ...fees(r),
      regions: r.regions.map((g) => ({ province: g.province, ...(g.city ? { city: g.city } : {}), ...fees(g) })),
    },
    extra: { carriers: t.rates.map((x) => x.carrier) },
  };
}

const fees = (r: { firstItems: number; firstFee: number; additionalItems: number; additionalFee: number }): Fields => ({
  firstItems: r.firstItems,
  firstFee: r.firstFee,
  additionalItems: r.additionalItems,
  additionalFee: r.additionalFee,
});

// ---------------------------------------------------------------- live

/** Platform facts a live product's comparable form depends on, from the state and the other objects read. */
export interface LiveContext {
  /** URL -> token (from the image records in state), else the URL. */
  imageToken(url: string): string;
  /** Template id -> its key, else `id:<id>`. */
  templateKey(id: string): string;
  /** Normal stock by sku_id from stock/batchget, when read. */
  stock?: ReadonlyMap<string, number>;
}

/** A SKU's key: its out_sku_id when that is a catalog key, else one derived from its sku_id. */
export function skuKeyOf(s: { sku_id?: string | undefined; out_sku_id?: string | undefined }): string {
  if (s.out_sku_id && KEY_PATTERN.test(s.out_sku_id)) return s.out_sku_id;
  return `sku-${sha256(s.sku_id ?? '').slice(0, 8)}`;
}

/** The draft and online versions of one product (product/get data_type 3). */
export interface ProductRead {
  draft?: WireProduct | null | undefined;
  online?: WireProduct | null | undefined;
}

/** The product's catalog key: its out_product_id when that is a catalog key. */
export function productKeyOf(r: ProductRead): string | undefined {
  const out = r.draft?.out_product_id ?? r.online?.out_product_id;
  return out && KEY_PATTERN.test(out) ? out : undefined;
}

/**
 * Fields of the draft that catalog does not manage but `product/update` (a full overwrite) would clear:
 * sent back as they are (productBody). SKU fields likewise (SKU_KEEP).
 */
export const KEEP_FIELDS = ['product_qua_infos', 'qualifications', 'aftersale_desc', 'after_sale_info', 'limited_info', 'size_chart', 'deliver_acct_type', 'timing_onsale_info', 'spu_deliver_info', 'release_mode'] as const;
const SKU_KEEP = ['sku_code', 'bar_code', 'sku_deliver_info', 'thumb_img'] as const;

/** `asked`: the catalog's fields for this product (a SKU image the catalog does not give is not compared). */
export function liveProduct(id: string, r: ProductRead, key: string | undefined, ctx: LiveContext, asked?: { [k: string]: Json }): LiveObject {
  const draft = (r.draft ?? r.online)!;
  const online = r.online ?? undefined;
  const editStatus = draft.edit_status ?? online?.edit_status ?? EDIT.initial;
  const status = online?.status ?? draft.status ?? STATUS.initial;
  // Audit-free fields: the online version once there is one and the draft is not in audit (what the
  // audit-free call changes); otherwise the draft, which the next audit brings online.
  const free = online && editStatus !== EDIT.inAudit ? online : draft;
  // A product without sale attributes and one SKU is the catalog's product without SKUs.
  const single = draft.skus.length === 1 && draft.skus[0]!.sku_attrs.length === 0 && key !== undefined;
  const keyOfSku = (s: { sku_id?: string | undefined; out_sku_id?: string | undefined }) => (single ? key : skuKeyOf(s));
  const freeSkus = new Map(free.skus.map((s) => [keyOfSku(s), s]));
  const stockSkus = new Map((online ?? draft).skus.map((s) => [keyOfSku(s), s]));
  const skus: Fields = {};
  const skuIds: Fields = {};
  const outSkuIds: Fields = {};
  const skuKeep: Fields = {};
  const askedSkus = (asked?.skus ?? {}) as { [k: string]: { [f: string]: Json } };
  for (const s of draft.skus) {
    const k = keyOfSku(s);
    const stockSku = stockSkus.get(k);
    const stock = stockSku?.sku_id !== undefined ? (ctx.stock?.get(stockSku.sku_id) ?? stockSku.stock_num) : undefined;
    skus[k] = {
      attributes: Object.fromEntries(s.sku_attrs.map((a) => [a.attr_key, a.attr_value])),
      salePrice: freeSkus.get(k)?.sale_price ?? s.sale_price,
      ...(s.market_price ? { marketPrice: s.market_price } : {}),
      stock: stock ?? s.stock_num ?? 0,
      ...(askedSkus[k] && !('image' in askedSkus[k]) ? {} : { image: s.thumb_img ? ctx.imageToken(s.thumb_img) : '' }),
    };
    const keep = pick(s as { [f: string]: unknown }, SKU_KEEP);
    if (Object.keys(keep).length > 0) skuKeep[k] = keep;
    if (s.sku_id !== undefined) skuIds[k] = s.sku_id;
    if (s.out_sku_id !== undefined) outSkuIds[k] = s.out_sku_id;
  }
  const onlineSkuIds: Fields = {};
  for (const s of online?.skus ?? []) if (s.sku_id !== undefined) onlineSkuIds[keyOfSku(s)] = s.sku_id;
  const templateId = free.express_info?.template_id;
  const fields: Fields = {
    title: draft.title,
    shortTitle: draft.short_title ?? '',
    headImages: draft.head_imgs.map(ctx.imageToken),
    description: { text: draft.desc_info?.desc ?? '', images: (draft.desc_info?.imgs ?? []).map(ctx.imageToken) },
    category: (draft.cats_v2 ?? []).map((c) => c.cat_id),
    attributes: sortedRecord(Object.fromEntries((draft.attrs ?? []).map((a) => [a.attr_key, a.attr_value]))),
    brandId: draft.brand_id ?? NO_BRAND,
    freight: templateId ? ctx.templateKey(templateId) : '',
    weight: free.express_info?.weight ?? 0,
    service: { sevenDayReturn: free.extra_service?.seven_day_return ?? 0, freightInsurance: (free.extra_service?.freight_insurance ?? 0) === 1 },
    spuCode: free.spu_code ?? '',
    skus,
    onSale: status === STATUS.onSale,
  };
  const urls = [...draft.head_imgs, ...(draft.desc_info?.imgs ?? []), ...draft.skus.map((s) => s.thumb_img)];
  const reason = auditReason(draft.audit_info);
  return {
    kind: 'Product',
    id,
    ...(key !== undefined ? { key } : {}),
    name: draft.title,
    fields,
    meta: {
      status,
      editStatus,
      listedOnce: online !== undefined,
      skuIds,
      onlineSkuIds,
      outSkuIds,
      keep: pick(draft as { [f: string]: unknown }, KEEP_FIELDS),
      extraService: (draft.extra_service ?? {}) as Fields,
      skuKeep,
      ...(templateId ? { templateId } : {}),
      ...(editStatus === EDIT.rejected && reason ? { auditReason: reason } : {}),
      ...imageUrls(ctx, urls),
    },
  };
}

/** The listed fields of `o` that are present, as JSON. */
function pick(o: { [f: string]: unknown }, fields: readonly string[]): Fields {
  const out: Fields = {};
  for (const f of fields) if (o[f] !== undefined && o[f] !== null && o[f] !== '') out[f] = o[f] as Json;
  return out;
}

/** The rejection reason in a get reply's `audit_info` (shape not documented: a reason string, or a list of reasons). */
export function auditReason(info: unknown): string | undefined {
  if (typeof info === 'string') return info || undefined;
  if (!info || typeof info !== 'object') return undefined;
  const o = info as { [k: string]: unknown };
  for (const k of ['reject_reason', 'audit_reason', 'reason']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  return undefined;
}

const imageUrls = (ctx: LiveContext, urls: Array<string | null | undefined>): Fields => imageUrlsMeta((url) => ctx.imageToken(url), urls);

export function liveTemplate(t: WireFreightTemplate, key: string | undefined): LiveObject {
  const rules = t.all_freight_calc_method?.freight_calc_method_list ?? [];
  const base = rules.find((r) => r.is_default) ?? rules[0];
  const ruleFees = (r: NonNullable<typeof base>) => ({ firstItems: r.first_val_amount, firstFee: r.first_price, additionalItems: r.second_val_amount, additionalFee: r.second_price });
  const regions: Json[] = [];
  for (const r of rules) {
    if (r === base) continue;
    const list = r.address_infos ?? (Array.isArray(r.address_info) ? r.address_info : r.address_info ? [r.address_info] : []);
    for (const a of list) regions.push({ province: a.province_name ?? '', ...(a.city_name ? { city: a.city_name } : {}), ...ruleFees(r) });
  }
  return {
    kind: 'ShippingTemplate',
    id: t.template_id,
    ...(key !== undefined ? { key } : {}),
    name: t.name,
    fields: {
      name: t.name,
      payer: t.shipping_method === 'FREE' ? 'seller' : 'buyer',
      valuation: t.valuation_type ?? 'PIECE',
      ...(base ? ruleFees(base) : {}),
      regions,
    },
    meta: { isDefault: t.is_default === true },
  };
}

// ---------------------------------------------------------------- import (live -> catalog documents)

/*
 * `catalog import` for wechat-channels: catalog documents for the live products and freight templates
 * the catalog does not hold, written so that planning them against the same store shows no changes.
 *
 * Keys: a product's key is its out_product_id when that is a catalog key, else "<target>-<product_id>";
 * templates have no identity of their own: "<target>-<template_id>". A product whose template is
 * imported (or managed) refers to it with `shipping`, else with `freightTemplateId`.
 *
 * Images are written as the store's own URLs (mmecimage.cn, what basics/img/upload returned), which
 * are sent as they are (never uploaded again). SKUs: key from out_sku_id (else derived from sku_id),
 * options = the SKU's sale attributes. A product with one SKU and no sale attributes is written
 * without SKUs (price and stock on the product).
 */
type Doc = { [k: string]: Json };
interface ImportedSku {
  attributes: { [k: string]: string };
  salePrice: number;
  marketPrice?: number;
  stock: number;
  image: string;
}

export function productDocuments(objects: ImportCandidate[], target: TargetConfig): ImportedDocument[] {
  const templates = new Map(objects.filter((o) => o.kind === 'ShippingTemplate').map((o) => [o.id, o.key]));
  const templateKey = (ref: string): string | undefined => (ref.startsWith('id:') ? templates.get(ref.slice(3)) : KEY_PATTERN.test(ref) ? ref : undefined);
  const out: ImportedDocument[] = [];
  for (const o of objects) {
    if (o.kind === 'ShippingTemplate') out.push({ kind: o.kind, key: o.key, id: o.id, doc: templateDoc(o, target) });
  }
  for (const o of objects) {
    if (o.kind !== 'Product' || typeof o.fields.title !== 'string') continue;
    out.push({ kind: o.kind, key: o.key, id: o.id, doc: productDoc(o, target, templateKey) });
  }
  return out;
}

const feesInYuan = (r: Doc): Doc => ({ firstItems: r.firstItems!, firstFee: formatFen(asFen(r.firstFee as number)), additionalItems: r.additionalItems!, additionalFee: formatFen(asFen(r.additionalFee as number)) });

function templateDoc(o: ImportCandidate, target: TargetConfig): Doc {
  const f = o.fields as Doc;
  const regions = ((f.regions ?? []) as Doc[]).map((g): Json => ({ province: g.province!, ...(g.city ? { city: g.city } : {}), ...feesInYuan(g) }));
  return {
    kind: 'ShippingTemplate',
    key: o.key,
    name: (f.name as string | undefined) ?? o.name,
    payer: f.payer === 'seller' ? 'seller' : 'buyer',
    targets: [target.name],
    rates: [{ carrier: 'express', ...feesInYuan(f), ...(regions.length > 0 ? { regions } : {}) }],
  };
}

function productDoc(o: ImportCandidate, target: TargetConfig, templateKey: (ref: string) => string | undefined): Doc {
  const f = o.fields as { [k: string]: any };
  const known = (o.meta.imageUrls ?? {}) as { [token: string]: string };
  const url = (token: string): string => known[token] ?? token;
  const skus = Object.entries((f.skus ?? {}) as { [k: string]: ImportedSku });
  // One SKU without sale attributes: the catalog's product without SKUs (its SKU carries the product key).
  const single = skus.length === 1 && Object.keys(skus[0]![1].attributes).length === 0;
  const freight = String(f.freight ?? '');
  const shipping = freight ? templateKey(freight) : undefined;
  const service = (f.service ?? {}) as { sevenDayReturn?: number; freightInsurance?: boolean };
  const desc = (f.description ?? { text: '', images: [] }) as { text: string; images: string[] };
  const block: Doc = {
    category: (f.category ?? []) as string[],
    ...(Object.keys(f.attributes ?? {}).length > 0 ? { attributes: f.attributes } : {}),
    ...(f.shortTitle ? { shortTitle: f.shortTitle } : {}),
    ...(desc.images.length > 0 ? { descriptionImages: desc.images.map(url) } : {}),
    ...(freight && !shipping ? { freightTemplateId: freight.replace(/^id:/, '') } : {}),
    ...(f.weight ? { weight: f.weight } : {}),
    ...(f.brandId && f.brandId !== NO_BRAND ? { brandId: f.brandId } : {}),
    ...(service.sevenDayReturn !== undefined && service.sevenDayReturn !== 1 ? { sevenDayReturn: service.sevenDayReturn } : {}),
    ...(service.freightInsurance ? { freightInsurance: true } : {}),
    ...(f.spuCode ? { spuCode: f.spuCode } : {}),
  };
  const first = skus[0]?.[1];
  const product: Doc = {
    kind: 'Product',
    key: o.key,
    title: f.title ?? o.name,
    ...(desc.text ? { description: desc.text } : {}),
    ...(single && first
      ? { price: formatFen(asFen(first.salePrice)), ...(first.marketPrice ? { originalPrice: formatFen(asFen(first.marketPrice)) } : {}), stock: first.stock }
      : {}),
    images: ((f.headImages ?? []) as string[]).map(url),
    ...(shipping ? { shipping } : {}),
    onSale: f.onSale === true,
    ...(!single
      ? {
          skus: skus.map(([key, s]): Json => ({
            key,
            options: s.attributes,
            price: formatFen(asFen(s.salePrice)),
            ...(s.marketPrice ? { originalPrice: formatFen(asFen(s.marketPrice)) } : {}),
            stock: s.stock,
            ...(s.image ? { image: url(s.image) } : {}),
          })),
        }
      : {}),
    targets: [target.name],
    platforms: { 'wechat-channels': block },
  };
  return product;
}

