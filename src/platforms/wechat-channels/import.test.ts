/** wechat-channels `catalog import`: products and freight templates become documents that validate and plan with no changes, with the state and after losing it. */
import { describe, expect, test } from 'vitest';
import { keyResolver } from '../import-key.js';
import { actionsOn, importRoundTrip } from '../../../test/helpers/import-round-trip.js';
import type { DesiredObject, LiveObject, TargetState } from '../types.js';
import { wechatChannelsAdapter } from './index.js';
import { liveProduct, liveTemplate, productKeyOf } from './mapping.js';
import { wireFreightTemplate, wireProduct } from './wire.js';

const img = (k: string) => `https://mmecimage.cn/p/wx1/${k}`;
const charger = wireProduct.parse({
  product_id: '23423523452345235',
  out_product_id: 'gan-charger-65w',
  title: '氮化镓 65W 三口快充充电器',
  head_imgs: [img('a'), img('b'), img('c')],
  desc_info: { imgs: [img('d')], desc: '2C1A 三口输出。' },
  cats_v2: [{ cat_id: '10000001' }, { cat_id: '10000030' }, { cat_id: 7021 }],
  attrs: [{ attr_key: '输出功率', attr_value: '65 W' }],
  brand_id: '2100000000',
  express_info: { template_id: '47428464001' },
  extra_service: { seven_day_return: 1, freight_insurance: 0 },
  skus: [
    { sku_id: '90000000000000001', out_sku_id: 'white', sale_price: 12900, market_price: 19900, stock_num: 150, thumb_img: img('c'), sku_attrs: [{ attr_key: '颜色', attr_value: '白色' }] },
    { sku_id: '90000000000000002', out_sku_id: 'black', sale_price: 13900, stock_num: 80, sku_attrs: [{ attr_key: '颜色', attr_value: '黑色' }] },
  ],
  status: 5,
  edit_status: 4,
});
// Made in the store admin: no out_product_id, one SKU without sale attributes, delisted.
const mug = wireProduct.parse({
  product_id: '23423523452345237',
  title: '陶瓷马克杯 350ml',
  head_imgs: [img('e'), img('f'), img('g')],
  cats_v2: [{ cat_id: '10000111' }, { cat_id: '10000113' }, { cat_id: '6091' }],
  attrs: [{ attr_key: '材质', attr_value: '陶瓷' }],
  express_info: { template_id: '47428464009' },
  extra_service: { seven_day_return: 0, freight_insurance: 1 },
  skus: [{ sku_id: '90000000000000005', sale_price: 3900, stock_num: 7, sku_attrs: [] }],
  status: 11,
  edit_status: 4,
});
const template = wireFreightTemplate.parse({
  template_id: '47428464001',
  name: '默认快递',
  valuation_type: 'PIECE',
  shipping_method: 'NO_FREE',
  all_freight_calc_method: {
    freight_calc_method_list: [
      { is_default: true, address_infos: [], first_val_amount: 1, first_price: 1000, second_val_amount: 1, second_price: 200 },
      { is_default: false, address_infos: [{ province_name: '西藏自治区' }, { province_name: '新疆维吾尔自治区' }], first_val_amount: 1, first_price: 2000, second_val_amount: 1, second_price: 1000 },
    ],
  },
});

/** As the client reads: keys from the state, out_product_id, or the import key the catalog uses. */
function read(state: TargetState, desired: DesiredObject[]): LiveObject[] {
  const keyOf = keyResolver(state, desired, 'channels');
  const templateKey = (id: string) => keyOf('ShippingTemplate', id) ?? `id:${id}`;
  const ctx = { imageToken: (u: string) => u, templateKey };
  const asked = new Map(desired.map((d) => [d.key, d.fields]));
  return [
    liveTemplate(template, keyOf('ShippingTemplate', template.template_id)),
    ...[charger, mug].map((p) => {
      const key = keyOf('Product', p.product_id!) ?? productKeyOf({ draft: p, online: p });
      return liveProduct(p.product_id!, { draft: p, online: p }, key, ctx, key !== undefined ? asked.get(key) : undefined);
    }),
  ];
}
const noState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };

describe('wechat-channels import', async () => {
  const r = await importRoundTrip({ adapter: wechatChannelsAdapter, target: 'channels', live: read(noState, []), reread: read });

  test('keys from out_product_id (else "<target>-<id>"), the template referred to by key, foreign templates by id', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => `${d.kind}/${d.key}`)).toEqual(['ShippingTemplate/channels-47428464001', 'Product/gan-charger-65w', 'Product/channels-23423523452345237']);
    const doc = r.documents[1]!.doc as { [k: string]: any };
    expect(doc).toMatchObject({ shipping: 'channels-47428464001', onSale: true, images: [img('a'), img('b'), img('c')], description: '2C1A 三口输出。' });
    expect(doc.skus).toEqual([
      { key: 'white', options: { 颜色: '白色' }, price: '129.00', originalPrice: '199.00', stock: 150, image: img('c') },
      { key: 'black', options: { 颜色: '黑色' }, price: '139.00', stock: 80 },
    ]);
    expect(doc.platforms['wechat-channels']).toEqual({ category: ['10000001', '10000030', '7021'], attributes: { 输出功率: '65 W' }, descriptionImages: [img('d')] });
    const mugDoc = r.documents[2]!.doc as { [k: string]: any };
    expect(mugDoc).toMatchObject({ price: '39.00', stock: 7, onSale: false });
    expect(mugDoc.platforms['wechat-channels']).toMatchObject({ freightTemplateId: '47428464009', sevenDayReturn: 0, freightInsurance: true });
  });

  test('round trip: no change, with the state and after losing it', () => {
    expect(actionsOn(r.plan, r.documents)).toEqual([]);
    expect(actionsOn(r.planWithoutState, r.documents)).toEqual([]);
    expect(r.plan.unmanaged).toEqual([]);
  });
});
