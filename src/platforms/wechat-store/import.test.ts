/**
 * wechat-store `catalog import`: products (single and multi spec, custom and category SKU options,
 * template delivery, groups), groups, postage templates and shelves become documents that validate and
 * plan with no changes, with the state the import records and after losing it. The live side is built
 * by the client's own pure projection (storeIdentities / groupsToRead / storeObjects).
 */
import { describe, expect, test } from 'vitest';
import { actionsOn, importRoundTrip } from '../../../test/helpers/import-round-trip.js';
import type { DesiredObject, TargetState } from '../types.js';
import { groupsToRead, storeIdentities, storeObjects, type StoreRead } from './client.js';
import { wechatStoreAdapter } from './index.js';
import { wireProduct, wireShelf, wireTemplate } from './wire.js';

const img = (n: string) => `https://mmbiz.qpic.cn/img/${n}`;
const READ: StoreRead = {
  products: [
    // Made in the store console: product_code is not a catalog key.
    {
      product_id: 'pGIFT',
      status: 1,
      product_base: { name: '礼品卡 100元', category_id: ['537090001'], property: [], main_img: img('gift'), img: [img('gift')], detail: [{ text: '门店通用。' }], buy_limit: 5 },
      sku_list: [{ sku_id: '', price: 9500, ori_price: 10000, quantity: 999, icon_url: '', product_code: 'SG-GIFT-001' }],
      attrext: { isPostFree: 1, isHasReceipt: 0, isUnderGuaranty: 0, isSupportReplace: 0 },
      delivery_info: null,
    },
    // Multi spec, no product_code, a custom and a category SKU option, template delivery, two groups.
    {
      product_id: 'pCASE',
      status: 2,
      product_base: {
        name: '手机壳',
        category_id: ['537063306'],
        property: [{ id: '1075781001', vid: '1079781011' }],
        main_img: img('case'),
        img: [img('case'), img('case2')],
        detail: [{ text: '第一段' }, { img: img('case2') }],
        buy_limit: 0,
      },
      sku_list: [
        { sku_id: '$颜色:$黑色;1075741890:1079749991', price: 1990, ori_price: 2990, quantity: 5, icon_url: img('black'), product_code: '' },
        { sku_id: '$颜色:$白色;1075741890:$特大', price: 2990, ori_price: 3990, quantity: 0, icon_url: '', product_code: '' },
      ],
      attrext: { isPostFree: 0, isHasReceipt: 1, isUnderGuaranty: 0, isSupportReplace: 1, location: { country: '中国', province: '广东省', city: '深圳市', address: '' } },
      delivery_info: { delivery_type: 1, template_id: 300, express: [] },
    },
    // Flat express fees, product_code a catalog key.
    {
      product_id: 'pCABLE',
      status: 2,
      product_base: { name: '数据线', category_id: ['537063306'], main_img: img('cable'), img: [img('cable')], detail: [], buy_limit: 0 },
      sku_list: [{ sku_id: '', price: 1990, ori_price: 2990, quantity: 3, icon_url: '', product_code: 'cable-1m' }],
      delivery_info: { delivery_type: 0, express: [{ id: 10000029, price: 1250 }] },
    },
  ].map((p) => wireProduct.parse(p)),
  templates: [
    wireTemplate.parse({
      Id: 300,
      Name: '包邮模板',
      Assumer: 1,
      TopFee: [{ Type: 10000028, Normal: { StartStandards: 1, StartFees: 0, AddStandards: 1, AddFees: 100 }, Custom: [{ StartStandards: 1, StartFees: 2000, AddStandards: 2, AddFees: 1000, DestCountry: '中国', DestProvince: '新疆维吾尔自治区', DestCity: '乌鲁木齐市' }] }],
    }),
  ],
  groups: [
    { group_id: '206', group_name: '手机' },
    { group_id: '207', group_name: '配件' },
  ],
  shelves: [
    wireShelf.parse({
      shelf_id: '50',
      shelf_name: '首页',
      shelf_banner: img('banner'),
      shelf_info: { module_infos: [{ eid: 1, group_info: { group_id: 207, filter: { count: 4 } } }, { eid: 3, group_info: { group_id: 206, img: img('m3') } }, { eid: 2, group_infos: { groups: [{ group_id: 206 }, { group_id: 207 }] } }] },
    }),
  ],
};
const DETAILS = new Map([
  ['206', ['pCASE', 'pIPHONE']],
  ['207', ['pCASE']],
]);
/** The catalog already has group 手机 (adopted by name). */
const PHONES = 'kind: Group\nkey: phones\nname: 手机\ntargets: [store]\n';

function read(state: TargetState, desired: DesiredObject[]) {
  const ids = storeIdentities(READ, { state, desired }, 'store');
  const details = new Map(groupsToRead(READ, ids).map((g) => [g.group_id, DETAILS.get(g.group_id) ?? []]));
  return storeObjects(READ, ids, details, state);
}
const noState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const phonesDesired: DesiredObject[] = [{ kind: 'Group', key: 'phones', protect: false, fields: { name: '手机', products: [] } }];

describe('wechat-store import', async () => {
  const r = await importRoundTrip({ adapter: wechatStoreAdapter, target: 'store', live: read(noState, phonesDesired), existing: { 'groups.yaml': PHONES }, reread: read });
  const doc = (ref: string) => r.documents.find((d) => `${d.kind}/${d.key}` === ref)?.doc;

  test('documents validate; keys from product_code, else "<target>-<id>"', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => `${d.kind}/${d.key}`)).toEqual(['ShippingTemplate/store-300', 'Group/store-207', 'Product/store-pgift', 'Product/store-pcase', 'Product/cable-1m', 'Shelf/store-50']);
  });

  test('a product: platform image URLs, SKU options from sku_id, template and groups by key', () => {
    expect(doc('Product/store-pcase')).toEqual({
      kind: 'Product',
      key: 'store-pcase',
      title: '手机壳',
      images: [img('case'), img('case2')],
      groups: ['phones', 'store-207'],
      shipping: 'store-300',
      onSale: false,
      skus: [
        { key: expect.stringMatching(/^sku-[0-9a-f]{8}$/), options: { 颜色: '黑色', 属性1075741890: '1079749991' }, price: '19.90', originalPrice: '29.90', stock: 5, image: img('black') },
        { key: expect.stringMatching(/^sku-[0-9a-f]{8}$/), options: { 颜色: '白色', 属性1075741890: '特大' }, price: '29.90', originalPrice: '39.90', stock: 0 },
      ],
      targets: ['store'],
      platforms: {
        'wechat-store': {
          categoryId: '537063306',
          properties: { '1075781001': '1079781011' },
          skuProperties: { 属性1075741890: { id: '1075741890', values: { '1079749991': '1079749991' } } },
          detail: [{ text: '第一段' }, { image: img('case2') }],
          attrext: { isHasReceipt: true, isSupportReplace: true, location: { country: '中国', province: '广东省', city: '深圳市', address: '' } },
        },
      },
    });
    expect(doc('Product/store-pgift')).toMatchObject({ description: '门店通用。', price: '95.00', originalPrice: '100.00', stock: 999, onSale: true });
    expect(doc('Product/cable-1m')).toMatchObject({ platforms: { 'wechat-store': { express: [{ carrier: 'ems', fee: '12.50' }] } } });
  });

  test('template and shelf', () => {
    expect(doc('ShippingTemplate/store-300')).toEqual({
      kind: 'ShippingTemplate',
      key: 'store-300',
      name: '包邮模板',
      payer: 'seller',
      targets: ['store'],
      rates: [{ carrier: 'express', firstItems: 1, firstFee: '0.00', additionalItems: 1, additionalFee: '1.00', regions: [{ country: '中国', province: '新疆维吾尔自治区', city: '乌鲁木齐市', firstItems: 1, firstFee: '20.00', additionalItems: 2, additionalFee: '10.00' }] }],
    });
    expect(doc('Shelf/store-50')).toEqual({
      kind: 'Shelf',
      key: 'store-50',
      name: '首页',
      banner: img('banner'),
      targets: ['store'],
      modules: [
        { type: 1, groups: ['store-207'], count: 4 },
        { type: 3, groups: ['phones'], image: img('m3') },
        { type: 2, groups: ['phones', 'store-207'] },
      ],
    });
  });

  test('round trip: no change and nothing unmanaged, with the state and after losing it', () => {
    expect(actionsOn(r.plan, r.documents)).toEqual([]);
    expect(actionsOn(r.planWithoutState, r.documents)).toEqual([]);
    expect(r.plan.unmanaged).toEqual([]);
    expect(r.planWithoutState.unmanaged).toEqual([]);
    // The catalog's group 手机 holds an imported product on the platform: the product lists it, so no membership change.
    expect(r.plan.actions).toEqual([]);
  });
});
