/** Freight templates, categories, image upload and the demo seed of the Channels store simulator. */
import { describe, expect, it } from 'vitest';
import { jpegBytes, multipart, pngBytes } from '../../../test/helpers/wechat-sandbox.js';
import { parseJsonKeepingBigIntegers, stringifyWithBareIntegers, bareInteger } from './json.js';
import { channelsAccount, cupBody, readyAccount, templateBody, type ChannelsTestAccount } from '../../../test/helpers/wechat-channels-sandbox.js';

const errcode = (r: { body: Record<string, any> }) => r.body['errcode'] as number;

describe('wechat-channels: json with uint64 ids', () => {
  it('writes marked ids bare and reads big integers exactly', () => {
    const text = stringifyWithBareIntegers({ a: bareInteger('23423523452345235'), b: 'x', c: [bareInteger('1')] });
    expect(text).toBe('{"a":23423523452345235,"b":"x","c":[1]}');
    expect(parseJsonKeepingBigIntegers(text)).toEqual({ a: '23423523452345235', b: 'x', c: [1] });
    expect(parseJsonKeepingBigIntegers('{"s":"12345678901234567890","n":-1.5e3,"big":-18446744073709551615,"q":"\\"9007199254740993"}')).toEqual({
      s: '12345678901234567890',
      n: -1500,
      big: '-18446744073709551615',
      q: '"9007199254740993',
    });
    expect(() => parseJsonKeepingBigIntegers('{"a":}')).toThrow();
  });
});

describe('wechat-channels: freight templates', () => {
  it('add, get (fees in fen, regional rules), list with offset/limit, update the whole template', async () => {
    const a = await channelsAccount();
    const added = await a.post('merchant/addfreighttemplate', { freight_template: templateBody('默认快递') });
    expect(added.body).toMatchObject({ errcode: 0, template_id: expect.stringMatching(/^\d+$/) });
    const templateId = added.body['template_id'] as string;
    const got = await a.post('merchant/getfreighttemplatedetail', { template_id: templateId });
    expect(got.body['freight_template']).toMatchObject({
      template_id: templateId,
      name: '默认快递',
      valuation_type: 'PIECE',
      all_freight_calc_method: { freight_calc_method_list: [{ is_default: true, first_price: 800 }, { address_infos: [{ province_name: '新疆维吾尔自治区' }], first_price: 2000 }] },
      create_time: expect.any(Number),
      update_time: expect.any(Number),
    });
    const second = (await a.post('merchant/addfreighttemplate', { freight_template: templateBody('包邮', { shipping_method: 'FREE', all_freight_calc_method: undefined }) })).body['template_id'];
    expect((await a.post('merchant/getfreighttemplatelist', { offset: 0, limit: 10 })).body['template_id_list']).toEqual([templateId, second]);
    expect((await a.post('merchant/getfreighttemplatelist', { offset: 1, limit: 1 })).body['template_id_list']).toEqual([second]);

    a.advance(5000);
    const changed = templateBody('默认快递', { template_id: templateId, send_time: 'SendTime_TWENTYFOUR_HOUR' });
    expect((await a.post('merchant/updatefreighttemplate', { freight_template: changed })).body).toMatchObject({ errcode: 0, template_id: templateId });
    const after = (await a.post('merchant/getfreighttemplatedetail', { template_id: templateId })).body['freight_template'];
    expect(after.send_time).toBe('SendTime_TWENTYFOUR_HOUR');
    expect(after.update_time).toBe(got.body['freight_template'].update_time + 5);
    // Update needs the whole object.
    expect(errcode(await a.post('merchant/updatefreighttemplate', { freight_template: { template_id: templateId, name: '默认快递' } }))).toBe(10021081);
    expect(errcode(await a.post('merchant/updatefreighttemplate', { freight_template: templateBody('x', { template_id: '1' }) }))).toBe(10020051);
    expect(errcode(await a.post('merchant/getfreighttemplatedetail', { template_id: '1' }))).toBe(10020051);
  });

  it.each([
    ['a taken name', {}, 10021200],
    ['an unknown send_time', { send_time: 'SendTime_NEVER' }, 10021082],
    ['no ship-from address', { address_info: undefined }, 10021081],
    ['a ship-from address without a province', { address_info: { city_name: '深圳市' } }, 10021081],
    ['an unknown province', { address_info: { province_name: '火星' } }, 10021054],
    ['no default rule', { all_freight_calc_method: { freight_calc_method_list: [] } }, 10021055],
    [
      'a default rule with addresses',
      { all_freight_calc_method: { freight_calc_method_list: [{ is_default: true, address_infos: [{ province_name: '北京市' }], first_val_amount: 1, first_price: 1, second_val_amount: 1, second_price: 1 }] } },
      10021053,
    ],
    ['a fee that is not whole fen', { all_freight_calc_method: { freight_calc_method_list: [{ is_default: true, first_val_amount: 1, first_price: 8.5, second_val_amount: 1, second_price: 0 }] } }, 10020051],
    ['too many couriers', { delivery_id: Array.from({ length: 21 }, (_, i) => `c${i}`) }, 10025502],
    ['no delivery anywhere', { not_send_area: { address_infos: 'ALL' } }, 10025501],
    ['an unknown valuation_type', { valuation_type: 'VOLUME' }, 10020051],
  ])('refuses %s', async (_name, over, code) => {
    const a = await channelsAccount();
    expect(errcode(await a.post('merchant/addfreighttemplate', { freight_template: templateBody('默认快递') }))).toBe(0);
    const patch: Record<string, unknown> = { ...over };
    const { PROVINCES } = await import('./freight.js');
    if ((patch['not_send_area'] as { address_infos?: unknown } | undefined)?.address_infos === 'ALL') {
      patch['not_send_area'] = { address_infos: PROVINCES.map((province_name) => ({ province_name })) };
    }
    const name = code === 10021200 ? '默认快递' : '另一个模板';
    const r = await a.post('merchant/addfreighttemplate', { freight_template: templateBody(name, patch) });
    expect(errcode(r), r.text).toBe(code);
    expect(a.state().templates).toHaveLength(1);
  });

  it('accepts address_info (an array) inside rules and answers with the key it was given', async () => {
    const a = await channelsAccount();
    const rules = { freight_calc_method_list: [{ is_default: true, address_info: [], first_val_amount: 1, first_price: 0, second_val_amount: 1, second_price: 0 }] };
    const r = await a.post('merchant/addfreighttemplate', { freight_template: templateBody('旧格式', { all_freight_calc_method: rules, not_send_area: { address_info: [{ province_name: '西藏自治区' }] } }) });
    expect(errcode(r)).toBe(0);
    const got = (await a.post('merchant/getfreighttemplatedetail', { template_id: r.body['template_id'] })).body['freight_template'];
    expect(got.all_freight_calc_method.freight_calc_method_list[0]).toHaveProperty('address_info', []);
    expect(got.not_send_area).toEqual({ address_info: [{ province_name: '西藏自治区' }] });
  });

  it('one store default: saving a default clears the others', async () => {
    const a = await channelsAccount();
    const first = (await a.post('merchant/addfreighttemplate', { freight_template: templateBody('一', { is_default: true }) })).body['template_id'];
    await a.post('merchant/addfreighttemplate', { freight_template: templateBody('二', { is_default: true }) });
    expect((await a.post('merchant/getfreighttemplatedetail', { template_id: first })).body['freight_template'].is_default).toBe(false);
  });

  it('a by-weight template needs express_info.weight on products', async () => {
    const { a, imgs } = await readyAccount();
    const weightId = (await a.post('merchant/addfreighttemplate', { freight_template: templateBody('按重量', { valuation_type: 'WEIGHT' }) })).body['template_id'] as string;
    expect(errcode(await a.post('product/add', cupBody(imgs, weightId)))).toBe(10020019);
    expect(errcode(await a.post('product/add', cupBody(imgs, weightId, { express_info: { template_id: weightId, weight: 400 } })))).toBe(0);
  });
});

describe('wechat-channels: categories', () => {
  it('category/all answers both trees level by level (GET or POST)', async () => {
    const a = await channelsAccount();
    for (const method of ['GET', 'POST']) {
      const r = await a.send(method, '/channels/ec/category/all', method === 'POST' ? { json: {} } : {});
      expect(errcode(r)).toBe(0);
      const v2 = r.body['cats_v2'] as Array<{ cat_and_qua: Array<{ cat: Record<string, unknown> }> }>;
      expect(v2[0]!.cat_and_qua.map((c) => c.cat['name'])).toEqual(['数码', '食品饮料', '家居日用', '图书']);
      expect(v2.flatMap((l) => l.cat_and_qua).find((c) => c.cat['cat_id'] === '6091')).toMatchObject({ cat: { f_cat_id: '10000113', level: 3, leaf: true }, qua: { need_to_apply: false } });
      expect(v2).toHaveLength(4); // 蓝牙耳机 is a level-4 leaf
      expect(r.body['cats']).toHaveLength(3);
    }
  });

  it('availablesoncategories/get lists children in both trees; the same leaf ids under different parents', async () => {
    const a = await channelsAccount();
    const roots = await a.post('category/availablesoncategories/get', { f_cat_id: 0 });
    expect(roots.body['cat_list_v2'].map((c: { cat_id: string }) => c.cat_id)).toEqual(['10000001', '10000100', '10000111', '10000200']);
    expect(roots.body['cat_list'].map((c: { cat_id: string }) => c.cat_id)).toEqual(['1', '2', '3', '4']);
    const cups = await a.post('category/availablesoncategories/get', { f_cat_id: '10000113' });
    expect(cups.body['cat_list_v2']).toEqual([{ cat_id: '6091', name: '杯子', f_cat_id: '10000113', leaf: true }]);
  });

  it('category/detail gives the attributes a leaf requires; non-leaf ids are refused', async () => {
    const a = await channelsAccount();
    const r = await a.post('category/detail', { cat_id: '7001' });
    expect(r.body).toMatchObject({ info: { cat_id: '7001', name: '手机' }, attr: { seven_day_return: true, floor_price: 10000 }, product_qua_list: [] });
    expect(r.body['attr'].product_attr_list).toContainEqual({ name: '品牌', type: 'select_one', type_v2: 'select_one', value: expect.stringContaining('Apple'), is_required: true, hint: expect.any(String), append_allowed: true });
    expect(r.body['attr'].sale_attr_list.map((x: { name: string }) => x.name)).toEqual(['颜色', '存储容量']);
    const tea = await a.post('category/detail', { cat_id: 8001 });
    expect(tea.body['attr'].product_attr_list.filter((x: { is_required: boolean }) => x.is_required).map((x: { name: string }) => x.name)).toEqual(['产地', '净含量', '保质期']);
    expect(errcode(await a.post('category/detail', { cat_id: '10000001' }))).toBe(10020051);
  });
});

describe('wechat-channels: basics/img/upload', () => {
  async function upload(a: ChannelsTestAccount, bytes: Uint8Array, query: Record<string, string>) {
    const { body, headers } = await multipart('media', bytes);
    return a.send('POST', '/channels/ec/basics/img/upload', { body, headers, query });
  }
  const binary = { upload_type: '0', resp_type: '1', width: '640', height: '480' };

  it('returns an mmecimage.cn img_url, the same for the same bytes; media_id with resp_type 0', async () => {
    const a = await channelsAccount();
    const first = await upload(a, pngBytes(640, 480), binary);
    expect(first.body['pic_file'].img_url).toMatch(/^https:\/\/mmecimage\.cn\/p\/wx0000000000000001\/[0-9a-f]{64}$/);
    expect((await upload(a, pngBytes(640, 480), binary)).body['pic_file'].img_url).toBe(first.body['pic_file'].img_url);
    expect((await upload(a, jpegBytes(640, 480), binary)).body['pic_file'].img_url).not.toBe(first.body['pic_file'].img_url);
    const media = await upload(a, pngBytes(641, 480), { ...binary, resp_type: '0' });
    expect(media.body['pic_file']).toEqual({ media_id: expect.any(String), pay_media_id: expect.any(String) });
  });

  it('URL uploads (upload_type 1) are not fetched and give a stable img_url', async () => {
    const a = await channelsAccount();
    const send = (img_url: string) => a.post('basics/img/upload', { img_url }, { upload_type: '1', resp_type: '1' });
    const r = await send('https://img.shiguang-digital.cn/products/gan-65w/main.jpg');
    expect(r.body['pic_file'].img_url).toMatch(/\/2dc01048ee1aefc174c18b96208c938996f20489bcf2ec1b2dfb3fbc8c278c68$/);
    expect((await send(r.body['pic_file'].img_url)).body['pic_file'].img_url).toBe(r.body['pic_file'].img_url);
    expect(errcode(await send('ftp://example.com/a.png'))).toBe(10020051);
  });

  it('refuses missing query parameters (10020055), empty (10020059), oversized (10020060) and non-images', async () => {
    const a = await channelsAccount();
    expect(errcode(await upload(a, pngBytes(10, 10), { resp_type: '1' }))).toBe(10020055);
    expect(errcode(await upload(a, pngBytes(10, 10), { upload_type: '0', resp_type: '1' }))).toBe(10020055);
    expect(errcode(await upload(a, new Uint8Array(), binary))).toBe(10020059);
    expect(errcode(await upload(a, new TextEncoder().encode('GIF89a'), binary))).toBe(10020051);
    expect(errcode(await upload(a, pngBytes(10, 10, 2 * 1024 * 1024 + 1), { ...binary, resp_type: '0' }))).toBe(10020060);
    expect(errcode(await upload(a, pngBytes(10, 10, 2 * 1024 * 1024 + 1), binary))).toBe(0);
    expect(errcode(await upload(a, pngBytes(10, 10, 10 * 1024 * 1024 + 1), binary))).toBe(10020060);
    expect(errcode(await a.send('POST', '/channels/ec/basics/img/upload', { body: new TextEncoder().encode('x'), headers: { 'content-type': 'image/png' }, query: binary }))).toBe(10020059);
  });

  it('products accept only img_urls this store issued (not media ids, not another store’s keys)', async () => {
    const { a, imgs, templateId } = await readyAccount();
    const other = await channelsAccount();
    const foreign = await other.image(99);
    expect(errcode(await a.post('product/add', cupBody([imgs[0]!, imgs[1]!, foreign], templateId)))).toBe(10020035);
    const media = (await upload(a, pngBytes(700, 700), { ...binary, resp_type: '0' })).body['pic_file'].media_id as string;
    expect(errcode(await a.post('product/add', cupBody([imgs[0]!, imgs[1]!, media], templateId)))).toBe(10020035);
    // The appid segment and host are not compared: the key is.
    const moved = imgs[2]!.replace('https://mmecimage.cn/p/wx0000000000000001', 'http://127.0.0.1:1/acct/p/wx-other');
    expect(errcode(await a.post('product/add', cupBody([imgs[0]!, imgs[1]!, moved], templateId)))).toBe(0);
  });

  it('imageUrls "sandbox" issues account URLs that serve the bytes without a token', async () => {
    const a = await channelsAccount({ options: { imageUrls: 'sandbox' } });
    const bytes = pngBytes(320, 200);
    const url = (await upload(a, bytes, binary)).body['pic_file'].img_url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:9999\/acct\/p\/wx0000000000000001\/[0-9a-f]{64}$/);
    const path = url.slice('http://127.0.0.1:9999/acct'.length);
    const res = await a.account.raw({ method: 'GET', path, query: new URLSearchParams(), headers: new Headers(), body: new Uint8Array(), text: '' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(bytes);
    const missing = await a.account.raw({ method: 'GET', path: '/p/x/' + '0'.repeat(64), query: new URLSearchParams(), headers: new Headers(), body: new Uint8Array(), text: '' });
    expect(missing.status).toBe(404);
  });
});

describe('wechat-channels: demo seed', () => {
  it('differs from the example catalog: charger black at 139 yuan, an unmanaged mug, template 默认快递 at 10 yuan', async () => {
    const a = await channelsAccount({ seed: true, options: { listIncludesNeverListed: true } });
    const ids = (await a.post('product/list/get', { page_size: 30 })).body['product_ids'] as string[];
    expect(ids).toHaveLength(2);
    const products = await Promise.all(ids.map(async (id) => (await a.post('product/get', { product_id: id, data_type: 3 })).body));
    const charger = products.find((p) => p['product'].out_product_id === 'gan-charger-65w')!;
    expect(charger['product']).toMatchObject({ status: 5, edit_status: 4 });
    expect(charger['product'].skus.map((s: { out_sku_id: string; sale_price: number; stock_num: number }) => [s.out_sku_id, s.sale_price, s.stock_num])).toEqual([
      ['white', 12900, 150],
      ['black', 13900, 80],
    ]);
    expect(products.find((p) => p['product'].out_product_id === '')!['product'].title).toBe('陶瓷马克杯 350ml 白色');
    const templates = (await a.post('merchant/getfreighttemplatelist', { offset: 0, limit: 10 })).body['template_id_list'] as string[];
    expect(templates).toHaveLength(1);
    const template = (await a.post('merchant/getfreighttemplatedetail', { template_id: templates[0] })).body['freight_template'];
    expect(template).toMatchObject({ name: '默认快递', all_freight_calc_method: { freight_calc_method_list: [{ is_default: true, first_price: 1000 }, expect.anything()] } });
  });

  it('seed products are valid: re-submitting them through update passes every check, and uploading the catalog URL yields the seeded image', async () => {
    const a = await channelsAccount({ seed: true, options: { auditDelayMs: 0 } });
    for (const p of a.state().products) {
      const { skus, extras, ...data } = structuredClone(p.draft);
      const body = { product_id: p.product_id, out_product_id: p.out_product_id, ...data, ...extras, skus: skus.map((s) => ({ ...s, stock_num: p.stock[s.sku_id] })), listing: 1 };
      const r = await a.post('product/update', body);
      expect(r.body, r.text).toMatchObject({ errcode: 0 });
    }
    const url = (await a.post('basics/img/upload', { img_url: 'https://img.shiguang-digital.cn/products/gan-65w/main.jpg' }, { upload_type: '1', resp_type: '1' })).body['pic_file'].img_url as string;
    expect(a.state().products[0]!.online!.head_imgs[0]!.endsWith(url.slice(url.lastIndexOf('/')))).toBe(true);
  });

  it('new products get ids after the seeded ones', async () => {
    const a = await channelsAccount({ seed: true });
    const imgs = await a.images(4);
    const r = await a.post('product/add', cupBody(imgs, '47428464001'));
    expect(errcode(r)).toBe(0);
    expect(BigInt(r.body['data'].product_id as string) > 10000000000000003n).toBe(true);
  });
});
