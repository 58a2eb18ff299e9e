/**
 * goofish reference data: authorised shops (user/authorize/list), categories per item_biz_type /
 * sp_biz_type (product/category/list) and a category's properties (product/pv/list, channel_pv).
 * One place for `catalog lookup` and the plan-time checks; reads go through the client's signed call.
 */
import type { Diagnostic } from '../../diagnostics/diagnostics.js';
import type { Catalog, Product } from '../../catalog/types.js';
import type { ChannelPv } from './catalog.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import { choicesHint, findEntry, productsFor, queryKey, readOrRefused, referenceError, refPosOf } from '../references.js';
import type { ReferenceBook, ReferenceList, ReferenceQuery, ReferenceSupport } from '../types.js';
import { categoryList, pvList, shopList } from './wire.js';
import type { z } from 'zod';

type Call = <S extends z.ZodType>(op: string, body: Json, schema: S) => Promise<z.output<S>>;

/** Answers meaning "no such category / biz type" (the simulator's 2007 类目不存在, 1100 ... 不支持). */
const REFUSAL = /不存在|不支持|not exist|unknown/i;

const num = (v: string | undefined, name: string): number => {
  if (v === undefined || !/^-?\d+$/.test(v)) throw new Error(`${name} must be a whole number`);
  return Number(v);
};

/** Reads one list with the client's signed `call`. */
export async function readGoofishReference(call: Call, query: ReferenceQuery): Promise<ReferenceList> {
  const p = query.params;
  switch (query.list) {
    case 'shops':
      return {
        query,
        entries: (await call('user.authorizeList', {}, shopList)).list.map((s) => ({ id: s.user_name, name: s.user_name, ...(s.user_nick ? { info: { nick: s.user_nick } } : {}) })),
      };
    case 'categories': {
      const body: { [k: string]: Json } = { item_biz_type: num(p.itemBizType, 'itemBizType') };
      if (p.spBizType !== undefined) body.sp_biz_type = num(p.spBizType, 'spBizType');
      return readOrRefused(query, REFUSAL, async () =>
        (await call('product.categoryList', body, categoryList)).list.map((c) => ({
          id: c.channel_cat_id,
          name: c.channel_cat_name ?? c.channel_cat_id,
          ...(c.sp_biz_type !== undefined ? { info: { spBizType: c.sp_biz_type } } : {}),
        })),
      );
    }
    case 'properties': {
      const body = { item_biz_type: num(p.itemBizType, 'itemBizType'), sp_biz_type: num(p.spBizType, 'spBizType'), channel_cat_id: p.channelCatId ?? '' };
      return readOrRefused(query, REFUSAL, async () =>
        (await call('product.pvList', body, pvList)).list.map((prop) => ({
          id: String(prop.property_id),
          name: prop.property_name,
          values: (prop.values ?? []).map((v) => ({ id: String(v.value_id), name: v.value_name })),
        })),
      );
    }
    default:
      throw new Error(`goofish has no reference list "${query.list}"`);
  }
}

const shopsQuery: ReferenceQuery = { list: 'shops', params: {} };
const categoriesQuery = (g: { itemBizType: number; spBizType: number }): ReferenceQuery => ({
  list: 'categories',
  params: { itemBizType: String(g.itemBizType), spBizType: String(g.spBizType) },
});
const propertiesQuery = (g: { itemBizType: number; spBizType: number; channelCatId: string }): ReferenceQuery => ({
  list: 'properties',
  params: { itemBizType: String(g.itemBizType), spBizType: String(g.spBizType), channelCatId: g.channelCatId },
});

const goofishProducts = (catalog: Catalog, target: TargetConfig): Array<Product & { platforms: { goofish: NonNullable<Product['platforms']['goofish']> } }> =>
  productsFor(catalog, target).filter((p): p is Product & { platforms: { goofish: NonNullable<Product['platforms']['goofish']> } } => p.platforms.goofish !== undefined);

function needs(catalog: Catalog, target: TargetConfig): ReferenceQuery[] {
  const products = goofishProducts(catalog, target);
  if (products.length === 0) return [];
  const queries = new Map<string, ReferenceQuery>([[queryKey(shopsQuery), shopsQuery]]);
  for (const p of products) {
    const g = p.platforms.goofish;
    const c = categoriesQuery(g);
    queries.set(queryKey(c), c);
    if (g.channelPv?.length) {
      const q = propertiesQuery(g);
      queries.set(queryKey(q), q);
    }
  }
  return [...queries.values()];
}

function check(catalog: Catalog, target: TargetConfig, book: ReferenceBook): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lookup = (list: string, params = '') => `catalog lookup ${target.name} ${list}${params}`;
  const shops = book.get(shopsQuery);
  for (const p of goofishProducts(catalog, target)) {
    const g = p.platforms.goofish;
    const at = 'goofish';
    if (shops) {
      g.shops.forEach((shop, i) => {
        if (!shops.entries.some((s) => s.id === shop)) {
          out.push(referenceError('goofish.shop-unauthorised', target, `shop "${shop}" of product ${p.key} is not an authorised shop of this account`, refPosOf(p, `${at}.shops.${i}`), `${choicesHint(shop, shops.entries, lookup('shops'))}; or authorise the shop in 闲管家 first`));
        }
      });
    }
    const bizParams = ` itemBizType=${g.itemBizType} spBizType=${g.spBizType}`;
    const categories = book.get(categoriesQuery(g));
    if (categories && (categories.refused !== undefined || !categories.entries.some((c) => c.id === g.channelCatId))) {
      const why = categories.refused !== undefined ? `; the platform answered: ${categories.refused}` : '';
      out.push(referenceError('goofish.category-unknown', target, `channelCatId "${g.channelCatId}" of product ${p.key} is not a category of item_biz_type ${g.itemBizType} / sp_biz_type ${g.spBizType}${why}`, refPosOf(p, `${at}.channelCatId`), choicesHint(g.channelCatId, categories.entries, lookup('categories', bizParams))));
      continue; // its properties cannot be checked against an unknown category
    }
    const properties = g.channelPv?.length ? book.get(propertiesQuery(g)) : undefined;
    if (!properties) continue;
    const propLookup = lookup('properties', `${bizParams} channelCatId=${g.channelCatId}`);
    const written = new Map<string, string>();
    for (const pv of g.channelPv ?? []) {
      const pos = refPosOf(p, `${at}.channelPv.${pv.property}`);
      const prop = findEntry(properties.entries, pv.property);
      const twice = prop && written.get(prop.id);
      if (prop) written.set(prop.id, pv.property);
      if (twice !== undefined) {
        out.push(referenceError('goofish.property-duplicate', target, `property ${prop!.name} (${prop!.id}) is given twice in channelPv of product ${p.key} (as "${twice}" and "${pv.property}")`, pos, 'give each property once, by its name or by its id'));
      } else if (!prop) {
        out.push(referenceError('goofish.property-unknown', target, `category ${g.channelCatId} has no property "${pv.property}" (product ${p.key})`, pos, choicesHint(pv.property, properties.entries, propLookup)));
      } else if (!findEntry(prop.values ?? [], pv.value)) {
        out.push(referenceError('goofish.property-value-unknown', target, `"${pv.value}" is not a value of property ${prop.name} (${prop.id}) of category ${g.channelCatId} (product ${p.key})`, pos, choicesHint(pv.value, prop.values ?? [], propLookup)));
      }
    }
  }
  return out;
}

/** channel_pv written by name resolved to ids (and the platform's names) from pv/list. */
function resolve(catalog: Catalog, target: TargetConfig, book: ReferenceBook): Catalog {
  const targetKeys = new Set(goofishProducts(catalog, target).filter((p) => p.platforms.goofish.channelPv?.length).map((p) => p.key));
  if (targetKeys.size === 0) return catalog;
  const products = catalog.products.map((p) => {
    const g = p.platforms.goofish;
    if (!targetKeys.has(p.key) || !g?.channelPv) return p;
    const properties = book.get(propertiesQuery(g));
    if (!properties) return p;
    const channelPv = g.channelPv.map((pv): ChannelPv => {
      const prop = findEntry(properties.entries, pv.property);
      const value = prop && findEntry(prop.values ?? [], pv.value);
      return prop && value ? { property: pv.property, value: pv.value, resolved: { propertyId: prop.id, propertyName: prop.name, valueId: value.id, valueName: value.name } } : pv;
    });
    return { ...p, platforms: { ...p.platforms, goofish: { ...g, channelPv } } };
  });
  return { ...catalog, products };
}

const resolves = (catalog: Catalog, target: TargetConfig): boolean => goofishProducts(catalog, target).some((p) => (p.platforms.goofish.channelPv?.length ?? 0) > 0);

export const references: ReferenceSupport = {
  lists: [
    { name: 'shops', description: 'authorised shops (user_name for platforms.goofish.shops)', params: [] },
    {
      name: 'categories',
      description: 'categories (channel_cat_id for platforms.goofish.channelCatId) of an item_biz_type, optionally one sp_biz_type',
      params: [
        { name: 'itemBizType', description: 'item_biz_type, e.g. 2 (普通商品)', required: true },
        { name: 'spBizType', description: 'sp_biz_type, e.g. 1 (手机)' },
      ],
    },
    {
      name: 'properties',
      description: "a category's properties and their values (platforms.goofish.channelPv)",
      params: [
        { name: 'itemBizType', description: 'item_biz_type', required: true },
        { name: 'spBizType', description: 'sp_biz_type', required: true },
        { name: 'channelCatId', description: 'channel_cat_id', required: true },
      ],
    },
  ],
  needs,
  check,
  resolve,
  resolves,
};
