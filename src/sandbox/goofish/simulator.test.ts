import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, ManualClock, type Sandbox } from '../core.js';
import { goofishBodyMd5, goofishSign } from './sign.js';
import { goofishInitialState, LIST_WINDOW_S } from './simulator.js';
import type { GoofishState } from './state.js';

// The platform's published signing example (docs/platforms/goofish.md, "Facts the adapter relies on").
const EXAMPLE = {
  appKey: '203413189371893',
  appSecret: 'o9wl81dncmvby3ijpq7eur456zhgtaxs',
  timestamp: '1636087298',
  body: '{"product_id":"219530767978565"}',
  bodyMd5: '2608f2139cca8755cabf25209251e549',
  sign: 'c26c8a48809141f3dd80bd9b9ddb41ea',
};
const CREDENTIALS = { appKey: EXAMPLE.appKey, appSecret: EXAMPLE.appSecret };
const bytes = (s: string) => new TextEncoder().encode(s);
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

interface Envelope {
  status: number;
  code: number;
  msg: string;
  data: any;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(opts: { seed?: boolean; options?: Record<string, unknown>; credentials?: Record<string, string> } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'goofish-sim-'));
  const clock = new ManualClock(Date.UTC(2025, 5, 1, 8, 0, 0));
  const sandbox: Sandbox = await createSandbox({
    accounts: [{ name: 'xianyu', platform: 'goofish', credentials: opts.credentials ?? CREDENTIALS, options: opts.options ?? {} }],
    stateDir: dir,
    seed: opts.seed ?? false,
    clock,
  });
  cleanups.push(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function send(path: string, text: string, query: Record<string, string>, method = 'POST'): Promise<Envelope> {
    const url = new URL(`http://sandbox.test/xianyu${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await sandbox.handleSandboxRequest(
      new Request(url, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: text } : {}) }),
    );
    return { status: res.status, ...((await res.json()) as Omit<Envelope, 'status'>) };
  }

  /** A correctly signed call. */
  async function call(path: string, body: unknown = {}): Promise<Envelope> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = String(Math.floor(clock.now() / 1000));
    return send(`/api/open${path}`, text, {
      appid: CREDENTIALS.appKey,
      timestamp,
      sign: goofishSign(CREDENTIALS.appKey, CREDENTIALS.appSecret, timestamp, bytes(text)),
    });
  }

  const state = () => sandbox.stateOf<GoofishState>('xianyu');
  return { sandbox, clock, call, send, state, dir };
}

const SHOP = 'sandbox-shop';
function createBody(over: Record<string, unknown> = {}) {
  return {
    item_biz_type: 2,
    sp_biz_type: 1,
    channel_cat_id: '4d8b31d719602249ac899d2620c5df2b',
    price: 550_000,
    original_price: 700_000,
    stock: 10,
    express_fee: 0,
    outer_id: 'iphone12-black-128',
    stuff_status: 90,
    publish_shop: [
      {
        user_name: SHOP,
        province: 440000,
        city: 440300,
        district: 440305,
        title: 'iPhone 12 128G 黑色',
        content: '国行正品，电池健康 90%。',
        images: ['https://img.example.com/1.jpg'],
      },
    ],
    ...over,
  };
}
const MULTI_SKUS = [
  { price: 500_000, stock: 3, sku_text: '颜色:白色;容量:128G', outer_id: 'white-128' },
  { price: 600_000, stock: 2, sku_text: '颜色:白色;容量:256G', outer_id: 'white-256' },
];

describe('goofish signature', () => {
  it('matches the published example', () => {
    expect(goofishBodyMd5(bytes(EXAMPLE.body))).toBe(EXAMPLE.bodyMd5);
    expect(goofishSign(EXAMPLE.appKey, EXAMPLE.appSecret, EXAMPLE.timestamp, bytes(EXAMPLE.body))).toBe(EXAMPLE.sign);
  });

  it('uses md5("{}") for an empty body', () => {
    expect(goofishBodyMd5(new Uint8Array())).toBe(goofishBodyMd5(bytes('{}')));
  });

  it('accepts the published example request, then rejects its string product_id (int64 in the current API)', async () => {
    const { clock, send } = await setup();
    clock.set(Number(EXAMPLE.timestamp) * 1000 + 60_000);
    const res = await send('/api/open/product/detail', EXAMPLE.body, {
      appid: EXAMPLE.appKey,
      timestamp: EXAMPLE.timestamp,
      sign: EXAMPLE.sign,
    });
    expect(res).toMatchObject({ status: 200, code: 1100, data: null });
    expect(res.msg).toContain('product_id');
  });

  it('rejects a wrong sign, a foreign appid, missing parameters and a stale timestamp', async () => {
    const { clock, send } = await setup();
    clock.set(Number(EXAMPLE.timestamp) * 1000);
    const q = { appid: EXAMPLE.appKey, timestamp: EXAMPLE.timestamp, sign: EXAMPLE.sign };
    const path = '/api/open/product/detail';
    expect((await send(path, '{"product_id":"219530767978566"}', q)).code).toBe(1004);
    expect((await send(path, EXAMPLE.body, { ...q, sign: EXAMPLE.sign.toUpperCase() })).code).toBe(1004);
    expect((await send(path, EXAMPLE.body, { ...q, appid: '1' })).code).toBe(1002);
    expect((await send(path, EXAMPLE.body, { appid: q.appid, timestamp: q.timestamp })).code).toBe(1001);
    clock.advance(301_000);
    expect((await send(path, EXAMPLE.body, q)).code).toBe(1003);
    clock.set(Number(EXAMPLE.timestamp) * 1000 - 301_000);
    expect((await send(path, EXAMPLE.body, q)).code).toBe(1003);
  });

  it('a business-partner account (configured with a seller id) requires seller_id, signed; other accounts refuse one', async () => {
    const SELLER = '2200123456789';
    const partner = await setup({ credentials: { ...CREDENTIALS, sellerId: SELLER } });
    partner.clock.set(Number(EXAMPLE.timestamp) * 1000);
    const path = '/api/open/product/list';
    const body = '{"page_no":1,"page_size":10}';
    const base = { appid: EXAMPLE.appKey, timestamp: EXAMPLE.timestamp };
    const partnerSign = md5(`${EXAMPLE.appKey},${md5(body)},${EXAMPLE.timestamp},${SELLER},${EXAMPLE.appSecret}`);
    expect(goofishSign(EXAMPLE.appKey, EXAMPLE.appSecret, EXAMPLE.timestamp, bytes(body), SELLER)).toBe(partnerSign);
    expect((await partner.send(path, body, { ...base, seller_id: SELLER, sign: partnerSign })).code).toBe(0);
    const normalSign = goofishSign(EXAMPLE.appKey, EXAMPLE.appSecret, EXAMPLE.timestamp, bytes(body));
    expect(await partner.send(path, body, { ...base, sign: normalSign })).toMatchObject({ code: 1005, msg: expect.stringContaining('seller_id') });
    expect((await partner.send(path, body, { ...base, seller_id: SELLER, sign: normalSign })).code).toBe(1004);
    expect((await partner.send(path, body, { ...base, seller_id: '1', sign: goofishSign(EXAMPLE.appKey, EXAMPLE.appSecret, EXAMPLE.timestamp, bytes(body), '1') })).code).toBe(1005);

    const normal = await setup();
    normal.clock.set(Number(EXAMPLE.timestamp) * 1000);
    expect((await normal.send(path, body, { ...base, sign: normalSign })).code).toBe(0);
    expect((await normal.send(path, body, { ...base, seller_id: SELLER, sign: partnerSign })).code).toBe(1005);
  });

  it('answers unknown paths with 404 and other methods with 405, in the envelope', async () => {
    const { call, send } = await setup();
    expect(await call('/product/nope')).toMatchObject({ status: 404, code: 404 });
    expect(await send('/api/open/product/list', '', {}, 'GET')).toMatchObject({ status: 405, code: 405 });
  });
});

describe('goofish reads', () => {
  it('lists the authorised shops and categories', async () => {
    const { call } = await setup();
    expect((await call('/user/authorize/list')).data.list).toEqual([expect.objectContaining({ user_name: SHOP, is_valid: true })]);
    expect((await call('/user/authorize/list', '')).code).toBe(0);
    const cats = await call('/product/category/list', { item_biz_type: 2, sp_biz_type: 1 });
    expect(cats.code).toBe(0);
    expect(cats.data.list.map((c: any) => c.channel_cat_id)).toContain('4d8b31d719602249ac899d2620c5df2b');
    expect(cats.data.list.every((c: any) => c.sp_biz_type === 1)).toBe(true);
    expect((await call('/product/category/list', { sp_biz_type: '1' })).code).toBe(1100);
  });

  it('paginates within page_no 1..100, page_size 1..100 and page_no*page_size <= 10000', async () => {
    const { call, clock } = await setup();
    for (let i = 0; i < 7; i++) {
      expect((await call('/product/create', createBody({ outer_id: `p${i}` }))).code).toBe(0);
      clock.advance(1000);
    }
    const page1 = await call('/product/list', { page_no: 1, page_size: 3 });
    const page3 = await call('/product/list', { page_no: 3, page_size: 3 });
    expect(page1.data).toMatchObject({ count: 7, page_no: 1, page_size: 3 });
    expect(page1.data.list.map((p: any) => p.outer_id)).toEqual(['p6', 'p5', 'p4']);
    expect(page3.data.list.map((p: any) => p.outer_id)).toEqual(['p0']);
    expect(page1.data.list[0]).not.toHaveProperty('sku_items');
    expect((await call('/product/list', { page_no: 100, page_size: 100 })).code).toBe(0);
    expect((await call('/product/list', { page_no: 101, page_size: 10 })).code).toBe(1100);
    expect((await call('/product/list', { page_no: 1, page_size: 101 })).code).toBe(1100);
    expect((await call('/product/list', { page_no: 0, page_size: 10 })).code).toBe(1100);
    expect((await call('/product/list', { page_no: '1', page_size: 10 })).code).toBe(1100);
    expect((await call('/product/list', { page_no: 100, page_size: 100 })).data.list).toEqual([]);
  });

  it('rejects page_no*page_size above 10000 with its own code', async () => {
    const { call } = await setup();
    expect((await call('/product/list', { page_no: 101, page_size: 100 })).code).toBe(1102);
    expect((await call('/product/list', { page_no: 10_001, page_size: 1 })).code).toBe(1102);
    expect((await call('/product/list', { page_no: 1, page_size: 10_001 })).code).toBe(1102);
  });

  it('filters by product_status and update_time, and hides products not updated for 6 months', async () => {
    const { call, clock } = await setup();
    const old = (await call('/product/create', createBody({ outer_id: 'old' }))).data.product_id;
    clock.advance((LIST_WINDOW_S + 10) * 1000);
    const t1 = Math.floor(clock.now() / 1000);
    const fresh = (await call('/product/create', createBody({ outer_id: 'fresh' }))).data.product_id;
    clock.advance(10_000);
    const later = (await call('/product/create', createBody({ outer_id: 'later' }))).data.product_id;
    await call('/product/publish', { product_id: later, user_name: [SHOP] });

    const all = await call('/product/list', {});
    expect(all.data.list.map((p: any) => p.product_id).sort()).toEqual([fresh, later].sort());
    expect((await call('/product/detail', { product_id: old })).code).toBe(0);

    const byTime = await call('/product/list', { update_time: [t1, t1 + 5] });
    expect(byTime.data.list.map((p: any) => p.product_id)).toEqual([fresh]);
    expect((await call('/product/list', { update_time: [t1 + 5, t1] })).code).toBe(1100);
    expect((await call('/product/list', { update_time: `${t1}` })).code).toBe(1100);

    const drafts = await call('/product/list', { product_status: 21 });
    expect(drafts.data.count).toBe(2);
    expect((await call('/product/list', { product_status: 7 })).code).toBe(1100);
  });

  it('returns the full product in detail', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody({ sku_items: MULTI_SKUS, price: 500_000, stock: 5 }))).data.product_id;
    const d = (await call('/product/detail', { product_id: id })).data;
    expect(d).toMatchObject({
      product_id: id,
      product_status: 21,
      publish_status: 1,
      outer_id: 'iphone12-black-128',
      price: 500_000,
      stock: 5,
      spec_type: 2,
      title: 'iPhone 12 128G 黑色',
      publish_shop: [expect.objectContaining({ user_name: SHOP, district: 440305 })],
    });
    expect(d.sku_items).toEqual([
      expect.objectContaining({ sku_text: '颜色:白色;容量:128G', outer_id: 'white-128', price: 500_000, stock: 3 }),
      expect.objectContaining({ sku_text: '颜色:白色;容量:256G', outer_id: 'white-256', price: 600_000, stock: 2 }),
    ]);
    expect(Number.isSafeInteger(d.sku_items[0].sku_id)).toBe(true);
    expect((await call('/product/detail', { product_id: 1 })).code).toBe(2001);
  });
});

describe('goofish create', () => {
  it('creates a draft with a large safe-integer id', async () => {
    const { call } = await setup();
    const res = await call('/product/create', createBody());
    expect(res).toMatchObject({ status: 200, code: 0, msg: 'OK', data: { product_status: 21 } });
    expect(Number.isSafeInteger(res.data.product_id)).toBe(true);
    expect(res.data.product_id).toBeGreaterThan(1e14);
  });

  it('leaves the original price unset when create does not send one (0 is a price, not "none"); an edit can set it later', async () => {
    const { call } = await setup();
    const { original_price: _, ...body } = createBody();
    const id = (await call('/product/create', body)).data.product_id;
    expect((await call('/product/detail', { product_id: id })).data.original_price).toBeNull();
    expect((await call('/product/edit', { product_id: id, title: '新标题' })).code).toBe(0);
    expect((await call('/product/detail', { product_id: id })).data.original_price).toBeNull();
    expect((await call('/product/edit/stock', { product_id: id, original_price: 0 })).code).toBe(0);
    expect((await call('/product/detail', { product_id: id })).data.original_price).toBe(0);
  });

  it('rejects a duplicate outer_id, but accepts it again after the first product is deleted', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody())).data.product_id;
    expect((await call('/product/create', createBody())).code).toBe(2002);
    expect((await call('/product/delete', { product_id: id })).code).toBe(0);
    expect((await call('/product/create', createBody())).code).toBe(0);
  });

  it.each([
    ['price 0', { price: 0 }],
    ['price above 9,999,999,900', { price: 9_999_999_901 }],
    ['price as a string', { price: '5500' }],
    ['price with decimals', { price: 5500.5 }],
    ['stock above 9999', { stock: 10_000 }],
    ['negative original_price', { original_price: -1 }],
    ['negative express_fee', { express_fee: -1 }],
    ['outer_id of 65 characters', { outer_id: 'x'.repeat(65) }],
    ['an unknown field', { outerId: 'x' }],
    ['missing item_biz_type', { item_biz_type: undefined }],
    ['an unsupported stuff_status', { stuff_status: 42 }],
    ['no publish_shop', { publish_shop: [] }],
  ])('rejects %s with 1100', async (_name, over) => {
    const { call } = await setup();
    const res = await call('/product/create', createBody(over));
    expect(res).toMatchObject({ status: 200, code: 1100, data: null });
    expect(res.msg).toMatch(/^参数错误: /);
  });

  it.each([
    ['a title over 60 width units (30 CJK characters)', { title: '好'.repeat(31) }],
    ['content under 5 characters', { content: '太短了' }],
    ['content over 5000 characters', { content: 'x'.repeat(5001) }],
    ['no images', { images: [] }],
    ['31 images', { images: Array.from({ length: 31 }, (_, i) => `https://img.example.com/${i}.jpg`) }],
    ['an image that is not a URL', { images: ['images/a.jpg'] }],
  ])('rejects publish_shop with %s', async (_name, over) => {
    const { call } = await setup();
    const shop = { ...createBody().publish_shop[0], ...over };
    expect((await call('/product/create', createBody({ publish_shop: [shop] }))).code).toBe(1100);
  });

  it('accepts title limits exactly: 30 CJK characters or 60 ASCII', async () => {
    const { call } = await setup();
    const shop = createBody().publish_shop[0]!;
    expect((await call('/product/create', createBody({ outer_id: 'a', publish_shop: [{ ...shop, title: '好'.repeat(30) }] }))).code).toBe(0);
    expect((await call('/product/create', createBody({ outer_id: 'b', publish_shop: [{ ...shop, title: 'x'.repeat(60) }] }))).code).toBe(0);
  });

  it('rejects an unauthorised shop and an unknown category', async () => {
    const { call } = await setup();
    const shop = { ...createBody().publish_shop[0], user_name: 'someone-else' };
    expect((await call('/product/create', createBody({ publish_shop: [shop] }))).code).toBe(2005);
    expect((await call('/product/create', createBody({ channel_cat_id: 'nope' }))).code).toBe(2007);
  });

  it('checks sku_text: 名:值;名:值, name <= 4, value <= 20, same names on every SKU', async () => {
    const { call } = await setup();
    const sku = (sku_text: string) => ({ price: 500_000, stock: 1, sku_text });
    const attempt = (skus: unknown[]) => call('/product/create', createBody({ price: 500_000, stock: skus.length, sku_items: skus }));
    expect((await attempt([sku('颜色白色')])).code).toBe(1100);
    expect((await attempt([sku('颜色的名字:白')])).code).toBe(1100);
    expect((await attempt([sku(`颜色:${'白'.repeat(21)}`)])).code).toBe(1100);
    expect((await attempt([sku('颜色:白'), sku('容量:128G')])).code).toBe(1100);
    expect((await attempt([sku('颜色:白'), sku('颜色:白')])).code).toBe(1100);
    expect((await attempt([sku(`颜色名字:${'白'.repeat(20)}`)])).code).toBe(0);
  });

  it('requires a multi-spec price to be one SKU price and the stock to be the SKU total', async () => {
    const { call } = await setup();
    expect((await call('/product/create', createBody({ sku_items: MULTI_SKUS, price: 550_000, stock: 5 }))).code).toBe(2008);
    expect((await call('/product/create', createBody({ sku_items: MULTI_SKUS, price: 500_000, stock: 6 }))).code).toBe(2008);
    const res = await call('/product/create', createBody({ sku_items: MULTI_SKUS, price: 600_000, stock: undefined }));
    expect(res.code).toBe(0);
    expect((await call('/product/detail', { product_id: res.data.product_id })).data.stock).toBe(5);
  });
});

describe('goofish product/batchCreate', () => {
  const item = (key: string, over: Record<string, unknown> = {}) => ({ item_key: key, ...createBody({ outer_id: key, ...over }) });

  it('creates each product as product/create would, answering per item_key in order', async () => {
    const { call, state } = await setup();
    const res = await call('/product/batchCreate', { product_data: [item('a'), item('b', { sku_items: MULTI_SKUS, price: 500_000, stock: 5 })] });
    expect(res).toMatchObject({ code: 0, data: { list: [{ item_key: 'a', code: 0, product_status: 21 }, { item_key: 'b', code: 0, product_status: 21 }] } });
    const [a, b] = res.data.list as Array<{ product_id: number }>;
    expect(state().products[String(a!.product_id)]).toMatchObject({ outer_id: 'a', publish_status: 1 });
    expect((await call('/product/detail', { product_id: b!.product_id })).data.sku_items).toHaveLength(2);
  });

  it('a refused item leaves the others created: its own code and message, as product/create would answer', async () => {
    const { call, state } = await setup();
    await call('/product/create', createBody({ outer_id: 'taken' }));
    const res = await call('/product/batchCreate', {
      product_data: [item('ok-1'), item('taken'), item('bad-category', { channel_cat_id: 'nope' }), item('bad-price', { price: 0 }), item('ok-2')],
    });
    expect(res.code).toBe(0);
    const list = res.data.list as Array<{ item_key: string; code: number; msg: string; product_id?: number }>;
    expect(list.map((r) => [r.item_key, r.code])).toEqual([['ok-1', 0], ['taken', 2002], ['bad-category', 2007], ['bad-price', 1100], ['ok-2', 0]]);
    expect(list[3]!.msg).toBe((await call('/product/create', createBody({ outer_id: 'single', price: 0 }))).msg);
    expect(list[1]!.product_id).toBeUndefined();
    expect(Object.values(state().products).map((p) => p.outer_id).sort()).toEqual(['ok-1', 'ok-2', 'taken']);
  });

  it('a second item with the same outer_id in one batch is refused like a second create (2002)', async () => {
    const { call } = await setup();
    const res = await call('/product/batchCreate', { product_data: [item('k1', { outer_id: 'same' }), item('k2', { outer_id: 'same' })] });
    expect((res.data.list as Array<{ code: number }>).map((r) => r.code)).toEqual([0, 2002]);
  });

  it.each([
    ['no product_data', {}],
    ['an empty batch', { product_data: [] }],
    ['51 products (the limit is 50)', { product_data: Array.from({ length: 51 }, (_, i) => item(`k${i}`)) }],
    ['an item without item_key', { product_data: [createBody()] }],
    ['a repeated item_key', { product_data: [item('k', { outer_id: 'x1' }), item('k', { outer_id: 'x2' })] }],
    ['an item that is not an object', { product_data: ['k'] }],
    ['an unknown top-level field', { product_data: [item('k')], products: [] }],
  ])('refuses %s whole with 1100, creating nothing', async (_name, body) => {
    const { call, state } = await setup();
    const res = await call('/product/batchCreate', body);
    expect(res.code).toBe(1100);
    expect(Object.keys(state().products)).toEqual([]);
  });

  it('takes 50 products in one call', async () => {
    const { call, state } = await setup();
    const res = await call('/product/batchCreate', { product_data: Array.from({ length: 50 }, (_, i) => item(`k${i}`)) });
    expect((res.data.list as Array<{ code: number }>).every((r) => r.code === 0)).toBe(true);
    expect(Object.keys(state().products)).toHaveLength(50);
  });

  it('is a write: a `lost` fault commits the batch and drops the answer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goofish-sim-'));
    const clock = new ManualClock(Date.UTC(2025, 5, 1, 8, 0, 0));
    const sandbox = await createSandbox({ accounts: [{ name: 'xianyu', platform: 'goofish', credentials: CREDENTIALS, options: {} }], stateDir: dir, seed: false, clock, faults: { http5xx: 0, busy: 0, drop: 0, lost: 1, latencyMs: { min: 0, max: 0 }, seed: 1 } });
    cleanups.push(async () => {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    });
    const text = JSON.stringify({ product_data: [item('a'), item('b')] });
    const timestamp = String(Math.floor(clock.now() / 1000));
    const url = `http://sandbox.test/xianyu/api/open/product/batchCreate?appid=${CREDENTIALS.appKey}&timestamp=${timestamp}&sign=${goofishSign(CREDENTIALS.appKey, CREDENTIALS.appSecret, timestamp, bytes(text))}`;
    const res = await sandbox.handleSandboxRequest(new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }));
    expect(res.type).toBe('error');
    expect(Object.values(sandbox.stateOf<GoofishState>('xianyu').products).map((p) => p.outer_id).sort()).toEqual(['a', 'b']);
  });
});

describe('goofish publish, down-shelf, delete', () => {
  it('publishes asynchronously: pending until the delay has passed on the simulator clock', async () => {
    const { call, clock } = await setup({ options: { publishDelayMs: 2000 } });
    const id = (await call('/product/create', createBody())).data.product_id;
    expect((await call('/product/publish', { product_id: id, user_name: [SHOP] })).code).toBe(0);
    expect((await call('/product/detail', { product_id: id })).data).toMatchObject({ product_status: 21, publish_status: 2 });
    expect((await call('/product/publish', { product_id: id, user_name: [SHOP] })).code).toBe(2003);
    clock.advance(1999);
    expect((await call('/product/detail', { product_id: id })).data.publish_status).toBe(2);
    clock.advance(1);
    expect((await call('/product/detail', { product_id: id })).data).toMatchObject({ product_status: 22, publish_status: 3 });
  });

  it('checks the publish shops', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody())).data.product_id;
    expect((await call('/product/publish', { product_id: id, user_name: ['other'] })).code).toBe(2005);
    expect((await call('/product/publish', { product_id: id, user_name: [] })).code).toBe(1100);
    expect((await call('/product/publish', { product_id: String(id), user_name: [SHOP] })).code).toBe(1100);
  });

  it('takes down, then allows delete; an on-sale product cannot be deleted', async () => {
    const { call, clock } = await setup();
    const id = (await call('/product/create', createBody())).data.product_id;
    expect((await call('/product/downShelf', { product_id: id })).code).toBe(2003);
    await call('/product/publish', { product_id: id, user_name: [SHOP] });
    clock.advance(5000);
    expect((await call('/product/delete', { product_id: id })).code).toBe(2003);
    expect((await call('/product/downShelf', { product_id: id })).code).toBe(0);
    expect((await call('/product/detail', { product_id: id })).data).toMatchObject({ product_status: 31, publish_status: 4 });
    expect((await call('/product/delete', { product_id: id })).code).toBe(0);
    expect((await call('/product/detail', { product_id: id })).data.product_status).toBe(-1);
    expect((await call('/product/list', {})).data.count).toBe(0);
    expect((await call('/product/list', { product_status: -1 })).data.count).toBe(1);
    expect((await call('/product/edit', { product_id: id, price: 1 })).code).toBe(2001);
    expect((await call('/product/delete', { product_id: id })).code).toBe(2001);
  });

  it('deletes drafts and pending products', async () => {
    const { call } = await setup();
    const draft = (await call('/product/create', createBody({ outer_id: 'a' }))).data.product_id;
    const pending = (await call('/product/create', createBody({ outer_id: 'b' }))).data.product_id;
    await call('/product/publish', { product_id: pending, user_name: [SHOP] });
    expect((await call('/product/delete', { product_id: draft })).code).toBe(0);
    expect((await call('/product/delete', { product_id: pending })).code).toBe(0);
  });

  it('marks an on-sale product sold out at stock 0 and back on sale when restocked', async () => {
    const { call, clock } = await setup();
    const id = (await call('/product/create', createBody())).data.product_id;
    await call('/product/publish', { product_id: id, user_name: [SHOP] });
    clock.advance(5000);
    await call('/product/edit/stock', { product_id: id, stock: 0 });
    expect((await call('/product/detail', { product_id: id })).data).toMatchObject({ product_status: 23, publish_status: 5 });
    expect((await call('/product/delete', { product_id: id })).code).toBe(2003);
    await call('/product/edit/stock', { product_id: id, stock: 2 });
    expect((await call('/product/detail', { product_id: id })).data).toMatchObject({ product_status: 22, publish_status: 3 });
  });
});

describe('goofish edit', () => {
  it('changes only the given fields', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody())).data.product_id;
    const before = (await call('/product/detail', { product_id: id })).data;
    expect((await call('/product/edit', { product_id: id, price: 540_000, title: '新标题' })).code).toBe(0);
    const after = (await call('/product/detail', { product_id: id })).data;
    expect(after).toEqual({ ...before, price: 540_000, title: '新标题', update_time: after.update_time, publish_shop: [{ ...before.publish_shop[0], title: '新标题' }] });
  });

  it('leaves the product untouched when any field is invalid', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody())).data.product_id;
    const before = (await call('/product/detail', { product_id: id })).data;
    expect((await call('/product/edit', { product_id: id, price: 1, stock: 10_000 })).code).toBe(1100);
    expect((await call('/product/detail', { product_id: id })).data).toEqual(before);
  });

  it('rejects an outer_id used by another product', async () => {
    const { call } = await setup();
    await call('/product/create', createBody({ outer_id: 'a' }));
    const b = (await call('/product/create', createBody({ outer_id: 'b' }))).data.product_id;
    expect((await call('/product/edit', { product_id: b, outer_id: 'a' })).code).toBe(2002);
    expect((await call('/product/edit', { product_id: b, outer_id: 'b' })).code).toBe(0);
    expect((await call('/product/edit', { product_id: b, outer_id: 'c' })).code).toBe(0);
    expect((await call('/product/create', createBody({ outer_id: 'b' }))).code).toBe(0);
  });

  it('keeps sku ids for unchanged sku_text and keeps >= 1 SKU once published', async () => {
    const { call, clock } = await setup();
    const id = (await call('/product/create', createBody({ sku_items: MULTI_SKUS, price: 500_000, stock: 5 }))).data.product_id;
    const ids = (await call('/product/detail', { product_id: id })).data.sku_items.map((s: any) => s.sku_id);
    const edited = await call('/product/edit', {
      product_id: id,
      sku_items: [{ ...MULTI_SKUS[1], stock: 7 }, { price: 700_000, stock: 1, sku_text: '颜色:黑色;容量:512G' }],
      price: 600_000,
    });
    expect(edited.code).toBe(0);
    const skus = (await call('/product/detail', { product_id: id })).data.sku_items;
    expect(skus[0].sku_id).toBe(ids[1]);
    expect(ids).not.toContain(skus[1].sku_id);
    expect((await call('/product/detail', { product_id: id })).data.stock).toBe(8);

    await call('/product/publish', { product_id: id, user_name: [SHOP] });
    clock.advance(5000);
    expect((await call('/product/edit', { product_id: id, sku_items: [], stock: 1 })).code).toBe(2004);
    expect((await call('/product/edit', { product_id: id, sku_items: [MULTI_SKUS[1]], price: 600_000 })).code).toBe(0);
  });

  it('lets a never-published multi-spec draft drop its SKUs', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody({ sku_items: MULTI_SKUS, price: 500_000, stock: undefined }))).data.product_id;
    expect((await call('/product/edit', { product_id: id, sku_items: [], stock: 4 })).code).toBe(0);
    expect((await call('/product/detail', { product_id: id })).data).toMatchObject({ spec_type: 1, stock: 4 });
  });
});

describe('goofish edit/stock', () => {
  it('changes SKU stock and price; the product stock follows the SKU total', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody({ sku_items: MULTI_SKUS, price: 500_000, stock: undefined }))).data.product_id;
    const [a, b] = (await call('/product/detail', { product_id: id })).data.sku_items;
    const res = await call('/product/edit/stock', { product_id: id, sku_items: [{ sku_id: a.sku_id, stock: 9 }, { sku_id: b.sku_id, stock: 0, price: 650_000 }] });
    expect(res.code).toBe(0);
    const d = (await call('/product/detail', { product_id: id })).data;
    expect(d.stock).toBe(9);
    expect(d.sku_items.map((s: any) => [s.stock, s.price])).toEqual([[9, 500_000], [0, 650_000]]);
  });

  it('rejects unknown SKUs, string sku ids, a mismatching total and a price matching no SKU', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody({ sku_items: MULTI_SKUS, price: 500_000, stock: undefined }))).data.product_id;
    const [a] = (await call('/product/detail', { product_id: id })).data.sku_items;
    expect((await call('/product/edit/stock', { product_id: id, sku_items: [{ sku_id: 1, stock: 1 }] })).code).toBe(2006);
    expect((await call('/product/edit/stock', { product_id: id, sku_items: [{ sku_id: String(a.sku_id), stock: 1 }] })).code).toBe(1100);
    expect((await call('/product/edit/stock', { product_id: id, stock: 99 })).code).toBe(2008);
    expect((await call('/product/edit/stock', { product_id: id, sku_items: [{ sku_id: a.sku_id, stock: 1, price: 1 }] })).code).toBe(2008);
    expect((await call('/product/edit/stock', { product_id: id, sku_items: [{ sku_id: a.sku_id, stock: 10_000 }] })).code).toBe(1100);
  });

  it('sets the stock of a single-spec product', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody())).data.product_id;
    expect((await call('/product/edit/stock', { product_id: id, stock: 4, price: 1 })).code).toBe(0);
    expect((await call('/product/detail', { product_id: id })).data).toMatchObject({ stock: 4, price: 1 });
  });
});

describe('goofish initial state', () => {
  it('is an empty account with one authorised shop without seed', () => {
    const s = goofishInitialState(false);
    expect(s.products).toEqual({});
    expect(s.shops).toHaveLength(1);
  });

  it('seeds a demo account consistent with the platform rules, listed within 6 months', async () => {
    const { call, clock } = await setup({ seed: true });
    clock.set(Date.now());
    const listed = await call('/product/list', { page_size: 100 });
    expect(listed.code).toBe(0);
    const outerIds = listed.data.list.map((p: any) => p.outer_id);
    expect(outerIds).toEqual(expect.arrayContaining(['iphone12-black-128', 'iphone13-128', 'airpods-pro2', '', 'legacy-0042']));
    expect(outerIds).not.toContain('gan-charger-65w');
    for (const p of listed.data.list) {
      const d = (await call('/product/detail', { product_id: p.product_id })).data;
      if (d.sku_items.length > 0) {
        expect(d.sku_items.map((s: any) => s.price)).toContain(d.price);
        expect(d.sku_items.reduce((n: number, s: any) => n + s.stock, 0)).toBe(d.stock);
      }
    }
    expect((await call('/user/authorize/list')).data.list[0].user_name).toBe('拾光数码');
  });
});

describe('goofish category properties (product/pv/list, channel_pv)', () => {
  const PHONE = { item_biz_type: 2, sp_biz_type: 1, channel_cat_id: '4d8b31d719602249ac899d2620c5df2b' };

  it('lists a category\'s properties with their values; an unknown category is 2007, a missing field 1100', async () => {
    const { call } = await setup();
    const res = await call('/product/pv/list', PHONE);
    expect(res.code).toBe(0);
    const brand = res.data.list.find((p: any) => p.property_name === '品牌');
    expect(brand.property_id).toBe('20000');
    expect(brand.values).toContainEqual({ value_id: '30111', value_name: 'Apple' });
    expect((await call('/product/pv/list', { ...PHONE, channel_cat_id: 'nope' })).code).toBe(2007);
    expect((await call('/product/pv/list', { item_biz_type: 2, sp_biz_type: 1 })).code).toBe(1100);
  });

  it('create stores channel_pv by id with the platform\'s names and returns it in detail; unknown ids are 2009', async () => {
    const { call } = await setup();
    const bad = await call('/product/create', createBody({ channel_pv: [{ property_id: '20000', value_id: '39999' }] }));
    expect(bad.code).toBe(2009);
    const wrongCategory = await call('/product/create', createBody({ channel_pv: [{ property_id: '20004', value_id: '34001' }] }));
    expect(wrongCategory.code).toBe(2009);
    const twice = await call('/product/create', createBody({ channel_pv: [{ property_id: '20000', value_id: '30111' }, { property_id: 20000, value_id: 30112 }] }));
    expect(twice.code).toBe(1100);
    const created = await call('/product/create', createBody({ channel_pv: [{ property_id: 20000, property_name: 'x', value_id: '30111', value_name: 'y' }] }));
    expect(created.code).toBe(0);
    const detail = (await call('/product/detail', { product_id: created.data.product_id })).data;
    expect(detail.channel_pv).toEqual([{ property_id: '20000', property_name: '品牌', value_id: '30111', value_name: 'Apple' }]);
  });

  it('edit replaces channel_pv ([] clears it) and re-checks it against a new category', async () => {
    const { call } = await setup();
    const id = (await call('/product/create', createBody({ channel_pv: [{ property_id: '20002', value_id: '32001' }] }))).data.product_id;
    expect((await call('/product/edit', { product_id: id, channel_pv: [{ property_id: '20001', value_id: '31002' }] })).code).toBe(0);
    expect((await call('/product/detail', { product_id: id })).data.channel_pv).toEqual([{ property_id: '20001', property_name: '存储容量', value_id: '31002', value_name: '128G' }]);
    // 笔记本电脑 has no 存储容量: moving the product there keeps nothing invalid.
    expect((await call('/product/edit', { product_id: id, sp_biz_type: 3, channel_cat_id: '3b2a1c0d9e8f7a6b5c4d3e2f1a0b9c8d' })).code).toBe(2009);
    expect((await call('/product/edit', { product_id: id, channel_pv: [] })).code).toBe(0);
    expect((await call('/product/detail', { product_id: id })).data.channel_pv).toEqual([]);
  });
});
