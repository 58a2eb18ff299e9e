/**
 * Contract tests of the wechat-channels client: every call it makes, with handlers written from
 * docs/platforms/wechat-channels.md (bodies, query parameters, reply shapes, error codes), token
 * expiry, busy codes and the daily quota.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError, QuotaExhaustedError } from '../../http/index.js';
import type { Json, PlannedCall } from '../../plan/types.js';
import type { DesiredObject, InvokeContext } from '../types.js';
import { mutableMemoryState } from '../../../test/helpers/mutable-state.js';
import { testTarget } from '../../../test/helpers/target.js';
import { WechatChannelsClient } from './client.js';

const BASE = 'https://channels.example.test';
const EC = `${BASE}/channels/ec`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// The platform name of a registered WeChat platform, for the transport's secret list (the client names its own in errors).
const target = testTarget({ name: 'channels', platform: 'wechat-live', baseUrl: BASE, credentials: { appId: 'wx-ch', secret: 'the-app-secret' } });
const root = mkdtempSync(join(tmpdir(), 'wc-client-'));
// A PNG header of 640 x 480.
const png = new Uint8Array(32);
png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 2, 0x80, 0, 0, 1, 0xe0]);
writeFileSync(join(root, 'a.png'), png);
const pngSha = createHash('sha256').update(png).digest('hex');

function setup(cacheDir = mkdtempSync(join(tmpdir(), 'wc-cache-'))) {
  const state = mutableMemoryState();
  const ctx: InvokeContext = { target, state, catalogRoot: root, resolveRef: () => undefined };
  const client = new WechatChannelsClient(target, { fetch: globalThis.fetch, cacheDir });
  return { client, state, ctx, cacheDir };
}

/** The token endpoint (stable_token), counting fetches; tokens are access-token-<n>. */
function tokens() {
  const seen = { fetches: 0, bodies: [] as any[] };
  server.use(
    http.post(`${BASE}/cgi-bin/stable_token`, async ({ request }) => {
      seen.fetches += 1;
      seen.bodies.push(await request.json());
      return HttpResponse.json({ access_token: `access-token-${seen.fetches}`, expires_in: 7200 });
    }),
  );
  return seen;
}

const bare = (text: string) => new HttpResponse(text, { headers: { 'content-type': 'application/json' } });
const action = { kind: 'Product', key: 'mug' };
const call = (op: string, args: Json, effect: PlannedCall['effect'] = 'update'): PlannedCall => ({ op, effect, args });

describe('wechat-channels client: token and envelope', () => {
  it('fetches a stable token, re-authenticates once on 40001/42001/40014 and retries', async () => {
    const seen = tokens();
    const used: string[] = [];
    server.use(
      http.post(`${EC}/product/listing`, ({ request }) => {
        const token = new URL(request.url).searchParams.get('access_token')!;
        used.push(token);
        if (token === 'access-token-1') return HttpResponse.json({ errcode: 42001, errmsg: 'access_token expired rid: 1-2-3' });
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
      }),
    );
    const { client, ctx } = setup();
    await client.invoke(call('product.listing', { product_id: '23423523452345235' }), action, ctx);
    expect(used).toEqual(['access-token-1', 'access-token-2']);
    expect(seen.bodies[0]).toEqual({ grant_type: 'client_credential', appid: 'wx-ch', secret: 'the-app-secret', force_refresh: false });
  });

  it('backs off on -1 and 45011 and retries', async () => {
    tokens();
    let n = 0;
    server.use(
      http.post(`${EC}/product/delisting`, () => {
        n += 1;
        if (n === 1) return HttpResponse.json({ errcode: -1, errmsg: 'system error' });
        if (n === 2) return HttpResponse.json({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
      }),
    );
    const { client, ctx } = setup();
    await client.invoke(call('product.delisting', { product_id: '1' }), action, ctx);
    expect(n).toBe(3);
  });

  it('stops on 45009 with a quota error that says when it resets', async () => {
    tokens();
    server.use(http.post(`${EC}/product/listing`, () => HttpResponse.json({ errcode: 45009, errmsg: 'reach max api daily quota limit' })));
    const { client, ctx } = setup();
    const err = await client.invoke(call('product.listing', { product_id: '1' }), action, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(QuotaExhaustedError);
    expect(err.resetsAt).toMatch(/T16:00:00.000Z$/);
    expect(err.message).not.toContain('the-app-secret');
  });

  it('reports a refusal with the catalog field and a hint; the IP allow-list code says what to do', async () => {
    tokens();
    server.use(
      http.post(`${EC}/product/update`, () => HttpResponse.json({ errcode: 10020110, errmsg: 'product check failed: 6600015 rid: 1' })),
      http.post(`${EC}/product/delete`, () => HttpResponse.json({ errcode: 61004, errmsg: 'access clientip is not registered' })),
    );
    const { client, ctx } = setup();
    const err = await client.invoke(call('product.update', { product_id: '1', title: 'x' }), action, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err.catalogField).toBe('platforms.wechat-channels.attributes');
    const ip = await client.invoke(call('product.delete', { product_id: '1' }, 'delete'), action, ctx).catch((e) => e);
    expect(ip.hint).toMatch(/IP allow-list/);
  });
});

describe('wechat-channels client: writes', () => {
  it('adds a product and keeps its id beyond 2^53 exact', async () => {
    tokens();
    let body: any;
    server.use(
      http.post(`${EC}/product/add`, async ({ request }) => {
        expect(request.headers.get('content-type')).toBe('application/json');
        body = await request.json();
        return bare('{"errcode":0,"errmsg":"ok","data":{"product_id":23423523452345235,"create_time":1700000000}}');
      }),
    );
    const { client, ctx } = setup();
    const r = await client.invoke(call('product.add', { out_product_id: 'mug', title: '陶瓷马克杯', listing: 1 }, 'create'), action, ctx);
    expect(r).toEqual({ id: '23423523452345235' });
    expect(body).toEqual({ out_product_id: 'mug', title: '陶瓷马克杯', listing: 1 });
  });

  it('sends update, auditfree, listing, delisting, delete, audit/cancel and stock/update with their bodies', async () => {
    tokens();
    const bodies: Record<string, any> = {};
    for (const path of ['product/update', 'product/auditfree', 'product/listing', 'product/delisting', 'product/delete', 'product/audit/cancel', 'product/stock/update']) {
      server.use(
        http.post(`${EC}/${path}`, async ({ request }) => {
          bodies[path] = await request.json();
          return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
        }),
      );
    }
    const { client, ctx } = setup();
    const id = '23423523452345235';
    await client.invoke(call('product.update', { product_id: id, title: 't', listing: 1 }), action, ctx);
    await client.invoke(call('product.auditfree', { product_id: id, skus: [{ sku_id: '9', sale_price: 100 }] }), action, ctx);
    await client.invoke(call('product.listing', { product_id: id }), action, ctx);
    await client.invoke(call('product.delisting', { product_id: id }), action, ctx);
    await client.invoke(call('product.auditCancel', { product_id: id }), action, ctx);
    await client.invoke(call('stock.update', { product_id: id, sku_id: '9', diff_type: 2, num: 3 }), action, ctx);
    await client.invoke(call('product.delete', { product_id: id }, 'delete'), action, ctx);
    expect(bodies).toEqual({
      'product/update': { product_id: id, title: 't', listing: 1 },
      'product/auditfree': { product_id: id, skus: [{ sku_id: '9', sale_price: 100 }] },
      'product/listing': { product_id: id },
      'product/delisting': { product_id: id },
      'product/audit/cancel': { product_id: id },
      'product/stock/update': { product_id: id, sku_id: '9', diff_type: 2, num: 3 },
      'product/delete': { product_id: id },
    });
  });

  it('counts replays as done: withdrawing a product not in audit, delisting one not listed, deleting one gone', async () => {
    tokens();
    server.use(
      http.post(`${EC}/product/audit/cancel`, () => HttpResponse.json({ errcode: 10020044, errmsg: 'not in audit' })),
      http.post(`${EC}/product/delisting`, () => HttpResponse.json({ errcode: 10020065, errmsg: 'not listed' })),
      http.post(`${EC}/product/delete`, () => HttpResponse.json({ errcode: 10020052, errmsg: 'product not exist' })),
      http.post(`${EC}/product/stock/update`, () => HttpResponse.json({ errcode: 10020219, errmsg: 'stock not enough' })),
    );
    const { client, ctx } = setup();
    await expect(client.invoke(call('product.auditCancel', { product_id: '1' }), action, ctx)).resolves.toEqual({});
    await expect(client.invoke(call('product.delisting', { product_id: '1' }), action, ctx)).resolves.toEqual({});
    await expect(client.invoke(call('product.delete', { product_id: '1' }, 'delete'), action, ctx)).resolves.toEqual({});
    const stock = await client.invoke(call('stock.update', { product_id: '1', sku_id: '2', diff_type: 2, num: 9 }), action, ctx).catch((e) => e);
    expect(stock.hint).toMatch(/sales moved it/);
  });

  it('uploads a file as multipart (upload_type 0, resp_type 1, its size) and a URL by URL (upload_type 1)', async () => {
    tokens();
    const seen: any[] = [];
    server.use(
      http.post(`${EC}/basics/img/upload`, async ({ request }) => {
        const q = Object.fromEntries(new URL(request.url).searchParams);
        delete q.access_token;
        if (q.upload_type === '0') {
          const form = await request.formData();
          const media = form.get('media') as File;
          expect(new Uint8Array(await media.arrayBuffer())).toEqual(png);
          seen.push({ q });
          return HttpResponse.json({ errcode: 0, errmsg: 'ok', pic_file: { img_url: 'https://mmecimage.cn/p/wx-ch/file1' } });
        }
        seen.push({ q, body: await request.json() });
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', pic_file: { img_url: 'https://mmecimage.cn/p/wx-ch/url1' } });
      }),
    );
    const { client, ctx } = setup();
    expect(await client.invoke(call('image.upload', { path: 'a.png', key: pngSha }, 'create'), { kind: 'Image', key: pngSha }, ctx)).toEqual({ id: 'https://mmecimage.cn/p/wx-ch/file1', record: { path: 'a.png' } });
    expect(await client.invoke(call('image.upload', { url: 'https://cdn.example/x.jpg', key: 'k' }, 'create'), { kind: 'Image', key: 'k' }, ctx)).toEqual({ id: 'https://mmecimage.cn/p/wx-ch/url1', record: { url: 'https://cdn.example/x.jpg' } });
    expect(seen).toEqual([
      { q: { upload_type: '0', resp_type: '1', height: '480', width: '640' } },
      { q: { upload_type: '1', resp_type: '1' }, body: { img_url: 'https://cdn.example/x.jpg' } },
    ]);
  });

  it('adds a freight template with the default template\'s ship-from address, and updates read-modify-write', async () => {
    tokens();
    const sent: any[] = [];
    const stored = {
      template_id: '47428464001',
      name: '默认快递',
      valuation_type: 'PIECE',
      send_time: 'SendTime_TWENTYFOUR_HOUR',
      address_info: { province_name: '广东省', city_name: '深圳市' },
      delivery_type: 'EXPRESS',
      delivery_id: [],
      shipping_method: 'NO_FREE',
      all_freight_calc_method: { freight_calc_method_list: [{ is_default: true, address_infos: [], first_val_amount: 1, first_price: 1000, second_val_amount: 1, second_price: 200 }] },
      not_send_area: { address_infos: [] },
      is_default: true,
    };
    server.use(
      http.post(`${EC}/merchant/getfreighttemplatelist`, async ({ request }) => {
        expect(await request.json()).toMatchObject({ offset: 0 });
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', template_id_list: ['47428464001'] });
      }),
      http.post(`${EC}/merchant/getfreighttemplatedetail`, async ({ request }) => {
        expect(await request.json()).toEqual({ template_id: '47428464001' });
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', freight_template: stored });
      }),
      http.post(`${EC}/merchant/addfreighttemplate`, async ({ request }) => {
        sent.push(await request.json());
        return bare('{"errcode":0,"errmsg":"ok","template_id":47428464101}');
      }),
      http.post(`${EC}/merchant/updatefreighttemplate`, async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', template_id: '47428464001' });
      }),
    );
    const { client, ctx } = setup();
    const ours = { name: '包邮', valuation_type: 'PIECE', shipping_method: 'FREE', delivery_type: 'EXPRESS', all_freight_calc_method: { freight_calc_method_list: [] } };
    const added = await client.invoke(call('freight.add', { freight_template: ours }, 'create'), { kind: 'ShippingTemplate', key: 'free' }, ctx);
    expect(added).toEqual({ id: '47428464101' });
    expect(sent[0].freight_template).toMatchObject({ ...ours, address_info: { province_name: '广东省', city_name: '深圳市' }, send_time: 'SendTime_TWENTYFOUR_HOUR', is_default: false });
    await client.invoke(call('freight.update', { freight_template: { template_id: '47428464001', name: '默认快递', shipping_method: 'NO_FREE' } }), { kind: 'ShippingTemplate', key: 'express' }, ctx);
    expect(sent[1].freight_template).toEqual({ ...stored, name: '默认快递', shipping_method: 'NO_FREE' });
  });
});

describe('wechat-channels client: refresh', () => {
  const product = (id: string, key: string, status: number, editStatus = 4) => ({
    product_id: id,
    out_product_id: key,
    title: `商品 ${key} 标题`,
    head_imgs: ['https://mmecimage.cn/p/wx-ch/a'],
    desc_info: { imgs: [], desc: '' },
    cats_v2: [{ cat_id: '6091' }],
    attrs: [],
    express_info: { template_id: '47428464001' },
    extra_service: { seven_day_return: 1, freight_insurance: 0 },
    skus: [{ sku_id: `${id.slice(0, -1)}9`, out_sku_id: key, sale_price: 100, stock_num: 4, sku_attrs: [] }],
    status,
    edit_status: editStatus,
  });

  /** A store with three products (one beyond 2^53 sent bare); list pages of 2 with next_key, the last page repeating its key. */
  function store() {
    const ids = ['23423523452345235', '23423523452345237', '23423523452345239'];
    const keys = ['mug', 'cup', 'other'];
    const seen = { get: [] as string[], list: [] as any[], batch: [] as any[] };
    server.use(
      http.post(`${EC}/product/list/get`, async ({ request }) => {
        const b = (await request.json()) as any;
        seen.list.push(b);
        expect(b.page_size).toBe(30);
        const pool = b.status === 0 ? [] : b.status === 5 ? ids.slice(0, 2) : ids;
        const start = b.next_key ? Number(b.next_key) : 0;
        const page = pool.slice(start, start + 2);
        return bare(`{"errcode":0,"errmsg":"ok","product_ids":[${page.join(',')}],"next_key":"${page.length ? start + 2 : start}","total_num":${pool.length}}`);
      }),
      http.post(`${EC}/product/get`, async ({ request }) => {
        const text = await request.text();
        const b = JSON.parse(text.replace(/"product_id":(\d+)/, '"product_id":"$1"'));
        seen.get.push(b.product_id);
        expect(b.data_type).toBe(3);
        const i = ids.indexOf(b.product_id);
        const p = product(ids[i]!, keys[i]!, i < 2 ? 5 : 11);
        return bare(JSON.stringify({ errcode: 0, errmsg: 'ok', product: p, edit_product: p }).replace(/"(product_id|sku_id)":"(\d+)"/g, '"$1":$2'));
      }),
      http.post(`${EC}/product/stock/batchget`, async ({ request }) => {
        const b = (await request.json()) as any;
        seen.batch.push(b);
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', data: { spu_stock_list: b.product_id.map((id: string) => ({ product_id: id, sku_stock: [{ sku_id: `${id.slice(0, -1)}9`, normal_stock_num: 7 }] })) } });
      }),
      http.post(`${EC}/merchant/getfreighttemplatelist`, () => HttpResponse.json({ errcode: 0, errmsg: 'ok', template_id_list: ['47428464001'] })),
      http.post(`${EC}/merchant/getfreighttemplatedetail`, () =>
        HttpResponse.json({ errcode: 0, errmsg: 'ok', freight_template: { template_id: '47428464001', name: '默认快递', valuation_type: 'PIECE', shipping_method: 'NO_FREE', is_default: true, address_info: { province_name: '广东省' } } }),
      ),
      http.post(`${EC}/product/getauditquota`, () => HttpResponse.json({ errcode: 0, errmsg: 'ok', audit_quota: { block_status: false, avail_quota: 190, total_quota: 200 } })),
    );
    return { ids, seen };
  }
  const wanted = (key: string): DesiredObject => ({ kind: 'Product', key, protect: false, fields: {} });

  it('lists with next_key, reads managed products (adopting them by out_product_id) and keeps ids exact', async () => {
    tokens();
    const { ids, seen } = store();
    const { client, state } = setup();
    const snap = await client.refresh({ target, state, desired: [wanted('mug'), wanted('cup')] });
    const products = snap.objects.filter((o) => o.kind === 'Product');
    expect(products.map((o) => [o.id, o.key])).toEqual([
      [ids[0], 'mug'],
      [ids[1], 'cup'],
      [ids[2], 'other'],
    ]);
    expect(products[0]!.meta).toMatchObject({ status: 5, editStatus: 4, listedOnce: true, skuIds: { mug: '23423523452345239' } });
    expect(products[2]!.fields.onSale).toBe(false);
    expect(snap.objects.find((o) => o.kind === 'ShippingTemplate')).toMatchObject({ id: '47428464001', name: '默认快递' });
    expect(snap.quotas).toEqual([expect.objectContaining({ name: 'audit', used: 0, limit: 190 })]);
    // all: 2 pages + the empty page after the last; on sale: 1 page + 1; never listed: 1.
    expect(seen.list.filter((b) => b.status === undefined).map((b) => b.next_key)).toEqual([undefined, '2', '4']);
    expect(seen.get.sort()).toEqual([...ids].sort());
  });

  it('answers a no-op refresh from the cache: list pages, templates and one stock batch, no product/get', async () => {
    tokens();
    const { seen } = store();
    const first = setup();
    await first.client.refresh({ target, state: first.state, desired: [wanted('mug'), wanted('cup')] });
    first.state.set('Product/mug', { id: '23423523452345235' });
    first.state.set('Product/cup', { id: '23423523452345237' });
    seen.get.length = 0;
    const again = new WechatChannelsClient(target, { fetch: globalThis.fetch, cacheDir: first.cacheDir });
    const snap = await again.refresh({ target, state: first.state, desired: [wanted('mug'), wanted('cup')] });
    expect(seen.get).toEqual([]);
    expect(seen.batch.at(-1)).toEqual({ product_id: ['23423523452345235', '23423523452345237'] });
    expect((snap.objects.find((o) => o.key === 'mug')!.fields.skus as any).mug.stock).toBe(7);
    // 3 + 2 + 1 list pages, 1 template page + 1 detail, 1 audit quota, 1 stock batch.
    expect(snap.readCalls).toBe(10);
    // A full refresh trusts no cached read of a managed product (an unmanaged one's out_product_id cannot change).
    await again.refresh({ target, state: first.state, desired: [wanted('mug'), wanted('cup')], mode: 'full' });
    expect(seen.get.sort()).toEqual(['23423523452345235', '23423523452345237']);
  });

  it('tolerates a store without getauditquota', async () => {
    tokens();
    store();
    server.use(http.post(`${EC}/product/getauditquota`, () => HttpResponse.json({ errcode: 48001, errmsg: 'api unauthorized' })));
    const { client, state } = setup();
    expect((await client.refresh({ target, state, desired: [] })).quotas).toEqual([]);
  });
});

describe('wechat-channels client: references', () => {
  it('lists child categories and a leaf category\'s attributes', async () => {
    tokens();
    server.use(
      http.post(`${EC}/category/availablesoncategories/get`, async ({ request }) => {
        expect(await request.json()).toEqual({ f_cat_id: 10000111 });
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', cat_list_v2: [{ cat_id: '10000113', name: '杯具', f_cat_id: '10000111', leaf: false }] });
      }),
      http.post(`${EC}/category/detail`, async ({ request }) => {
        const b = (await request.json()) as any;
        if (b.cat_id === 1) return HttpResponse.json({ errcode: 10020017, errmsg: 'category not exist' });
        return HttpResponse.json({
          errcode: 0,
          errmsg: 'ok',
          info: { cat_id: '6091', name: '马克杯' },
          attr: {
            product_attr_list: [{ name: '材质', type_v2: 'select_one', value: '陶瓷;玻璃', is_required: true, append_allowed: false }],
            sale_attr_list: [{ name: '颜色', type_v2: 'select_one', value: '白色;黑色', is_required: false, append_allowed: true }],
          },
        });
      }),
    );
    const { client } = setup();
    const cats = await client.readReference({ list: 'categories', params: { parent: '10000111' } });
    expect(cats.entries).toEqual([{ id: '10000113', name: '杯具', info: { leaf: false, parent: '10000111' } }]);
    const attrs = await client.readReference({ list: 'attributes', params: { category: '6091' } });
    expect(attrs.entries.map((e) => [e.name, e.info?.sale, e.info?.required, e.values?.map((v) => v.name)])).toEqual([
      ['材质', false, true, ['陶瓷', '玻璃']],
      ['颜色', true, false, ['白色', '黑色']],
    ]);
    const refused = await client.readReference({ list: 'attributes', params: { category: '1' } });
    expect(refused.refused).toMatch(/10020017/);
  });
});
