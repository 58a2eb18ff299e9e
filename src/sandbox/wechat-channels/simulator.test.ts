import { describe, expect, it } from 'vitest';
import { request } from '../../../test/helpers/wechat-sandbox.js';
import { wechatChannelsSimulator } from './simulator.js';
import { channelsAccount, cupBody, readyAccount, type ChannelsTestAccount } from '../../../test/helpers/wechat-channels-sandbox.js';

const errcode = (r: { body: Record<string, any> }) => r.body['errcode'] as number;

async function addCup(a: ChannelsTestAccount, imgs: string[], templateId: string, over: Record<string, unknown> = {}): Promise<string> {
  const r = await a.post('product/add', cupBody(imgs, templateId, over));
  expect(r.body, r.text).toMatchObject({ errcode: 0 });
  return r.body['data'].product_id as string;
}

async function get(a: ChannelsTestAccount, productId: string, dataType = 3) {
  return (await a.post('product/get', { product_id: productId, data_type: dataType })).body;
}

describe('wechat-channels: ids beyond 2^53', () => {
  it('answers product and SKU ids as bare integer literals that JSON.parse rounds', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const r = await a.post('product/add', cupBody(imgs, templateId));
    const productId = r.body['data'].product_id as string;
    expect(BigInt(productId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(r.text).toContain(`"product_id":${productId}`);
    const naive = JSON.parse(r.text) as { data: { product_id: number } };
    expect(String(naive.data.product_id)).not.toBe(productId);

    const got = await a.post('product/get', { product_id: productId, data_type: 2 });
    const skuIds = (got.body['edit_product'].skus as Array<{ sku_id: string }>).map((s) => s.sku_id);
    for (const skuId of skuIds) {
      expect(got.text).toContain(`"sku_id":${skuId}`);
      expect(String(Number(skuId))).not.toBe(skuId);
    }
    // The rounded id a JSON.parse client would send back names no product.
    const rounded = await a.post('product/get', { product_id: naive.data.product_id, data_type: 2 });
    expect(errcode(rounded)).toBe(10020052);
    // The exact id works as a string and as an exact bare integer.
    const exact = await a.send('POST', '/channels/ec/product/get', { body: new TextEncoder().encode(`{"product_id":${productId},"data_type":2}`), headers: { 'content-type': 'application/json' } });
    expect(exact.body['edit_product'].product_id).toBe(productId);
  });

  it('list/get and stock/batchget answer ids bare too; idEncoding "string" answers strings', async () => {
    const { a, imgs, templateId } = await readyAccount({ options: { auditDelayMs: 0, listIncludesNeverListed: true } });
    const productId = await addCup(a, imgs, templateId);
    const list = await a.post('product/list/get', { page_size: 10 });
    expect(list.text).toContain(`[${productId}]`);
    const stock = await a.post('product/stock/batchget', { product_id: [productId] });
    expect(stock.text).toContain(`"product_id":${productId}`);

    const s = await readyAccount({ options: { idEncoding: 'string' } });
    const r = await s.a.post('product/add', cupBody(s.imgs, s.templateId));
    expect(r.text).toContain(`"product_id":"${r.body['data'].product_id}"`);
  });

  it('issues ids no double can hold, one after another', async () => {
    const { a, imgs, templateId } = await readyAccount();
    for (let i = 0; i < 5; i++) {
      const productId = await addCup(a, imgs, templateId, { out_product_id: `cup-${i}` });
      expect(BigInt(Number(productId))).not.toBe(BigInt(productId));
    }
  });
});

describe('wechat-channels: add and get', () => {
  it('a new product is a draft (status 0, edit_status 1) with only edit_product, stock from stock_num', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const productId = await addCup(a, imgs, templateId);
    const both = await get(a, productId, 3);
    expect(both['product']).toBeUndefined();
    expect(both['edit_product']).toMatchObject({
      product_id: productId,
      out_product_id: 'cup-1',
      title: '陶瓷马克杯 350ml 白色',
      status: 0,
      edit_status: 1,
      cats_v2: [{ cat_id: '10000111' }, { cat_id: '10000113' }, { cat_id: '6091' }],
      express_info: { template_id: templateId },
      min_price: 3900,
      skus: [
        { out_sku_id: 'cup-1-w', sale_price: 3900, market_price: 5900, stock_num: 100, sku_code: 'CUP-W', sku_attrs: [{ attr_key: '颜色', attr_value: '白色' }] },
        { out_sku_id: 'cup-1-b', sale_price: 4200, stock_num: 5 },
      ],
    });
    expect((await get(a, productId, 1))['product']).toBeUndefined();
    expect((await get(a, productId, 1))['edit_product']).toBeUndefined();
    expect(errcode(await a.post('product/get', { product_id: '12345678901234567', data_type: 1 }))).toBe(10020052);
    expect(errcode(await a.post('product/get', { product_id: productId, data_type: 4 }))).toBe(10020051);
  });

  it('out_product_id is not unique-checked', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const first = await addCup(a, imgs, templateId);
    const second = await addCup(a, imgs, templateId);
    expect(first).not.toBe(second);
  });

  it.each([
    ['empty title', { title: '' }, 10020020],
    ['title over 60 characters', { title: '杯'.repeat(61) }, 10020021],
    ['title with fewer than 5 characters', { title: '马克杯 !' }, 10020051],
    ['title only Latin and digits', { title: 'Ceramic Mug 350' }, 10020051],
    ['title with a character outside the allowed punctuation', { title: '陶瓷马克杯★350ml' }, 10020051],
    ['two head images', { head_imgs: 'FIRST2' }, 10020106],
    ['no head images', { head_imgs: [] }, 10020022],
    ['a foreign head image', { head_imgs: 'FOREIGN' }, 10020035],
    ['a repeated head image', { head_imgs: 'DUP' }, 10020051],
    ['no category', { cats_v2: [] }, 10020097],
    ['a path that skips a level', { cats_v2: [{ cat_id: '10000111' }, { cat_id: '6091' }] }, 10020011],
    ['a non-leaf category', { cats_v2: [{ cat_id: '10000111' }, { cat_id: '10000113' }] }, 10020011],
    ['an unknown category', { cats_v2: [{ cat_id: '999' }] }, 10020017],
    ['a category the store has not applied for', { cats_v2: [{ cat_id: '10000100' }, { cat_id: '10000102' }, { cat_id: '8101' }] }, 10020018],
    ['a missing required attribute', { attrs: [{ attr_key: '容量', attr_value: '350 ml' }] }, 10020110],
    ['a repeated attribute', { attrs: [{ attr_key: '材质', attr_value: '陶瓷' }, { attr_key: '材质', attr_value: '玻璃' }] }, 10020096],
    ['a select value outside the options', { attrs: [{ attr_key: '材质', attr_value: '木头' }] }, 10020110],
    ['a unit value without the space', { attrs: [{ attr_key: '材质', attr_value: '陶瓷' }, { attr_key: '容量', attr_value: '350ml' }] }, 10020110],
    ['an attribute the category does not have', { attrs: [{ attr_key: '材质', attr_value: '陶瓷' }, { attr_key: '产地', attr_value: '景德镇' }] }, 10020110],
    ['no extra_service', { extra_service: undefined }, 10020097],
    ['no 7-day return in a category that requires it', { extra_service: { seven_day_return: 0, freight_insurance: 0 } }, 10020108],
    ['an unknown freight template', { express_info: { template_id: '1' } }, 10020019],
    ['no SKUs', { skus: [] }, 10020013],
  ])('refuses %s', async (_name, over, code) => {
    const { a, imgs, templateId } = await readyAccount();
    const patch: Record<string, unknown> = { ...over };
    if (patch['head_imgs'] === 'FIRST2') patch['head_imgs'] = imgs.slice(0, 2);
    if (patch['head_imgs'] === 'FOREIGN') patch['head_imgs'] = [...imgs.slice(0, 2), 'https://img.example.com/a.jpg'];
    if (patch['head_imgs'] === 'DUP') patch['head_imgs'] = [imgs[0], imgs[1], imgs[0]];
    const r = await a.post('product/add', cupBody(imgs, templateId, patch));
    expect(errcode(r), r.text).toBe(code);
    expect(r.body['errmsg']).toEqual(expect.any(String));
    expect(a.state().products).toHaveLength(0);
  });

  it('names the missing required attribute with sub-code 6600015', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const r = await a.post('product/add', cupBody(imgs, templateId, { attrs: [] }));
    expect(r.body).toMatchObject({ errcode: 10020110, errmsg: expect.stringMatching(/6600015.*材质/) });
  });

  it.each([
    ['a zero price', { sale_price: 0 }, 10020039],
    ['a price above 10 M yuan', { sale_price: 1_000_000_001 }, 10020028],
    ['market_price not above sale_price', { market_price: 3900 }, 10020040],
    ['negative stock', { stock_num: -1 }, 10020051],
    ['stock_num missing', { stock_num: undefined }, 10020097],
    ['a foreign thumb_img', { thumb_img: 'https://img.example.com/t.jpg' }, 10020035],
  ])('refuses a SKU with %s', async (_name, over, code) => {
    const { a, imgs, templateId } = await readyAccount();
    const body = cupBody(imgs, templateId);
    const skus = body['skus'] as Record<string, unknown>[];
    skus[0] = { ...skus[0], ...over };
    expect(errcode(await a.post('product/add', body))).toBe(code);
  });

  it('checks sale attributes: same keys on every SKU, distinct combinations, floor price', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const sku = (attrs: Array<[string, string]>, price = 3900) => ({ sale_price: price, stock_num: 1, sku_attrs: attrs.map(([k, v]) => ({ attr_key: k, attr_value: v })) });
    expect(errcode(await a.post('product/add', cupBody(imgs, templateId, { skus: [sku([['颜色', '白色']]), sku([['尺寸', '大']])] })))).toBe(10020012);
    expect(errcode(await a.post('product/add', cupBody(imgs, templateId, { skus: [sku([['颜色', '白色']]), sku([['颜色', '白色']])] })))).toBe(10020012);
    // A phone (floor price 100 yuan) at 99 yuan.
    const phone = cupBody(imgs, templateId, {
      title: '二手手机 苹果 iPhone 13',
      cats_v2: [{ cat_id: '10000001' }, { cat_id: '10000010' }, { cat_id: '7001' }],
      attrs: [{ attr_key: '品牌', attr_value: 'Apple' }, { attr_key: '成色', attr_value: '95新' }],
      skus: [sku([['颜色', '黑色']], 9900)],
    });
    expect(errcode(await a.post('product/add', phone))).toBe(10020051);
    expect(errcode(await a.post('product/add', { ...phone, skus: [sku([['颜色', '黑色']], 10000)] }))).toBe(0);
  });

  it('accepts the legacy 3-level cats and food rules (4 head images, 3 detail images)', async () => {
    const { a, imgs, templateId } = await readyAccount({ images: 8 });
    expect(errcode(await a.post('product/add', cupBody(imgs, templateId, { cats_v2: undefined, cats: [{ cat_id: '3' }, { cat_id: '31' }, { cat_id: '6091' }] })))).toBe(0);
    const tea = (head: number, desc: number) =>
      cupBody(imgs, templateId, {
        title: '2024 明前西湖龙井 250克',
        head_imgs: imgs.slice(0, head),
        desc_info: { imgs: imgs.slice(4, 4 + desc), desc: '' },
        cats_v2: [{ cat_id: '10000100' }, { cat_id: '10000101' }, { cat_id: '8001' }],
        attrs: [{ attr_key: '产地', attr_value: '浙江杭州' }, { attr_key: '净含量', attr_value: '250 g' }, { attr_key: '保质期', attr_value: '18 月' }],
        extra_service: { seven_day_return: 0, freight_insurance: 0 },
        skus: [{ out_sku_id: 'standard', sale_price: 39800, stock_num: 50, sku_attrs: [{ attr_key: '等级', attr_value: '一级' }] }],
      });
    expect(errcode(await a.post('product/add', tea(3, 3)))).toBe(10020106);
    expect(errcode(await a.post('product/add', tea(4, 2)))).toBe(10020107);
    expect(errcode(await a.post('product/add', tea(4, 3)))).toBe(0);
  });

  it('a restricted category works after category/add', async () => {
    const { a, imgs, templateId } = await readyAccount({ images: 8 });
    const baijiu = cupBody(imgs, templateId, {
      title: '53度 酱香型白酒 500ml',
      head_imgs: imgs.slice(0, 4),
      desc_info: { imgs: imgs.slice(4, 7), desc: '' },
      cats_v2: [{ cat_id: '10000100' }, { cat_id: '10000102' }, { cat_id: '8101' }],
      attrs: [{ attr_key: '酒精度', attr_value: '53 %vol' }, { attr_key: '净含量', attr_value: '500 ml' }],
      extra_service: { seven_day_return: 0, freight_insurance: 0 },
      skus: [{ sale_price: 59900, stock_num: 5, sku_attrs: [] }],
    });
    expect(errcode(await a.post('product/add', baijiu))).toBe(10020018);
    expect((await a.send('GET', '/channels/ec/category/list/get')).body['list']).toEqual([]);
    expect(errcode(await a.post('category/add', { category_info: { cats_v2: [{ cat_id: '10000100' }, { cat_id: '10000102' }, { cat_id: '8101' }] } }))).toBe(0);
    expect((await a.send('GET', '/channels/ec/category/list/get')).body['list']).toEqual([{ cat_id: '8101', qua_id: '98101' }]);
    expect(errcode(await a.post('product/add', baijiu))).toBe(0);
  });
});

describe('wechat-channels: status and edit_status machines', () => {
  it('listing → audit → approved after auditDelayMs: online copy, status 5, edit_status 4', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const productId = await addCup(a, imgs, templateId);
    expect(errcode(await a.post('product/listing', { product_id: productId }))).toBe(0);
    expect((await get(a, productId))['edit_product']).toMatchObject({ status: 0, edit_status: 2 });
    expect(errcode(await a.post('product/listing', { product_id: productId }))).toBe(10020049);
    a.advance(999);
    expect((await get(a, productId))['edit_product'].edit_status).toBe(2);
    a.advance(1);
    const after = await get(a, productId);
    expect(after['product']).toMatchObject({ status: 5, edit_status: 4, title: '陶瓷马克杯 350ml 白色' });
    expect(after['edit_product']['audit_info']).toMatchObject({ submit_time: expect.any(Number), audit_time: expect.any(Number) });
    expect(after['edit_product']['audit_info']['reject_reason']).toBeUndefined();
    // Listing an approved product on sale again changes nothing.
    expect(errcode(await a.post('product/listing', { product_id: productId }))).toBe(0);
    expect((await get(a, productId))['product'].status).toBe(5);
  });

  it('add with listing: 1 goes straight to audit; auditDelayMs 0 decides on the next call', async () => {
    const { a, imgs, templateId } = await readyAccount({ options: { auditDelayMs: 0 } });
    const productId = await addCup(a, imgs, templateId, { listing: 1 });
    expect((await get(a, productId))['product']).toMatchObject({ status: 5, edit_status: 4 });
  });

  it('a title containing 违规 is rejected with a reason; the online version stays', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const productId = await addCup(a, imgs, templateId, { listing: 1 });
    a.advance(1000);
    const bad = cupBody(imgs, templateId, { product_id: productId, title: '陶瓷马克杯 违规 350ml', listing: 1 });
    expect(errcode(await a.post('product/update', bad))).toBe(0);
    a.advance(1000);
    const r = await get(a, productId);
    expect(r['edit_product']).toMatchObject({ edit_status: 3, title: '陶瓷马克杯 违规 350ml', audit_info: { reject_reason: expect.stringContaining('违规') } });
    expect(r['product']).toMatchObject({ status: 5, title: '陶瓷马克杯 350ml 白色' });
    // Fixing the title and resubmitting passes.
    expect(errcode(await a.post('product/update', { ...bad, title: '陶瓷马克杯 350ml 新款' }))).toBe(0);
    a.advance(1000);
    const fixed = await get(a, productId);
    expect(fixed['product']).toMatchObject({ title: '陶瓷马克杯 350ml 新款', edit_status: 4 });
    expect(fixed['edit_product']['audit_info']['reject_reason']).toBeUndefined();
  });

  it('a never-listed product rejected in audit stays status 0', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const productId = await addCup(a, imgs, templateId, { title: '违规 陶瓷马克杯', listing: 1 });
    a.advance(1000);
    const r = await get(a, productId);
    expect(r['product']).toBeUndefined();
    expect(r['edit_product']).toMatchObject({ status: 0, edit_status: 3 });
  });

  it('in audit: update, delete, delisting and stock are refused; audit/cancel withdraws (edit_status 1)', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const productId = await addCup(a, imgs, templateId, { listing: 1 });
    a.advance(1000);
    const skuId = (await get(a, productId))['product'].skus[0].sku_id as string;
    expect(errcode(await a.post('product/update', cupBody(imgs, templateId, { product_id: productId, listing: 1 })))).toBe(0);
    expect(errcode(await a.post('product/update', cupBody(imgs, templateId, { product_id: productId })))).toBe(10020049);
    expect(errcode(await a.post('product/delete', { product_id: productId }))).toBe(10020049);
    expect(errcode(await a.post('product/delisting', { product_id: productId }))).toBe(10020049);
    expect(errcode(await a.post('product/stock/update', { product_id: productId, sku_id: skuId, diff_type: 1, num: 1 }))).toBe(10020217);
    expect(errcode(await a.post('product/auditfree', { product_id: productId, skus: [{ sku_id: skuId, sale_price: 100 }] }))).toBe(10020049);
    expect(errcode(await a.post('product/audit/cancel', { product_id: productId }))).toBe(0);
    expect((await get(a, productId))['edit_product'].edit_status).toBe(1);
    expect(errcode(await a.post('product/audit/cancel', { product_id: productId }))).toBe(10020044);
    a.advance(5000); // a withdrawn audit is never decided
    expect((await get(a, productId))['edit_product'].edit_status).toBe(1);
    expect(errcode(await a.post('product/update', cupBody(imgs, templateId, { product_id: productId })))).toBe(0);
  });

  it('delisting → 11, again → 10020065; re-listing an unchanged product is immediate unless relistNeedsAudit', async () => {
    for (const relistNeedsAudit of [false, true]) {
      const { a, imgs, templateId } = await readyAccount({ options: { relistNeedsAudit } });
      const productId = await addCup(a, imgs, templateId, { listing: 1 });
      a.advance(1000);
      expect(errcode(await a.post('product/delisting', { product_id: productId }))).toBe(0);
      expect((await get(a, productId))['product'].status).toBe(11);
      expect(errcode(await a.post('product/delisting', { product_id: productId }))).toBe(10020065);
      expect(errcode(await a.post('product/listing', { product_id: productId }))).toBe(0);
      const r = (await get(a, productId))['product'];
      expect(r).toMatchObject(relistNeedsAudit ? { status: 11, edit_status: 2 } : { status: 5, edit_status: 4 });
    }
  });

  it('delete: refused on sale and in audit; after delisting the product goes to the recycle bin (status 6)', async () => {
    const { a, imgs, templateId } = await readyAccount({ options: { auditDelayMs: 0 } });
    const productId = await addCup(a, imgs, templateId, { listing: 1 });
    expect(errcode(await a.post('product/delete', { product_id: productId }))).toBe(10020008);
    expect(errcode(await a.post('product/delisting', { product_id: productId }))).toBe(0);
    expect(errcode(await a.post('product/delete', { product_id: productId }))).toBe(0);
    expect((await get(a, productId))['product'].status).toBe(6);
    expect((await a.post('product/list/get', { page_size: 10 })).body['product_ids']).toEqual([]);
    expect((await a.post('product/list/get', { page_size: 10, status: 6 })).body['product_ids']).toEqual([productId]);
    for (const call of ['product/delete', 'product/listing', 'product/delisting']) {
      expect(errcode(await a.post(call, { product_id: productId })), call).toBe(10020052);
    }
    // With deleteRequiresDelisted false, a product on sale can be deleted directly; a draft always can.
    const b = await readyAccount({ options: { auditDelayMs: 0, deleteRequiresDelisted: false } });
    const onSale = await addCup(b.a, b.imgs, b.templateId, { listing: 1 });
    expect(errcode(await b.a.post('product/delete', { product_id: onSale }))).toBe(0);
    const draft = await addCup(b.a, b.imgs, b.templateId);
    expect(errcode(await b.a.post('product/delete', { product_id: draft }))).toBe(0);
  });

  it('more than asyncSkuThreshold SKUs: edit_status 7 (listing refused 10020067), then editing or audit', async () => {
    const { a, imgs, templateId } = await readyAccount({ options: { asyncSkuThreshold: 2, asyncUploadMs: 500 } });
    const skus = ['白色', '黑色', '蓝色'].map((c) => ({ sale_price: 3900, stock_num: 1, sku_attrs: [{ attr_key: '颜色', attr_value: c }] }));
    const plain = await addCup(a, imgs, templateId, { skus });
    expect((await get(a, plain))['edit_product'].edit_status).toBe(7);
    expect(errcode(await a.post('product/listing', { product_id: plain }))).toBe(10020067);
    const listed = await addCup(a, imgs, templateId, { skus, listing: 1 });
    a.advance(500);
    expect((await get(a, plain))['edit_product'].edit_status).toBe(1);
    expect((await get(a, listed))['edit_product'].edit_status).toBe(2);
    a.advance(1000);
    expect((await get(a, listed))['product']).toMatchObject({ status: 5, edit_status: 4 });
  });
});

describe('wechat-channels: update (full overwrite of the draft)', () => {
  it('updates SKUs by sku_id, adds SKUs without one, deletes SKUs left out; online keeps selling until approval', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const productId = await addCup(a, imgs, templateId, { listing: 1 });
    a.advance(1000);
    const online = (await get(a, productId))['product'];
    const [white, black] = online.skus as Array<{ sku_id: string }>;
    const update = cupBody(imgs, templateId, {
      product_id: productId,
      title: '陶瓷马克杯 350ml 新款',
      skus: [
        { sku_id: white!.sku_id, out_sku_id: 'cup-1-w', sale_price: 3500, stock_num: 999, sku_attrs: [{ attr_key: '颜色', attr_value: '白色' }] },
        { out_sku_id: 'cup-1-g', sale_price: 4500, stock_num: 7, sku_attrs: [{ attr_key: '颜色', attr_value: '绿色' }] },
      ],
    });
    const r = await a.post('product/update', update);
    expect(r.body).toMatchObject({ errcode: 0, data: { product_id: productId, update_time: expect.any(Number) } });
    const after = await get(a, productId);
    expect(after['edit_product']).toMatchObject({ edit_status: 1, title: '陶瓷马克杯 350ml 新款' });
    const draftSkus = after['edit_product'].skus as Array<Record<string, unknown>>;
    expect(draftSkus.map((s) => s['out_sku_id'])).toEqual(['cup-1-w', 'cup-1-g']);
    expect(draftSkus[0]).toMatchObject({ sku_id: white!.sku_id, sale_price: 3500, stock_num: 100 }); // listed: stock_num of an existing SKU is ignored
    expect(draftSkus[1]).toMatchObject({ stock_num: 7 });
    expect(after['product']).toMatchObject({ title: '陶瓷马克杯 350ml 白色', status: 5 });
    expect((after['product'].skus as Array<{ sku_id: string }>).map((s) => s.sku_id)).toEqual([white!.sku_id, black!.sku_id]);
    expect(errcode(await a.post('product/listing', { product_id: productId }))).toBe(0);
    a.advance(1000);
    const approved = (await get(a, productId))['product'];
    expect(approved.skus.map((s: { out_sku_id: string }) => s.out_sku_id)).toEqual(['cup-1-w', 'cup-1-g']);
    expect(a.state().products[0]!.stock).not.toHaveProperty(black!.sku_id);
  });

  it('before the first approval, update sets stock from stock_num', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const productId = await addCup(a, imgs, templateId);
    const skuId = (await get(a, productId))['edit_product'].skus[0].sku_id as string;
    const body = cupBody(imgs, templateId, { product_id: productId });
    (body['skus'] as Array<Record<string, unknown>>)[0] = { ...(body['skus'] as Array<Record<string, unknown>>)[0], sku_id: skuId, stock_num: 42 };
    expect(errcode(await a.post('product/update', body))).toBe(0);
    expect((await get(a, productId))['edit_product'].skus[0]).toMatchObject({ sku_id: skuId, stock_num: 42 });
  });

  it('refuses changing out_product_id or out_sku_id, unknown sku_ids and unknown products', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const productId = await addCup(a, imgs, templateId);
    const skuId = (await get(a, productId))['edit_product'].skus[0].sku_id as string;
    expect(errcode(await a.post('product/update', cupBody(imgs, templateId, { product_id: productId, out_product_id: 'other' })))).toBe(10020051);
    const body = cupBody(imgs, templateId, { product_id: productId });
    (body['skus'] as Array<Record<string, unknown>>)[0] = { ...(body['skus'] as Array<Record<string, unknown>>)[0], sku_id: skuId, out_sku_id: 'renamed' };
    expect(errcode(await a.post('product/update', body))).toBe(10020051);
    (body['skus'] as Array<Record<string, unknown>>)[0] = { ...(body['skus'] as Array<Record<string, unknown>>)[0], sku_id: '30000000000000001', out_sku_id: 'cup-1-w' };
    expect(errcode(await a.post('product/update', body))).toBe(10020051);
    expect(errcode(await a.post('product/update', cupBody(imgs, templateId, { product_id: '30000000000000001' })))).toBe(10020052);
    expect(errcode(await a.post('product/update', cupBody(imgs, templateId)))).toBe(10020097);
  });
});

describe('wechat-channels: auditfree', () => {
  it('changes the online price, SKU code and stock at once without audit; the draft keeps its values', async () => {
    const { a, imgs, templateId } = await readyAccount({ options: { auditDelayMs: 0 } });
    const productId = await addCup(a, imgs, templateId);
    const skuId = (await get(a, productId))['edit_product'].skus[0].sku_id as string;
    expect(errcode(await a.post('product/auditfree', { product_id: productId, skus: [{ sku_id: skuId, sale_price: 3500 }] }))).toBe(10020008);
    await a.post('product/listing', { product_id: productId });
    const quotaBefore = (await a.post('product/getauditquota', {})).body['audit_quota'].avail_quota;
    const r = await a.post('product/auditfree', { product_id: productId, skus: [{ sku_id: skuId, sale_price: 3500, sku_code: 'CUP-W2', stock_info: { diff_type: 2, num: 10 } }] });
    expect(r.body).toMatchObject({ errcode: 0, data: { product_id: productId } });
    const after = await get(a, productId);
    expect(after['product']).toMatchObject({ edit_status: 4, status: 5 });
    expect(after['product'].skus[0]).toMatchObject({ sale_price: 3500, sku_code: 'CUP-W2', stock_num: 90 });
    expect(after['edit_product'].skus[0]).toMatchObject({ sale_price: 3900, sku_code: 'CUP-W', stock_num: 90 });
    expect((await a.post('product/getauditquota', {})).body['audit_quota'].avail_quota).toBe(quotaBefore);
  });

  it('auditFreeSyncsDraft also writes the draft; is_delete removes an online SKU; checks stock and prices', async () => {
    const { a, imgs, templateId } = await readyAccount({ options: { auditDelayMs: 0, auditFreeSyncsDraft: true } });
    const productId = await addCup(a, imgs, templateId, { listing: 1 });
    const [w, b] = (await get(a, productId))['product'].skus as Array<{ sku_id: string }>;
    expect(errcode(await a.post('product/auditfree', { product_id: productId, skus: [{ sku_id: w!.sku_id, stock_info: { diff_type: 2, num: 101 } }] }))).toBe(10020219);
    expect(errcode(await a.post('product/auditfree', { product_id: productId, skus: [{ sku_id: w!.sku_id, sale_price: 5900 }] }))).toBe(10020040);
    expect(errcode(await a.post('product/auditfree', { product_id: productId, skus: [{ sku_id: '30000000000000001', sale_price: 100 }] }))).toBe(10020051);
    expect(errcode(await a.post('product/auditfree', { product_id: productId }))).toBe(10020097);
    expect(errcode(await a.post('product/auditfree', { product_id: productId, skus: [{ sku_id: w!.sku_id, sale_price: 3000 }, { sku_id: b!.sku_id, is_delete: true }] }))).toBe(0);
    const after = await get(a, productId);
    expect(after['product'].skus).toHaveLength(1);
    expect(after['edit_product'].skus).toEqual([expect.objectContaining({ sku_id: w!.sku_id, sale_price: 3000 })]);
    expect(errcode(await a.post('product/auditfree', { product_id: productId, skus: [{ sku_id: w!.sku_id, is_delete: true }] }))).toBe(10020013);
  });
});

describe('wechat-channels: stock', () => {
  async function listedCup(options: Record<string, unknown> = {}) {
    const { a, imgs, templateId } = await readyAccount({ options: { auditDelayMs: 0, ...options } });
    const productId = await addCup(a, imgs, templateId, { listing: 1 });
    const skuId = (await get(a, productId))['product'].skus[0].sku_id as string;
    return { a, productId, skuId };
  }

  it('diff_type 1 adds, 2 subtracts, 3 sets; stock/get reports normal and total stock', async () => {
    const { a, productId, skuId } = await listedCup();
    const change = (diff_type: number, num: number) => a.post('product/stock/update', { product_id: productId, sku_id: skuId, diff_type, num });
    const stock = async () => (await a.post('product/stock/get', { product_id: productId, sku_id: skuId })).body['data'];
    expect(errcode(await change(1, 5))).toBe(0);
    expect(await stock()).toEqual({ normal_stock_num: 105, limited_discount_stock_num: 0, warehouse_stocks: [], total_stock_num: 105 });
    expect(errcode(await change(2, 100))).toBe(0);
    expect((await stock()).normal_stock_num).toBe(5);
    expect(errcode(await change(3, 0))).toBe(0);
    expect((await stock()).normal_stock_num).toBe(0);
  });

  it('stock never goes negative (10020219) and a zero delta is refused (10020218)', async () => {
    const { a, productId, skuId } = await listedCup();
    const change = (diff_type: number, num: number) => a.post('product/stock/update', { product_id: productId, sku_id: skuId, diff_type, num });
    expect(errcode(await change(2, 101))).toBe(10020219);
    expect(errcode(await change(3, -1))).toBe(10020051);
    expect(errcode(await change(1, 0))).toBe(10020218);
    expect(errcode(await change(4, 1))).toBe(10020051);
    expect(errcode(await change(2, 100))).toBe(0);
    expect(errcode(await change(2, 1))).toBe(10020219);
    expect(Object.values(a.state().products[0]!.stock).every((n) => n >= 0)).toBe(true);
  });

  it('refuses stock/update before the first listing (10020289), for unknown SKUs and missing fields', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const productId = await addCup(a, imgs, templateId);
    const skuId = (await get(a, productId))['edit_product'].skus[0].sku_id as string;
    expect(errcode(await a.post('product/stock/update', { product_id: productId, sku_id: skuId, diff_type: 1, num: 1 }))).toBe(10020289);
    const listed = await listedCup();
    expect(errcode(await listed.a.post('product/stock/update', { product_id: listed.productId, sku_id: '30000000000000001', diff_type: 1, num: 1 }))).toBe(10020051);
    expect(errcode(await listed.a.post('product/stock/update', { product_id: listed.productId, sku_id: listed.skuId, num: 1 }))).toBe(10020097);
  });

  it('batchget lists every SKU of up to 50 products', async () => {
    const { a, productId, skuId } = await listedCup();
    const r = await a.post('product/stock/batchget', { product_id: [productId, '30000000000000001'] });
    expect(r.body['data'].spu_stock_list).toEqual([
      { product_id: productId, sku_stock: [expect.objectContaining({ sku_id: skuId, normal_stock_num: 100, total_stock_num: 100 }), expect.objectContaining({ normal_stock_num: 5 })] },
    ]);
    expect(errcode(await a.post('product/stock/batchget', { product_id: Array.from({ length: 51 }, () => productId) }))).toBe(10020051);
  });
});

describe('wechat-channels: list/get paging', () => {
  async function manyProducts(n: number, options: Record<string, unknown> = {}) {
    const { a, imgs, templateId } = await readyAccount({ options: { auditDelayMs: 0, auditQuotaPerHour: 1000, ...options } });
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await addCup(a, imgs, templateId, { out_product_id: `cup-${i}`, listing: 1 }));
    return { a, ids, imgs, templateId };
  }

  async function readAll(a: ChannelsTestAccount, pageSize: number, extra: Record<string, unknown> = {}) {
    const ids: string[] = [];
    let nextKey: string | undefined;
    let calls = 0;
    for (;;) {
      const r = await a.post('product/list/get', { page_size: pageSize, ...(nextKey === undefined ? {} : { next_key: nextKey }), ...extra });
      calls += 1;
      expect(errcode(r)).toBe(0);
      const page = r.body['product_ids'] as string[];
      ids.push(...page);
      const key = r.body['next_key'] as string;
      if (page.length === 0 || key === '' || key === nextKey) return { ids, calls, total: r.body['total_num'] as number };
      nextKey = key;
    }
  }

  it('pages with next_key until an empty page (default), every product once, in id order', async () => {
    const { a, ids } = await manyProducts(23);
    const all = await readAll(a, 10);
    expect(all.ids).toEqual(ids);
    expect(all.total).toBe(23);
    expect(all.calls).toBe(4); // 10 + 10 + 3, then an empty page with the same next_key
  });

  it('listEnd "emptyKey": the last page has an empty next_key', async () => {
    const { a, ids } = await manyProducts(20, { listEnd: 'emptyKey' });
    const all = await readAll(a, 10);
    expect(all.ids).toEqual(ids);
    expect(all.calls).toBe(2);
  });

  it('leaves out never-listed drafts unless asked (status 0 or listIncludesNeverListed), filters by status', async () => {
    const { a, ids, imgs, templateId } = await manyProducts(2);
    const draft = await addCup(a, imgs, templateId, { out_product_id: 'draft' });
    expect((await readAll(a, 30)).ids).toEqual(ids);
    expect((await readAll(a, 30, { status: 0 })).ids).toEqual([draft]);
    await a.post('product/delisting', { product_id: ids[0] });
    expect((await readAll(a, 30, { status: 11 })).ids).toEqual([ids[0]]);
    expect((await readAll(a, 30, { status: 5 })).ids).toEqual([ids[1]]);
    a.account.ctx.options = { ...a.account.ctx.options, listIncludesNeverListed: true };
    expect((await readAll(a, 30)).ids).toEqual([...ids, draft]);
  });

  it('refuses page_size over 30 and a next_key it did not issue', async () => {
    const { a } = await manyProducts(1);
    expect(errcode(await a.post('product/list/get', { page_size: 31 }))).toBe(10020051);
    expect(errcode(await a.post('product/list/get', { page_size: 10, next_key: 'bogus' }))).toBe(10020051);
    expect((await a.post('product/list/get', {})).body['product_ids']).toHaveLength(1); // page_size defaults to 10
  });
});

describe('wechat-channels: audit quota', () => {
  it('add and update share the hourly quota (10020066) and the daily one (10020111); getauditquota reports it', async () => {
    const { a, imgs, templateId } = await readyAccount({ options: { auditQuotaPerHour: 2, auditQuotaPerDay: 3 } });
    const productId = await addCup(a, imgs, templateId);
    expect((await a.post('product/getauditquota', {})).body['audit_quota']).toEqual({ block_status: false, avail_quota: 1, total_quota: 3 });
    expect(errcode(await a.post('product/update', cupBody(imgs, templateId, { product_id: productId })))).toBe(0);
    expect((await a.post('product/getauditquota', {})).body['audit_quota']).toMatchObject({ block_status: true, avail_quota: 0 });
    expect(errcode(await a.post('product/add', cupBody(imgs, templateId)))).toBe(10020066);
    a.advance(3_600_000);
    expect(errcode(await a.post('product/add', cupBody(imgs, templateId)))).toBe(0);
    expect(errcode(await a.post('product/add', cupBody(imgs, templateId)))).toBe(10020111);
    // A refused call uses no quota; listing and stock changes use none either.
    expect(a.state().products).toHaveLength(2);
  });
});

describe('wechat-channels: protocol', () => {
  it('needs Content-Type: application/json (47001), POST (43002), a token (41001); unknown paths 404', async () => {
    const a = await channelsAccount();
    const noType = await a.send('POST', '/channels/ec/product/list/get', { body: new TextEncoder().encode('{"page_size":10}') });
    expect(noType.body['errcode']).toBe(47001);
    expect((await a.send('GET', '/channels/ec/product/list/get')).body['errcode']).toBe(43002);
    expect((await a.send('POST', '/channels/ec/product/list/get', { json: {}, query: { access_token: '' } })).body['errcode']).toBe(41001);
    const unknown = await a.send('POST', '/channels/ec/product/nope', { json: {} });
    expect(unknown.status).toBe(404);
    expect((await a.send('POST', '/shop/ec/product/list/get', { json: {} })).status).toBe(404);
  });

  it('serves /shop/ec/… as an alias with shopEcAlias', async () => {
    const a = await channelsAccount({ options: { shopEcAlias: true } });
    expect((await a.send('POST', '/shop/ec/product/list/get', { json: {} })).body['errcode']).toBe(0);
    expect(wechatChannelsSimulator.isWrite(request('POST', '/shop/ec/product/add'))).toBe(true);
  });

  it('shares the WeChat token handling: expiry 42001, superseded 40001, malformed 40014, busy -1, 45011, 45009', async () => {
    const a = await channelsAccount({ options: { tokenTtlSeconds: 60, perMinuteLimit: 3, dailyCallLimit: 5 } });
    const call = () => a.post('product/list/get', { page_size: 10 });
    a.account.ctx.clock.ms = Math.ceil(a.account.ctx.clock.ms / 60_000) * 60_000;
    await a.login();
    expect(errcode(await call())).toBe(0);
    expect(errcode(await call())).toBe(0);
    expect(errcode(await call())).toBe(0);
    expect(errcode(await call())).toBe(45011);
    a.advance(60_000);
    expect(errcode(await call())).toBe(42001);
    await a.login();
    expect(errcode(await call())).toBe(0);
    expect(errcode(await call())).toBe(0);
    expect(errcode(await call())).toBe(45009);
    const old = a.token;
    await a.login();
    a.token = old;
    expect(errcode(await call())).toBe(40001);
    a.token = 'not a token!';
    expect(errcode(await call())).toBe(40014);
    expect(wechatChannelsSimulator.busyResponse()).toMatchObject({ status: 200, body: { errcode: -1 } });
  });

  it('marks writes for the "lost" fault', () => {
    expect(wechatChannelsSimulator.isWrite(request('POST', '/channels/ec/product/add'))).toBe(true);
    expect(wechatChannelsSimulator.isWrite(request('POST', '/channels/ec/product/stock/update'))).toBe(true);
    expect(wechatChannelsSimulator.isWrite(request('POST', '/channels/ec/product/get'))).toBe(false);
    expect(wechatChannelsSimulator.isWrite(request('POST', '/channels/ec/product/list/get'))).toBe(false);
    expect(wechatChannelsSimulator.isWrite(request('POST', '/cgi-bin/stable_token'))).toBe(false);
  });
});
