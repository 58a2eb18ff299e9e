/**
 * wechat-store reference data: the category tree (category/getsub), a leaf category's SKU table
 * (category/getsku) and properties (category/getproperty). One place for `catalog lookup` and the
 * plan-time checks of platforms.wechat-store.categoryId / properties / skuProperties.
 */
import type { z } from 'zod';
import type { Diagnostic } from '../../diagnostics/diagnostics.js';
import type { Catalog, Product } from '../../catalog/types.js';
import type { TargetConfig } from '../../config/model.js';
import { choicesHint, productsFor, queryKey, readOrRefused, referenceError, refPosOf } from '../references.js';
import type { ReferenceBook, ReferenceEntry, ReferenceList, ReferenceQuery, ReferenceSupport } from '../types.js';
import { propertiesReply, skuTableReply, subCategoriesReply } from './wire.js';

type Call = <S extends z.ZodType>(op: string, json: unknown, schema: S) => Promise<z.output<S>>;

/** Answers meaning "no such category" (the simulator's 40097 "cate_id ... does not exist"). */
const REFUSAL = /does not exist|不存在|invalid cate/i;

const ROOT = '1';
const named = (x: { id: string | number; name: string }) => ({ id: String(x.id), name: x.name });
const withValues = (x: { id: string | number; name: string }, values: ReadonlyArray<{ id: string | number; name: string }> | null | undefined): ReferenceEntry => ({
  ...named(x),
  values: (values ?? []).map(named),
});

export async function readWechatStoreReference(call: Call, query: ReferenceQuery): Promise<ReferenceList> {
  const cateId = (name: string, fallback?: string) => {
    const v = query.params[name] ?? fallback;
    if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${name} must be a category id (digits)`);
    return Number(v);
  };
  switch (query.list) {
    case 'categories':
      return readOrRefused(query, REFUSAL, async () => ((await call('category.getsub', { cate_id: cateId('parent', ROOT) }, subCategoriesReply)).cate_list ?? []).map(named));
    case 'skuTable':
      return readOrRefused(query, REFUSAL, async () => ((await call('category.getsku', { cate_id: cateId('categoryId') }, skuTableReply)).sku_table ?? []).map((a) => withValues(a, a.value_list)));
    case 'properties':
      return readOrRefused(query, REFUSAL, async () => ((await call('category.getproperty', { cate_id: cateId('categoryId') }, propertiesReply)).properties ?? []).map((a) => withValues(a, a.property_value)));
    default:
      throw new Error(`wechat-store has no reference list "${query.list}"`);
  }
}

const subQuery = (categoryId: string): ReferenceQuery => ({ list: 'categories', params: { parent: categoryId } });
const skuQuery = (categoryId: string): ReferenceQuery => ({ list: 'skuTable', params: { categoryId } });
const propQuery = (categoryId: string): ReferenceQuery => ({ list: 'properties', params: { categoryId } });

type StoreProduct = Product & { platforms: { 'wechat-store': NonNullable<Product['platforms']['wechat-store']> } };
const storeProducts = (catalog: Catalog, target: TargetConfig): StoreProduct[] =>
  productsFor(catalog, target).filter((p): p is StoreProduct => p.platforms['wechat-store'] !== undefined);

function needs(catalog: Catalog, target: TargetConfig): ReferenceQuery[] {
  const queries = new Map<string, ReferenceQuery>();
  const add = (q: ReferenceQuery) => queries.set(queryKey(q), q);
  for (const p of storeProducts(catalog, target)) {
    const s = p.platforms['wechat-store'];
    add(subQuery(s.categoryId));
    if (Object.keys(s.properties).length > 0) add(propQuery(s.categoryId));
    if (Object.keys(s.skuProperties).length > 0) add(skuQuery(s.categoryId));
  }
  return [...queries.values()];
}

function check(catalog: Catalog, target: TargetConfig, book: ReferenceBook): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lookup = (list: string, categoryId: string) => `catalog lookup ${target.name} ${list} ${list === 'categories' ? 'parent' : 'categoryId'}=${categoryId}`;
  const byId = <E extends { id: string }>(entries: readonly E[], id: string): E | undefined => entries.find((e) => e.id === id);
  for (const p of storeProducts(catalog, target)) {
    const s = p.platforms['wechat-store'];
    const at = 'wechat-store';
    const sub = book.get(subQuery(s.categoryId));
    if (sub?.refused !== undefined) {
      out.push(referenceError('wechat-store.category-unknown', target, `categoryId "${s.categoryId}" of product ${p.key} is not a category of 微信小店 (the platform answered: ${sub.refused})`, refPosOf(p, `${at}.categoryId`), `find the leaf category with \`catalog lookup ${target.name} categories\` (then parent=<id> to go down a level)`));
      continue;
    }
    if (sub && sub.entries.length > 0) {
      out.push(referenceError('wechat-store.category-not-leaf', target, `categoryId "${s.categoryId}" of product ${p.key} has sub-categories; products go in a leaf category`, refPosOf(p, `${at}.categoryId`), choicesHint(s.categoryId, sub.entries, lookup('categories', s.categoryId), 'ids')));
      continue;
    }
    const props = book.get(propQuery(s.categoryId));
    if (props) {
      for (const [propId, valueId] of Object.entries(s.properties)) {
        const pos = refPosOf(p, `${at}.properties.${propId}`);
        const prop = byId(props.entries, propId);
        if (!prop) out.push(referenceError('wechat-store.property-unknown', target, `category ${s.categoryId} has no property id "${propId}" (product ${p.key})`, pos, choicesHint(propId, props.entries, lookup('properties', s.categoryId), 'ids')));
        else if (!byId(prop.values ?? [], valueId)) out.push(referenceError('wechat-store.property-value-unknown', target, `"${valueId}" is not a value id of property ${prop.name} (${prop.id}) of category ${s.categoryId} (product ${p.key})`, pos, choicesHint(valueId, prop.values ?? [], lookup('properties', s.categoryId), 'ids')));
      }
    }
    const table = book.get(skuQuery(s.categoryId));
    if (table) {
      for (const [option, mapped] of Object.entries(s.skuProperties)) {
        const attr = byId(table.entries, mapped.id);
        if (!attr) {
          out.push(referenceError('wechat-store.sku-property-unknown', target, `SKU id "${mapped.id}" (option ${option}) of product ${p.key} is not in the SKU table of category ${s.categoryId}`, refPosOf(p, `${at}.skuProperties.${option}.id`), choicesHint(mapped.id, table.entries, lookup('skuTable', s.categoryId), 'ids')));
          continue;
        }
        for (const [value, vid] of Object.entries(mapped.values)) {
          if (!byId(attr.values ?? [], vid)) {
            out.push(referenceError('wechat-store.sku-value-unknown', target, `"${vid}" (${option}: ${value}) of product ${p.key} is not a value id of SKU ${attr.name} (${attr.id}) of category ${s.categoryId}`, refPosOf(p, `${at}.skuProperties.${option}.values.${value}`), choicesHint(vid, attr.values ?? [], lookup('skuTable', s.categoryId), 'ids')));
          }
        }
      }
    }
  }
  return out;
}

export const references: ReferenceSupport = {
  lists: [
    { name: 'categories', description: 'sub-categories of a category (the root is 1); products use a leaf id as platforms.wechat-store.categoryId', params: [{ name: 'parent', description: 'category id (default 1, the root)' }] },
    { name: 'skuTable', description: "a leaf category's SKU table (ids for platforms.wechat-store.skuProperties)", params: [{ name: 'categoryId', description: 'leaf category id', required: true }] },
    { name: 'properties', description: "a leaf category's properties and value ids (platforms.wechat-store.properties)", params: [{ name: 'categoryId', description: 'leaf category id', required: true }] },
  ],
  needs,
  check,
};
