/**
 * 微信小店 products: validation of product/create and product/update bodies, and the shape
 * product/get and product/getbystatus answer with.
 */
import { findCategory, isLeafCategory, type CategoryAttribute } from './categories.js';
import { flag, integer, invalid, list, record, text, uploadedImage, type StoreCtx } from './args.js';
import type { Attrext, DeliveryInfo, ProductBase, Sku, StoreProduct } from './state.js';

/** Carriers of delivery_info.express and postage templates: 平邮, 快递, EMS. */
export const CARRIERS = [10000027, 10000028, 10000029];

interface ProductContent {
  product_base: ProductBase;
  sku_list: Sku[];
  attrext: Attrext;
  delivery_info: DeliveryInfo | null;
}

const isCustom = (s: string): boolean => s.startsWith('$') && s.length > 1;

function checkBase(ctx: StoreCtx, raw: unknown): ProductBase {
  const b = record(raw, 'product_base');
  const name = text(b['name'], 'product_base.name');
  const categoryIds = list(b['category_id'], 'product_base.category_id', 1).map((c) => String(c));
  if (categoryIds.length !== 1 || !isLeafCategory(categoryIds[0]!)) {
    throw invalid(`product_base.category_id must hold one leaf category id (category/getsub), got ${JSON.stringify(categoryIds)}`);
  }
  const category = findCategory(categoryIds[0]!)!;
  const property = list(b['property'] ?? [], 'product_base.property').map((p, i) => {
    const field = `product_base.property[${i}]`;
    const r = record(p, field);
    const id = text(r['id'], `${field}.id`);
    const vid = text(r['vid'], `${field}.vid`);
    const attr = category.properties.find((a) => a.id === id);
    if (!attr) throw invalid(`${field}.id ${id} is not a property of category ${category.id} (category/getproperty)`);
    if (!attr.values.some((v) => v.id === vid)) throw invalid(`${field}.vid ${vid} is not a value of property ${id}`);
    return { id, vid };
  });
  if (new Set(property.map((p) => p.id)).size !== property.length) throw invalid('product_base.property repeats a property id');
  const skuInfo = list(b['sku_info'] ?? [], 'product_base.sku_info').map((s, i) => checkSkuInfo(s, `product_base.sku_info[${i}]`, category.skuTable));
  if (new Set(skuInfo.map((s) => s.id)).size !== skuInfo.length) throw invalid('product_base.sku_info repeats an id');
  const detail = list(b['detail'], 'product_base.detail').map((d, i) => {
    const field = `product_base.detail[${i}]`;
    const r = record(d, field);
    if (r['img'] !== undefined) return { img: uploadedImage(ctx, r['img'], `${field}.img`) };
    return { text: text(r['text'], `${field}.text`) };
  });
  return {
    name,
    category_id: categoryIds,
    property,
    sku_info: skuInfo,
    main_img: uploadedImage(ctx, b['main_img'], 'product_base.main_img'),
    img: list(b['img'], 'product_base.img', 1).map((u, i) => uploadedImage(ctx, u, `product_base.img[${i}]`)),
    detail,
    buy_limit: b['buy_limit'] === undefined ? 0 : integer(b['buy_limit'], 'product_base.buy_limit'),
  };
}

function checkSkuInfo(raw: unknown, field: string, table: CategoryAttribute[]): { id: string; vid: string[] } {
  const r = record(raw, field);
  const id = text(r['id'], `${field}.id`);
  const vids = list(r['vid'], `${field}.vid`, 1).map((v, i) => text(v, `${field}.vid[${i}]`));
  const attr = table.find((a) => a.id === id);
  if (!attr && !isCustom(id)) throw invalid(`${field}.id ${id} is neither a SKU id of the category (category/getsku) nor custom "$text"`);
  for (const vid of vids) {
    const known = attr?.values.some((v) => v.id === vid) ?? false;
    if (!known && !isCustom(vid)) throw invalid(`${field}.vid ${vid} is neither a value of SKU ${id} nor custom "$text"`);
  }
  if (new Set(vids).size !== vids.length) throw invalid(`${field}.vid repeats a value`);
  return { id, vid: vids };
}

/** Checks that `skuId` is "id:vid;id:vid" following sku_info (same ids, same order), or "" without sku_info. */
function checkSkuId(skuId: string, skuInfo: ProductBase['sku_info'], field: string): void {
  if (skuInfo.length === 0) {
    if (skuId !== '') throw invalid(`${field} must be "" for a single-spec product (no sku_info)`);
    return;
  }
  const pairs = skuId.split(';').map((p) => p.split(':'));
  const ok =
    pairs.length === skuInfo.length &&
    pairs.every((pair, i) => pair.length === 2 && pair[0] === skuInfo[i]!.id && skuInfo[i]!.vid.includes(pair[1]!));
  if (!ok) {
    const form = skuInfo.map((s) => `${s.id}:<vid>`).join(';');
    throw invalid(`${field} "${skuId}" must be "${form}" with values from sku_info`);
  }
}

function checkSkus(ctx: StoreCtx, raw: unknown, skuInfo: ProductBase['sku_info']): Sku[] {
  const skus = list(raw, 'sku_list', 1).map((s, i): Sku => {
    const field = `sku_list[${i}]`;
    const r = record(s, field);
    const skuId = text(r['sku_id'] ?? '', `${field}.sku_id`, { allowEmpty: true });
    checkSkuId(skuId, skuInfo, `${field}.sku_id`);
    const price = integer(r['price'], `${field}.price (fen)`, 1);
    const oriPrice = integer(r['ori_price'], `${field}.ori_price (fen)`, 1);
    if (price >= oriPrice) throw invalid(`${field}.price ${price} must be below ori_price ${oriPrice}`);
    return {
      sku_id: skuId,
      price,
      ori_price: oriPrice,
      quantity: integer(r['quantity'], `${field}.quantity`),
      icon_url: r['icon_url'] === undefined || r['icon_url'] === '' ? '' : uploadedImage(ctx, r['icon_url'], `${field}.icon_url`),
      product_code: r['product_code'] === undefined ? '' : text(r['product_code'], `${field}.product_code`, { allowEmpty: true }),
    };
  });
  if (new Set(skus.map((s) => s.sku_id)).size !== skus.length) throw invalid('sku_list repeats a sku_id');
  return skus;
}

function checkAttrext(raw: unknown): Attrext {
  const r = raw === undefined ? {} : record(raw, 'attrext');
  const attrext: Attrext = {
    isPostFree: flag(r['isPostFree'], 'attrext.isPostFree'),
    isHasReceipt: flag(r['isHasReceipt'], 'attrext.isHasReceipt'),
    isUnderGuaranty: flag(r['isUnderGuaranty'], 'attrext.isUnderGuaranty'),
    isSupportReplace: flag(r['isSupportReplace'], 'attrext.isSupportReplace'),
  };
  if (r['location'] !== undefined) {
    const l = record(r['location'], 'attrext.location');
    const part = (k: string) => (l[k] === undefined ? '' : text(l[k], `attrext.location.${k}`, { allowEmpty: true }));
    attrext.location = { country: part('country'), province: part('province'), city: part('city'), address: part('address') };
  }
  return attrext;
}

function checkDelivery(ctx: StoreCtx, raw: unknown, postFree: boolean): DeliveryInfo | null {
  if (raw === undefined) {
    if (postFree) return null;
    throw invalid('delivery_info is required unless attrext.isPostFree is 1');
  }
  const r = record(raw, 'delivery_info');
  const type = flag(r['delivery_type'], 'delivery_info.delivery_type');
  if (type === 1) {
    const templateId = integer(r['template_id'], 'delivery_info.template_id');
    if (!ctx.state.templates.some((t) => t.Id === templateId)) throw invalid(`delivery_info.template_id ${templateId} is not a postage template of this account`);
    return { delivery_type: 1, template_id: templateId, express: [] };
  }
  const express = list(r['express'], 'delivery_info.express', 1).map((e, i) => {
    const x = record(e, `delivery_info.express[${i}]`);
    const id = integer(x['id'], `delivery_info.express[${i}].id`);
    if (!CARRIERS.includes(id)) throw invalid(`delivery_info.express[${i}].id ${id} is not a carrier (${CARRIERS.join(', ')})`);
    return { id, price: integer(x['price'], `delivery_info.express[${i}].price (fen)`) };
  });
  if (new Set(express.map((e) => e.id)).size !== express.length) throw invalid('delivery_info.express repeats a carrier');
  return { delivery_type: 0, template_id: 0, express };
}

/** Validates a whole product (create, or update after merging the given parts into the stored ones). */
export function checkProductContent(ctx: StoreCtx, raw: Record<string, unknown>): ProductContent {
  const product_base = checkBase(ctx, raw['product_base']);
  const sku_list = checkSkus(ctx, raw['sku_list'], product_base.sku_info);
  const attrext = checkAttrext(raw['attrext']);
  const delivery_info = checkDelivery(ctx, raw['delivery_info'], attrext.isPostFree === 1);
  return { product_base, sku_list, attrext, delivery_info };
}

/** The fields that can no longer change once a product has been on shelf. */
export function frozenFieldChanges(before: ProductBase, after: ProductBase): string[] {
  const canon = (p: ProductBase['property']) => JSON.stringify([...p].map((x) => `${x.id}:${x.vid}`).sort());
  const changed: string[] = [];
  if (before.name !== after.name) changed.push('name');
  if (before.category_id[0] !== after.category_id[0]) changed.push('category_id');
  if (canon(before.property) !== canon(after.property)) changed.push('property');
  return changed;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** detail rendered as in the document's product/get example. */
export function detailHtml(detail: ProductBase['detail']): string {
  return detail
    .map((d) =>
      'img' in d
        ? `<div class="item_pic_wrp" style="margin-bottom:8px;font-size:0;"><img class="item_pic" style="width:100%;" alt="" src="${escapeHtml(d.img)}" ></div>`
        : `<p style="margin-bottom:11px;margin-top:11px;">${escapeHtml(d.text)}</p>`,
    )
    .join('');
}

/** A product as product/get answers (`detail` comes back as `detail_html`). */
export function productInfo(p: StoreProduct): Record<string, unknown> {
  const { detail, ...base } = p.product_base;
  return {
    product_id: p.product_id,
    product_base: { ...base, detail_html: detailHtml(detail) },
    sku_list: p.sku_list,
    attrext: p.attrext,
    delivery_info: p.delivery_info ?? { delivery_type: 0, template_id: 0, express: [] },
  };
}
