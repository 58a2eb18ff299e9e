/** goofish client contract (msw, hand-written handlers): signing per attempt, retries, unknown outcomes, errors, paging. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { DEFAULT_POLICY, type TargetConfig } from '../../config/model.js';
import { OutcomeUnknownError, PlatformError } from '../../http/index.js';
import type { InvokeContext, MutableTargetState, TargetState } from '../types.js';
import type { Catalog, Product } from '../../catalog/types.js';
import { diffFields } from '../../plan/diff.js';
import { withNormalisedText } from '../text.js';
import { GoofishClient } from './client.js';
import { goofishAdapter } from './index.js';
import { liveProduct } from './mapping.js';
import { goofishSign, md5Hex } from './sign.js';
import { testTarget } from '../../../test/helpers/target.js';
import { asFen } from '../../money/fen.js';
import { createSandbox } from '../../sandbox/core.js';
import { sandboxHandlers } from '../../sandbox/msw.js';

const BASE = 'http://goofish.test';
const APP_KEY = '203413189371893';
const SECRET = 'o9wl81dncmvby3ijpq7eur456zhgtaxs';
const target = testTarget({
  name: 'xianyu',
  platform: 'goofish',
  baseUrl: BASE,
  credentials: { appKey: APP_KEY, appSecret: SECRET },
  policy: { ...DEFAULT_POLICY, concurrency: 8, ratePerSecond: 1000 },
});
const state: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const ctx: InvokeContext = { target, state: state as MutableTargetState, resolveRef: () => undefined, catalogRoot: '/nowhere' };
const ok = (data: unknown) => HttpResponse.json({ code: 0, msg: 'OK', data });
const refused = (code: number, msg: string) => HttpResponse.json({ code, msg, data: null });

const server = setupServer();
let cacheDir: string;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  cacheDir = await mkdtemp(join(tmpdir(), 'goofish-client-'));
});
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(async () => {
  server.close();
  await rm(cacheDir, { recursive: true, force: true });
});

const client = () => new GoofishClient(target, { fetch: globalThis.fetch, cacheDir });
const create = { op: 'product.create', effect: 'create' as const, args: { outer_id: 'p-one', price: 1990 } };
const action = { kind: 'Product', key: 'p-one' };

interface Seen {
  sellerId: string | null;
  appid: string | null;
  timestamp: number;
  sign: string | null;
  body: string;
}
async function seen(request: Request): Promise<Seen> {
  const q = new URL(request.url).searchParams;
  return { sellerId: q.get('seller_id'), appid: q.get('appid'), timestamp: Number(q.get('timestamp')), sign: q.get('sign'), body: await request.text() };
}

function listed(i: number, updateTime = 1_700_000_000) {
  return {
    product_id: 219_530_000_000_000 + i,
    product_status: 22,
    publish_status: 3,
    price: 1000 + i,
    stock: 1,
    outer_id: `p-${i}`,
    update_time: updateTime,
    publish_shop: [{ user_name: 'shop', province: 1, city: 2, district: 3, title: `t${i}`, content: 'content', images: ['https://img/x.jpg'] }],
    sku_items: [],
  };
}

describe('signing', () => {
  test('a business-partner account (sellerId) sends seller_id and signs appKey,bodyMd5,timestamp,seller_id,appSecret on every attempt', async () => {
    const attempts: Seen[] = [];
    server.use(
      http.post(`${BASE}/api/open/product/edit`, async ({ request }) => {
        attempts.push(await seen(request));
        return attempts.length === 1 ? refused(5000, '系统繁忙') : ok({});
      }),
    );
    const partner: TargetConfig = { ...target, credentials: { ...target.credentials, sellerId: '2200123456789' } };
    await new GoofishClient(partner, { fetch: globalThis.fetch, cacheDir }).invoke({ op: 'product.edit', effect: 'update', args: { product_id: '1', price: 1990 } }, action, ctx);
    expect(attempts).toHaveLength(2);
    for (const a of attempts) {
      expect(a.sellerId).toBe('2200123456789');
      expect(a.sign).toBe(md5Hex(`${APP_KEY},${md5Hex(a.body)},${a.timestamp},2200123456789,${SECRET}`));
    }
  });

  test('every attempt carries appid, a fresh timestamp and a valid signature of the exact body', async () => {
    // The clock moves 7 s per reading, so a retry computed with a stale timestamp would show.
    const start = 1_700_000_000_000;
    let tick = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => start + 7000 * tick++);
    const attempts: Seen[] = [];
    server.use(
      http.post(`${BASE}/api/open/product/edit`, async ({ request }) => {
        attempts.push(await seen(request));
        return attempts.length === 1 ? new HttpResponse('upstream error', { status: 502 }) : ok({});
      }),
    );
    await client().invoke({ op: 'product.edit', effect: 'update', args: { product_id: '219530767978565', price: 1990 } }, action, ctx);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.timestamp).not.toBe(attempts[1]!.timestamp);
    for (const a of attempts) {
      expect(a.appid).toBe(APP_KEY);
      expect(a.timestamp).toBeGreaterThanOrEqual(start / 1000);
      expect(a.sign).toBe(goofishSign(APP_KEY, SECRET, a.body, a.timestamp));
      expect(a.sellerId).toBeNull();
      // product_id is an int64 on the wire.
      expect(JSON.parse(a.body)).toEqual({ product_id: 219530767978565, price: 1990 });
    }
  });

  test('the published example signature', () => {
    expect(goofishSign(APP_KEY, SECRET, '{"product_id":"219530767978565"}', 1636087298)).toBe('c26c8a48809141f3dd80bd9b9ddb41ea');
  });
});

describe('retries', () => {
  test('reads are retried on HTTP 429 and 5xx', async () => {
    const statuses = [429, 503, 500];
    let calls = 0;
    server.use(
      http.post(`${BASE}/api/open/product/list`, () => {
        const status = statuses[calls++];
        return status ? new HttpResponse('busy', { status }) : ok({ list: [listed(1)], count: 1 });
      }),
    );
    const snap = await client().refresh({ target, state, desired: [] });
    expect(calls).toBe(4);
    expect(snap.objects.map((o) => o.key)).toEqual(['p-1']);
  });

  test('busy code 5000 is retried, also for a create (the platform did not process it)', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/api/open/product/create`, () => (++calls < 3 ? refused(5000, '系统繁忙，请稍后重试') : ok({ product_id: 219530767978999, product_status: 21 }))),
    );
    expect(await client().invoke(create, action, ctx)).toEqual({ id: '219530767978999' });
    expect(calls).toBe(3);
  });

  test('a create whose connection drops is an unknown outcome, never retried', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/api/open/product/create`, () => {
        calls++;
        return HttpResponse.error();
      }),
    );
    await expect(client().invoke(create, action, ctx)).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(calls).toBe(1);
  });

  test('a create answered with HTTP 5xx is an unknown outcome too; an idempotent edit is retried instead', async () => {
    let creates = 0;
    let edits = 0;
    server.use(
      http.post(`${BASE}/api/open/product/create`, () => {
        creates++;
        return new HttpResponse('bad gateway', { status: 502 });
      }),
      http.post(`${BASE}/api/open/product/edit`, () => (++edits === 1 ? HttpResponse.error() : ok({}))),
    );
    await expect(client().invoke(create, action, ctx)).rejects.toThrow(/product\/create: outcome unknown \(HTTP 502\)/);
    expect(creates).toBe(1);
    await client().invoke({ op: 'product.edit', effect: 'update', args: { product_id: '1', price: 1 } }, action, ctx);
    expect(edits).toBe(2);
  });
});

describe('product/batchCreate', () => {
  const item = (key: string) => ({ op: 'product.create', effect: 'create' as const, args: { outer_id: key, price: 1990 }, batch: { op: 'product.batchCreate', max: 50 } });
  const actions = (...keys: string[]) => keys.map((key) => ({ kind: 'Product', key }));

  test('sends {product_data: [{item_key, ...create body}]}, signed; maps each item by item_key: created, refused (its own code and hint), or unknown when the answer leaves it out', async () => {
    let got: Seen | undefined;
    server.use(
      http.post(`${BASE}/api/open/product/batchCreate`, async ({ request }) => {
        got = await seen(request);
        return ok({
          list: [
            { item_key: 'b', code: 2005, msg: '店铺未授权' },
            { item_key: 'a', code: 0, msg: 'OK', product_id: 219530767978001, product_status: 21 },
          ],
        });
      }),
    );
    const out = await client().invokeBatch([item('a'), item('b'), item('c')], actions('a', 'b', 'c'), ctx);
    expect(JSON.parse(got!.body)).toEqual({ product_data: ['a', 'b', 'c'].map((k) => ({ item_key: k, outer_id: k, price: 1990 })) });
    expect(got!.sign).toBe(goofishSign(APP_KEY, SECRET, got!.body, got!.timestamp));
    expect(out[0]).toEqual({ id: '219530767978001' });
    expect(out[1]).toBeInstanceOf(PlatformError);
    expect(out[1]).toMatchObject({ code: 2005, objectKey: 'Product/b', catalogField: 'platforms.goofish.shops', endpoint: 'goofish product/batchCreate' });
    expect(out[2]).toBeInstanceOf(OutcomeUnknownError);
    expect((out[2] as Error).message).toContain('Product/c');
  });

  test('a batch whose connection drops or that is answered with HTTP 5xx is an unknown outcome, never retried; busy is retried', async () => {
    let calls = 0;
    server.use(http.post(`${BASE}/api/open/product/batchCreate`, () => (++calls === 1 ? HttpResponse.error() : new HttpResponse('bad gateway', { status: 502 }))));
    await expect(client().invokeBatch([item('a'), item('b')], actions('a', 'b'), ctx)).rejects.toBeInstanceOf(OutcomeUnknownError);
    await expect(client().invokeBatch([item('a'), item('b')], actions('a', 'b'), ctx)).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(calls).toBe(2);
    let busy = 0;
    server.use(http.post(`${BASE}/api/open/product/batchCreate`, () => (++busy < 2 ? refused(5000, '系统繁忙') : ok({ list: [{ item_key: 'a', code: 0, product_id: 1 }] }))));
    expect(await client().invokeBatch([item('a')], actions('a'), ctx)).toEqual([{ id: '1' }]);
  });

  test('a batch refused whole is a PlatformError of the call (every item failed alike)', async () => {
    server.use(http.post(`${BASE}/api/open/product/batchCreate`, () => refused(1100, '参数错误: product_data 数量应为 1..50')));
    await expect(client().invokeBatch([item('a'), item('b')], actions('a', 'b'), ctx)).rejects.toMatchObject({ name: 'PlatformError', code: 1100 });
  });

  test('against the simulator: the adapter\'s request is accepted and its answer read (contract)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goofish-batch-'));
    const sandbox = await createSandbox({ accounts: [{ name: 'xianyu', platform: 'goofish', credentials: { appKey: APP_KEY, appSecret: SECRET } }], stateDir: dir, seed: true });
    try {
      server.use(...sandboxHandlers('http://sandbox.test', sandbox));
      const simTarget = { ...target, baseUrl: 'http://sandbox.test/xianyu' };
      const sim = new GoofishClient(simTarget, { fetch: globalThis.fetch, cacheDir: dir });
      // A shop and a category of the seeded account (src/sandbox/goofish/seed.ts).
      const products = ['batch-a', 'batch-b'].map((key): Product => ({
        kind: 'Product', key, protect: false, targets: ['xianyu'], source: { file: 'catalog/p.yaml', line: 1, col: 1 },
        title: `测试商品 ${key}`, description: '测试用商品描述，九成新。', price: asFen(1990), stock: 5, images: [{ kind: 'url', url: `https://img.example.com/${key}.jpg` }], groups: [], onSale: false, skus: [],
        platforms: { goofish: { itemBizType: 2, spBizType: 1, channelCatId: '4d8b31d719602249ac899d2620c5df2b', stuffStatus: 100, shops: ['拾光数码'], district: { province: 440000, city: 440300, district: 440304 }, expressFee: asFen(0) } },
      }));
      const catalog: Catalog = { root: '/x', products, groups: [], shippingTemplates: [], shelves: [], digest: 'd' };
      const desired = goofishAdapter.desired(catalog, simTarget);
      const calls = desired.map((d) => goofishAdapter.planObject({ desired: d, changes: [], policy: simTarget.policy, state }).actions[0]!.calls[0]!);
      expect(calls.every((c) => c.batch?.op === 'product.batchCreate')).toBe(true);
      const out = await sim.invokeBatch(calls, actions('batch-a', 'batch-b'), { ...ctx, target: simTarget });
      expect(out.map((o) => (o instanceof Error ? o.message : typeof o.id))).toEqual(['string', 'string']);
      const snap = await sim.refresh({ target: simTarget, state, desired });
      expect(snap.objects.filter((o) => o.key?.startsWith('batch-')).map((o) => o.key).sort()).toEqual(['batch-a', 'batch-b']);
      await sim.close();
    } finally {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('errors', () => {
  test('PlatformError names target, object, endpoint, code, message and a hint, and never the app secret', async () => {
    server.use(http.post(`${BASE}/api/open/product/create`, () => refused(2002, `商家编码已存在: p-one (appSecret=${SECRET})`)));
    const error = await client()
      .invoke(create, action, ctx)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(PlatformError);
    const e = error as PlatformError;
    expect(e).toMatchObject({ platform: 'goofish', target: 'xianyu', objectKey: 'Product/p-one', code: 2002, endpoint: 'goofish product/create' });
    expect(e.message).toMatch(/^goofish target "xianyu", product p-one: product\/create failed with code 2002 "商家编码已存在: p-one/);
    expect(e.message).toContain('another product already uses this outer_id');
    expect(e.message).not.toContain(SECRET);
    expect(String(e.stack)).not.toContain(SECRET);
  });

  test('a signature rejection points at the credentials and the clock', async () => {
    server.use(http.post(`${BASE}/api/open/product/edit`, () => refused(1001, '签名错误')));
    await expect(client().invoke({ op: 'product.edit', effect: 'update', args: { product_id: '1', price: 1 } }, action, ctx)).rejects.toThrow(/code 1001 "签名错误": check appKey\/appSecret \(and sellerId, for a business-partner account\) of the target and the machine clock/);
  });

  test('a seller_id refusal points at the sellerId setting', async () => {
    server.use(http.post(`${BASE}/api/open/product/edit`, () => refused(1005, 'seller_id无效')));
    await expect(client().invoke({ op: 'product.edit', effect: 'update', args: { product_id: '1', price: 1 } }, action, ctx)).rejects.toThrow(/set sellerId on the target for a business-partner/);
  });

  test('an unexpected response shape is a clear error naming the endpoint', async () => {
    server.use(http.post(`${BASE}/api/open/product/create`, () => ok({ unexpected: true })));
    await expect(client().invoke(create, action, ctx)).rejects.toThrow(/goofish product\/create/);
  });

  test('a shape error names the path actually called when `paths:` overrides it', async () => {
    server.use(http.post(`${BASE}/api/open/v2/product/create`, () => ok({ unexpected: true })));
    const moved = new GoofishClient({ ...target, paths: { 'product.create': '/api/open/v2/product/create' } }, { fetch: globalThis.fetch, cacheDir });
    await expect(moved.invoke(create, action, ctx)).rejects.toMatchObject({ name: 'ResponseShapeError', endpoint: 'goofish v2/product/create' });
  });
});

describe('listing', () => {
  test('pages of 100 are read concurrently until the count is reached', async () => {
    const pages: number[] = [];
    const all = Array.from({ length: 250 }, (_, i) => listed(i));
    server.use(
      http.post(`${BASE}/api/open/product/list`, async ({ request }) => {
        const { page_no, page_size } = (await request.json()) as { page_no: number; page_size: number };
        pages.push(page_no);
        return ok({ list: all.slice((page_no - 1) * page_size, page_no * page_size), count: all.length });
      }),
    );
    const snap = await client().refresh({ target, state, desired: [], mode: 'full' });
    expect(pages.sort()).toEqual([1, 2, 3]);
    expect(snap.objects).toHaveLength(250);
    expect(snap.readCalls).toBe(3);
  });

  test('more than 10,000 products: the list is read in update_time windows, never beyond page_no*page_size 10,000', async () => {
    const now = Math.floor(Date.now() / 1000);
    const all = Array.from({ length: 15_000 }, (_, i) => listed(i, now - 100 * 86400 + i * 500));
    const windows = new Set<string>();
    server.use(
      http.post(`${BASE}/api/open/product/list`, async ({ request }) => {
        const body = (await request.json()) as { page_no: number; page_size: number; update_time?: [number, number] };
        if (body.page_size > 100 || body.page_no > 100 || body.page_no * body.page_size > 10_000) return refused(1002, 'page_no*page_size 不能超过 10000');
        const [from, to] = body.update_time ?? [0, Number.MAX_SAFE_INTEGER];
        windows.add(`${from}-${to}`);
        const matching = all.filter((p) => p.update_time >= from && p.update_time <= to);
        return ok({ list: matching.slice((body.page_no - 1) * body.page_size, body.page_no * body.page_size), count: matching.length });
      }),
    );
    const snap = await client().refresh({ target, state, desired: [], mode: 'full' });
    expect(snap.objects).toHaveLength(15_000);
    expect(new Set(snap.objects.map((o) => o.id)).size).toBe(15_000);
    expect(windows.size).toBeGreaterThan(2);
  });
});

describe('list summaries completed with details', () => {
  const summaryOf = (i: number) => {
    const { publish_shop: _shop, sku_items: _skus, ...rest } = listed(i);
    return rest;
  };
  const pagedSummaries = (count: number, onPage: (page: number) => Promise<void> | void = () => undefined) =>
    http.post(`${BASE}/api/open/product/list`, async ({ request }) => {
      const { page_no, page_size } = (await request.json()) as { page_no: number; page_size: number };
      await onPage(page_no);
      return ok({ list: Array.from({ length: count }, (_, i) => summaryOf(i)).slice((page_no - 1) * page_size, page_no * page_size), count });
    });

  test("a page's details are read while later pages are still being listed", async () => {
    // Page 2 is answered only once page 1's 100 details have been read: reading details only
    // after the whole list would never finish (the test would time out).
    const dir = await mkdtemp(join(tmpdir(), 'goofish-summaries-'));
    let releasePage2!: () => void;
    const page2 = new Promise<void>((r) => (releasePage2 = r));
    let details = 0;
    server.use(
      pagedSummaries(150, (page) => (page === 2 ? page2 : undefined)),
      http.post(`${BASE}/api/open/product/detail`, async ({ request }) => {
        const { product_id } = (await request.json()) as { product_id: number };
        if (++details === 100) releasePage2();
        return ok(listed(product_id - 219_530_000_000_000));
      }),
    );
    try {
      const snap = await new GoofishClient(target, { fetch: globalThis.fetch, cacheDir: dir }).refresh({ target, state, desired: [], details: 'all' });
      expect(snap.objects).toHaveLength(150);
      expect(snap.readCalls).toBe(2 + 150);
      expect(snap.objects.every((o) => typeof o.fields.title === 'string' && o.fields.title.startsWith('t'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a detail read that fails while pages are still listed fails the refresh with the platform error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goofish-summaries-'));
    server.use(
      pagedSummaries(150, (page) => (page === 2 ? new Promise((r) => setTimeout(r, 50)) : undefined)),
      http.post(`${BASE}/api/open/product/detail`, () => refused(2001, '商品不存在')),
    );
    try {
      const error = await new GoofishClient(target, { fetch: globalThis.fetch, cacheDir: dir }).refresh({ target, state, desired: [], details: 'all' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformError);
      expect((error as Error).message).toContain('商品不存在');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('detail cache', () => {
  test('unchanged products are served from the cache, with their status taken from the list', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goofish-cache-'));
    try {
      const full = listed(1);
      const summary = (publish_status: number) => {
        const { publish_shop: _shop, sku_items: _skus, ...rest } = full;
        return { ...rest, product_status: publish_status === 3 ? 22 : 31, publish_status };
      };
      let publishStatus = 3;
      let details = 0;
      server.use(
        http.post(`${BASE}/api/open/product/list`, async ({ request }) => {
          const body = (await request.json()) as { product_status?: number };
          return ok(body.product_status === -1 ? { list: [], count: 0 } : { list: [summary(publishStatus)], count: 1 });
        }),
        http.post(`${BASE}/api/open/product/detail`, () => {
          details++;
          return ok({ ...full, product_status: 22, publish_status: 3 });
        }),
      );
      const c = () => new GoofishClient(target, { fetch: globalThis.fetch, cacheDir: dir });
      const first = await c().refresh({ target, state, desired: [], details: 'all' });
      expect(first.objects[0]!.fields.onSale).toBe(true);
      expect(details).toBe(1);

      // Taken down in the app; the list shows the new status (update_time kept, as when only the status moved).
      publishStatus = 4;
      const second = await c().refresh({ target, state, desired: [], details: 'all' });
      expect(details).toBe(1);
      expect(second.readCalls).toBe(2); // incremental: what changed since the first read, and what was deleted
      expect(second.objects[0]!.fields.onSale).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('state changes the platform refuses because the product is already there', () => {
  const publish = { op: 'product.publish', effect: 'update' as const, args: { product_id: '219530767978565', user_name: ['shop'] } };
  const detail = (publish_status: number, product_status: number) =>
    http.post(`${BASE}/api/open/product/detail`, () => ok({ product_id: 219530767978565, product_status, publish_status }));

  test('a refused publish of a product already pending or on sale is done (an earlier answer was lost)', async () => {
    server.use(http.post(`${BASE}/api/open/product/publish`, () => refused(2003, '当前商品状态不允许该操作')), detail(2, 21));
    await expect(client().invoke(publish, action, ctx)).resolves.toEqual({});
  });

  test('a refused publish of a product still off shelf is a failure', async () => {
    server.use(http.post(`${BASE}/api/open/product/publish`, () => refused(2003, '当前商品状态不允许该操作')), detail(4, 31));
    await expect(client().invoke(publish, action, ctx)).rejects.toBeInstanceOf(PlatformError);
  });

  test('a refused delete of a product that is gone is done', async () => {
    server.use(
      http.post(`${BASE}/api/open/product/delete`, () => refused(2001, '商品不存在')),
      http.post(`${BASE}/api/open/product/detail`, () => refused(2001, '商品不存在')),
    );
    await expect(client().invoke({ op: 'product.delete', effect: 'delete', args: { product_id: '1' } }, action, ctx)).resolves.toEqual({});
  });
});

describe('incremental reads and products we do not manage', () => {
  type ListBody = { page_no: number; page_size: number; update_time?: [number, number]; product_status?: number };
  const summaryOf = (p: ReturnType<typeof listed>) => {
    const { publish_shop: _shop, sku_items: _skus, ...rest } = p;
    return rest;
  };
  const DATE = 'Tue, 01 Dec 2026 08:00:00 GMT';
  const dateSeconds = Math.floor(Date.parse(DATE) / 1000);

  /**
   * A platform of `products` (mutable) and `deleted`, listed newest first; records every list body
   * and detail read. `afterListAnswer` runs once a list page's answer is made (to change the
   * platform between pages).
   */
  function platform(products: Map<number, ReturnType<typeof listed>>, deleted: Map<number, ReturnType<typeof listed>>, afterListAnswer?: () => void) {
    const lists: ListBody[] = [];
    const details: number[] = [];
    server.use(
      http.post(`${BASE}/api/open/product/list`, async ({ request }) => {
        const body = (await request.json()) as ListBody;
        lists.push(body);
        const [from, to] = body.update_time ?? [0, Number.MAX_SAFE_INTEGER];
        const pool = body.product_status === -1 ? [...deleted.values()] : [...products.values()];
        const matching = pool.filter((p) => p.update_time >= from && p.update_time <= to).sort((a, b) => b.update_time - a.update_time);
        const page = matching.slice((body.page_no - 1) * body.page_size, body.page_no * body.page_size).map(summaryOf);
        afterListAnswer?.();
        return HttpResponse.json({ code: 0, msg: 'OK', data: { list: page, count: matching.length } }, { headers: { date: DATE } });
      }),
      http.post(`${BASE}/api/open/product/detail`, async ({ request }) => {
        const { product_id } = (await request.json()) as { product_id: number };
        details.push(product_id);
        const p = products.get(product_id);
        return p ? ok(p) : refused(2001, '商品不存在');
      }),
    );
    return { lists, details };
  }
  const managedState = (ids: number[]): TargetState => ({ get: () => undefined, entries: () => ids.map((id) => [`Product/p-${id - 219_530_000_000_000}`, { id: String(id) }]), getMeta: () => ({}) });

  test('later reads list only what changed since the platform answered the previous first page, plus deletions; details only for changed products we manage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goofish-incremental-'));
    try {
      const old = dateSeconds - 3600;
      const products = new Map([1, 2, 3, 4].map((i) => [219_530_000_000_000 + i, listed(i, old)]));
      const deleted = new Map<number, ReturnType<typeof listed>>();
      const { lists, details } = platform(products, deleted);
      // Products 1-3 are ours (state); 4 is the merchant's own and is never read in detail.
      const st = managedState([1, 2, 3].map((i) => 219_530_000_000_000 + i));
      const c = () => new GoofishClient(target, { fetch: globalThis.fetch, cacheDir: dir });

      const first = await c().refresh({ target, state: st, desired: [] });
      expect(first.objects.map((o) => o.id).sort()).toEqual([...products.keys()].map(String).sort());
      expect(lists).toEqual([{ page_no: 1, page_size: 100 }]);
      expect(details.sort()).toEqual([1, 2, 3].map((i) => 219_530_000_000_000 + i));
      expect(first.objects.find((o) => o.id.endsWith('4'))!.fields.content).toBeUndefined(); // a summary

      // Product 2 changed, 3 was deleted, 4 (not ours) changed: all after the previous read.
      lists.length = 0;
      details.length = 0;
      products.set(219_530_000_000_002, { ...listed(2, dateSeconds + 10), price: 4242 });
      deleted.set(219_530_000_000_003, { ...listed(3, dateSeconds + 11), product_status: -1 });
      products.delete(219_530_000_000_003);
      products.set(219_530_000_000_004, listed(4, dateSeconds + 12));
      const second = await c().refresh({ target, state: st, desired: [] });
      expect(lists.map((l) => [l.update_time?.[0], l.product_status])).toEqual(expect.arrayContaining([[dateSeconds - 5, undefined], [dateSeconds - 5, -1]]));
      expect(lists).toHaveLength(2);
      expect(details).toEqual([219_530_000_000_002]);
      expect(second.objects.map((o) => o.id).sort()).toEqual(['219530000000001', '219530000000002', '219530000000004']);
      expect(second.objects.find((o) => o.id.endsWith('2'))!.fields.price).toBe(4242);
      expect(second.readCalls).toBe(3);

      // --refresh=full: every page, and every managed product's detail, whatever the cache says.
      lists.length = 0;
      details.length = 0;
      const full = await c().refresh({ target, state: st, desired: [], mode: 'full' });
      expect(lists).toEqual([{ page_no: 1, page_size: 100 }]);
      expect(details.sort()).toEqual([219_530_000_000_001, 219_530_000_000_002, 219_530_000_000_003]); // 3 by id: the state still maps it
      expect(full.objects).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('products we published that settle while the list is paged (they jump to a page already read) are found in a list of what changed since, not read one by one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goofish-incremental-'));
    try {
      const ids = Array.from({ length: 250 }, (_, i) => 219_530_000_000_000 + i + 1);
      const products = new Map(ids.map((id, i) => [id, listed(i + 1, dateSeconds - 3600 + i)]));
      const settling = new Set<number>();
      // Our publishes settle right after a list page was answered: those products move to the top.
      const { lists, details } = platform(products, new Map(), () => {
        for (const id of settling) products.set(id, { ...products.get(id)!, publish_status: 3, update_time: dateSeconds + 1 });
        settling.clear();
      });
      server.use(
        http.post(`${BASE}/api/open/product/publish`, async ({ request }) => {
          const { product_id } = (await request.json()) as { product_id: number };
          products.set(product_id, { ...products.get(product_id)!, publish_status: 2 });
          settling.add(product_id);
          return ok({});
        }),
      );
      const st = managedState(ids);
      const c = () => new GoofishClient(target, { fetch: globalThis.fetch, cacheDir: dir });
      await c().refresh({ target, state: st, desired: [] }); // every detail (nothing cached yet)
      // Apply reads first (as every apply does), then, a day later (so the next read is a complete one), publishes the 30 oldest products.
      const applier = c();
      await applier.refresh({ target, state: st, desired: [] });
      vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 86_401_000);
      for (const id of ids.slice(0, 30)) await applier.invoke({ op: 'product.publish', effect: 'update', args: { product_id: String(id), user_name: ['shop'] } }, action, { ...ctx, state: st as MutableTargetState });
      await applier.close();
      lists.length = 0;
      details.length = 0;

      const snap = await c().refresh({ target, state: st, desired: [] });
      expect(snap.objects).toHaveLength(250);
      // 3 pages (the 30 moved from page 3 to page 1 after it was read), then one page of what changed since this read began.
      expect(lists.map((l) => [l.page_no, l.update_time?.[0]])).toEqual([[1, undefined], [2, undefined], [3, undefined], [1, dateSeconds - 5]]);
      expect(details).toEqual([]); // before: the 30 were not listed and were read one by one
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a complete read (every page, no update_time filter) at least once a day', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goofish-incremental-'));
    try {
      const products = new Map([1].map((i) => [219_530_000_000_000 + i, listed(i, dateSeconds - 3600)]));
      const { lists } = platform(products, new Map());
      const st = managedState([219_530_000_000_001]);
      const c = () => new GoofishClient(target, { fetch: globalThis.fetch, cacheDir: dir });
      await c().refresh({ target, state: st, desired: [] });
      await c().refresh({ target, state: st, desired: [] });
      expect(lists.filter((l) => l.update_time === undefined)).toHaveLength(1);
      vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 86_401_000);
      lists.length = 0;
      await c().refresh({ target, state: st, desired: [] });
      expect(lists).toEqual([{ page_no: 1, page_size: 100 }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('catalog import completes products we do not manage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goofish-incremental-'));
    try {
      const products = new Map([1, 2].map((i) => [219_530_000_000_000 + i, listed(i)]));
      const { details } = platform(products, new Map());
      const snap = await new GoofishClient(target, { fetch: globalThis.fetch, cacheDir: dir }).refresh({ target, state, desired: [], details: 'all' });
      expect(details).toHaveLength(2);
      expect(snap.objects.every((o) => o.fields.content === 'content')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('what goes on the wire is what the merchant asked for', () => {
  const product = (over: Partial<Product> = {}): Product => ({
    kind: 'Product', key: 'p-one', protect: false, targets: ['xianyu'], source: { file: 'catalog/p.yaml', line: 1, col: 1 },
    title: '测试商品', description: '第一行\n第二行\n', price: asFen(1990), stock: 5, images: [{ kind: 'url', url: 'https://img/x.jpg' }], groups: [], onSale: false, skus: [],
    platforms: { goofish: { itemBizType: 2, spBizType: 1, channelCatId: 'c', stuffStatus: 100, shops: ['shop'], district: { province: 1, city: 2, district: 3 }, expressFee: asFen(0) } },
    ...over,
  });
  const catalog = (p: Product): Catalog => ({ root: '/x', products: [p], groups: [], shippingTemplates: [], shelves: [], digest: 'd' });
  const plannedCreate = (p: Product) => {
    const [desired] = goofishAdapter.desired(catalog(p), target).map(withNormalisedText);
    return goofishAdapter.planObject({ desired, changes: [], policy: target.policy, state }).actions[0]!.calls[0]!;
  };

  test('no original_price without a catalog originalPrice; a `|` description without its trailing newline', async () => {
    const bodies: Array<Record<string, any>> = [];
    server.use(
      http.post(`${BASE}/api/open/product/create`, async ({ request }) => {
        bodies.push(JSON.parse((await seen(request)).body));
        return ok({ product_id: 219530767978565, product_status: 21 });
      }),
    );
    await client().invoke(plannedCreate(product()), action, ctx);
    await client().invoke(plannedCreate(product({ originalPrice: asFen(0) })), action, ctx);
    await client().invoke(plannedCreate(product({ originalPrice: asFen(9900) })), action, ctx);
    expect(bodies[0]).not.toHaveProperty('original_price');
    expect(bodies[0]!.publish_shop[0].content).toBe('第一行\n第二行');
    expect(bodies[1]!.original_price).toBe(0);
    expect(bodies[2]!.original_price).toBe(9900);
  });

  test('a product listed without an original price is no change when the catalog sets none', () => {
    const [desired] = goofishAdapter.desired(catalog(product()), target);
    const live = liveProduct({ ...listed(1), outer_id: 'p-one', original_price: null });
    expect(diffFields(desired!.fields, live.fields).map((c) => c.path)).not.toContain('originalPrice');
  });
});
