/**
 * Catalog -> desired and wire -> live for 微信小店 (wechat-store), in one comparable shape, so the
 * engine's generic diff sees only real differences. Money in fen everywhere.
 *
 * Identity (docs/how-it-works.md, "Ownership"; docs/platforms/wechat-store.md):
 * - Product: SKU `product_code` = `<productKey>` (single spec) or `<productKey>:<skuKey>`.
 * - Group, ShippingTemplate, Shelf: the platform id in state ("<Kind>/<key>" -> id); without a
 *   record, a live object is adopted when its name equals a desired object's name and is unique.
 * - Image: "Image/<sha256 of the file>" -> { id: <upload_img URL> } in state (the URL is permanent,
 *   so a file is uploaded once). Images are compared by content token `sha256:<16 hex>`; a live URL
 *   the state does not know compares as the URL itself (so it differs and is replaced).
 *
 * Image sources: every main_img / img / detail img / icon_url / banner must come from
 * common/upload_img. Local files are uploaded; URLs on WeChat's image CDN (mmbiz.qpic.cn, what
 * upload_img returns) are used as they are; any other URL cannot be used and is skipped: quietly in
 * product and SKU images (a catalog mixes files for WeChat with URLs for URL-only platforms), with a
 * warning note in detail blocks and shelves (the offline rule `wechat-store.image-required` wants at
 * least one usable product image).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KEY_PATTERN } from '../../catalog/model.js';
import type { Catalog, ImageRef, Product, Shelf, ShippingTemplate, Sku } from '../../catalog/types.js';
import type { WechatStoreProduct } from './catalog.js';
import { WECHAT_IMAGE_URL } from './rules.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import { fenFields, type DesiredObject, type FieldUnits, type LiveObject } from '../types.js';
import type { Fen } from '../../money/fen.js';
import { CARRIER_BY_ID, CARRIER_IDS, type Carrier, type WireModule, type WireProduct, type WireShelf, type WireTemplate } from './wire.js';
import { imageUrlsMeta } from '../image-urls.js';

type Fields = { [k: string]: Json };

/** A SKU in a product's comparable fields, keyed by SKU key (`spec`: the sku_id the options give). */
export type SkuFields = { spec: string; price: Fen; originalPrice: Fen; stock: number; icon: string };

/**
 * A product's comparable fields (desired and live; a field the platform did not return is absent on
 * the live side). A single-spec product has price/originalPrice/stock of its own and no `skus` entries.
 */
export type ProductFields = {
  name: string;
  categoryId: string;
  properties: { [propertyId: string]: string };
  mainImage: string;
  images: string[];
  detail: Array<{ text: string } | { image: string }>;
  buyLimit: number;
  /** As the catalog writes it. */
  attrext: WechatStoreProduct['attrext'];
  delivery: { type: 'template'; template: string } | { type: 'express'; fees: { [carrier: string]: Fen } } | { type: 'none' };
  price?: Fen;
  originalPrice?: Fen;
  stock?: number;
  skus: { [skuKey: string]: SkuFields };
  onShelf: boolean;
};

/** First and additional items of a shipping rate and their fees. */
export type FeeFields = { firstItems: number; firstFee: Fen; additionalItems: number; additionalFee: Fen };

/** A shipping template's comparable fields: one rate per carrier, with regions that cost otherwise. */
export type ShippingTemplateFields = {
  name: string;
  payer: 'seller' | 'buyer';
  rates: { [carrier: string]: FeeFields & { regions: Array<{ country: string; province: string; city?: string } & FeeFields> } };
};

/** Which comparable fields are money in fen, per kind (the plan shows them in yuan). */
export const FIELD_UNITS: FieldUnits = {
  Product: fenFields<ProductFields>({ price: true, originalPrice: true, 'skus.*.price': true, 'skus.*.originalPrice': true, 'delivery.fees.*': true }),
  ShippingTemplate: fenFields<ShippingTemplateFields>({
    'rates.*.firstFee': true,
    'rates.*.additionalFee': true,
    'rates.*.regions.firstFee': true,
    'rates.*.regions.additionalFee': true,
  }),
};


export const imageToken = (sha256: string): string => `sha256:${sha256.slice(0, 16)}`;
export const imageRef = (sha256: string): string => `Image/${sha256}`;

/** How one catalog image is used on the platform: its comparable token and what goes on the wire. */
interface ImageUse {
  token: string;
  wire: Json;
}

/**
 * Resolves catalog images for one desired() run. Reads local files to hash them (content decides
 * identity, so an edited file is uploaded again); each file is read once.
 */
class ImageResolver {
  private readonly shaByPath = new Map<string, string>();
  readonly uploads = new Map<string, string>(); // sha256 -> catalog path (first seen)

  use(ref: ImageRef | undefined): ImageUse | undefined {
    if (!ref) return undefined;
    if (ref.kind === 'url') return WECHAT_IMAGE_URL.test(ref.url) ? { token: ref.url, wire: ref.url } : undefined;
    let sha = this.shaByPath.get(ref.absPath);
    if (sha === undefined) {
      sha = createHash('sha256').update(readFileSync(ref.absPath)).digest('hex');
      this.shaByPath.set(ref.absPath, sha);
    }
    if (!this.uploads.has(sha)) this.uploads.set(sha, ref.path);
    return { token: imageToken(sha), wire: { $ref: imageRef(sha) } };
  }
}

const describeImage = (ref: ImageRef): string => (ref.kind === 'url' ? ref.url : ref.path);

export function desired(catalog: Catalog, target: TargetConfig): DesiredObject[] {
  const images = new ImageResolver();
  const on = (o: { targets: string[] }) => o.targets.includes(target.name);
  const products = catalog.products.filter(on);
  const out: DesiredObject[] = [
    ...catalog.shippingTemplates.filter(on).map(desiredTemplate),
    ...catalog.groups.filter(on).map((g) => ({
      kind: 'Group',
      key: g.key,
      protect: g.protect,
      fields: { name: g.name, products: products.filter((p) => p.groups.includes(g.key)).map((p) => p.key).sort() },
    })),
    ...products.map((p) => desiredProduct(p, images)),
    ...catalog.shelves.filter(on).map((s) => desiredShelf(s, images)),
  ];
  for (const [sha, path] of images.uploads) out.unshift({ kind: 'Image', key: sha, protect: false, fields: {}, extra: { path } });
  return out;
}

function desiredTemplate(t: ShippingTemplate): DesiredObject {
  const rates: Fields = {};
  for (const r of t.rates) {
    rates[r.carrier] = {
      ...feeFields(r),
      regions: r.regions.map((g) => ({ country: g.country, province: g.province, ...(g.city ? { city: g.city } : {}), ...feeFields(g) })),
    };
  }
  return { kind: 'ShippingTemplate', key: t.key, protect: t.protect, fields: { name: t.name, payer: t.payer, rates } };
}

const feeFields = (r: { firstItems: number; firstFee: number; additionalItems: number; additionalFee: number }): Fields => ({
  firstItems: r.firstItems,
  firstFee: r.firstFee,
  additionalItems: r.additionalItems,
  additionalFee: r.additionalFee,
});

/** SKU option -> "id:vid" of category SKU properties where mapped, custom "$name:$value" otherwise. */
function specPairs(sku: Sku, store: WechatStoreProduct): Array<[id: string, vid: string]> {
  return sku.options.map(([name, value]) => {
    const mapped = store.skuProperties[name];
    return mapped ? [mapped.id, mapped.values[value] ?? `$${value}`] : [`$${name}`, `$${value}`];
  });
}

const specString = (pairs: Array<[string, string]>): string => pairs.map(([id, vid]) => `${id}:${vid}`).join(';');

/** sku_info: one entry per option, values in first-seen order (as sku_id must follow it). */
export function skuInfoOf(specs: Array<Array<[string, string]>>): Json[] {
  const info: Array<{ id: string; vid: string[] }> = [];
  for (const pairs of specs) {
    pairs.forEach(([id, vid], i) => {
      info[i] ??= { id, vid: [] };
      if (!info[i].vid.includes(vid)) info[i].vid.push(vid);
    });
  }
  return info;
}

function desiredProduct(p: Product, images: ImageResolver): DesiredObject {
  const store = p.platforms['wechat-store'];
  if (!store) throw new Error(`bug: product ${p.key} reached wechat-store without a wechat-store block (the loader requires it)`);
  const skipped: string[] = [];
  const wires: { [token: string]: Json } = {};
  // Product and SKU images are shared with URL-only platforms: URLs among them are skipped quietly
  // (README); a URL in a wechat-store-only place (detail) is a mistake worth a warning.
  const token = (ref: ImageRef | undefined, warn = false): string | undefined => {
    const use = images.use(ref);
    if (ref && !use && warn) skipped.push(describeImage(ref));
    if (use) wires[use.token] = use.wire;
    return use?.token;
  };
  const imageTokens = p.images.flatMap((i) => token(i) ?? []);
  const detail: Json[] = store.detail.flatMap((b): Json[] => {
    if ('text' in b) return [{ text: b.text }];
    const t = token(b.image, true);
    return t ? [{ image: t }] : [];
  });
  const fields: Fields = {
    name: p.title,
    categoryId: store.categoryId,
    properties: { ...store.properties },
    mainImage: imageTokens[0] ?? '',
    images: imageTokens,
    detail,
    buyLimit: store.buyLimit,
    attrext: {
      isPostFree: store.attrext.isPostFree,
      isHasReceipt: store.attrext.isHasReceipt,
      isUnderGuaranty: store.attrext.isUnderGuaranty,
      isSupportReplace: store.attrext.isSupportReplace,
      ...(store.attrext.location ? { location: { ...store.attrext.location } } : {}),
    },
    delivery: p.shipping
      ? { type: 'template', template: p.shipping }
      : store.express.length > 0
        ? { type: 'express', fees: Object.fromEntries(store.express.map((e) => [e.carrier, e.fee])) }
        : { type: 'none' },
  };
  const specs: { [skuKey: string]: Json } = {};
  if (p.skus.length === 0) {
    fields.price = p.price;
    fields.originalPrice = p.originalPrice ?? 0;
    fields.stock = p.stock;
    fields.skus = {};
  } else {
    const skus: Fields = {};
    for (const s of p.skus) {
      const pairs = specPairs(s, store);
      specs[s.key] = pairs;
      skus[s.key] = { spec: specString(pairs), price: s.price, originalPrice: s.originalPrice ?? p.originalPrice ?? 0, stock: s.stock, icon: token(s.image) ?? '' };
    }
    fields.skus = skus;
  }
  fields.onShelf = p.onSale;
  return {
    kind: 'Product',
    key: p.key,
    protect: p.protect,
    fields,
    extra: { imageWires: wires, skippedImages: skipped, specs, groups: [...p.groups].sort() },
  };
}

function desiredShelf(s: Shelf, images: ImageResolver): DesiredObject {
  const skipped: string[] = [];
  const wires: { [token: string]: Json } = {};
  const token = (ref: ImageRef | undefined): string | undefined => {
    const use = images.use(ref);
    if (ref && !use) skipped.push(describeImage(ref));
    if (use) wires[use.token] = use.wire;
    return use?.token;
  };
  const modules = s.modules.map((m): Json => {
    const image = token(m.image);
    return {
      type: m.type,
      groups: [...m.groups],
      ...(m.type === 1 ? { count: m.count ?? DEFAULT_MODULE_COUNT } : {}),
      ...(image && m.type >= 3 ? { image } : {}),
    };
  });
  return {
    kind: 'Shelf',
    key: s.key,
    protect: s.protect,
    fields: { name: s.name, banner: token(s.banner) ?? '', modules },
    extra: { imageWires: wires, skippedImages: skipped },
  };
}

/** Products a type-1 shelf module shows when the catalog gives no `count` (the document is silent). */
const DEFAULT_MODULE_COUNT = 4;

// ---------------------------------------------------------------- live

/** Platform ids of the other objects of the account, as keys (or `id:<n>` when unmanaged). */
export interface LiveContext {
  /** URL -> token (from the image records in state). */
  imageToken(url: string): string;
  templateKey(id: string): string;
  groupKey(id: string): string;
}

/** The catalog key a product carries in its SKU product_codes, when they agree. */
export function productKeyOf(w: WireProduct): string | undefined {
  const codes = w.sku_list.map((s) => s.product_code ?? '');
  const first = codes[0];
  if (first === undefined) return undefined;
  const single = w.sku_list.length === 1 && (w.sku_list[0]!.sku_id ?? '') === '';
  const key = single ? first : first.split(':')[0]!;
  if (!KEY_PATTERN.test(key)) return undefined;
  if (!single && !codes.every((c) => c.startsWith(`${key}:`))) return undefined;
  return key;
}

const bool = (v: number | undefined): boolean => v === 1;

function htmlText(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** detail_html (document 1.4: `<p>` text blocks and `<img src>` image blocks) back to blocks. */
export function detailFromHtml(html: string): Array<{ text?: string; img?: string }> {
  const blocks: Array<{ text?: string; img?: string }> = [];
  const re = /<img\b[^>]*\bsrc="([^"]*)"[^>]*>|<p\b[^>]*>([\s\S]*?)<\/p>/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1] !== undefined) blocks.push({ img: htmlText(m[1]) });
    else blocks.push({ text: htmlText(m[2] ?? '') });
  }
  return blocks;
}

/**
 * A SKU's key: what follows "<productKey>:" in its product_code when that is a catalog key, else one
 * derived from its sku_id (products made elsewhere, e.g. imported: `catalog import` writes the same).
 */
export function skuKeyOf(s: { sku_id: string; product_code?: string | undefined }, codeKey: string | undefined): string {
  const code = s.product_code ?? '';
  const fromCode = codeKey !== undefined && code.startsWith(`${codeKey}:`) ? code.slice(codeKey.length + 1) : undefined;
  if (fromCode !== undefined && KEY_PATTERN.test(fromCode)) return fromCode;
  return `sku-${createHash('sha256').update(s.sku_id).digest('hex').slice(0, 8)}`;
}

/**
 * `key`: the product's catalog key (its product_codes, or the state / import key when it carries
 * none). `groups`: keys of the groups holding it (`id:<n>` for unmanaged ones), when known; kept in
 * meta for `catalog import` (membership is compared on the group side).
 */
export function liveProduct(w: WireProduct, key: string | undefined, ctx: LiveContext, everOnShelf: boolean, groups: string[] = []): LiveObject {
  const b = w.product_base;
  const rawDetail: Array<{ text?: string; img?: string }> | undefined = b.detail ?? (b.detail_html !== undefined ? detailFromHtml(b.detail_html) : undefined);
  const fields: Fields = {
    name: b.name,
    ...(b.category_id?.[0] !== undefined ? { categoryId: String(b.category_id[0]) } : {}),
    ...(b.property ? { properties: Object.fromEntries(b.property.map((x) => [String(x.id), String(x.vid)])) } : {}),
    ...(b.main_img !== undefined ? { mainImage: b.main_img ? ctx.imageToken(b.main_img) : '' } : {}),
    ...(b.img ? { images: b.img.map(ctx.imageToken) } : {}),
    ...(rawDetail ? { detail: rawDetail.map((d): Json => (d.img ? { image: ctx.imageToken(d.img) } : { text: d.text ?? '' })) } : {}),
    buyLimit: b.buy_limit ?? 0,
  };
  if (w.attrext) {
    const a = w.attrext;
    const loc = a.location;
    fields.attrext = {
      isPostFree: bool(a.isPostFree),
      isHasReceipt: bool(a.isHasReceipt),
      isUnderGuaranty: bool(a.isUnderGuaranty),
      isSupportReplace: bool(a.isSupportReplace),
      ...(loc ? { location: { country: loc.country ?? '', province: loc.province ?? '', city: loc.city ?? '', address: loc.address ?? '' } } : {}),
    };
  }
  const d = w.delivery_info;
  if (d?.delivery_type === 1 && d.template_id !== undefined) fields.delivery = { type: 'template', template: ctx.templateKey(String(d.template_id)) };
  else if (d?.express && d.express.length > 0) {
    fields.delivery = { type: 'express', fees: Object.fromEntries(d.express.map((e) => [CARRIER_BY_ID.get(e.id) ?? `id:${e.id}`, e.price])) };
  } else fields.delivery = { type: 'none' };

  const skuIds: Fields = {};
  const single = w.sku_list.length === 1 && (w.sku_list[0]!.sku_id ?? '') === '';
  if (single) {
    const s = w.sku_list[0]!;
    fields.price = s.price;
    fields.originalPrice = s.ori_price ?? 0;
    fields.stock = s.quantity;
    fields.skus = {};
    skuIds[''] = '';
  } else {
    const skus: Fields = {};
    const codeKey = productKeyOf(w);
    for (const s of w.sku_list) {
      const skuKey = skuKeyOf(s, codeKey);
      skus[skuKey] = { spec: s.sku_id, price: s.price, originalPrice: s.ori_price ?? 0, stock: s.quantity, icon: s.icon_url ? ctx.imageToken(s.icon_url) : '' };
      skuIds[skuKey] = s.sku_id;
    }
    fields.skus = skus;
  }
  fields.onShelf = w.status === 1;
  return {
    kind: 'Product',
    id: w.product_id,
    ...(key !== undefined ? { key } : {}),
    name: b.name,
    fields,
    meta: {
      status: w.status ?? null,
      frozen: everOnShelf || w.status === 1,
      skuIds,
      ...(groups.length > 0 ? { groups: [...groups].sort() } : {}),
      ...imageUrls(ctx, [b.main_img, ...(b.img ?? []), ...(rawDetail ?? []).map((d) => d.img), ...w.sku_list.map((x) => x.icon_url)]),
    },
  };
}

const imageUrls = (ctx: LiveContext, urls: Array<string | null | undefined>): Fields => imageUrlsMeta((url) => ctx.imageToken(url), urls);

export function liveTemplate(t: WireTemplate, key: string | undefined): LiveObject {
  const rates: Fields = {};
  for (const f of t.TopFee) {
    rates[CARRIER_BY_ID.get(f.Type) ?? `id:${f.Type}`] = {
      firstItems: f.Normal.StartStandards,
      firstFee: f.Normal.StartFees,
      additionalItems: f.Normal.AddStandards,
      additionalFee: f.Normal.AddFees,
      regions: (f.Custom ?? []).map((c) => ({
        country: c.DestCountry ?? '',
        province: c.DestProvince ?? '',
        ...(c.DestCity ? { city: c.DestCity } : {}),
        firstItems: c.StartStandards,
        firstFee: c.StartFees,
        additionalItems: c.AddStandards,
        additionalFee: c.AddFees,
      })),
    };
  }
  return {
    kind: 'ShippingTemplate',
    id: t.Id,
    ...(key !== undefined ? { key } : {}),
    name: t.Name,
    fields: { name: t.Name, payer: t.Assumer === 1 ? 'seller' : 'buyer', rates },
    meta: {},
  };
}

export function liveGroup(id: string, name: string, key: string | undefined, productKeys: string[] | undefined): LiveObject {
  return {
    kind: 'Group',
    id,
    ...(key !== undefined ? { key } : {}),
    name,
    fields: { name, ...(productKeys ? { products: [...productKeys].sort() } : {}) },
    meta: {},
  };
}

function moduleImage(m: WireModule): string | undefined {
  return (m.eid === 3 ? m.group_info?.img : m.eid === 4 ? m.group_infos?.groups?.[0]?.img : m.eid === 5 ? m.group_infos?.img_background : undefined) ?? undefined;
}

function liveModule(m: WireModule, ctx: LiveContext): Json {
  const single = m.group_info ? [m.group_info] : [];
  const many = m.group_infos?.groups ?? [];
  const groups = [...single, ...many];
  const image = moduleImage(m);
  return {
    type: m.eid,
    groups: groups.map((g) => ctx.groupKey(g.group_id)),
    ...(m.eid === 1 && m.group_info?.filter ? { count: m.group_info.filter.count } : {}),
    ...(image ? { image: ctx.imageToken(image) } : {}),
  };
}

export function liveShelf(s: WireShelf, key: string | undefined, ctx: LiveContext): LiveObject {
  return {
    kind: 'Shelf',
    id: s.shelf_id,
    ...(key !== undefined ? { key } : {}),
    name: s.shelf_name,
    fields: {
      name: s.shelf_name,
      banner: s.shelf_banner ? ctx.imageToken(s.shelf_banner) : '',
      modules: (s.shelf_info?.module_infos ?? []).map((m) => liveModule(m, ctx)),
    },
    meta: imageUrls(ctx, [s.shelf_banner, ...(s.shelf_info?.module_infos ?? []).map(moduleImage)]),
  };
}

export { CARRIER_IDS, type Carrier };
