import { describe, expect, it } from 'vitest';
import { jpegBytes, multipart, pngBytes, request, TEST_BASE_URL, testAccount } from '../../../test/helpers/wechat-sandbox.js';
import { wechatLiveSimulator, nameUnits } from './simulator.js';

const P = {
  add: '/wxaapi/broadcast/goods/add',
  resetaudit: '/wxaapi/broadcast/goods/resetaudit',
  audit: '/wxaapi/broadcast/goods/audit',
  del: '/wxaapi/broadcast/goods/delete',
  update: '/wxaapi/broadcast/goods/update',
  warehouse: '/wxa/business/getgoodswarehouse',
  approved: '/wxaapi/broadcast/goods/getapproved',
  upload: '/cgi-bin/media/upload',
};

async function live(options: Record<string, unknown> = {}, seed = false) {
  const a = testAccount(wechatLiveSimulator, { options, seed });
  await a.login();
  return a;
}
type Live = Awaited<ReturnType<typeof live>>;

async function upload(a: Live, bytes: Uint8Array = pngBytes(300, 300), field = 'media', type = 'image') {
  const { body, headers } = await multipart(field, bytes);
  return a.api('POST', P.upload, { query: { type }, body, headers });
}

async function addGoods(a: Live, over: Record<string, unknown> = {}) {
  const media = (await upload(a))['media_id'];
  return a.api('POST', P.add, {
    json: { goodsInfo: { coverImgUrl: media, name: 'TIT茶杯', priceType: 1, price: 99.5, url: 'pages/goods/detail?key=cup', ...over } },
  });
}

async function status(a: Live, goodsId: number) {
  const r = await a.api('POST', P.warehouse, { json: { goods_ids: [goodsId] } });
  return r['goods'][0];
}

describe('wechat-live media upload', () => {
  it('returns a media id for a PNG or JPEG', async () => {
    const a = await live();
    const r = await upload(a);
    expect(r).toEqual({ type: 'image', media_id: expect.any(String), created_at: Math.floor(a.ctx.clock.ms / 1000) });
    expect((await upload(a, jpegBytes(200, 100)))['media_id']).toEqual(expect.any(String));
  });

  it('rejects non-images, images over 2 MB, a missing media part and other types', async () => {
    const a = await live();
    expect((await upload(a, new TextEncoder().encode('hello')))['errcode']).toBe(40005);
    expect((await upload(a, pngBytes(10, 10, 2 * 1024 * 1024 + 1)))['errcode']).toBe(40009);
    expect((await upload(a, pngBytes(10, 10, 2 * 1024 * 1024)))['media_id']).toBeDefined();
    expect((await upload(a, pngBytes(10, 10), 'file'))['errcode']).toBe(41005);
    expect((await upload(a, pngBytes(10, 10), 'media', 'voice'))['errcode']).toBe(40004);
    expect((await a.api('POST', P.upload, { query: { type: 'image' }, json: {} }))['errcode']).toBe(41005);
  });

  it('media ids expire after 3 days (300006) and covers over 300x300 px are refused (300006)', async () => {
    const a = await live();
    const media = (await upload(a))['media_id'];
    const info = { coverImgUrl: media, name: 'TIT茶杯', priceType: 1, price: 10, url: 'pages/index/index' };
    a.ctx.clock.advance(3 * 86_400_000 - 1);
    await a.login();
    expect((await a.api('POST', P.add, { json: { goodsInfo: info } }))['errcode']).toBe(0);
    a.ctx.clock.advance(1);
    expect((await a.api('POST', P.add, { json: { goodsInfo: info } }))['errcode']).toBe(300006);
    const big = (await upload(a, pngBytes(301, 200)))['media_id'];
    expect((await a.api('POST', P.add, { json: { goodsInfo: { ...info, coverImgUrl: big } } }))['errcode']).toBe(300006);
    expect((await a.api('POST', P.add, { json: { goodsInfo: { ...info, coverImgUrl: 'unknown' } } }))['errcode']).toBe(300006);
  });
});

describe('wechat-live add and audit', () => {
  it('add submits an audit that is approved after auditDelayMs', async () => {
    const a = await live({ auditDelayMs: 5000 });
    const r = await addGoods(a);
    expect(r).toMatchObject({ errcode: 0, goodsId: expect.any(Number), auditId: expect.any(Number) });
    const g = await status(a, r['goodsId']);
    expect(g).toEqual({
      goods_id: r['goodsId'],
      cover_img_url: expect.stringMatching(new RegExp(`^${TEST_BASE_URL}/img/[0-9a-f]{64}$`)),
      name: 'TIT茶杯',
      price: 99.5,
      url: 'pages/goods/detail?key=cup',
      price_type: 1,
      price2: 0,
      audit_status: 1,
      third_party_tag: 2,
    });
    a.ctx.clock.advance(4999);
    expect((await status(a, r['goodsId']))['audit_status']).toBe(1);
    a.ctx.clock.advance(1);
    expect((await status(a, r['goodsId']))['audit_status']).toBe(2);
  });

  it('auditDelayMs 0 approves at once; 违规 in the name is rejected with a reason', async () => {
    const a = await live({ auditDelayMs: 0 });
    const ok = await addGoods(a);
    expect((await status(a, ok['goodsId']))['audit_status']).toBe(2);
    const bad = await addGoods(a, { name: '违规商品' });
    const g = await status(a, bad['goodsId']);
    expect(g['audit_status']).toBe(3);
    expect(g['audit_reason']).toContain('违规');
  });

  it('validates name width, prices and url', async () => {
    const a = await live();
    expect(nameUnits('TIT茶杯')).toBe(7);
    expect((await addGoods(a, { name: '一二三四五六七八九十一二三四' }))['errcode']).toBe(0); // 28 units
    expect((await addGoods(a, { name: '一二三四五六七八九十一二三四a' }))['errcode']).toBe(300002);
    expect((await addGoods(a, { name: '' }))['errcode']).toBe(300002);
    expect((await addGoods(a, { price: 19.999 }))['errcode']).toBe(300003);
    expect((await addGoods(a, { price: '19.9' }))['errcode']).toBe(300003);
    expect((await addGoods(a, { price: 0 }))['errcode']).toBe(300003);
    expect((await addGoods(a, { priceType: 2, price: 10, price2: 10 }))['errcode']).toBe(300003);
    expect((await addGoods(a, { priceType: 2, price: 10 }))['errcode']).toBe(300003);
    expect((await addGoods(a, { priceType: 2, price: 10, price2: 12.5 }))['errcode']).toBe(0);
    expect((await addGoods(a, { priceType: 3, price: 10, price2: 12 }))['errcode']).toBe(300003);
    expect((await addGoods(a, { priceType: 3, price: 12, price2: 10 }))['errcode']).toBe(0);
    expect((await addGoods(a, { priceType: 4 }))['errcode']).toBe(300003);
    expect((await addGoods(a, { url: 'pages/unknown/page' }))['errcode']).toBe(300007);
    expect((await addGoods(a, { url: '/pages/index/index?a=1&b=%E4%B8%AD' }))['errcode']).toBe(0);
    expect((await addGoods(a, { url: 'pages/index/index?a=中' }))['errcode']).toBe(200002);
    expect((await addGoods(a, { url: undefined }))['errcode']).toBe(200002);
    expect((await a.api('POST', P.add, { json: { goods: {} } }))['errcode']).toBe(47001);
    expect((await a.api('POST', P.add, { body: new TextEncoder().encode('{oops') }))['errcode']).toBe(47001);
  });

  it('miniProgramPages option replaces the released pages', async () => {
    const a = await live({ miniProgramPages: ['pages/shop/item'] });
    expect((await addGoods(a, { url: 'pages/shop/item?id=1' }))['errcode']).toBe(0);
    expect((await addGoods(a, { url: 'pages/index/index' }))['errcode']).toBe(300007);
  });

  it('resetaudit withdraws, audit resubmits with a new auditId', async () => {
    const a = await live();
    const { goodsId, auditId } = await addGoods(a);
    expect((await a.api('POST', P.resetaudit, { json: { goodsId, auditId: auditId + 1 } }))['errcode']).toBe(200002);
    expect((await a.api('POST', P.resetaudit, { json: { goodsId, auditId } }))['errcode']).toBe(0);
    expect((await status(a, goodsId))['audit_status']).toBe(0);
    expect((await a.api('POST', P.resetaudit, { json: { goodsId, auditId } }))['errcode']).toBe(300017);
    a.ctx.clock.advance(10_000); // a withdrawn audit is never decided
    expect((await status(a, goodsId))['audit_status']).toBe(0);
    const again = await a.api('POST', P.audit, { json: { goodsId } });
    expect(again).toMatchObject({ errcode: 0, auditId: expect.any(Number) });
    expect(again['auditId']).not.toBe(auditId);
    expect((await a.api('POST', P.audit, { json: { goodsId } }))['errcode']).toBe(300010);
    a.ctx.clock.advance(2000);
    expect((await status(a, goodsId))['audit_status']).toBe(2);
    expect((await a.api('POST', P.audit, { json: { goodsId } }))['errcode']).toBe(300010);
    expect((await a.api('POST', P.resetaudit, { json: { goodsId, auditId: again['auditId'] } }))['errcode']).toBe(300009);
  });

  it('rejected goods may be changed entirely and resubmitted', async () => {
    const a = await live({ auditDelayMs: 0 });
    const { goodsId } = await addGoods(a, { name: '违规茶杯' });
    expect((await a.api('POST', P.update, { json: { goodsInfo: { goodsId, name: '好茶杯', url: 'pages/index/index' } } }))['errcode']).toBe(0);
    expect((await status(a, goodsId))).toMatchObject({ audit_status: 3, name: '好茶杯' });
    expect((await a.api('POST', P.audit, { json: { goodsId } }))['errcode']).toBe(0);
    expect((await status(a, goodsId))['audit_status']).toBe(2);
  });
});

describe('wechat-live update and delete rules', () => {
  it('in audit (1): no update (300010), no delete (300014)', async () => {
    const a = await live();
    const { goodsId } = await addGoods(a);
    expect((await a.api('POST', P.update, { json: { goodsInfo: { goodsId, price: 5 } } }))['errcode']).toBe(300010);
    expect((await a.api('POST', P.del, { json: { goodsId } }))['errcode']).toBe(300014);
  });

  it('not submitted (0): everything may change', async () => {
    const a = await live();
    const { goodsId, auditId } = await addGoods(a);
    await a.api('POST', P.resetaudit, { json: { goodsId, auditId } });
    const media = (await upload(a, jpegBytes(100, 100)))['media_id'];
    const r = await a.api('POST', P.update, {
      json: { goodsInfo: { goodsId, name: '新名字', url: 'pages/index/index', coverImgUrl: media, priceType: 3, price: 20, price2: 15 } },
    });
    expect(r['errcode']).toBe(0);
    expect(await status(a, goodsId)).toMatchObject({ name: '新名字', url: 'pages/index/index', price_type: 3, price: 20, price2: 15, audit_status: 0 });
  });

  it('approved (2): only priceType/price/price2 may change', async () => {
    const a = await live({ auditDelayMs: 0 });
    const { goodsId } = await addGoods(a);
    expect((await a.api('POST', P.update, { json: { goodsInfo: { goodsId, priceType: 2, price: 80, price2: 120 } } }))['errcode']).toBe(0);
    expect(await status(a, goodsId)).toMatchObject({ price_type: 2, price: 80, price2: 120, audit_status: 2 });
    expect((await a.api('POST', P.update, { json: { goodsInfo: { goodsId, price: 130 } } }))['errcode']).toBe(300003);
    expect((await a.api('POST', P.update, { json: { goodsInfo: { goodsId, priceType: 1 } } }))['errcode']).toBe(0);
    expect(await status(a, goodsId)).toMatchObject({ price_type: 1, price: 80, price2: 0 });
    expect((await a.api('POST', P.update, { json: { goodsInfo: { goodsId, name: '改名' } } }))['errcode']).toBe(300010);
    expect((await a.api('POST', P.update, { json: { goodsInfo: { goodsId, url: 'pages/index/index', price: 1 } } }))['errcode']).toBe(300010);
    expect((await status(a, goodsId))['price']).toBe(80);
  });

  it('delete removes approved goods; unknown ids are 1003', async () => {
    const a = await live({ auditDelayMs: 0 });
    const { goodsId } = await addGoods(a);
    expect((await a.api('POST', P.del, { json: { goodsId } }))['errcode']).toBe(0);
    expect((await a.api('POST', P.warehouse, { json: { goods_ids: [goodsId] } }))).toMatchObject({ errcode: 0, goods: [], total: 0 });
    expect((await a.api('POST', P.del, { json: { goodsId } }))['errcode']).toBe(1003);
    expect((await a.api('POST', P.update, { json: { goodsInfo: { goodsId, price: 1 } } }))['errcode']).toBe(1003);
    expect((await a.api('POST', P.audit, { json: { goodsId } }))['errcode']).toBe(1003);
    expect((await a.api('POST', P.del, { json: {} }))['errcode']).toBe(200002);
  });

  it('console goods (third_party_tag 0) are readable but not manageable (300011)', async () => {
    const a = await live({}, true);
    const consoleGoods = (await a.api('GET', P.approved, { query: { offset: '0', status: '2' } }))['goods'].find((g: any) => g.thirdPartyTag === 0);
    expect(consoleGoods).toBeDefined();
    const goodsId = consoleGoods.goodsId;
    expect((await a.api('POST', P.update, { json: { goodsInfo: { goodsId, price: 1 } } }))['errcode']).toBe(300011);
    expect((await a.api('POST', P.del, { json: { goodsId } }))['errcode']).toBe(300011);
    expect((await a.api('POST', P.audit, { json: { goodsId } }))['errcode']).toBe(300011);
    expect((await a.api('POST', P.resetaudit, { json: { goodsId, auditId: 1 } }))['errcode']).toBe(300011);
  });
});

describe('wechat-live lists', () => {
  it('getapproved pages by status with limit <= 100 (default 30)', async () => {
    const a = await live({ auditDelayMs: 0 });
    for (let i = 0; i < 35; i++) await addGoods(a, { name: `杯子${i}` });
    const first = await a.api('GET', P.approved, { query: { offset: '0', status: '2' } });
    expect(first['total']).toBe(35);
    expect(first['goods']).toHaveLength(30);
    expect(first['goods'][0]).toEqual({
      goodsId: expect.any(Number), coverImgUrl: expect.any(String), name: '杯子0', price: 99.5, url: 'pages/goods/detail?key=cup', priceType: 1, price2: 0, thirdPartyTag: 2,
    });
    const rest = await a.api('GET', P.approved, { query: { offset: '30', limit: '100', status: '2' } });
    expect(rest['goods'].map((g: any) => g.name)).toEqual(['杯子30', '杯子31', '杯子32', '杯子33', '杯子34']);
    expect((await a.api('GET', P.approved, { query: { offset: '0', status: '1' } }))['total']).toBe(0);
    expect((await a.api('GET', P.approved, { query: { offset: '0', limit: '101', status: '2' } }))['errcode']).toBe(200002);
    expect((await a.api('GET', P.approved, { query: { offset: '0', status: '4' } }))['errcode']).toBe(200002);
    expect((await a.api('GET', P.approved, { query: { offset: '0' } }))['errcode']).toBe(200002);
    expect((await a.api('GET', P.approved, { query: { status: '2' } }))['errcode']).toBe(200002);
  });

  it('the readings the page leaves open are options: price in fen (as its example 12300) per read call, thirdPartyTag as a string', async () => {
    const plain = await live({ auditDelayMs: 0 });
    const id = (await addGoods(plain, { price: 123 }))['goodsId'];
    expect(await status(plain, id)).toMatchObject({ price: 123, price2: 0, third_party_tag: 2 });

    const a = await live({ auditDelayMs: 0, warehousePriceUnit: 'fen', thirdPartyTagType: 'string' });
    const goodsId = (await addGoods(a, { price: 123, priceType: 3, price2: 99.5 }))['goodsId'];
    expect(await status(a, goodsId)).toMatchObject({ price: 12300, price2: 9950, third_party_tag: '2' });
    const [listed] = (await a.api('GET', P.approved, { query: { offset: '0', status: '2' } }))['goods'];
    expect(listed).toMatchObject({ price: 123, price2: 99.5, thirdPartyTag: '2' });
    const b = await live({ auditDelayMs: 0, listPriceUnit: 'fen' });
    await addGoods(b, { price: 123 });
    expect((await b.api('GET', P.approved, { query: { offset: '0', status: '2' } }))['goods'][0]).toMatchObject({ price: 12300, thirdPartyTag: 2 });
  });

  it('getgoodswarehouse checks goods_ids', async () => {
    const a = await live();
    expect((await a.api('POST', P.warehouse, { json: { goods_ids: [] } }))['errcode']).toBe(200002);
    expect((await a.api('POST', P.warehouse, { json: { goods_ids: ['1'] } }))['errcode']).toBe(47001);
    expect((await a.api('POST', P.warehouse, { json: {} }))['errcode']).toBe(200002);
  });
});

describe('wechat-live quotas', () => {
  it('add and audit share the daily audit quota (300012), reset at midnight Shanghai', async () => {
    const a = await live({ auditQuotaPerDay: 2 });
    a.ctx.clock.ms = Date.UTC(2025, 0, 1, 15, 0); // 23:00 in Shanghai
    await a.login();
    const { goodsId, auditId } = await addGoods(a);
    await a.api('POST', P.resetaudit, { json: { goodsId, auditId } });
    expect((await a.api('POST', P.audit, { json: { goodsId } }))['errcode']).toBe(0);
    const r = await addGoods(a);
    expect(r['errcode']).toBe(300012);
    expect((await a.api('GET', P.approved, { query: { offset: '0', status: '1' } }))['total']).toBe(1); // nothing added
    a.ctx.clock.advance(60 * 60_000); // 00:00 the next day in Shanghai
    expect((await addGoods(a))['errcode']).toBe(0);
  });

  it('other calls have their own daily quota (45009), overridable with dailyLimits', async () => {
    const a = await live({ dailyLimits: { getgoodswarehouse: 2 } });
    const q = { json: { goods_ids: [1] } };
    expect((await a.api('POST', P.warehouse, q))['errcode']).toBe(0);
    expect((await a.api('POST', P.warehouse, q))['errcode']).toBe(0);
    expect((await a.api('POST', P.warehouse, q))['errcode']).toBe(45009);
    expect((await a.api('GET', P.approved, { query: { offset: '0', status: '2' } }))['errcode']).toBe(0);
    a.ctx.clock.advance(86_400_000);
    await a.login();
    expect((await a.api('POST', P.warehouse, q))['errcode']).toBe(0);
  });
});

describe('wechat-live API quota query (cgi-bin/openapi/quota/get)', () => {
  it("reports today's audit submissions for goods/add and goods/audit, and a call's own quota for the others", async () => {
    const a = await live({ auditQuotaPerDay: 5, dailyLimits: { getgoodswarehouse: 7 } });
    await addGoods(a);
    await a.api('POST', P.warehouse, { json: { goods_ids: [1] } });
    const quota = async (cgi_path: string) => (await a.api('POST', '/cgi-bin/openapi/quota/get', { json: { cgi_path } }))['quota'];
    expect(await quota('/wxaapi/broadcast/goods/add')).toEqual({ daily_limit: 5, used: 1, remain: 4 });
    expect(await quota('/wxaapi/broadcast/goods/audit')).toEqual({ daily_limit: 5, used: 1, remain: 4 });
    expect(await quota('/wxa/business/getgoodswarehouse')).toEqual({ daily_limit: 7, used: 1, remain: 6 });
    expect((await a.api('POST', '/cgi-bin/openapi/quota/get', { json: { cgi_path: '/nope' } }))['errcode']).toBe(76021);
  });
});

describe('wechat-live simulator contract', () => {
  it('isWrite marks the changing calls', () => {
    const w = (path: string) => wechatLiveSimulator.isWrite(request('POST', path));
    expect([P.add, P.resetaudit, P.audit, P.del, P.update, P.upload].every(w)).toBe(true);
    expect([P.warehouse, P.approved, '/cgi-bin/token', '/cgi-bin/stable_token', '/x'].some(w)).toBe(false);
  });

  it('seed=false is empty; seed=true holds a console goods item and an API goods item', () => {
    expect(wechatLiveSimulator.initialState(false).goods).toEqual([]);
    const seeded = wechatLiveSimulator.initialState(true);
    expect(seeded.goods.map((g) => g.thirdPartyTag).sort()).toEqual([0, 2]);
  });
});
