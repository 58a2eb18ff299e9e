import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../config/model.js';
import { PlatformError } from '../../http/index.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, InvokeContext, MutableTargetState } from '../types.js';
import { WechatStoreClient } from './client.js';
import { testTarget } from '../../../test/helpers/target.js';

const BASE = 'https://wx.example.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const target = testTarget({
  name: 'store',
  platform: 'wechat-store',
  baseUrl: BASE,
  credentials: { appId: 'wx1', secret: 'the-app-secret' },
  policy: { ...DEFAULT_POLICY, ratePerSecond: 1000 },
});
const root = mkdtempSync(join(tmpdir(), 'ws-client-'));
writeFileSync(join(root, 'a.png'), 'png bytes');
const A_SHA = '2f0e4e1e0a4f5a2dbd1d3c1f0d9a1a3f8b1f1e2d3c4b5a69788796a5b4c3d2e1'; // not the real hash (see the mismatch test)

function memoryState(init: Array<[string, { id: string; [k: string]: Json }]> = []): MutableTargetState {
  const records = new Map(init);
  return {
    get: (ref) => records.get(ref),
    entries: () => [...records.entries()],
    getMeta: () => ({}),
    set: (ref, rec) => void records.set(ref, rec),
    delete: (ref) => void records.delete(ref),
    setMeta: () => undefined,
  };
}

let tokens = 0;
const tokenHandler = http.post(`${BASE}/cgi-bin/stable_token`, () => HttpResponse.json({ access_token: `token-number-${++tokens}-abcdefghijklmnop`, expires_in: 7200 }));
const ctx = (state = memoryState()): InvokeContext => ({ target, state, catalogRoot: root, resolveRef: () => undefined });
const client = () => new WechatStoreClient(target, { fetch: globalThis.fetch, cacheDir: root });
const action = { kind: 'Product', key: 'phone' };

describe('wechat-store client', () => {
  it('creates return the id; numeric ids go out as numbers; a call on a product seen on shelf records everOnShelf', async () => {
    const bodies: any[] = [];
    server.use(
      tokenHandler,
      http.post(`${BASE}/merchant/group/productmod`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ errcode: 0, errmsg: 'success' });
      }),
      http.post(`${BASE}/merchant/group/add`, () => HttpResponse.json({ errcode: 0, errmsg: 'success', group_id: 207000001 })),
      http.post(`${BASE}/merchant/modproductstatus`, () => HttpResponse.json({ errcode: 0, errmsg: 'success' })),
    );
    const c = client();
    expect(await c.invoke({ op: 'group.add', effect: 'create', args: { group_detail: { group_name: 'G', product_list: [] } } }, { kind: 'Group', key: 'g' }, ctx())).toEqual({ id: '207000001' });
    await c.invoke({ op: 'group.productmod', effect: 'update', args: { group_id: '207000001', product: [{ product_id: 'p1', mod_action: 1 }] } }, { kind: 'Group', key: 'g' }, ctx());
    expect(bodies[0]).toEqual({ group_id: 207000001, product: [{ product_id: 'p1', mod_action: 1 }] });
    expect(await c.invoke({ op: 'product.modproductstatus', effect: 'update', args: { product_id: 'p1', status: 1 } }, action, ctx())).toEqual({ record: { everOnShelf: true } });
    expect(await c.invoke({ op: 'product.modproductstatus', effect: 'update', args: { product_id: 'p1', status: 0 } }, action, ctx())).toEqual({});
    await c.close();
  });

  it('a create reply without the id is a shape error naming the path called (`paths:` override included)', async () => {
    server.use(tokenHandler, http.post(`${BASE}/v2/group/add`, () => HttpResponse.json({ errcode: 0, errmsg: 'success' })));
    const moved = new WechatStoreClient({ ...target, paths: { 'group.add': '/v2/group/add' } }, { fetch: globalThis.fetch, cacheDir: root });
    const err = await moved
      .invoke({ op: 'group.add', effect: 'create', args: { group_detail: { group_name: 'G', product_list: [] } } }, { kind: 'Group', key: 'g' }, ctx())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ResponseShapeError', endpoint: 'wechat-store v2/group/add' });
  });

  it('re-authenticates once on an expired token and retries', async () => {
    let calls = 0;
    server.use(
      tokenHandler,
      http.post(`${BASE}/merchant/update`, () => (++calls === 1 ? HttpResponse.json({ errcode: 42001, errmsg: 'access_token expired' }) : HttpResponse.json({ errcode: 0, errmsg: 'success' }))),
    );
    const before = tokens;
    const c = client();
    await c.invoke({ op: 'product.update', effect: 'update', args: { product_id: 'p1' } }, action, ctx());
    expect(calls).toBe(2);
    expect(tokens - before).toBe(2);
    await c.close();
  });

  it('stock deltas are never retried after a server error (unsafe); 40097 is a PlatformError with a hint and no secret', async () => {
    let calls = 0;
    server.use(
      tokenHandler,
      http.post(`${BASE}/merchant/stock/add`, () => {
        calls += 1;
        return new HttpResponse('oops', { status: 502 });
      }),
      http.post(`${BASE}/merchant/update`, () => HttpResponse.json({ errcode: 40097, errmsg: 'invalid args: the product has been on shelf: name can no longer change' })),
    );
    const c = client();
    await expect(c.invoke({ op: 'stock.add', effect: 'update', args: { product_id: 'p1', sku_info: '', quantity: 3 } }, action, ctx())).rejects.toThrow();
    expect(calls).toBe(1);
    const err = await c.invoke({ op: 'product.update', effect: 'update', args: { product_id: 'p1' } }, action, ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    const text = `${(err as Error).message} ${JSON.stringify(err)}`;
    expect(text).toContain('40097');
    expect(text).toContain('Product/phone');
    expect(text).toMatch(/frozen/);
    expect(text).not.toContain('the-app-secret');
    expect(text).not.toContain('token-number-');
    await c.close();
  });

  it('uploads the file bytes with ?filename= and refuses a file changed since the plan', async () => {
    let received: { filename: string | null; size: number } | undefined;
    server.use(
      tokenHandler,
      http.post(`${BASE}/merchant/common/upload_img`, async ({ request }) => {
        received = { filename: new URL(request.url).searchParams.get('filename'), size: (await request.arrayBuffer()).byteLength };
        return HttpResponse.json({ errcode: 0, errmsg: 'success', image_url: 'https://mmbiz.qpic.cn/x/0' });
      }),
    );
    const c = client();
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update('png bytes').digest('hex');
    expect(await c.invoke({ op: 'image.upload', effect: 'create', args: { path: 'a.png', sha256: sha } }, { kind: 'Image', key: sha }, ctx())).toEqual({ id: 'https://mmbiz.qpic.cn/x/0', record: { path: 'a.png' } });
    expect(received).toEqual({ filename: 'a.png', size: 9 });
    await expect(c.invoke({ op: 'image.upload', effect: 'create', args: { path: 'a.png', sha256: A_SHA } }, { kind: 'Image', key: A_SHA }, ctx())).rejects.toThrow(/changed since the plan/);
    await c.close();
  });

  it('refresh: busy is retried; groups and templates adopted by unique name, state wins, duplicates stay unmanaged', async () => {
    let busy = true;
    server.use(
      tokenHandler,
      http.post(`${BASE}/merchant/getbystatus`, () => {
        if (busy) {
          busy = false;
          return HttpResponse.json({ errcode: -1, errmsg: 'system error' });
        }
        return HttpResponse.json({
          errcode: 0,
          errmsg: 'success',
          products_info: [{ product_id: 'p1', status: 1, product_base: { name: 'P', category_id: ['1'], property: [], img: [], main_img: '' }, sku_list: [{ sku_id: '', price: 1, ori_price: 2, quantity: 3, product_code: 'phone' }] }],
        });
      }),
      http.get(`${BASE}/merchant/express/getall`, () =>
        HttpResponse.json({ errcode: 0, errmsg: 'success', templates_info: [{ Id: 1, Name: 'Same', TopFee: [] }, { Id: 2, Name: 'Same', TopFee: [] }, { Id: 3, Name: 'Other', TopFee: [] }] }),
      ),
      http.get(`${BASE}/merchant/group/getall`, () => HttpResponse.json({ errcode: 0, errmsg: 'success', groups_detail: [{ group_id: 10, group_name: '手机' }, { group_id: 11, group_name: '旧名' }] })),
      http.post(`${BASE}/merchant/group/getbyid`, async ({ request }) => {
        const { group_id } = (await request.json()) as { group_id: number };
        return HttpResponse.json({ errcode: 0, errmsg: 'success', group_detail: { group_id, group_name: 'x', product_list: group_id === 10 ? ['p1', 'unknown'] : [] } });
      }),
      http.get(`${BASE}/merchant/shelf/getall`, () => HttpResponse.json({ errcode: 0, errmsg: 'success', shelves: [] })),
    );
    const desired: DesiredObject[] = [
      { kind: 'Group', key: 'phones', protect: false, fields: { name: '手机', products: ['phone'] } },
      { kind: 'Group', key: 'renamed', protect: false, fields: { name: '新名', products: [] } },
      { kind: 'ShippingTemplate', key: 'same', protect: false, fields: { name: 'Same' } },
      { kind: 'Product', key: 'phone', protect: false, fields: {} },
    ];
    const state = memoryState([['Group/renamed', { id: '11' }]]);
    const c = client();
    const snap = await c.refresh({ target, state, desired });
    const byId = new Map(snap.objects.map((o) => [`${o.kind}:${o.id}`, o]));
    expect(byId.get('Group:10')).toMatchObject({ key: 'phones', fields: { name: '手机', products: ['phone'] } });
    expect(byId.get('Group:11')).toMatchObject({ key: 'renamed', fields: { name: '旧名', products: [] } });
    expect(byId.get('ShippingTemplate:1')?.key).toBeUndefined();
    expect(byId.get('ShippingTemplate:2')?.key).toBeUndefined();
    expect(byId.get('Product:p1')).toMatchObject({ key: 'phone', meta: { frozen: true } });
    expect(snap.readCalls).toBe(6);
    await c.close();
  });
});

describe('wechat-store reference reads (category/getsub, getsku, getproperty)', () => {
  it('posts {cate_id} as a number and reads the manual\'s reply shapes; an unknown category is a refusal', async () => {
    const bodies: Array<[string, unknown]> = [];
    const reply = (path: string, data: object) =>
      http.post(`${BASE}/merchant/category/${path}`, async ({ request }) => {
        bodies.push([path, await request.json()]);
        return HttpResponse.json({ errcode: 0, errmsg: 'success', ...data });
      });
    server.use(
      tokenHandler,
      reply('getsub', { cate_list: [{ id: '537074298', name: '手机' }] }),
      reply('getsku', { sku_table: [{ id: '1075741879', name: '颜色', value_list: [{ id: '1079749967', name: '黑色' }] }] }),
      reply('getproperty', { properties: [{ id: '1075781001', name: '品牌', property_value: [{ id: '1079781011', name: 'Apple' }] }] }),
    );
    const c = client();
    expect((await c.readReference({ list: 'categories', params: {} })).entries).toEqual([{ id: '537074298', name: '手机' }]);
    expect((await c.readReference({ list: 'skuTable', params: { categoryId: '537074298' } })).entries).toEqual([{ id: '1075741879', name: '颜色', values: [{ id: '1079749967', name: '黑色' }] }]);
    expect((await c.readReference({ list: 'properties', params: { categoryId: '537074298' } })).entries).toEqual([{ id: '1075781001', name: '品牌', values: [{ id: '1079781011', name: 'Apple' }] }]);
    expect(bodies).toEqual([['getsub', { cate_id: 1 }], ['getsku', { cate_id: 537074298 }], ['getproperty', { cate_id: 537074298 }]]);
    server.use(http.post(`${BASE}/merchant/category/getsub`, () => HttpResponse.json({ errcode: 40097, errmsg: 'invalid args: cate_id 9 does not exist' })));
    expect((await c.readReference({ list: 'categories', params: { parent: '9' } })).refused).toContain('40097');
  });
});
