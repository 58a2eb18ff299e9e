/**
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
import { formatFen } from '../../catalog/money.js';
import { KEY_PATTERN } from '../../catalog/model.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import type { ImportCandidate, ImportedDocument } from '../types.js';
import { NO_BRAND } from './wire.js';

type Doc = { [k: string]: Json };
interface LiveSku {
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

const fees = (r: Doc): Doc => ({ firstItems: r.firstItems!, firstFee: formatFen(r.firstFee as number), additionalItems: r.additionalItems!, additionalFee: formatFen(r.additionalFee as number) });

function templateDoc(o: ImportCandidate, target: TargetConfig): Doc {
  const f = o.fields as Doc;
  const regions = ((f.regions ?? []) as Doc[]).map((g): Json => ({ province: g.province!, ...(g.city ? { city: g.city } : {}), ...fees(g) }));
  return {
    kind: 'ShippingTemplate',
    key: o.key,
    name: (f.name as string | undefined) ?? o.name,
    payer: f.payer === 'seller' ? 'seller' : 'buyer',
    targets: [target.name],
    rates: [{ carrier: 'express', ...fees(f), ...(regions.length > 0 ? { regions } : {}) }],
  };
}

function productDoc(o: ImportCandidate, target: TargetConfig, templateKey: (ref: string) => string | undefined): Doc {
  const f = o.fields as { [k: string]: any };
  const known = (o.meta.imageUrls ?? {}) as { [token: string]: string };
  const url = (token: string): string => known[token] ?? token;
  const skus = Object.entries((f.skus ?? {}) as { [k: string]: LiveSku });
  const single = skus.length === 1 && skus[0]![0] === o.key && Object.keys(skus[0]![1].attributes).length === 0;
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
      ? { price: formatFen(first.salePrice), ...(first.marketPrice ? { originalPrice: formatFen(first.marketPrice) } : {}), stock: first.stock }
      : {}),
    images: ((f.headImages ?? []) as string[]).map(url),
    ...(shipping ? { shipping } : {}),
    onSale: f.onSale === true,
    ...(!single
      ? {
          skus: skus.map(([key, s]): Json => ({
            key,
            options: s.attributes,
            price: formatFen(s.salePrice),
            ...(s.marketPrice ? { originalPrice: formatFen(s.marketPrice) } : {}),
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

