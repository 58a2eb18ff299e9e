/** goofish `catalog import`: products (single and multi-spec) become documents that validate and plan with no changes. */
import { describe, expect, test } from 'vitest';
import { actionsOn, importRoundTrip } from '../../../test/helpers/import-round-trip.js';
import { goofishAdapter } from './index.js';
import { liveProduct } from './mapping.js';
import type { WireProduct } from './wire.js';

const SHOP = { user_name: 'tb-shop-1', province: 330000, city: 330100, district: 330106 };
const PRODUCTS: WireProduct[] = [
  // outer_id is a catalog key: imported under it. Published, with an original price and postage.
  {
    product_id: 219530768100001,
    product_status: 22,
    publish_status: 3,
    item_biz_type: 2,
    sp_biz_type: 1,
    channel_cat_id: 'c-kettle',
    price: 12900,
    original_price: 19900,
    express_fee: 800,
    stock: 7,
    outer_id: 'kettle',
    stuff_status: 100,
    publish_shop: [{ ...SHOP, title: '电水壶 1.7L', content: '304 不锈钢内胆,一键沸腾。', images: ['https://img.example.com/kettle.jpg'] }],
    sku_items: [],
  },
  // The merchant's own outer_id: imported as "<target>-<id>". Two SKUs, taken down.
  {
    product_id: 219530768100002,
    product_status: 31,
    publish_status: 4,
    item_biz_type: 2,
    sp_biz_type: 1,
    channel_cat_id: 'c-tee',
    price: 5900,
    stock: 9,
    outer_id: 'TEE-778',
    stuff_status: 100,
    publish_shop: [{ ...SHOP, title: '纯棉 T 恤', content: '新疆长绒棉,多色可选。', images: ['https://img.example.com/tee.jpg'] }],
    sku_items: [
      { sku_id: 9001, price: 5900, stock: 4, sku_text: '颜色:白', outer_id: 'white' },
      { sku_id: 9002, price: 6900, stock: 5, sku_text: '颜色:黑', outer_id: 'black' },
    ],
  },
];

describe('goofish import', async () => {
  const r = await importRoundTrip({ adapter: goofishAdapter, target: 'xianyu', live: PRODUCTS.map((p) => liveProduct(p)) });

  test('keys: the outer_id when it is a catalog key, else "<target>-<id>"; money in yuan', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => `${d.kind}/${d.key}=${d.id}`)).toEqual(['Product/kettle=219530768100001', 'Product/xianyu-219530768100002=219530768100002']);
    expect(r.documents[0]!.doc).toMatchObject({ title: '电水壶 1.7L', price: '129.00', originalPrice: '199.00', stock: 7, onSale: true, platforms: { goofish: { expressFee: '8.00', shops: ['tb-shop-1'] } } });
    expect(r.documents[1]!.doc).toMatchObject({ onSale: false, skus: [{ key: 'white', options: { 颜色: '白' }, price: '59.00', stock: 4 }, { key: 'black', options: { 颜色: '黑' }, price: '69.00', stock: 5 }] });
  });

  test('round trip: no change, with the state and after losing it', () => {
    expect(actionsOn(r.plan, r.documents)).toEqual([]);
    expect(actionsOn(r.planWithoutState, r.documents)).toEqual([]);
    expect(r.plan.unmanaged).toEqual([]);
    expect(r.planWithoutState.unmanaged).toEqual([]);
  });
});
