/**
 * wechat-live reference data for `catalog lookup`: the mini-program pages the account's goods link
 * to (from the goods list). The goods API has no list of the mini-program's released pages, so
 * `platforms.wechat-live.url` cannot be checked at plan time; the platform refuses an unknown page
 * on add (300007) and the error points at the field.
 */
import type { LiveObject, ReferenceList, ReferenceQuery, ReferenceSupport } from '../types.js';

export async function readWechatLiveReference(listGoods: () => Promise<LiveObject[]>, query: ReferenceQuery): Promise<ReferenceList> {
  if (query.list !== 'pages') throw new Error(`wechat-live has no reference list "${query.list}"`);
  const pages = new Map<string, string[]>();
  for (const g of await listGoods()) {
    const url = g.fields.url;
    if (typeof url !== 'string') continue;
    const page = url.split('?')[0]!.replace(/^\//, '');
    pages.set(page, [...(pages.get(page) ?? []), g.name]);
  }
  return { query, entries: [...pages].map(([page, goods]) => ({ id: page, name: page, info: { goods } })) };
}

export const references: ReferenceSupport = {
  lists: [{ name: 'pages', description: 'mini-program pages the account\'s goods link to (platforms.wechat-live.url)', params: [] }],
  needs: () => [],
  check: () => [],
  unavailable: 'the goods API has no list of the released mini-program pages: only pages already used by goods are known',
};
