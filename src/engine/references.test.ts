/**
 * Plan-time platform checks (src/engine/references.ts) with the real goofish and wechat-store
 * reference modules, a catalog loaded from YAML (positions are the fields' own), and clients that
 * answer reference reads from in-memory lists and count them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../catalog/load.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/model.js';
import { goofishAdapter } from '../platforms/goofish/index.js';
import { wechatStoreAdapter } from '../platforms/wechat-store/index.js';
import type { PlatformAdapter, PlatformClient, ReferenceEntry, ReferenceQuery } from '../platforms/types.js';
import { queryKey } from '../platforms/references.js';
import { checkReferences, REFERENCE_TTL_MS } from './references.js';
import type { RefreshTarget } from './refresh.js';
import { memoryState } from '../../test/helpers/engine.js';
import { WITH_PLATFORMS } from '../platforms/registry.js';

const temp = mkdtempSync(path.join(tmpdir(), 'catalog-refs-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

const CAT = '4d8b31d719602249ac899d2620c5df2b';
const GOOFISH_LISTS: Record<string, ReferenceEntry[]> = {
  shops: [{ id: '拾光数码', name: '拾光数码二手3C' }],
  'categories itemBizType=2 spBizType=1': [{ id: CAT, name: '手机/二手手机' }],
  [`properties channelCatId=${CAT} itemBizType=2 spBizType=1`]: [
    { id: '20000', name: '品牌', values: [{ id: '30111', name: 'Apple' }, { id: '30112', name: '华为' }] },
    { id: '20001', name: '存储容量', values: [{ id: '31002', name: '128G' }] },
  ],
};
const STORE_LISTS: Record<string, ReferenceEntry[]> = {
  'categories parent=537074298': [],
  'categories parent=537074000': [{ id: '537074298', name: '手机' }],
  'properties categoryId=537074298': [{ id: '1075781001', name: '品牌', values: [{ id: '1079781011', name: 'Apple' }] }],
  'skuTable categoryId=537074298': [{ id: '1075741879', name: '颜色', values: [{ id: '1079749967', name: '黑色' }] }],
};

function project(products: string): { config: Config; dir: string } {
  const dir = path.join(temp, `p${n++}`);
  mkdirSync(path.join(dir, 'catalog'), { recursive: true });
  writeFileSync(path.join(dir, 'catalog.config.yaml'), 'targets:\n  xianyu: { platform: goofish, sandbox: true }\n  store: { platform: wechat-store, sandbox: true }\n');
  writeFileSync(path.join(dir, 'catalog', 'products.yaml'), products);
  const loaded = loadConfig(path.join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS);
  return { config: loaded.config!, dir };
}

/** A client whose reference reads come from `lists` (a missing key: refused); counts reads. */
function fakeClient(lists: Record<string, ReferenceEntry[]>): PlatformClient & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    invoke: async () => ({}),
    refresh: async () => ({ objects: [], readCalls: 0 }),
    readReference: async (query: ReferenceQuery) => {
      reads.push(queryKey(query));
      const entries = lists[queryKey(query)];
      return entries ? { query, entries: structuredClone(entries) } : { query, entries: [], refused: '2007 类目不存在' };
    },
  };
}

function targets(config: Config, clients: { xianyu: PlatformClient; store: PlatformClient }): RefreshTarget[] {
  const adapters: Record<string, PlatformAdapter> = { xianyu: goofishAdapter, store: wechatStoreAdapter };
  return config.targets.map((target) => ({ target, adapter: adapters[target.name]!, client: clients[target.name as 'xianyu' | 'store'], state: memoryState() }));
}

const GOOD = `kind: Product
key: iphone13
title: iPhone 13 128G
description: 国行正品，功能正常。
price: 3199
originalPrice: 3999
images: [https://img.example.com/1.jpg, https://mmbiz.qpic.cn/1.jpg]
platforms:
  goofish:
    itemBizType: 2
    spBizType: 1
    channelCatId: "${CAT}"
    stuffStatus: 90
    shops: [拾光数码]
    district: { province: 440000, city: 440300, district: 440305 }
    channelPv: { 品牌: Apple, "20001": "31002" }
  wechat-store:
    categoryId: "537074298"
    properties: { "1075781001": "1079781011" }
    skuProperties:
      颜色: { id: "1075741879", values: { 黑色: "1079749967" } }
    attrext: { isPostFree: true }
`;

async function run(products: string, lists = { xianyu: GOOFISH_LISTS, store: STORE_LISTS }, now = () => Date.now()) {
  const { config } = project(products);
  const loaded = await loadCatalog(config, WITH_PLATFORMS);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const clients = { xianyu: fakeClient(lists.xianyu), store: fakeClient(lists.store) };
  const cacheDir = (t: string) => path.join(config.cacheDir, 'cache', t);
  const result = await checkReferences(loaded.catalog!, targets(config, clients), { cacheDir, now });
  return { ...result, clients, config, input: loaded.catalog!, cacheDir };
}

describe('plan-time reference checks', () => {
  test('a catalog whose references exist passes; channelPv by name and by id is resolved to the wire shape', async () => {
    const { diagnostics, catalog, config } = await run(GOOD);
    expect(diagnostics).toEqual([]);
    const [d] = goofishAdapter.desired(catalog, config.targets.find((t) => t.name === 'xianyu')!);
    // ids and the platform's names, sorted by property id
    expect(d!.fields.channelPv).toEqual([
      { property_id: '20000', property_name: '品牌', value_id: '30111', value_name: 'Apple' },
      { property_id: '20001', property_name: '存储容量', value_id: '31002', value_name: '128G' },
    ]);
  });

  test('every unknown reference is reported at its own file:line with the lookup that lists the choices', async () => {
    const bad = GOOD.replace('shops: [拾光数码]', 'shops: [拾光数码, 别人的店]')
      .replace('channelPv: { 品牌: Apple, "20001": "31002" }', 'channelPv: { 品牌: 苹果, 颜色: 黑, "20001": "31002", 存储容量: 128G }')
      .replace('"1075781001": "1079781011"', '"1075781001": "42"')
      .replace('values: { 黑色: "1079749967" }', 'values: { 黑色: "7" }');
    const { diagnostics } = await run(bad);
    const got = diagnostics.map((d) => `${d.pos?.line}:${d.pos?.col} ${d.code}`).sort();
    expect(got).toEqual([
      '14:19 goofish.shop-unauthorised',
      '16:22 goofish.property-value-unknown',
      '16:30 goofish.property-unknown',
      '16:57 goofish.property-duplicate',
      '19:33 wechat-store.property-value-unknown',
      '21:45 wechat-store.sku-value-unknown',
    ].sort());
    const shop = diagnostics.find((d) => d.code === 'goofish.shop-unauthorised')!;
    expect(shop.pos?.file).toBe('catalog/products.yaml');
    expect(shop.message).toContain('别人的店');
    expect(shop.message).toContain('target xianyu');
    expect(shop.hint).toContain('catalog lookup xianyu shops');
    const value = diagnostics.find((d) => d.code === 'goofish.property-value-unknown')!;
    expect(value.hint).toContain('Apple (30111)');
  });

  test('an unknown category and a category that is not a leaf stop the checks of what depends on them', async () => {
    const bad = GOOD.replace(`channelCatId: "${CAT}"`, 'channelCatId: "0000"').replace('categoryId: "537074298"', 'categoryId: "537074000"');
    const { diagnostics } = await run(bad);
    expect(diagnostics.map((d) => `${d.pos?.line} ${d.code}`)).toEqual(['12 goofish.category-unknown', '18 wechat-store.category-not-leaf']);
    expect(diagnostics[1]!.hint).toContain('手机 (537074298)');
    const gone = GOOD.replace('categoryId: "537074298"', 'categoryId: "1234"');
    expect((await run(gone)).diagnostics.map((d) => d.code)).toEqual(['wechat-store.category-unknown']);
  });

  test('lists are read once per run and kept in the target cache; a cached list never produces an error unconfirmed', async () => {
    const first = await run(GOOD);
    expect(first.reads.get('xianyu')).toBe(3);
    // Same project: the next run reads nothing (within the TTL).
    const loaded = { catalog: first.input };
    const again = { xianyu: fakeClient(GOOFISH_LISTS), store: fakeClient(STORE_LISTS) };
    const second = await checkReferences(loaded.catalog!, targets(first.config, again), { cacheDir: first.cacheDir });
    expect(second.diagnostics).toEqual([]);
    expect(again.xianyu.reads).toEqual([]);
    // A shop authorised since the cached read: the cached list says no, the fresh read says yes.
    writeFileSync(path.join(first.config.catalogDir, 'products.yaml'), GOOD.replace('shops: [拾光数码]', 'shops: [拾光数码, 新店]'));
    const edited = await loadCatalog(first.config, WITH_PLATFORMS);
    const fresh = { xianyu: fakeClient({ ...GOOFISH_LISTS, shops: [...GOOFISH_LISTS.shops!, { id: '新店', name: '新店' }] }), store: fakeClient(STORE_LISTS) };
    const third = await checkReferences(edited.catalog!, targets(first.config, fresh), { cacheDir: first.cacheDir });
    expect(third.diagnostics).toEqual([]);
    expect(fresh.xianyu.reads).toContain('shops');
    // After the TTL everything is read again.
    const later = { xianyu: fakeClient(GOOFISH_LISTS), store: fakeClient(STORE_LISTS) };
    await checkReferences(loaded.catalog!, targets(first.config, later), { cacheDir: first.cacheDir, now: () => Date.now() + REFERENCE_TTL_MS + 1000 });
    expect(later.xianyu.reads.length).toBe(3);
  });
});
