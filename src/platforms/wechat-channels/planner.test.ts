import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type StockPolicy } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, LiveObject, ObjectPlan, TargetState } from '../types.js';
import { liveProduct, liveTemplate } from './mapping.js';
import { planObject } from './planner.js';
import { wireFreightTemplate, wireProduct, type WireProduct } from './wire.js';

const noState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const IMG = 'https://mmecimage.cn/p/wx1/a';

const desiredFields = (over: { [k: string]: Json } = {}): { [k: string]: Json } => ({
  title: '陶瓷马克杯 350ml',
  shortTitle: '',
  headImages: [IMG, IMG + 'b', IMG + 'c'],
  description: { text: '好杯子', images: [] },
  category: ['10000111', '10000113', '6091'],
  attributes: { 材质: '陶瓷' },
  brandId: '2100000000',
  freight: 'express',
  weight: 0,
  service: { sevenDayReturn: 1, freightInsurance: false },
  spuCode: '',
  skus: {
    white: { attributes: { 颜色: '白色' }, salePrice: 3900, stock: 10 },
    black: { attributes: { 颜色: '黑色' }, salePrice: 4900, stock: 5 },
  },
  onSale: true,
  ...over,
});
const desired = (over: { [k: string]: Json } = {}, whileInAudit = 'withdraw'): DesiredObject => ({ kind: 'Product', key: 'mug', protect: false, fields: desiredFields(over), extra: { imageWires: {}, whileInAudit } });

/** A product as product/get returns it, built from the same values as `desired()`. */
function wire(over: Partial<{ [k: string]: unknown }> = {}, skuOver: Array<{ [k: string]: unknown }> = [{}, {}]): WireProduct {
  return wireProduct.parse({
    product_id: '23423523452345235',
    out_product_id: 'mug',
    title: '陶瓷马克杯 350ml',
    head_imgs: [IMG, IMG + 'b', IMG + 'c'],
    desc_info: { imgs: [], desc: '好杯子' },
    cats_v2: [{ cat_id: '10000111' }, { cat_id: '10000113' }, { cat_id: 6091 }],
    attrs: [{ attr_key: '材质', attr_value: '陶瓷' }],
    brand_id: '2100000000',
    express_info: { template_id: '47428464001' },
    extra_service: { seven_day_return: 1, freight_insurance: 0 },
    skus: [
      { sku_id: '90000000000000001', out_sku_id: 'white', sale_price: 3900, stock_num: 10, sku_attrs: [{ attr_key: '颜色', attr_value: '白色' }], ...skuOver[0] },
      { sku_id: '90000000000000002', out_sku_id: 'black', sale_price: 4900, stock_num: 5, sku_attrs: [{ attr_key: '颜色', attr_value: '黑色' }], ...skuOver[1] },
    ],
    status: 5,
    edit_status: 4,
    ...over,
  });
}
const ctx = { imageToken: (u: string) => u, templateKey: (id: string) => (id === '47428464001' ? 'express' : `id:${id}`) };
const live = (draft: WireProduct, online: WireProduct | undefined = draft): LiveObject => liveProduct('23423523452345235', { draft, online }, 'mug', ctx, desiredFields());

function plan(d: DesiredObject | undefined, l: LiveObject | undefined, stock: StockPolicy = 'exact'): ObjectPlan {
  return planObject({ desired: d, live: l, changes: d && l ? diffFields(d.fields, l.fields) : [], policy: { ...DEFAULT_POLICY, stock }, state: noState });
}
const ops = (p: ObjectPlan) => p.actions.map((a) => a.calls.map((c) => c.op));

describe('wechat-channels planner', () => {
  it('shows no change for a product in sync (ids beyond 2^53 stay strings)', () => {
    const l = live(wire());
    expect(l.meta.skuIds).toEqual({ white: '90000000000000001', black: '90000000000000002' });
    expect(plan(desired(), l).actions).toEqual([]);
  });

  it('creates with listing 1 (an audit) and the freight template by reference', () => {
    const p = plan(desired(), undefined);
    expect(ops(p)).toEqual([['product.add']]);
    const args = p.actions[0]!.calls[0]!.args as { [k: string]: any };
    expect(args).toMatchObject({ out_product_id: 'mug', listing: 1, express_info: { template_id: { $ref: 'ShippingTemplate/express' } }, cats_v2: [{ cat_id: '10000111' }, { cat_id: '10000113' }, { cat_id: '6091' }] });
    expect(args.skus[0]).toEqual({ out_sku_id: 'white', sale_price: 3900, stock_num: 10, sku_attrs: [{ attr_key: '颜色', attr_value: '白色' }] });
    expect(p.quota).toEqual({ audit: 1 });
    expect(ops(plan(desired({ onSale: false }), undefined))).toEqual([['product.add']]);
    expect(plan(desired({ onSale: false }), undefined).quota).toBeUndefined();
  });

  it('sends a title change through audit as a full update with the SKU ids and the live stock', () => {
    const d = desired({ title: '陶瓷马克杯 400ml', skus: { ...(desiredFields().skus as any), white: { attributes: { 颜色: '白色' }, salePrice: 3900, stock: 12 } } });
    const p = plan(d, live(wire()));
    expect(ops(p)).toEqual([['stock.update', 'product.update']]);
    const body = p.actions[0]!.calls[1]!.args as { [k: string]: any };
    expect(body).toMatchObject({ product_id: '23423523452345235', title: '陶瓷马克杯 400ml', listing: 1 });
    expect(body.skus.map((s: any) => [s.sku_id, s.stock_num])).toEqual([['90000000000000001', 10], ['90000000000000002', 5]]);
    expect(p.actions[0]!.calls[0]!.args).toEqual({ product_id: '23423523452345235', sku_id: '90000000000000001', diff_type: 1, num: 2 });
    expect(p.quota).toEqual({ audit: 1 });
  });

  it('sends back what catalog does not manage, as update overwrites the whole draft', () => {
    const draft = wire({ product_qua_infos: [{ qua_id: '7', qua_url: [IMG] }], extra_service: { seven_day_return: 1, freight_insurance: 0, damage_guarantee: 1 } }, [{ sku_code: 'CUP-W', thumb_img: IMG }, {}]);
    const p = plan(desired({ title: '陶瓷马克杯 400ml' }), live(draft));
    const body = p.actions[0]!.calls[0]!.args as { [k: string]: any };
    expect(body.product_qua_infos).toEqual([{ qua_id: '7', qua_url: [IMG] }]);
    expect(body.extra_service).toEqual({ seven_day_return: 1, freight_insurance: 0, damage_guarantee: 1 });
    expect(body.skus[0]).toMatchObject({ sku_id: '90000000000000001', sku_code: 'CUP-W', thumb_img: IMG });
    // A SKU image the catalog does not give is not compared.
    expect(p.actions[0]!.changes.map((c) => c.path)).toEqual(['title']);
  });

  it('changes the price of a product on sale with the audit-free call', () => {
    const p = plan(desired({ skus: { ...(desiredFields().skus as any), black: { attributes: { 颜色: '黑色' }, salePrice: 4500, stock: 5 } } }), live(wire()));
    expect(ops(p)).toEqual([['product.auditfree']]);
    expect(p.actions[0]!.calls[0]!.args).toMatchObject({ product_id: '23423523452345235', skus: [{ sku_id: '90000000000000001', sale_price: 3900 }, { sku_id: '90000000000000002', sale_price: 4500 }], express_info: { template_id: { $ref: 'ShippingTemplate/express' } } });
    expect(p.quota).toBeUndefined();
  });

  it('compares audit-free fields with the online version and audited ones with the draft', () => {
    // auditfree changed the online price; the draft still shows the old one: in sync.
    const l = live(wire({}, [{}, { sale_price: 4000 }]), wire());
    expect(plan(desired(), l).actions).toEqual([]);
  });

  it('moves stock by deltas under exact, and only notes it under initial', () => {
    const l = live(wire({}, [{ stock_num: 7 }, {}]));
    const exact = plan(desired(), l, 'exact');
    expect(ops(exact)).toEqual([['stock.update']]);
    expect(exact.actions[0]!.calls[0]!.args).toEqual({ product_id: '23423523452345235', sku_id: '90000000000000001', diff_type: 1, num: 3 });
    const initial = plan(desired(), l, 'initial');
    expect(initial.actions).toEqual([]);
    expect(initial.notes?.[0]?.message).toMatch(/skus.white.stock is 7 on the platform, 10 in the catalog/);
  });

  it('sets the stock of a never-listed product in the update body', () => {
    const draft = wire({ status: 0, edit_status: 1 }, [{ stock_num: 7 }, {}]);
    const p = plan(desired({ onSale: false }), liveProduct('1', { draft, online: undefined }, 'mug', ctx));
    expect(ops(p)).toEqual([['product.update']]);
    expect((p.actions[0]!.calls[0]!.args as any).skus[0].stock_num).toBe(10);
    expect((p.actions[0]!.calls[0]!.args as any).listing).toBe(0);
  });

  it('withdraws an audit before changing the product, or waits when the block says so', () => {
    const inAudit = wire({ edit_status: 2, title: '旧标题 陶瓷杯' });
    const withdraw = plan(desired(), live(inAudit, wire()));
    expect(ops(withdraw)).toEqual([['product.auditCancel', 'product.update']]);
    expect(withdraw.actions[0]!.reason).toMatch(/withdrawn first/);
    const waiting = plan(desired({}, 'wait'), live(inAudit, wire()));
    expect(waiting.actions).toEqual([]);
    expect(waiting.notes?.[0]?.message).toMatch(/waits until the audit ends/);
    // In audit with nothing to change: the audit decides.
    expect(plan(desired(), live(wire({ edit_status: 2, status: 0 }), undefined)).actions).toEqual([]);
  });

  it('shows a rejected audit with its reason and does not resubmit the same draft', () => {
    const rejected = wire({ edit_status: 3, status: 0, audit_info: { reject_reason: '标题违规' } });
    const p = plan(desired(), live(rejected, undefined));
    expect(p.actions).toEqual([]);
    expect(p.notes?.[0]).toMatchObject({ level: 'warning', message: expect.stringContaining('标题违规') });
    const fixed = plan(desired({ title: '陶瓷马克杯 新款' }), live(rejected, undefined));
    expect(ops(fixed)).toEqual([['product.update']]);
  });

  it('delists and lists from onSale', () => {
    expect(ops(plan(desired({ onSale: false }), live(wire())))).toEqual([['product.delisting']]);
    const delisted = wire({ status: 11 });
    const p = plan(desired(), live(delisted));
    expect(ops(p)).toEqual([['product.listing']]);
    expect(p.quota).toEqual({ audit: 1 });
  });

  it('deletes after withdrawing and delisting', () => {
    expect(ops(plan(undefined, live(wire())))).toEqual([['product.delisting', 'product.delete']]);
    expect(ops(plan(undefined, live(wire({ edit_status: 2 }), wire())))).toEqual([['product.auditCancel', 'product.delisting', 'product.delete']]);
    expect(ops(plan(undefined, live(wire({ status: 11 }))))).toEqual([['product.delete']]);
  });

  it('plans freight templates (update keeps the live template; no delete call exists)', () => {
    const d: DesiredObject = {
      kind: 'ShippingTemplate',
      key: 'express',
      protect: false,
      fields: { name: '默认快递', payer: 'buyer', valuation: 'PIECE', firstItems: 1, firstFee: 800, additionalItems: 1, additionalFee: 200, regions: [{ province: '新疆维吾尔自治区', firstItems: 1, firstFee: 2000, additionalItems: 1, additionalFee: 1000 }] },
      extra: { carriers: ['express'] },
    };
    const l = liveTemplate(
      wireFreightTemplate.parse({
        template_id: 47428464001,
        name: '默认快递',
        valuation_type: 'PIECE',
        shipping_method: 'NO_FREE',
        all_freight_calc_method: {
          freight_calc_method_list: [
            { is_default: true, address_infos: [], first_val_amount: 1, first_price: 1000, second_val_amount: 1, second_price: 200 },
            { is_default: false, address_info: [{ province_name: '新疆维吾尔自治区' }], first_val_amount: 1, first_price: 2000, second_val_amount: 1, second_price: 1000 },
          ],
        },
      }),
      'express',
    );
    const p = plan(d, l);
    expect(ops(p)).toEqual([['freight.update']]);
    expect(p.actions[0]!.changes).toEqual([{ path: 'firstFee', before: 1000, after: 800 }]);
    expect((p.actions[0]!.calls[0]!.args as any).freight_template).toMatchObject({ template_id: '47428464001', shipping_method: 'NO_FREE' });
    expect(ops(plan(d, undefined))).toEqual([['freight.add']]);
    const gone = plan(undefined, l);
    expect(gone.actions).toEqual([]);
    expect(gone.notes?.[0]?.message).toMatch(/no call to delete a freight template/);
  });
});
