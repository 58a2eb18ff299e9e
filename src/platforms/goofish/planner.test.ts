/** goofish per-object planning: create + publish, the narrow edit/stock call, edit with changed fields only, shelf state, delete, stock policy. */
import { describe, expect, test } from 'vitest';
import { memoryState } from '../../../test/helpers/engine.js';
import { DEFAULT_POLICY, type Policy } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, LiveObject } from '../types.js';
import { planObject } from './planner.js';

type Fields = { [k: string]: Json };

const FIELDS: Fields = {
  title: '电水壶 1.7L',
  content: '304 不锈钢内胆,一键沸腾。',
  images: ['https://img.example.com/kettle.jpg'],
  price: 12900,
  expressFee: 800,
  stock: 7,
  itemBizType: 2,
  spBizType: 1,
  channelCatId: 'c-kettle',
  stuffStatus: 100,
  district: { province: 330000, city: 330100, district: 330106 },
  shops: ['tb-shop-1'],
  skus: {},
  onSale: true,
};

const desired = (over: Fields = {}): DesiredObject => ({ kind: 'Product', key: 'kettle', protect: false, fields: { ...FIELDS, ...over } });
const live = (over: Fields = {}, meta: Fields = {}): LiveObject => ({ kind: 'Product', id: '219530768100001', key: 'kettle', name: '电水壶 1.7L', fields: { ...FIELDS, ...over }, meta: { productStatus: 22, skuIds: {}, ...meta } });

function plan(d: DesiredObject | undefined, l: LiveObject | undefined, policy: Partial<Policy> = {}) {
  const changes = d && l ? diffFields(d.fields, l.fields) : [];
  return planObject({ desired: d, live: l, changes, policy: { ...DEFAULT_POLICY, ...policy }, state: memoryState() });
}

describe('goofish planner', () => {
  test('a new product: create with outer_id = key and money in fen, then publish to its shops', () => {
    const p = plan(desired(), undefined);
    expect(p.actions.map((a) => `${a.op} ${a.label} [${a.calls.map((c) => c.op).join(', ')}] ${a.phase}`)).toEqual([
      'create create [product.create] products',
      'action publish [product.publish] shelf-state',
    ]);
    expect(p.actions[0]!.calls[0]!.args).toMatchObject({ outer_id: 'kettle', price: 12900, express_fee: 800, stock: 7, publish_shop: [{ user_name: 'tb-shop-1', title: '电水壶 1.7L', province: 330000 }] });
    expect(p.actions[1]!.calls[0]!.args).toEqual({ product_id: { $ref: 'Product/kettle' }, user_name: ['tb-shop-1'] });
  });

  test('a new product that is not on sale is created only', () => {
    expect(plan(desired({ onSale: false }), undefined).actions.map((a) => a.label)).toEqual(['create']);
  });

  test('a price change goes through the narrow edit/stock call', () => {
    const p = plan(desired({ price: 11900 }), live());
    expect(p.actions).toHaveLength(1);
    expect(p.actions[0]).toMatchObject({ op: 'update', label: 'update stock/price', phase: 'stock', calls: [{ op: 'product.editStock', args: { product_id: '219530768100001', price: 11900 } }] });
  });

  test('another field goes through product/edit with only what changed (shop fields as publish_shop)', () => {
    const p = plan(desired({ title: '电水壶 1.8L', expressFee: 0 }), live());
    expect(p.actions).toHaveLength(1);
    const args = p.actions[0]!.calls[0]!.args as Fields;
    expect(p.actions[0]).toMatchObject({ op: 'update', label: 'update', phase: 'products', calls: [{ op: 'product.edit' }] });
    expect(Object.keys(args).sort()).toEqual(['express_fee', 'product_id', 'publish_shop']);
    expect(args.express_fee).toBe(0);
  });

  test('shelf state: publish and down-shelf', () => {
    expect(plan(desired({ onSale: true }), live({ onSale: false })).actions.map((a) => `${a.label} ${a.calls[0]!.op}`)).toEqual(['publish product.publish']);
    expect(plan(desired({ onSale: false }), live({ onSale: true })).actions.map((a) => `${a.label} ${a.calls[0]!.op}`)).toEqual(['down-shelf product.downShelf']);
  });

  test('delete: a published product is taken down first', () => {
    expect(plan(undefined, live({ onSale: true })).actions[0]!.calls.map((c) => c.op)).toEqual(['product.downShelf', 'product.delete']);
    expect(plan(undefined, live({ onSale: false })).actions[0]!.calls.map((c) => c.op)).toEqual(['product.delete']);
  });

  test('stock follows the policy: initial notes it, exact sends it', () => {
    const initial = plan(desired({ stock: 3 }), live(), { stock: 'initial' });
    expect(initial.actions).toEqual([]);
    expect(initial.notes?.length).toBe(1);
    const exact = plan(desired({ stock: 3 }), live(), { stock: 'exact' });
    expect(exact.actions[0]!.calls[0]).toMatchObject({ op: 'product.editStock', args: { stock: 3 } });
  });

  test('in sync: nothing to do', () => {
    expect(plan(desired(), live()).actions).toEqual([]);
  });
});
