/**
 * wechat-channels reference data: the category tree (category/availablesoncategories/get, cats_v2)
 * and a leaf category's attributes (category/detail: product attributes -> `attrs`, sale attributes
 * -> `sku_attrs`). One place for `catalog lookup` and the plan-time checks: each leaf category of
 * the catalog is read once per run; its required attributes, known keys and option values are
 * checked at the catalog field's file:line.
 */
import type { z } from 'zod';
import type { Diagnostic } from '../../diagnostics/diagnostics.js';
import type { Catalog, Product } from '../../catalog/types.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import { choicesHint, productsFor, queryKey, readOrRefused, referenceError, refPosOf } from '../references.js';
import type { ReferenceBook, ReferenceEntry, ReferenceList, ReferenceQuery, ReferenceSupport } from '../types.js';
import { blockOf } from './catalog.js';
import { categoryDetailReply, childCategoriesReply, type CategoryAttr } from './wire.js';

type Call = <S extends z.ZodType>(op: string, body: Json, schema: S) => Promise<z.output<S>>;

/** Answers meaning "no such category" (the document lists no code for it; the message is judged). */
const REFUSAL = /不存在|无效|invalid|not exist|not found|10020017/i;

const catId = (v: string | undefined, name: string): number => {
  if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${name} must be a category id (digits)`);
  return Number(v);
};

function attributeEntry(a: CategoryAttr, sale: boolean): ReferenceEntry {
  const type = a.type_v2 ?? a.type ?? 'string';
  const options = type.startsWith('select') || type.endsWith('_unit') ? (a.value ?? '').split(';').filter(Boolean) : [];
  return {
    id: a.name,
    name: a.name,
    ...(options.length > 0 ? { values: options.map((v) => ({ id: v, name: v })) } : {}),
    info: { sale, type, required: a.is_required === true, appendAllowed: a.append_allowed === true, ...(a.hint ? { hint: a.hint } : {}) },
  };
}

/** Reads one list with the client's call. */
export async function readChannelsReference(call: Call, query: ReferenceQuery): Promise<ReferenceList> {
  switch (query.list) {
    case 'categories': {
      const parent = catId(query.params.parent ?? '0', 'parent');
      return readOrRefused(query, REFUSAL, async () => {
        const r = await call('category.children', { f_cat_id: parent }, childCategoriesReply);
        return (r.cat_list_v2 ?? r.cat_list ?? []).map((c) => ({ id: c.cat_id, name: c.name, info: { leaf: c.leaf === true, parent: c.f_cat_id ?? String(parent) } }));
      });
    }
    case 'attributes': {
      const category = catId(query.params.category, 'category');
      return readOrRefused(query, REFUSAL, async () => {
        const r = await call('category.detail', { cat_id: category }, categoryDetailReply);
        return [...(r.attr?.product_attr_list ?? []).map((a) => attributeEntry(a, false)), ...(r.attr?.sale_attr_list ?? []).map((a) => attributeEntry(a, true))];
      });
    }
    default:
      throw new Error(`wechat-channels has no reference list "${query.list}"`);
  }
}

const attributesQuery = (leaf: string): ReferenceQuery => ({ list: 'attributes', params: { category: leaf } });
const channelsProducts = (catalog: Catalog, target: TargetConfig): Product[] => productsFor(catalog, target).filter((p) => p.platforms['wechat-channels'] !== undefined);

function needs(catalog: Catalog, target: TargetConfig): ReferenceQuery[] {
  const queries = new Map<string, ReferenceQuery>();
  for (const p of channelsProducts(catalog, target)) {
    const q = attributesQuery(blockOf(p).category.at(-1)!);
    queries.set(queryKey(q), q);
  }
  return [...queries.values()];
}

function check(catalog: Catalog, target: TargetConfig, book: ReferenceBook): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = 'wechat-channels';
  for (const p of channelsProducts(catalog, target)) {
    const b = blockOf(p);
    const leaf = b.category.at(-1)!;
    const list = book.get(attributesQuery(leaf));
    if (!list) continue;
    const lookup = `catalog lookup ${target.name} attributes category=${leaf}`;
    if (list.refused !== undefined) {
      out.push(referenceError('wechat-channels.category-unknown', target, `category ${leaf} (the last id of platforms.wechat-channels.category of product ${p.key}) is not a leaf category; the platform answered: ${list.refused}`, refPosOf(p, `${at}.category.${b.category.length - 1}`), `use the cats_v2 path root to leaf: see \`catalog lookup ${target.name} categories\` (parent=<id> for the next level)`));
      continue;
    }
    const productAttrs = list.entries.filter((e) => e.info?.sale !== true);
    const saleAttrs = list.entries.filter((e) => e.info?.sale === true);
    const blockPos = refPosOf(p, `${at}.category.${b.category.length - 1}`);
    for (const a of productAttrs) {
      if (a.info?.required === true && b.attributes[a.name] === undefined) {
        out.push(referenceError('wechat-channels.attribute-required', target, `category ${leaf} requires the attribute "${a.name}", which product ${p.key} does not give`, blockPos, `add platforms.wechat-channels.attributes.${a.name}${a.values?.length ? ` (one of: ${a.values.slice(0, 8).map((v) => v.name).join(', ')})` : ''}; see \`${lookup}\``));
      }
    }
    for (const [name, value] of Object.entries(b.attributes)) {
      const pos = refPosOf(p, `${at}.attributes.${name}`);
      const a = productAttrs.find((e) => e.name === name);
      if (!a) {
        out.push(referenceError('wechat-channels.attribute-unknown', target, `"${name}" is not an attribute of category ${leaf} (product ${p.key})`, pos, choicesHint(name, productAttrs, lookup)));
        continue;
      }
      const type = String(a.info?.type ?? '');
      if (!type.startsWith('select') || a.info?.appendAllowed === true || !a.values?.length) continue;
      const bad = (type === 'select_many' ? value.split(';') : [value]).filter((v) => !a.values!.some((o) => o.name === v));
      if (bad.length > 0) out.push(referenceError('wechat-channels.attribute-value', target, `"${bad.join(';')}" is not a value of attribute "${name}" of category ${leaf} (product ${p.key})`, pos, choicesHint(bad[0]!, a.values, lookup)));
    }
    const skuKeys = new Set(p.skus.flatMap((s) => s.options.map(([n]) => b.skuAttributes[n] ?? n)));
    for (const a of saleAttrs) {
      if (a.info?.required === true && !skuKeys.has(a.name)) {
        out.push(referenceError('wechat-channels.sku-attribute-required', target, `category ${leaf} requires the sale attribute "${a.name}" on every SKU, which product ${p.key} does not give`, blockPos, `add the SKU option "${a.name}" to the SKUs (or map an option to it with platforms.wechat-channels.skuAttributes)`));
      }
    }
  }
  return out;
}

export const wechatChannelsReferences: ReferenceSupport = {
  lists: [
    { name: 'categories', description: 'cats_v2 categories under a parent (platforms.wechat-channels.category, root to leaf)', params: [{ name: 'parent', description: 'parent category id (default 0: the roots)' }] },
    { name: 'attributes', description: 'product and sale attributes of a leaf category (platforms.wechat-channels.attributes, SKU options)', params: [{ name: 'category', description: 'leaf category id', required: true }] },
  ],
  needs,
  check,
};
