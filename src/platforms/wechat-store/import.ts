/**
 * `catalog import` for 微信小店: catalog documents for the live products, groups, postage templates
 * and shelves the catalog does not hold, written so that planning them shows no changes.
 *
 * Keys: a product's key is the one its SKU product_codes carry (mapping.ts productKeyOf) when they do,
 * else "<target>-<product_id>"; groups, templates and shelves have no identity of their own on the
 * platform: "<target>-<id>". References between imported objects (a product's template and groups, a
 * shelf module's groups) use those keys.
 *
 * Images are written as the platform's own URLs (mmbiz.qpic.cn, what upload_img returned), which the
 * catalog accepts for wechat-store as they are (never uploaded again).
 *
 * SKUs: key from product_code ("<productKey>:<skuKey>") when present, else derived from sku_id
 * (mapping.ts skuKeyOf). Options come from sku_id: a custom "$名称:$值" becomes { 名称: 值 }; a category
 * SKU "id:vid" becomes { 属性<id>: <vid> } with `skuProperties` mapping that name and value to the id
 * and vid (the names are not readable without the category dictionary; rename them in both places).
 *
 * Not written (stays unmanaged, listed by the import): a product without a category, a shelf whose
 * module shows a group that is neither managed nor imported.
 */
import { asFen, formatFen, type Fen } from '../../money/fen.js';
import { KEY_PATTERN } from '../../catalog/model.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import type { ImportCandidate, ImportedDocument, LiveObject } from '../types.js';
import type { FeeFields, SkuFields } from './mapping.js';

type Fields = { [k: string]: Json };
type Doc = { [k: string]: Json };

export function toDocuments(objects: ImportCandidate[], target: TargetConfig): ImportedDocument[] {
  const keyOf = (o: ImportCandidate) => o.key;
  /** A reference as the live read shows it (a key, or `id:<n>` for an unmanaged object) -> a catalog key. */
  const refKey = (kind: string) => {
    const imported = new Map(objects.filter((o) => o.kind === kind).map((o) => [o.id, keyOf(o)]));
    return (ref: string): string | undefined => (ref.startsWith('id:') ? imported.get(ref.slice(3)) : KEY_PATTERN.test(ref) ? ref : undefined);
  };
  const groupKey = refKey('Group');
  const templateKey = refKey('ShippingTemplate');
  const out: ImportedDocument[] = [];
  const add = (o: LiveObject, doc: Doc | undefined) => {
    if (doc) out.push({ kind: o.kind, key: doc.key as string, id: o.id, doc });
  };
  for (const o of objects) {
    const base = { kind: o.kind, key: keyOf(o) };
    if (o.kind === 'ShippingTemplate') add(o, templateDoc(o, base, target));
    else if (o.kind === 'Group') add(o, { ...base, name: (o.fields.name as string | undefined) ?? o.name, targets: [target.name] });
  }
  for (const o of objects) if (o.kind === 'Product') add(o, productDoc(o, { kind: 'Product', key: keyOf(o) }, target, groupKey, templateKey));
  for (const o of objects) if (o.kind === 'Shelf') add(o, shelfDoc(o, { kind: 'Shelf', key: keyOf(o) }, target, groupKey));
  return out;
}

/** Image tokens of the live read back to URLs (uploads of catalog files are tokens; meta keeps their URL). */
const urlOf = (o: LiveObject) => {
  const known = (o.meta.imageUrls ?? {}) as { [token: string]: string };
  return (token: string): string => known[token] ?? token;
};

function fees(fields: Fields): Doc {
  const r = fields as FeeFields;
  return { firstItems: r.firstItems, firstFee: formatFen(r.firstFee), additionalItems: r.additionalItems, additionalFee: formatFen(r.additionalFee) };
}

function templateDoc(o: LiveObject, base: Doc, target: TargetConfig): Doc {
  const rates = Object.entries((o.fields.rates ?? {}) as { [carrier: string]: Fields })
    .filter(([carrier]) => !carrier.startsWith('id:'))
    .map(([carrier, r]): Json => ({
      carrier,
      ...fees(r),
      ...((r.regions as Fields[] | undefined)?.length
        ? {
            regions: (r.regions as Fields[]).map((g): Json => ({
              ...(g.country ? { country: g.country } : {}),
              province: g.province!,
              ...(g.city ? { city: g.city } : {}),
              ...fees(g),
            })),
          }
        : {}),
    }));
  return { ...base, name: (o.fields.name as string | undefined) ?? o.name, payer: o.fields.payer === 'seller' ? 'seller' : 'buyer', targets: [target.name], rates };
}

/** sku_id "id:vid;id:vid" -> option pairs; custom ids and values carry a "$". */
function specPairs(spec: string): Array<[string, string]> {
  return spec
    .split(';')
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf(':');
      return [pair.slice(0, i), pair.slice(i + 1)];
    });
}

function productDoc(o: LiveObject, base: Doc, target: TargetConfig, groupKey: (ref: string) => string | undefined, templateKey: (ref: string) => string | undefined): Doc | undefined {
  const f = o.fields as { [k: string]: any };
  if (typeof f.categoryId !== 'string' || f.categoryId === '') return undefined;
  const url = urlOf(o);
  const detail = (f.detail ?? []) as Array<{ text?: string; image?: string }>;
  const oneText = detail.length === 1 && detail[0]!.text !== undefined && detail[0]!.text !== '';
  const attrext = (f.attrext ?? {}) as { [k: string]: any };
  const delivery = (f.delivery ?? { type: 'none' }) as { type: string; template?: string; fees?: { [carrier: string]: Fen } };
  const shipping = delivery.type === 'template' && delivery.template ? templateKey(delivery.template) : undefined;

  const skuProperties: { [id: string]: { id: string; values: { [v: string]: string } } } = {};
  const skuEntries = Object.entries((f.skus ?? {}) as { [k: string]: SkuFields });
  const skus = skuEntries.map(([key, s]): Json => {
    const options: { [name: string]: string } = {};
    for (const [id, vid] of specPairs(s.spec)) {
      const custom = vid.startsWith('$');
      if (id.startsWith('$')) options[id.slice(1)] = custom ? vid.slice(1) : vid;
      else {
        // Not the bare id: integer-like keys would reorder the options (and so the spec) in YAML and JS.
        const name = `属性${id}`;
        const prop = (skuProperties[name] ??= { id, values: {} });
        options[name] = custom ? vid.slice(1) : vid;
        if (!custom) prop.values[vid] = vid;
      }
    }
    return {
      key,
      options,
      price: formatFen(s.price),
      ...(s.originalPrice ? { originalPrice: formatFen(s.originalPrice) } : {}),
      stock: s.stock,
      ...(s.icon ? { image: url(s.icon) } : {}),
    };
  });
  const groups = ((o.meta.groups ?? []) as string[]).flatMap((ref) => groupKey(ref) ?? []).sort();
  const store: Doc = {
    categoryId: f.categoryId,
    ...(Object.keys(f.properties ?? {}).length > 0 ? { properties: f.properties } : {}),
    ...(Object.keys(skuProperties).length > 0 ? { skuProperties } : {}),
    ...(f.buyLimit ? { buyLimit: f.buyLimit } : {}),
    ...(detail.length > 0 && !oneText ? { detail: detail.map((d): Json => (d.image !== undefined ? { image: url(d.image) } : { text: d.text ?? '' })) } : {}),
    ...(Object.keys(attrext).length > 0
      ? {
          attrext: {
            ...Object.fromEntries(['isPostFree', 'isHasReceipt', 'isUnderGuaranty', 'isSupportReplace'].filter((k) => attrext[k] === true).map((k) => [k, true])),
            ...(attrext.location ? { location: attrext.location } : {}),
          },
        }
      : {}),
    ...(delivery.type === 'express' ? { express: Object.entries(delivery.fees ?? {}).filter(([c]) => !c.startsWith('id:')).map(([carrier, fee]): Json => ({ carrier, fee: formatFen(fee) })) } : {}),
  };
  if (Object.keys((store.attrext ?? {}) as Doc).length === 0) delete store.attrext;
  return {
    ...base,
    title: f.name ?? o.name,
    ...(oneText ? { description: detail[0]!.text! } : {}),
    ...(skus.length === 0 ? { price: formatFen(f.price ?? asFen(0)), ...(f.originalPrice ? { originalPrice: formatFen(f.originalPrice) } : {}), stock: f.stock ?? 0 } : {}),
    images: ((f.images ?? []) as string[]).map(url),
    ...(groups.length > 0 ? { groups } : {}),
    ...(shipping ? { shipping } : {}),
    onSale: f.onShelf === true,
    ...(skus.length > 0 ? { skus } : {}),
    targets: [target.name],
    platforms: { 'wechat-store': store },
  };
}

function shelfDoc(o: LiveObject, base: Doc, target: TargetConfig, groupKey: (ref: string) => string | undefined): Doc | undefined {
  const url = urlOf(o);
  const modules: Json[] = [];
  for (const m of (o.fields.modules ?? []) as Array<{ type: number; groups: string[]; count?: number; image?: string }>) {
    const groups = m.groups.map(groupKey);
    if (groups.some((g) => g === undefined)) return undefined;
    modules.push({ type: m.type, groups: groups as string[], ...(m.count !== undefined ? { count: m.count } : {}), ...(m.image ? { image: url(m.image) } : {}) });
  }
  if (modules.length === 0) return undefined;
  const banner = o.fields.banner as string | undefined;
  return { ...base, name: (o.fields.name as string | undefined) ?? o.name, ...(banner ? { banner: url(banner) } : {}), targets: [target.name], modules };
}
