/**
 * goofish reference reads, contract (msw): the calls the public SDKs make (user/authorize/list,
 * product/category/list, product/pv/list), signed like every call; "no such category" answers are
 * refusals (data for the plan-time checks), other errors throw. And channel_pv on the wire.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_POLICY } from '../../config/model.js';
import { PlatformError } from '../../http/index.js';
import { GoofishClient } from './client.js';
import { goofishSign } from './sign.js';
import { liveProduct } from './mapping.js';
import { createBody, planObject } from './planner.js';
import { testTarget } from '../../../test/helpers/target.js';

const BASE = 'http://goofish.test';
const target = testTarget({
  name: 'xianyu',
  platform: 'goofish',
  baseUrl: BASE,
  credentials: { appKey: 'k1', appSecret: 's1' },
  policy: { ...DEFAULT_POLICY, ratePerSecond: 1000 },
});
const server = setupServer();
let cacheDir: string;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  cacheDir = await mkdtemp(join(tmpdir(), 'goofish-refs-'));
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await rm(cacheDir, { recursive: true, force: true });
});
const client = () => new GoofishClient(target, { fetch: globalThis.fetch, cacheDir });
const ok = (data: unknown) => HttpResponse.json({ code: 0, msg: 'OK', data });

/** Records the body of each call and checks its signature. */
function recorder(path: string, reply: (body: any) => Response) {
  const bodies: any[] = [];
  const handler = http.post(`${BASE}/api/open/${path}`, async ({ request }) => {
    const q = new URL(request.url).searchParams;
    const text = await request.text();
    expect(q.get('sign')).toBe(goofishSign('k1', 's1', text, Number(q.get('timestamp'))));
    bodies.push(JSON.parse(text));
    return reply(bodies.at(-1));
  });
  return { handler, bodies };
}

describe('goofish reference reads', () => {
  test('properties: product/pv/list with item_biz_type, sp_biz_type, channel_cat_id; ids read as strings', async () => {
    const pv = recorder('product/pv/list', () => ok({ list: [{ property_id: 20000, property_name: '品牌', values: [{ value_id: 30111, value_name: 'Apple' }] }] }));
    server.use(pv.handler);
    const list = await client().readReference({ list: 'properties', params: { itemBizType: '2', spBizType: '1', channelCatId: 'abc' } });
    expect(pv.bodies).toEqual([{ item_biz_type: 2, sp_biz_type: 1, channel_cat_id: 'abc' }]);
    expect(list.entries).toEqual([{ id: '20000', name: '品牌', values: [{ id: '30111', name: 'Apple' }] }]);
  });

  test('categories and shops', async () => {
    const cats = recorder('product/category/list', () => ok({ list: [{ sp_biz_type: 1, channel_cat_id: 'c1', channel_cat_name: '手机' }] }));
    const shops = recorder('user/authorize/list', () => ok({ list: [{ authorize_id: 1, user_name: 'shop-a', user_nick: '店A', is_valid: true }] }));
    server.use(cats.handler, shops.handler);
    const c = client();
    expect((await c.readReference({ list: 'categories', params: { itemBizType: '2' } })).entries).toEqual([{ id: 'c1', name: '手机', info: { spBizType: 1 } }]);
    expect(cats.bodies).toEqual([{ item_biz_type: 2 }]);
    expect((await c.readReference({ list: 'shops', params: {} })).entries).toEqual([{ id: 'shop-a', name: 'shop-a', info: { nick: '店A' } }]);
  });

  test('an unknown category is a refusal; a signature error is not', async () => {
    server.use(http.post(`${BASE}/api/open/product/pv/list`, () => HttpResponse.json({ code: 2007, msg: '类目不存在: sp_biz_type 1, channel_cat_id x', data: null })));
    const list = await client().readReference({ list: 'properties', params: { itemBizType: '2', spBizType: '1', channelCatId: 'x' } });
    expect(list.refused).toContain('2007');
    server.use(http.post(`${BASE}/api/open/product/category/list`, () => HttpResponse.json({ code: 1004, msg: '签名错误', data: null })));
    await expect(client().readReference({ list: 'categories', params: { itemBizType: '2' } })).rejects.toBeInstanceOf(PlatformError);
  });
});

describe('channel_pv on the wire', () => {
  const pv = [{ property_id: '20000', property_name: '品牌', value_id: '30111', value_name: 'Apple' }];
  const fields = { title: 't', content: 'c', images: [], price: 100, originalPrice: 0, expressFee: 0, stock: 1, itemBizType: 2, spBizType: 1, channelCatId: 'c1', stuffStatus: 100, district: { province: 1, city: 2, district: 3 }, shops: ['s'], skus: {}, onSale: false };

  test('create sends channel_pv only when the catalog gives it', () => {
    expect(createBody('p', { ...fields, channelPv: pv })).toMatchObject({ channel_pv: pv });
    expect(createBody('p', fields)).not.toHaveProperty('channel_pv');
  });

  test('a changed value is sent whole through product/edit; detail reads back to the same comparable shape', () => {
    const live = liveProduct({ product_id: 7, product_status: 21, publish_status: 1, channel_pv: [{ property_id: 20000, property_name: '品牌', value_id: 30112, value_name: '华为' }] });
    expect(live.fields.channelPv).toEqual([{ property_id: '20000', property_name: '品牌', value_id: '30112', value_name: '华为' }]);
    const plan = planObject({
      desired: { kind: 'Product', key: 'p', protect: false, fields: { channelPv: pv } },
      live,
      changes: [{ path: 'channelPv', before: live.fields.channelPv!, after: pv }],
      policy: DEFAULT_POLICY,
      state: { get: () => undefined, entries: () => [], getMeta: () => ({}) },
    });
    expect(plan.actions[0]!.calls).toEqual([{ op: 'product.edit', effect: 'update', args: { product_id: '7', channel_pv: pv } }]);
  });
});
