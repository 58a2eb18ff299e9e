import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type StockPolicy } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, LiveObject, TargetState } from '../types.js';
import { planObject } from './planner.js';

const noState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const stateWith = (ref: string): TargetState => ({ ...noState, get: (r) => (r === ref ? { id: 'https://img/1' } : undefined) });

const fields = (over: { [k: string]: Json } = {}): { [k: string]: Json } => ({
  name: '手机',
  categoryId: '537074298',
  properties: {},
  mainImage: 'sha256:aaaa',
  images: ['sha256:aaaa'],
  detail: [{ text: 'x' }],
  buyLimit: 0,
  attrext: { isPostFree: true, isHasReceipt: false, isUnderGuaranty: false, isSupportReplace: false },
  delivery: { type: 'none' },
  skus: {
    black: { spec: '$颜色:$黑色', price: 100, originalPrice: 200, stock: 5, icon: '' },
    white: { spec: '$颜色:$白色', price: 100, originalPrice: 200, stock: 3, icon: '' },
  },
  onShelf: true,
  ...over,
});
const desired = (over: { [k: string]: Json } = {}): DesiredObject => ({
  kind: 'Product',
  key: 'phone',
  protect: false,
  fields: fields(over),
  extra: { imageWires: { 'sha256:aaaa': { $ref: 'Image/aaaa' } }, skippedImages: [], specs: { black: [['$颜色', '$黑色']], white: [['$颜色', '$白色']] }, groups: ['g1'] },
});
const live = (over: { [k: string]: Json } = {}, frozen = false): LiveObject => ({
  kind: 'Product',
  id: 'p1',
  key: 'phone',
  name: '手机',
  fields: fields(over),
  meta: { status: 1, frozen, skuIds: { black: '$颜色:$黑色', white: '$颜色:$白色' } },
});

function plan(d: DesiredObject | undefined, l: LiveObject | undefined, stock: StockPolicy = 'initial', state = noState) {
  const changes = d && l ? diffFields(d.fields, l.fields) : [];
  return planObject({ desired: d, live: l, changes, policy: { ...DEFAULT_POLICY, stock }, state });
}

const liveStock = { black: { spec: '$颜色:$黑色', price: 100, originalPrice: 200, stock: 9, icon: '' }, white: { spec: '$颜色:$白色', price: 100, originalPrice: 200, stock: 1, icon: '' } };

describe('wechat-store planner', () => {
  it('stock: initial reports, exact sends deltas through stock/add and stock/reduce, ignore drops', () => {
    const l = live({ skus: liveStock });
    const initial = plan(desired(), l, 'initial');
    expect(initial.actions).toEqual([]);
    expect(initial.notes?.map((n) => n.message)).toEqual([
      'skus.black.stock is 9 on the platform, 5 in the catalog (stock policy "initial": not sent)',
      'skus.white.stock is 1 on the platform, 3 in the catalog (stock policy "initial": not sent)',
    ]);
    const exact = plan(desired(), l, 'exact');
    expect(exact.actions).toHaveLength(1);
    expect(exact.actions[0]).toMatchObject({ phase: 'stock', label: 'stock' });
    expect(exact.actions[0]!.calls).toEqual([
      { op: 'stock.reduce', effect: 'update', args: { product_id: 'p1', sku_info: '$颜色:$黑色', quantity: 4 } },
      { op: 'stock.add', effect: 'update', args: { product_id: 'p1', sku_info: '$颜色:$白色', quantity: 2 } },
    ]);
    expect(plan(desired(), l, 'ignore')).toEqual({ actions: [], notes: [] });
  });

  it('a full update keeps live stock unless the policy is exact', () => {
    const l = live({ skus: liveStock, buyLimit: 1 });
    const [update] = plan(desired(), l, 'initial').actions;
    expect(update).toMatchObject({ op: 'update', phase: 'products' });
    const body = update!.calls[0]!.args as any;
    expect(body.sku_list.map((s: any) => s.quantity)).toEqual([9, 1]);
    expect(body.product_base.main_img).toEqual({ $ref: 'Image/aaaa' });
    expect((plan(desired(), l, 'exact').actions[0]!.calls[0]!.args as any).sku_list.map((s: any) => s.quantity)).toEqual([5, 3]);
  });

  it('shelf state through modproductstatus only', () => {
    const { actions } = plan(desired({ onShelf: false }), live());
    expect(actions).toEqual([
      { op: 'action', label: 'off shelf', changes: [{ path: 'onShelf', before: true, after: false }], calls: [{ op: 'product.modproductstatus', effect: 'update', args: { product_id: 'p1', status: 0 } }], phase: 'shelf-state' },
    ]);
  });

  it('frozen name/category/properties: replace with the reason, groups re-added, shelf on again', () => {
    const { actions } = plan(desired({ name: '新名字' }), live({}, true));
    expect(actions.map((a) => [a.op, a.phase])).toEqual([
      ['replace', 'products'],
      ['action', 'shelf-state'],
    ]);
    expect(actions[0]!.reason).toContain('name cannot change once a product has been on shelf');
    expect(actions[0]!.calls.map((c) => [c.op, c.effect])).toEqual([
      ['product.del', 'delete'],
      ['product.create', 'create'],
      ['group.productmod', 'update'],
    ]);
    expect(actions[0]!.calls[2]!.args).toEqual({ group_id: { $ref: 'Group/g1' }, product: [{ product_id: { $ref: 'Product/phone' }, mod_action: 1 }] });
    // Never on shelf: the same change is an update.
    expect(plan(desired({ name: '新名字' }), live({}, false)).actions.map((a) => a.op)).toEqual(['update']);
  });

  it('images are uploaded once: a file already in state plans nothing', () => {
    const image: DesiredObject = { kind: 'Image', key: 'aaaa', protect: false, fields: {}, extra: { path: 'images/a.png' } };
    expect(plan(image, undefined).actions).toEqual([
      { op: 'create', label: 'upload images/a.png', changes: [{ path: 'file', after: 'images/a.png' }], calls: [{ op: 'image.upload', effect: 'create', args: { path: 'images/a.png', sha256: 'aaaa' } }], phase: 'images' },
    ]);
    expect(plan(image, undefined, 'initial', stateWith('Image/aaaa')).actions).toEqual([]);
  });

  it('group membership: adds and removes of one group in one productmod call; rename through propertymod', () => {
    const d: DesiredObject = { kind: 'Group', key: 'g1', protect: false, fields: { name: 'B', products: ['a', 'c'] } };
    const l: LiveObject = { kind: 'Group', id: '207000001', key: 'g1', name: 'A', fields: { name: 'A', products: ['a', 'b'] }, meta: {} };
    const { actions } = plan(d, l);
    expect(actions.map((a) => [a.phase, a.calls[0]!.op])).toEqual([
      ['groups', 'group.propertymod'],
      ['group-membership', 'group.productmod'],
    ]);
    expect(actions[1]!.calls[0]!.args).toEqual({
      group_id: '207000001',
      product: [
        { product_id: { $ref: 'Product/b' }, mod_action: 0 },
        { product_id: { $ref: 'Product/c' }, mod_action: 1 },
      ],
    });
  });

  it('deletes run in their delete phases', () => {
    const phases = ['Shelf', 'Product', 'Group', 'ShippingTemplate'].map((kind) => plan(undefined, { kind, id: '1', key: 'k', name: 'n', fields: {}, meta: {} }).actions[0]!.phase);
    expect(phases).toEqual(['delete-shelves', 'delete-products', 'delete-groups', 'delete-shipping-templates']);
  });
});
