/** xiaoliebian per-object planning: products (edit, group binding, market state) and groups (delete never touches foreign products). */
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, LiveObject, TargetState } from '../types.js';
import { liveProduct, ownedProducts, withBoundProducts } from './mapping.js';
import { planObject } from './planner.js';

const emptyState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const stateWith = (records: Record<string, string>): TargetState => ({
  get: (ref) => (records[ref] ? { id: records[ref]! } : undefined),
  entries: () => Object.entries(records).map(([ref, id]) => [ref, { id }]),
  getMeta: () => ({}),
});

describe('planner', () => {
  const d = (fields: { [k: string]: Json }): DesiredObject => ({ kind: 'Product', key: 'a', protect: false, fields });
  const base = { title: 't', banner: 'https://b', price: 1990, platformType: 1, link: { url: 'https://u' }, groups: ['phones'], onSale: true };
  const ids = { phones: '1', audio: '2', 'x (unmanaged group 7)': '7' };
  const live = (fields: { [k: string]: Json }): LiveObject => ({ kind: 'Product', id: 'a', key: 'a', name: 't', fields, meta: { groupIds: [], groupIdByLabel: ids, marketState: 1 } });
  const plan = (want: { [k: string]: Json }, have: { [k: string]: Json }) =>
    planObject({ desired: d(want), live: live(have), changes: diffFields(want, have), policy: DEFAULT_POLICY, state: emptyState }).actions;
  const calls = (actions: ReturnType<typeof plan>) => actions.map((a) => [a.label, a.phase, a.calls.map((c) => [c.op, c.args])]);

  test('create: one product/add with price in yuan, the first group ref and market state; each further group bound after it', () => {
    const [a, ...rest] = planObject({ desired: d(base), changes: [], policy: DEFAULT_POLICY, state: emptyState }).actions;
    expect(a!.calls).toEqual([
      { op: 'productAdd', effect: 'create', args: { productId: 'a', title: 't', banner: 'https://b', price: '19.90', platformType: 1, productLink: { productUrl: 'https://u' }, groupId: { $ref: 'Group/phones' }, marketState: 1 } },
    ]);
    expect(rest).toEqual([]);
    const several = planObject({ desired: d({ ...base, groups: ['audio', 'phones', 'sale'] }), changes: [], policy: DEFAULT_POLICY, state: emptyState }).actions;
    expect(several[0]!.calls[0]!.args).toMatchObject({ groupId: { $ref: 'Group/audio' } });
    expect(calls(several.slice(1))).toEqual([
      ['bind group', 'group-membership', [['productEdit', { productId: 'a', groupId: { $ref: 'Group/phones' } }], ['productEdit', { productId: 'a', groupId: { $ref: 'Group/sale' } }]]],
    ]);
    const none = planObject({ desired: d({ ...base, groups: [] }), changes: [], policy: DEFAULT_POLICY, state: emptyState }).actions;
    expect(none).toHaveLength(1);
    expect(none[0]!.calls[0]!.args).not.toHaveProperty('groupId');
    expect(none[0]!.changes.map((c) => c.path)).not.toContain('groups');
  });

  test('edit sends only the changed fields', () => {
    const actions = plan({ ...base, price: 2500, link: { appId: 'wx', path: 'p' } }, base);
    expect(actions).toHaveLength(1);
    expect(actions[0]!.calls[0]!.args).toEqual({ productId: 'a', price: '25.00', productLink: { appId: 'wx', path: 'p' } });
    expect(actions[0]!.phase).toBe('products');
  });

  test('a group added alone binds in the group-membership phase, keeping the others; with other changes it rides on the same edit', () => {
    const alone = plan({ ...base, groups: ['audio', 'phones'] }, base);
    expect(calls(alone)).toEqual([['bind group', 'group-membership', [['productEdit', { productId: 'a', groupId: { $ref: 'Group/audio' } }]]]]);
    expect(alone[0]!.changes).toEqual([{ path: 'groups', before: ['phones'], after: ['audio', 'phones'] }]);
    const merged = plan({ ...base, groups: ['audio', 'phones'], title: 'new' }, base);
    expect(calls(merged)).toEqual([['update', 'products', [['productEdit', { productId: 'a', title: 'new', groupId: { $ref: 'Group/audio' } }]]]]);
    expect(merged[0]!.changes.map((c) => c.path)).toEqual(['title', 'groups']);
  });

  test('moving a product between groups binds the new group, then unbinds the old one (never leaving the old binding)', () => {
    const moved = plan({ ...base, groups: ['audio'] }, base);
    expect(calls(moved)).toEqual([
      ['move group', 'group-membership', [['productEdit', { productId: 'a', groupId: { $ref: 'Group/audio' } }], ['productGroupUnbind', { productId: 'a', groupId: '1' }]]],
    ]);
    // Several at once, a group we do not manage included; with a field change the first bind rides on the edit.
    const many = plan({ ...base, groups: ['audio', 'sale'], title: 'new' }, { ...base, groups: ['phones', 'x (unmanaged group 7)'] });
    expect(calls(many)).toEqual([
      ['update', 'products', [['productEdit', { productId: 'a', title: 'new', groupId: { $ref: 'Group/audio' } }]]],
      ['move group', 'group-membership', [['productEdit', { productId: 'a', groupId: { $ref: 'Group/sale' } }], ['productGroupUnbind', { productId: 'a', groupId: '1' }], ['productGroupUnbind', { productId: 'a', groupId: '7' }]]],
    ]);
  });

  test('no group any more: unbind from each live group', () => {
    const actions = plan({ ...base, groups: [], title: 'new' }, { ...base, groups: ['audio', 'phones'] });
    expect(calls(actions)).toEqual([
      ['update', 'products', [['productEdit', { productId: 'a', title: 'new' }]]],
      ['unbind group', 'group-membership', [['productGroupUnbind', { productId: 'a', groupId: '2' }], ['productGroupUnbind', { productId: 'a', groupId: '1' }]]],
    ]);
  });

  test('market state through its own call', () => {
    const actions = plan({ ...base, onSale: false }, base);
    expect(actions).toEqual([
      expect.objectContaining({ op: 'action', label: 'off market', phase: 'shelf-state', calls: [{ op: 'productMarketState', effect: 'update', args: { productId: 'a', marketState: 2 } }] }),
    ]);
  });

  test('group delete unbinds its products first; rename edits the same id', () => {
    const products = [liveProduct({ productId: 'p2', groupIds: ['8', '9'] }, []), liveProduct({ productId: 'p1', groupId: '9' }, []), liveProduct({ productId: 'p3', groupId: '8' }, [])];
    const [g] = withBoundProducts([{ kind: 'Group', id: '9', key: 'old', name: 'x', fields: { name: 'x' }, meta: {} }], products, () => true);
    const [del] = planObject({ live: g, changes: [], policy: DEFAULT_POLICY, state: emptyState }).actions;
    expect(del!.phase).toBe('delete-groups');
    expect(del!.calls.map((c) => [c.op, c.args])).toEqual([
      ['productGroupUnbind', { productId: 'p1', groupId: '9' }],
      ['productGroupUnbind', { productId: 'p2', groupId: '9' }],
      ['groupDelete', { groupId: '9' }],
    ]);
    const want: DesiredObject = { kind: 'Group', key: 'old', protect: false, fields: { name: 'y' } };
    const [rename] = planObject({ desired: want, live: g, changes: diffFields(want.fields, g!.fields), policy: DEFAULT_POLICY, state: emptyState }).actions;
    expect(rename!.calls).toEqual([{ op: 'groupEdit', effect: 'update', args: { groupId: '9', groupName: 'y' } }]);
  });
});

describe('a group delete never touches products we do not manage', () => {
  const groupLive: LiveObject = { kind: 'Group', id: '9', key: 'clearance', name: '清仓特价', fields: { name: '清仓特价' }, meta: {} };
  const products = [
    liveProduct({ productId: 'ours-in-state', groupId: '9' }, []),
    liveProduct({ productId: 'ours-in-catalog', groupId: '9' }, []),
    liveProduct({ productId: 'XLB-1', groupId: '9' }, []),
    liveProduct({ productId: 'XLB-2', groupId: '9' }, []),
  ];
  const desired: DesiredObject[] = [
    { kind: 'Product', key: 'ours-in-catalog', protect: false, fields: {} },
    // XLB-2 is in the catalog under the key `catalog import` gives it.
    { kind: 'Product', key: 'wecom-xlb-2', protect: false, fields: {} },
  ];
  const owned = ownedProducts(stateWith({ 'Product/ours-in-state': 'ours-in-state' }), desired, 'wecom');

  test('ours: in state, or wanted by productId or by import key; others are foreign', () => {
    const [g] = withBoundProducts([groupLive], products, owned);
    expect(g!.meta).toEqual({ productIds: ['XLB-2', 'ours-in-catalog', 'ours-in-state'], foreignProductIds: ['XLB-1'] });
  });

  test('foreign products bound: no delete, no unbind, a warning note', () => {
    const [g] = withBoundProducts([groupLive], products, owned);
    const res = planObject({ live: g, changes: [], policy: { ...DEFAULT_POLICY, prune: true }, state: emptyState });
    expect(res.actions).toEqual([]);
    expect(res.notes).toEqual([
      { level: 'warning', message: 'group 清仓特价 still holds 1 product(s) this catalog does not manage (XLB-1); not deleted; unbind them on the platform or import them (catalog import)' },
    ]);
  });

  test('only our products bound: they are unbound, then the group is deleted', () => {
    const [g] = withBoundProducts([groupLive], products.filter((p) => p.id !== 'XLB-1'), owned);
    const [del] = planObject({ live: g, changes: [], policy: { ...DEFAULT_POLICY, prune: true }, state: emptyState }).actions;
    expect(del!.calls.map((c) => c.op)).toEqual(['productGroupUnbind', 'productGroupUnbind', 'productGroupUnbind', 'groupDelete']);
  });

  test('a productId that is no catalog key carries no key of its own', () => {
    expect(liveProduct({ productId: 'XLB-2023-0042' }, []).key).toBeUndefined();
    expect(liveProduct({ productId: 'airpods-pro2' }, []).key).toBe('airpods-pro2');
  });
});
