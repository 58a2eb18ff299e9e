import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError, QuotaExhaustedError } from '../../http/index.js';
import type { Json, PlannedCall } from '../../plan/types.js';
import type { InvokeContext } from '../types.js';
import { AUDIT_QUOTA_PER_DAY, beijingDay, nextBeijingMidnight, WechatLiveClient } from './client.js';
import { diffFields } from '../../plan/diff.js';
import { sha256Hex } from './mapping.js';
import { testTarget } from '../../../test/helpers/target.js';
import { mutableMemoryState } from '../../../test/helpers/mutable-state.js';

const BASE = 'https://wx.example.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const target = testTarget({
  name: 'live',
  platform: 'wechat-live',
  baseUrl: BASE,
  credentials: { appId: 'wx1', secret: 'the-app-secret' },
});
const root = mkdtempSync(join(tmpdir(), 'wl-client-'));
const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
writeFileSync(join(root, 'a.png'), image);
const sha256 = sha256Hex(image);

function setup() {
  const state = mutableMemoryState();
  const ctx: InvokeContext = { target, state, catalogRoot: root, resolveRef: () => undefined };
  const client = new WechatLiveClient(target, { fetch: globalThis.fetch, cacheDir: root });
  return { client, state, ctx };
}

const addCall: PlannedCall = {
  op: 'goods.add',
  effect: 'create',
  args: { goodsInfo: { coverImgUrl: { $media: { file: 'a.png', sha256 } }, name: '龙井茶', priceType: 1, price: 99.5, url: 'pages/index/index' } },
};
const action = { kind: 'Product', key: 'tea' };

/** Token endpoint + media upload handing out media-1, media-2, ...; returns counters and the add bodies. */
function platform(addReply: (body: any, n: number) => object) {
  const seen = { tokens: 0, uploads: 0, adds: [] as any[] };
  server.use(
    http.post(`${BASE}/cgi-bin/stable_token`, () => {
      seen.tokens += 1;
      return HttpResponse.json({ access_token: `access-token-${seen.tokens}-xxxxxxxxxxxxxxxx`, expires_in: 7200 });
    }),
    http.post(`${BASE}/cgi-bin/media/upload`, async ({ request }) => {
      const form = await request.formData();
      const media = form.get('media') as File;
      expect(new URL(request.url).searchParams.get('type')).toBe('image');
      expect(new Uint8Array(await media.arrayBuffer())).toEqual(image);
      seen.uploads += 1;
      return HttpResponse.json({ type: 'image', media_id: `media-${seen.uploads}`, created_at: Math.floor(Date.now() / 1000) });
    }),
    http.post(`${BASE}/wxaapi/broadcast/goods/add`, async ({ request }) => {
      const body = await request.json();
      seen.adds.push({ body, token: new URL(request.url).searchParams.get('access_token') });
      return HttpResponse.json(addReply(body, seen.adds.length));
    }),
  );
  return seen;
}

describe('WechatLiveClient contract', () => {
  it('uploads the cover once, caches the mediaID by content hash and records goodsId, auditId, cover', async () => {
    const seen = platform(() => ({ errcode: 0, goodsId: 51, auditId: 525 }));
    const { client, state, ctx } = setup();
    const res = await client.invoke(addCall, action, ctx);
    expect(res).toEqual({ id: '51', record: { auditId: 525, cover: `sha256:${sha256.slice(0, 16)}` } });
    expect(seen.adds[0].body.goodsInfo.coverImgUrl).toBe('media-1');
    expect(state.get(`Image/${sha256}`)).toMatchObject({ id: 'media-1' });
    await client.invoke(addCall, { kind: 'Product', key: 'tea2' }, ctx);
    expect(seen.uploads).toBe(1);
    expect(seen.adds[1].body.goodsInfo.coverImgUrl).toBe('media-1');
    expect(state.getMeta().auditQuota).toEqual({ day: beijingDay(Date.now()), used: 2 });
  });

  it('300006 (mediaID expired): uploads again once and retries', async () => {
    const seen = platform((body) => (body.goodsInfo.coverImgUrl === 'stale-media' ? { errcode: 300006, errmsg: 'image upload failed' } : { errcode: 0, goodsId: 52, auditId: 526 }));
    const { client, state, ctx } = setup();
    state.set(`Image/${sha256}`, { id: 'stale-media', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    await expect(client.invoke(addCall, action, ctx)).resolves.toMatchObject({ id: '52' });
    expect(seen.adds.map((a) => a.body.goodsInfo.coverImgUrl)).toEqual(['stale-media', 'media-1']);
    expect(state.get(`Image/${sha256}`)?.id).toBe('media-1');
  });

  it('300006 twice is a PlatformError with the size hint', async () => {
    platform(() => ({ errcode: 300006, errmsg: 'image upload failed' }));
    const { client, ctx } = setup();
    const e = (await client.invoke(addCall, action, ctx).catch((x: unknown) => x)) as PlatformError;
    expect(e).toBeInstanceOf(PlatformError);
    expect(e.hint).toMatch(/300x300/);
  });

  describe('a cover given by URL', () => {
    const COVER = 'https://img.example.test/covers/c.png';
    const goodsInfo = (addCall.args as { goodsInfo: { [k: string]: Json } }).goodsInfo;
    const urlCall: PlannedCall = { ...addCall, args: { goodsInfo: { ...goodsInfo, coverImgUrl: { $media: { url: COVER } } } } };

    /** The platform through msw; the cover URL answered by `cover` (given the signal the client passed). */
    function withCover(cover: (signal: AbortSignal | null | undefined) => Promise<Response>) {
      const state = mutableMemoryState();
      const ctx: InvokeContext = { target, state, catalogRoot: root, resolveRef: () => undefined };
      const fetchImpl = ((input: string | URL | Request, init?: RequestInit) =>
        String(input) === COVER ? cover(init?.signal) : globalThis.fetch(input, init)) as typeof fetch;
      return { client: new WechatLiveClient(target, { fetch: fetchImpl, cacheDir: root }), ctx, state };
    }

    it('is downloaded under a time limit and uploaded', async () => {
      const seen = platform(() => ({ errcode: 0, goodsId: 61, auditId: 621 }));
      const signals: Array<AbortSignal | null | undefined> = [];
      const { client, ctx } = withCover(async (signal) => {
        signals.push(signal);
        return new Response(image);
      });
      await expect(client.invoke(urlCall, action, ctx)).resolves.toMatchObject({ id: '61' });
      expect(signals).toHaveLength(1);
      expect(signals[0]).toBeInstanceOf(AbortSignal);
      expect(signals[0]!.aborted).toBe(false);
      expect(seen.adds[0].body.goodsInfo.coverImgUrl).toBe('media-1');
    });

    it('that times out fails like any failed download, before anything is submitted', async () => {
      const seen = platform(() => ({ errcode: 0, goodsId: 62, auditId: 622 }));
      // What fetch rejects with when AbortSignal.timeout fires.
      const { client, ctx, state } = withCover(() => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')));
      const e = (await client.invoke(urlCall, action, ctx).catch((x: unknown) => x)) as PlatformError;
      expect(e).toBeInstanceOf(PlatformError);
      expect(e).toMatchObject({ endpoint: 'cover download', code: 'timeout', objectKey: 'Product/tea' });
      expect(e.message).toContain(`could not download ${COVER}`);
      expect(e.hint).toMatch(/check the cover URL/);
      expect(seen.uploads).toBe(0);
      expect(seen.adds).toHaveLength(0);
      expect(state.getMeta().auditQuota).toEqual({ day: beijingDay(Date.now()), used: 0 });
    });

    it('that answers an HTTP error fails with its status', async () => {
      platform(() => ({ errcode: 0, goodsId: 63, auditId: 623 }));
      const { client, ctx } = withCover(async () => new Response('gone', { status: 404 }));
      await expect(client.invoke(urlCall, action, ctx)).rejects.toMatchObject({ endpoint: 'cover download', code: 'HTTP 404' });
    });
  });

  it('an add reply without goodsId is a shape error naming the path called (`paths:` override included)', async () => {
    platform(() => ({}));
    server.use(http.post(`${BASE}/v2/goods/add`, () => HttpResponse.json({ errcode: 0, auditId: 1 })));
    const { ctx } = setup();
    const moved = new WechatLiveClient({ ...target, paths: { 'goods.add': '/v2/goods/add' } }, { fetch: globalThis.fetch, cacheDir: root });
    const err = await moved.invoke(addCall, action, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ResponseShapeError', endpoint: 'wechat-live v2/goods/add' });
  });

  it('an expiring cached mediaID is not used (re-uploaded)', async () => {
    const seen = platform(() => ({ errcode: 0, goodsId: 53, auditId: 527 }));
    const { client, state, ctx } = setup();
    state.set(`Image/${sha256}`, { id: 'old-media', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await client.invoke(addCall, action, ctx);
    expect(seen.adds[0].body.goodsInfo.coverImgUrl).toBe('media-1');
  });

  it('token expired mid-apply (42001): fetches a new token once and retries', async () => {
    const seen = platform((_body, n) => (n === 1 ? { errcode: 42001, errmsg: 'access_token expired' } : { errcode: 0, goodsId: 54, auditId: 528 }));
    const { client, ctx } = setup();
    await expect(client.invoke(addCall, action, ctx)).resolves.toMatchObject({ id: '54' });
    expect(seen.tokens).toBe(2);
    expect(seen.adds.map((a) => a.token)).toEqual(['access-token-1-xxxxxxxxxxxxxxxx', 'access-token-2-xxxxxxxxxxxxxxxx']);
  });

  it('-1 (busy): backs off and retries', async () => {
    const seen = platform((_body, n) => (n < 3 ? { errcode: -1, errmsg: 'system error' } : { errcode: 0, goodsId: 55, auditId: 529 }));
    const { client, ctx } = setup();
    await expect(client.invoke(addCall, action, ctx)).resolves.toMatchObject({ id: '55' });
    expect(seen.adds).toHaveLength(3);
  });

  it('45009 (daily API quota): stops at once with the midnight hint and gives the audit back', async () => {
    const seen = platform(() => ({ errcode: 45009, errmsg: 'reach max api daily quota limit' }));
    const { client, state, ctx } = setup();
    const e = (await client.invoke(addCall, action, ctx).catch((x: unknown) => x)) as PlatformError;
    expect(seen.adds).toHaveLength(1);
    expect(e.code).toBe(45009);
    expect(e.message).toContain('daily quota exhausted; try after midnight Beijing time');
    expect(e.message).not.toContain('access-token');
    expect(state.getMeta().auditQuota).toEqual({ day: beijingDay(Date.now()), used: 0 });
  });

  it('refuses an audit submission before the call when today\'s quota is used up', async () => {
    const seen = platform(() => ({ errcode: 0, goodsId: 56, auditId: 530 }));
    const { client, state, ctx } = setup();
    state.setMeta({ auditQuota: { day: beijingDay(Date.now()), used: AUDIT_QUOTA_PER_DAY } });
    const e = (await client.invoke({ op: 'goods.audit', effect: 'update', args: { goodsId: 56 } }, action, ctx).catch((x: unknown) => x)) as QuotaExhaustedError;
    expect(e).toBeInstanceOf(QuotaExhaustedError);
    expect(e.code).toBe(300012);
    expect(e.resetsAt).toBe(nextBeijingMidnight(Date.now()));
    expect(seen.adds).toHaveLength(0);
    expect(seen.uploads).toBe(0);
  });

  it('a 300012 from the platform marks the quota used up', async () => {
    platform(() => ({ errcode: 300012, errmsg: 'no audit quota' }));
    const { client, state, ctx } = setup();
    await expect(client.invoke(addCall, action, ctx)).rejects.toBeInstanceOf(QuotaExhaustedError);
    expect(state.getMeta().auditQuota).toEqual({ day: beijingDay(Date.now()), used: AUDIT_QUOTA_PER_DAY });
  });

  it('withdrawing goods no longer in audit (300017) and deleting gone goods (1003) count as done', async () => {
    platform(() => ({}));
    server.use(
      http.post(`${BASE}/wxaapi/broadcast/goods/resetaudit`, () => HttpResponse.json({ errcode: 300017, errmsg: 'not submitted' })),
      http.post(`${BASE}/wxaapi/broadcast/goods/delete`, () => HttpResponse.json({ errcode: 1003, errmsg: 'goods id not exist' })),
    );
    const { client, ctx } = setup();
    await expect(client.invoke({ op: 'goods.resetaudit', effect: 'update', args: { auditId: 1, goodsId: 2 } }, action, ctx)).resolves.toEqual({});
    await expect(client.invoke({ op: 'goods.delete', effect: 'delete', args: { goodsId: 2 } }, action, ctx)).resolves.toEqual({});
  });

  it('Beijing day and reset time', () => {
    const t = Date.parse('2024-05-01T15:59:00Z'); // 23:59 in Beijing
    expect(beijingDay(t)).toBe('2024-05-01');
    expect(nextBeijingMidnight(t)).toBe('2024-05-01T16:00:00.000Z');
    expect(beijingDay(t + 120_000)).toBe('2024-05-02');
  });
});

describe('WechatLiveClient reads: the readings SDKs and the page leave open', () => {
  /** A platform answering getapproved with `listed` (status 2) and getgoodswarehouse with `status`. */
  function reads(listed: object[], status: object[]) {
    server.use(
      http.post(`${BASE}/cgi-bin/stable_token`, () => HttpResponse.json({ access_token: 'access-token-xxxxxxxxxxxxxxxxxxxx', expires_in: 7200 })),
      http.get(`${BASE}/wxaapi/broadcast/goods/getapproved`, ({ request }) => {
        const s = new URL(request.url).searchParams.get('status');
        const goods = s === '2' ? listed : [];
        return HttpResponse.json({ errcode: 0, total: goods.length, goods });
      }),
      http.post(`${BASE}/wxa/business/getgoodswarehouse`, () => HttpResponse.json({ errcode: 0, total: status.length, goods: status })),
    );
  }
  const desired = (fields: { [k: string]: Json }) => [{ kind: 'Product', key: 'tea', protect: false, fields }];
  const fields = { name: '龙井茶', priceType: 3, price: 12300, price2: 9950, url: 'pages/goods/detail?key=tea' };
  const statusItem = (over: object = {}) => ({ goods_id: 7, name: '龙井茶', price: 123, price2: 99.5, price_type: 3, url: 'pages/goods/detail?key=tea', audit_status: 2, third_party_tag: 2, cover_img_url: 'https://x/img', ...over });
  const listItem = (over: object = {}) => ({ goodsId: 7, name: '龙井茶', price: 123, price2: 99.5, priceType: 3, url: 'pages/goods/detail?key=tea', coverImgUrl: 'https://x/img', thirdPartyTag: 2, ...over });

  it('thirdPartyTag / third_party_tag as a string or a number', async () => {
    reads([listItem({ thirdPartyTag: '2' }), listItem({ goodsId: 8, url: 'pages/x', thirdPartyTag: '0' })], [statusItem({ third_party_tag: '2' })]);
    const { client, state } = setup();
    state.set('Product/tea', { id: '7' });
    const snap = await client.refresh({ target, state, desired: desired(fields) });
    expect(snap.objects.map((o) => [o.id, o.key, o.meta.thirdPartyTag])).toEqual([['7', 'tea', 2], ['8', undefined, 0]]);
  });

  it('the status call answering prices in fen (its example 12300) is no change against what we send, in yuan', async () => {
    reads([], [statusItem({ price: 12300, price2: 9950 })]);
    const { client, state } = setup();
    state.set('Product/tea', { id: '7' });
    const [goods] = (await client.refresh({ target, state, desired: desired(fields) })).objects;
    expect(diffFields(fields, goods!.fields)).toEqual([]);
    // A price that really differs is read in the documented unit, yuan.
    reads([], [statusItem({ price: 130, price2: 99.5 })]);
    const [changed] = (await client.refresh({ target, state, desired: desired(fields) })).objects;
    expect(diffFields(fields, changed!.fields)).toEqual([{ path: 'price', before: 13000, after: 12300 }]);
  });

  it('the list call\'s fields are preferred to the status call\'s; the audit status stays the status call\'s', async () => {
    reads([listItem()], [statusItem({ price: 1, price2: 0.5, name: 'stale', audit_status: 2 })]);
    const { client, state } = setup();
    state.set('Product/tea', { id: '7' });
    const [goods] = (await client.refresh({ target, state, desired: desired(fields) })).objects;
    expect(diffFields(fields, goods!.fields)).toEqual([]);
    expect(goods!.meta.auditStatus).toBe(2);
  });
});
