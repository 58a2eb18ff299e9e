import { describe, expect, it } from 'vitest';
import { jpegBytes, pngBytes, request, TEST_BASE_URL, testAccount } from '../../../test/helpers/wechat-sandbox.js';
import { detailHtml } from './product.js';
import { wechatStoreSimulator } from './simulator.js';

async function store(options: Record<string, unknown> = {}, seed = false) {
  const a = testAccount(wechatStoreSimulator, { options, seed });
  await a.login();
  return a;
}
type Store = Awaited<ReturnType<typeof store>>;

async function uploadImg(a: Store, bytes: Uint8Array = pngBytes(640, 600), filename = 'a.png'): Promise<string> {
  const r = await a.api('POST', '/merchant/common/upload_img', { query: { filename }, body: bytes });
  expect(r['errcode']).toBe(0);
  return r['image_url'];
}

async function productBody(a: Store, over: Record<string, unknown> = {}) {
  const image = await uploadImg(a);
  return {
    product_base: {
      category_id: ['537074298'],
      property: [{ id: '1075781001', vid: '1079781011' }],
      name: 'iPhone 13',
      sku_info: [{ id: '1075741879', vid: ['1079749967', '1079749968'] }, { id: '$版本', vid: ['$国行'] }],
      main_img: image,
      img: [image],
      detail: [{ text: '国行 <正品>' }, { img: image }],
      buy_limit: 2,
    },
    sku_list: [
      { sku_id: '1075741879:1079749967;$版本:$国行', price: 329_900, ori_price: 429_900, quantity: 4, product_code: 'iphone13:black', icon_url: image },
      { sku_id: '1075741879:1079749968;$版本:$国行', price: 334_900, ori_price: 429_900, quantity: 2, product_code: 'iphone13:white' },
    ],
    attrext: { isPostFree: 0, isHasReceipt: 1, isUnderGuaranty: 0, isSupportReplace: 0, location: { country: '中国', province: '广东省', city: '深圳市', address: '华强北' } },
    delivery_info: { delivery_type: 0, template_id: 0, express: [{ id: 10000027, price: 100 }, { id: 10000028, price: 800 }] },
    ...over,
  };
}

async function create(a: Store, over: Record<string, unknown> = {}) {
  return a.api('POST', '/merchant/create', { json: await productBody(a, over) });
}

async function get(a: Store, productId: string) {
  return (await a.api('GET', '/merchant/get', { json: { product_id: productId } }))['product_info'];
}

const TEMPLATE = {
  Name: '默认快递',
  Assumer: 0,
  Valuation: 0,
  TopFee: [
    {
      Type: 10000028,
      Normal: { StartStandards: 1, StartFees: 800, AddStandards: 1, AddFees: 200 },
      Custom: [{ StartStandards: 1, StartFees: 2000, AddStandards: 1, AddFees: 1000, DestCountry: '中国', DestProvince: '新疆维吾尔自治区' }],
    },
  ],
};

describe('wechat-store images', () => {
  it('upload_img returns <baseUrl>/img/<sha256>, the same URL for the same bytes', async () => {
    const a = await store();
    const url = await uploadImg(a);
    expect(url).toMatch(new RegExp(`^${TEST_BASE_URL}/img/[0-9a-f]{64}$`));
    expect(await uploadImg(a)).toBe(url);
    expect(await uploadImg(a, jpegBytes(10, 10), 'b.jpg')).not.toBe(url);
  });

  it('serves the uploaded bytes at the image URL (GET, no token); 404 for an image never uploaded', async () => {
    const a = await store();
    const bytes = pngBytes(64, 64);
    const url = await uploadImg(a, bytes);
    const path = url.slice(TEST_BASE_URL.length);
    const got = await a.raw(request('GET', path));
    expect(got.status).toBe(200);
    expect(got.headers?.['content-type']).toBe('image/png');
    expect(Buffer.from(got.body as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    expect((await a.raw(request('GET', `/img/${'0'.repeat(64)}`))).status).toBe(404);
  });

  it('refuses non-images (40005), images over 2 MB (40009), a missing filename (40097) and an empty body (41005)', async () => {
    const a = await store();
    const up = (body: Uint8Array, query: Record<string, string> = { filename: 'x.png' }) => a.api('POST', '/merchant/common/upload_img', { query, body });
    expect((await up(new TextEncoder().encode('not an image')))['errcode']).toBe(40005);
    expect((await up(pngBytes(10, 10, 2 * 1024 * 1024 + 1)))['errcode']).toBe(40009);
    expect((await up(pngBytes(10, 10), {}))['errcode']).toBe(40097);
    expect((await up(new Uint8Array()))['errcode']).toBe(41005);
  });

  it('every image field must be a URL this account uploaded (40066), whatever host serves it', async () => {
    const a = await store();
    const foreign = 'https://img.example.com/x.jpg';
    const base = (await productBody(a))['product_base'];
    expect((await create(a, { product_base: { ...base, main_img: foreign } }))['errcode']).toBe(40066);
    expect((await create(a, { product_base: { ...base, img: [foreign] } }))['errcode']).toBe(40066);
    expect((await create(a, { product_base: { ...base, detail: [{ img: foreign }] } }))['errcode']).toBe(40066);
    const other = testAccount(wechatStoreSimulator);
    await other.login();
    const otherUrl = (await other.api('POST', '/merchant/common/upload_img', { query: { filename: 'o.png' }, body: pngBytes(7, 7) }))['image_url'];
    expect((await create(a, { product_base: { ...base, main_img: otherUrl } }))['errcode']).toBe(40066);
    const movedPort = (base['main_img'] as string).replace('127.0.0.1:9999', '127.0.0.1:1234');
    expect((await create(a, { product_base: { ...base, main_img: movedPort } }))['errcode']).toBe(0);
    const sku = (await productBody(a))['sku_list'][0];
    expect((await create(a, { sku_list: [{ ...sku, icon_url: foreign }] }))['errcode']).toBe(40066);
  });
});

describe('wechat-store products', () => {
  it('create, get (GET with body or POST), getbystatus, modproductstatus', async () => {
    const a = await store();
    const body = await productBody(a);
    const r = await a.api('POST', '/merchant/create', { json: body });
    expect(r).toMatchObject({ errcode: 0, errmsg: 'success', product_id: expect.stringMatching(/^p[A-Za-z0-9_-]{27}$/) });
    const info = await get(a, r['product_id']);
    expect(info).toEqual({
      product_id: r['product_id'],
      product_base: {
        name: 'iPhone 13',
        category_id: ['537074298'],
        property: [{ id: '1075781001', vid: '1079781011' }],
        sku_info: body.product_base.sku_info,
        main_img: body.product_base.main_img,
        img: body.product_base.img,
        buy_limit: 2,
        detail_html: detailHtml(body.product_base.detail as never),
      },
      sku_list: [
        { ...body.sku_list[0] },
        { ...body.sku_list[1], icon_url: '' },
      ],
      attrext: body.attrext,
      delivery_info: body.delivery_info,
    });
    expect(info.product_base.detail_html).toContain('国行 &lt;正品&gt;');
    expect(await a.api('POST', '/merchant/product/get', { json: { product_id: r['product_id'] } })).toMatchObject({ product_info: info });

    const byStatus = async (status: number) => (await a.api('POST', '/merchant/getbystatus', { json: { status } }))['products_info'];
    expect((await byStatus(0)).map((p: any) => [p.product_id, p.status])).toEqual([[r['product_id'], 2]]);
    expect(await byStatus(1)).toEqual([]);
    expect((await a.api('POST', '/merchant/modproductstatus', { json: { product_id: r['product_id'], status: 1 } }))['errcode']).toBe(0);
    expect((await byStatus(1))[0]).toMatchObject({ product_id: r['product_id'], status: 1, sku_list: info.sku_list });
    expect(await byStatus(2)).toEqual([]);
    expect((await a.api('POST', '/merchant/getbystatus', { json: { status: 3 } }))['errcode']).toBe(40097);
  });

  it('single-spec products use sku_id ""', async () => {
    const a = await store();
    const base = (await productBody(a))['product_base'];
    const single = { product_base: { ...base, sku_info: [] }, sku_list: [{ sku_id: '', price: 100, ori_price: 200, quantity: 1, product_code: 'cable' }] };
    expect((await create(a, single))['errcode']).toBe(0);
    expect((await create(a, { ...single, sku_list: [{ ...single.sku_list[0], sku_id: '$a:$b' }] }))['errcode']).toBe(40097);
  });

  it('validates category, properties, sku ids and prices (40097)', async () => {
    const a = await store();
    const body = await productBody(a);
    const base = body.product_base;
    const sku = body.sku_list[0]!;
    const bad = async (over: Record<string, unknown>) => (await create(a, over))['errcode'];
    expect(await bad({ product_base: { ...base, category_id: ['537074000'] } })).toBe(40097); // not a leaf
    expect(await bad({ product_base: { ...base, category_id: ['999'] } })).toBe(40097);
    expect(await bad({ product_base: { ...base, property: [{ id: '1075781001', vid: '1079781099' }] } })).toBe(40097);
    expect(await bad({ product_base: { ...base, property: [{ id: '1075781007', vid: '1079781071' }] } })).toBe(40097); // tea property
    expect(await bad({ product_base: { ...base, sku_info: [{ id: '1075741879', vid: ['1079749999'] }] } })).toBe(40097);
    expect(await bad({ product_base: { ...base, name: '' } })).toBe(40097);
    expect(await bad({ sku_list: [{ ...sku, sku_id: '$版本:$国行;1075741879:1079749967' }] })).toBe(40097); // order
    expect(await bad({ sku_list: [{ ...sku, sku_id: '1075741879:1079749967' }] })).toBe(40097); // too few
    expect(await bad({ sku_list: [{ ...sku, sku_id: '1075741879:1079749969;$版本:$国行' }] })).toBe(40097); // value not in sku_info
    expect(await bad({ sku_list: [sku, sku] })).toBe(40097);
    expect(await bad({ sku_list: [{ ...sku, price: 429_900 }] })).toBe(40097); // price must be below ori_price
    expect(await bad({ sku_list: [{ ...sku, price: 99.5 }] })).toBe(40097);
    expect(await bad({ sku_list: [{ ...sku, quantity: -1 }] })).toBe(40097);
    expect(await bad({ sku_list: [] })).toBe(40097);
    expect(await bad({ delivery_info: { delivery_type: 0, express: [{ id: 1, price: 1 }] } })).toBe(40097);
    expect(await bad({ delivery_info: { delivery_type: 1, template_id: 42 } })).toBe(40097);
    expect(await bad({ delivery_info: undefined })).toBe(40097);
    expect(await bad({ delivery_info: undefined, attrext: { isPostFree: 1 } })).toBe(0);
    expect((await a.api('POST', '/merchant/create', { body: new TextEncoder().encode('[1]') }))['errcode']).toBe(47001);
    expect((await a.api('POST', '/merchant/create', {}))['errcode']).toBe(44002);
  });

  it('update replaces the given parts; product_code is kept', async () => {
    const a = await store();
    const body = await productBody(a);
    const { product_id } = await a.api('POST', '/merchant/create', { json: body });
    const skus = body.sku_list.map((s) => ({ ...s, price: s.price - 10_000 }));
    expect((await a.api('POST', '/merchant/update', { json: { product_id, sku_list: skus, product_base: { ...body.product_base, name: '新名字' } } }))['errcode']).toBe(0);
    const info = await get(a, product_id);
    expect(info.product_base.name).toBe('新名字');
    expect(info.sku_list.map((s: any) => [s.price, s.product_code])).toEqual([[319_900, 'iphone13:black'], [324_900, 'iphone13:white']]);
    expect(info.attrext).toEqual(body.attrext);
    expect((await a.api('POST', '/merchant/update', { json: { product_id: 'pNope', sku_list: skus } }))['errcode']).toBe(40097);
  });

  it('once on shelf, name, category and properties are frozen (also after going off shelf)', async () => {
    const a = await store();
    const body = await productBody(a);
    const { product_id } = await a.api('POST', '/merchant/create', { json: body });
    await a.api('POST', '/merchant/modproductstatus', { json: { product_id, status: 1 } });
    await a.api('POST', '/merchant/modproductstatus', { json: { product_id, status: 0 } });
    const upd = async (base: Record<string, unknown>) =>
      (await a.api('POST', '/merchant/update', { json: { product_id, product_base: { ...body.product_base, ...base } } }))['errcode'];
    expect(await upd({ name: '改名' })).toBe(40097);
    expect(await upd({ property: [{ id: '1075781001', vid: '1079781012' }] })).toBe(40097);
    expect(await upd({ category_id: ['537062501'], sku_info: [], property: [] })).toBe(40097);
    expect(await upd({ buy_limit: 5 })).toBe(0);
    expect((await get(a, product_id)).product_base).toMatchObject({ name: 'iPhone 13', buy_limit: 5 });
  });

  it('del removes the product and its group memberships', async () => {
    const a = await store();
    const { product_id } = await create(a);
    const { group_id } = await a.api('POST', '/merchant/group/add', { json: { group_detail: { group_name: '手机', product_list: [product_id] } } });
    expect((await a.api('POST', '/merchant/del', { json: { product_id } }))['errcode']).toBe(0);
    expect((await a.api('GET', '/merchant/get', { json: { product_id } }))['errcode']).toBe(40097);
    expect((await a.api('POST', '/merchant/group/getbyid', { json: { group_id } }))['group_detail']['product_list']).toEqual([]);
    expect((await a.api('POST', '/merchant/del', { json: { product_id } }))['errcode']).toBe(40097);
  });
});

describe('wechat-store stock', () => {
  it('adds and reduces by deltas and never goes negative', async () => {
    const a = await store();
    const { product_id } = await create(a);
    const sku_info = '1075741879:1079749967;$版本:$国行';
    const qty = async () => (await get(a, product_id)).sku_list[0].quantity;
    expect((await a.api('POST', '/merchant/stock/add', { json: { product_id, sku_info, quantity: 6 } }))['errcode']).toBe(0);
    expect(await qty()).toBe(10);
    expect((await a.api('POST', '/merchant/stock/reduce', { json: { product_id, sku_info, quantity: 10 } }))['errcode']).toBe(0);
    expect(await qty()).toBe(0);
    expect((await a.api('POST', '/merchant/stock/reduce', { json: { product_id, sku_info, quantity: 1 } }))['errcode']).toBe(40097);
    expect(await qty()).toBe(0);
    expect((await a.api('POST', '/merchant/stock/add', { json: { product_id, sku_info: 'x:y', quantity: 1 } }))['errcode']).toBe(40097);
    expect((await a.api('POST', '/merchant/stock/add', { json: { product_id, sku_info, quantity: 0 } }))['errcode']).toBe(40097);
  });
});

describe('wechat-store categories', () => {
  it('walks the tree from root 1 and lists SKU tables and properties', async () => {
    const a = await store();
    const sub = await a.api('POST', '/merchant/category/getsub', { json: { cate_id: 1 } });
    expect(sub['cate_list'].map((c: any) => c.name)).toContain('手机通讯');
    const phones = await a.api('POST', '/merchant/category/getsub', { json: { cate_id: '537074000' } });
    expect(phones['cate_list']).toEqual([{ id: '537074298', name: '手机' }]);
    const skus = await a.api('POST', '/merchant/category/getsku', { json: { cate_id: '537074298' } });
    expect(skus['sku_table'][0]).toMatchObject({ id: '1075741879', name: '颜色', value_list: expect.arrayContaining([{ id: '1079749967', name: '黑色' }]) });
    const props = await a.api('POST', '/merchant/category/getproperty', { json: { cate_id: '537074298' } });
    expect(props['properties'][0]).toMatchObject({ id: '1075781001', name: '品牌', property_value: expect.any(Array) });
    expect((await a.api('POST', '/merchant/category/getsub', { json: { cate_id: '42' } }))['errcode']).toBe(40097);
  });

  it('knows every category the example catalog uses', async () => {
    const a = await store();
    for (const id of ['537063307', '537063305', '537063306', '537062501', '537090001', '537090002', '537080012', '537074298']) {
      const r = await a.api('POST', '/merchant/category/getsub', { json: { cate_id: id } });
      expect([id, r['errcode'], r['cate_list']]).toEqual([id, 0, []]);
    }
  });
});

describe('wechat-store postage templates', () => {
  it('add, getbyid, getall, update, del', async () => {
    const a = await store();
    const { template_id } = await a.api('POST', '/merchant/express/add', { json: { delivery_template: TEMPLATE } });
    expect(template_id).toEqual(expect.any(Number));
    expect((await a.api('POST', '/merchant/express/getbyid', { json: { template_id } }))['template_info']).toEqual({ Id: template_id, ...TEMPLATE });
    expect((await a.api('POST', '/merchant/express/update', { json: { template_id, delivery_template: { ...TEMPLATE, Name: '快递2' } } }))['errcode']).toBe(0);
    expect((await a.api('GET', '/merchant/express/getall'))['templates_info'].map((t: any) => t.Name)).toEqual(['快递2']);
    expect((await a.api('POST', '/merchant/express/del', { json: { template_id } }))['errcode']).toBe(0);
    expect((await a.api('POST', '/merchant/express/getbyid', { json: { template_id } }))['errcode']).toBe(40097);
  });

  it('validates templates and refuses to delete one in use', async () => {
    const a = await store();
    const add = async (t: Record<string, unknown>) => (await a.api('POST', '/merchant/express/add', { json: { delivery_template: { ...TEMPLATE, ...t } } }))['errcode'];
    expect(await add({ Valuation: 1 })).toBe(40097);
    expect(await add({ Assumer: 2 })).toBe(40097);
    expect(await add({ TopFee: [{ ...TEMPLATE.TopFee[0], Type: 1 }] })).toBe(40097);
    expect(await add({ TopFee: [] })).toBe(40097);
    const { template_id } = await a.api('POST', '/merchant/express/add', { json: { delivery_template: TEMPLATE } });
    const { product_id } = await create(a, { delivery_info: { delivery_type: 1, template_id } });
    expect((await get(a, product_id)).delivery_info).toEqual({ delivery_type: 1, template_id, express: [] });
    expect((await a.api('POST', '/merchant/express/del', { json: { template_id } }))['errcode']).toBe(40097);
  });
});

describe('wechat-store groups and shelves', () => {
  it('group add, propertymod, productmod, getall, getbyid, del', async () => {
    const a = await store();
    const p1 = (await create(a))['product_id'];
    const p2 = (await create(a))['product_id'];
    const { group_id } = await a.api('POST', '/merchant/group/add', { json: { group_detail: { group_name: '手机', product_list: [p1] } } });
    expect((await a.api('POST', '/merchant/group/propertymod', { json: { group_id, group_name: '苹果手机' } }))['errcode']).toBe(0);
    expect((await a.api('POST', '/merchant/group/productmod', { json: { group_id, product: [{ product_id: p2, mod_action: 1 }, { product_id: p1, mod_action: 0 }] } }))['errcode']).toBe(0);
    expect((await a.api('POST', '/merchant/group/getbyid', { json: { group_id } }))['group_detail']).toEqual({ group_id, group_name: '苹果手机', product_list: [p2] });
    expect((await a.api('GET', '/merchant/group/getall'))['groups_detail']).toEqual([{ group_id, group_name: '苹果手机' }]);
    expect((await a.api('POST', '/merchant/group/productmod', { json: { group_id, product: [{ product_id: 'pNope', mod_action: 1 }] } }))['errcode']).toBe(40097);
    expect((await a.api('POST', '/merchant/group/add', { json: { group_detail: { group_name: 'x', product_list: ['pNope'] } } }))['errcode']).toBe(40097);
    expect((await a.api('POST', '/merchant/group/del', { json: { group_id } }))['errcode']).toBe(0);
    expect((await a.api('POST', '/merchant/group/getbyid', { json: { group_id } }))['errcode']).toBe(40097);
  });

  it('shelf add, getbyid, getall, mod, del; banner and module images must be uploaded; used groups stay', async () => {
    const a = await store();
    const banner = await uploadImg(a, pngBytes(320, 100), 'banner.png');
    const g1 = (await a.api('POST', '/merchant/group/add', { json: { group_detail: { group_name: '手机' } } }))['group_id'];
    const g2 = (await a.api('POST', '/merchant/group/add', { json: { group_detail: { group_name: '配件' } } }))['group_id'];
    const modules = [
      { eid: 1, group_info: { group_id: g1, filter: { count: 4 } } },
      { eid: 2, group_infos: { groups: [{ group_id: g1 }, { group_id: g2 }] } },
      { eid: 3, group_info: { group_id: g2, img: banner } },
      { eid: 4, group_infos: { groups: [{ group_id: g1, img: banner }] } },
      { eid: 5, group_infos: { groups: [{ group_id: g2 }], img_background: banner } },
    ];
    const shelf = { shelf_data: { module_infos: modules }, shelf_banner: banner, shelf_name: '首页' };
    const { shelf_id } = await a.api('POST', '/merchant/shelf/add', { json: shelf });
    expect(shelf_id).toEqual(expect.any(Number));
    const one = await a.api('POST', '/merchant/shelf/getbyid', { json: { shelf_id } });
    expect(one).toMatchObject({ errcode: 0, shelf_info: { module_infos: modules }, shelf_banner: banner, shelf_name: '首页', shelf_id });
    expect((await a.api('POST', '/merchant/shelf/mod', { json: { ...shelf, shelf_id, shelf_name: '新首页' } }))['errcode']).toBe(0);
    expect((await a.api('GET', '/merchant/shelf/getall'))['shelves'].map((s: any) => s.shelf_name)).toEqual(['新首页']);
    expect((await a.api('POST', '/merchant/group/del', { json: { group_id: g1 } }))['errcode']).toBe(40097);
    const bad = async (over: Record<string, unknown>) => (await a.api('POST', '/merchant/shelf/add', { json: { ...shelf, ...over } }))['errcode'];
    expect(await bad({ shelf_banner: 'https://img.example.com/b.png' })).toBe(40066);
    expect(await bad({ shelf_data: { module_infos: [{ eid: 3, group_info: { group_id: g1, img: 'https://x/y.png' } }] } })).toBe(40066);
    expect(await bad({ shelf_data: { module_infos: [{ eid: 6 }] } })).toBe(40097);
    expect(await bad({ shelf_data: { module_infos: [{ eid: 2, group_infos: { groups: [{ group_id: 1 }] } }] } })).toBe(40097);
    expect((await a.api('POST', '/merchant/shelf/del', { json: { shelf_id } }))['errcode']).toBe(0);
    expect((await a.api('POST', '/merchant/group/del', { json: { group_id: g1 } }))['errcode']).toBe(0);
  });
});

describe('wechat-store quotas and contract', () => {
  it('dailyCallLimit (45009) and tokens', async () => {
    const a = await store({ dailyCallLimit: 1 });
    expect((await a.api('GET', '/merchant/group/getall'))['errcode']).toBe(0);
    expect((await a.api('GET', '/merchant/group/getall'))['errcode']).toBe(45009);
    expect((await a.call('GET', '/merchant/group/getall'))['errcode']).toBe(41001);
  });

  it('isWrite: everything but reads, categories and tokens', () => {
    const w = (path: string) => wechatStoreSimulator.isWrite(request('POST', path));
    for (const p of ['create', 'del', 'update', 'modproductstatus', 'stock/add', 'stock/reduce', 'express/add', 'express/del', 'express/update', 'group/add', 'group/del', 'group/propertymod', 'group/productmod', 'shelf/add', 'shelf/del', 'shelf/mod', 'common/upload_img', 'product/create']) {
      expect([p, w(`/merchant/${p}`)]).toEqual([p, true]);
    }
    for (const p of ['get', 'getbystatus', 'category/getsub', 'category/getsku', 'category/getproperty', 'express/getbyid', 'express/getall', 'group/getall', 'group/getbyid', 'shelf/getall', 'shelf/getbyid', 'product/get']) {
      expect([p, w(`/merchant/${p}`)]).toEqual([p, false]);
    }
    expect(w('/cgi-bin/token') || w('/cgi-bin/stable_token')).toBe(false);
  });

  it('seed=false: empty account; seed=true: demo data that passes its own validation', async () => {
    const empty = wechatStoreSimulator.initialState(false);
    expect([empty.products, empty.groups, empty.templates, empty.shelves]).toEqual([[], [], [], []]);
    const a = await store({}, true);
    const all = (await a.api('POST', '/merchant/getbystatus', { json: { status: 0 } }))['products_info'];
    const codes = all.flatMap((p: any) => p.sku_list.map((s: any) => s.product_code));
    expect(codes).toContain('airpods-pro2');
    expect(codes).toContain('iphone13-128:midnight');
    expect(codes).toContain('SG-GIFT-001');
    expect((await a.api('GET', '/merchant/group/getall'))['groups_detail']).toHaveLength(1);
    expect((await a.api('GET', '/merchant/express/getall'))['templates_info']).toHaveLength(1);
    // Seeded products are valid: re-saving each unchanged succeeds (frozen fields untouched).
    for (const p of a.ctx.state.products) {
      const { detail, ...base } = p.product_base;
      const r = await a.api('POST', '/merchant/update', {
        json: { product_id: p.product_id, product_base: { ...base, detail }, sku_list: p.sku_list, attrext: p.attrext, ...(p.delivery_info ? { delivery_info: p.delivery_info } : {}) },
      });
      expect([p.product_id, r['errcode'], r['errmsg']]).toEqual([p.product_id, 0, 'success']);
    }
  });
});
