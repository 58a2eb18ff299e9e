/** xiaoliebian pure parts: desired/live round trip, money at the wire, group identity, planner cases. */
import { describe, expect, test } from 'vitest';
import type { Catalog, Group, Product } from '../../catalog/types.js';
import { DEFAULT_POLICY, type TargetConfig } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, LiveObject, TargetState } from '../types.js';
import { desiredObjects, fromYuan, liveGroups, liveProduct, ownedProducts, toYuan, withBoundProducts } from './mapping.js';
import { planObject } from './planner.js';
import { asFen } from '../../money/fen.js';

const target: TargetConfig = { name: 'wecom', platform: 'xiaoliebian', baseUrl: 'http://x', sandbox: true, credentials: {}, paths: {}, policy: DEFAULT_POLICY };
const source = { file: 'catalog/x.yaml', line: 1, col: 1 };
const emptyState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const stateWith = (records: Record<string, string>): TargetState => ({
  get: (ref) => (records[ref] ? { id: records[ref]! } : undefined),
  entries: () => Object.entries(records).map(([ref, id]) => [ref, { id }]),
  getMeta: () => ({}),
});

const group = (key: string, name: string, targets = ['wecom']): Group => ({ kind: 'Group', key, name, protect: false, targets, source, platforms: {} });

function product(key: string, over: Partial<Product> = {}): Product {
  return {
    kind: 'Product',
    key,
    title: `标题 ${key}`,
    description: '',
    price: asFen(1990),
    stock: 1,
    images: [{ kind: 'file', path: 'images/a.png', absPath: '/x/images/a.png' }, { kind: 'url', url: `https://img.example.com/${key}.jpg` }],
    groups: ['phones'],
    onSale: true,
    skus: [],
    protect: false,
    targets: ['wecom'],
    source,
    platforms: { xiaoliebian: { platformType: 1, link: { appId: 'wx1', path: `pages/p?key=${key}` } } },
    ...over,
  };
}

const catalog = (products: Product[], groups: Group[]): Catalog => ({ root: '/x', products, groups, shippingTemplates: [], shelves: [], digest: 'd' });

describe('money at the wire', () => {
  test('fen <-> yuan strings without floating point', () => {
    expect(toYuan(asFen(1990))).toBe('19.90');
    expect(toYuan(asFen(5))).toBe('0.05');
    expect(fromYuan('19.90')).toBe(1990);
    expect(fromYuan('19.9')).toBe(1990);
    expect(fromYuan('129')).toBe(12900);
    expect(fromYuan(19.99)).toBe(1999);
    expect(fromYuan('abc')).toBeUndefined();
    expect(fromYuan(null)).toBeUndefined();
  });
});

describe('desired', () => {
  test('banner: the block banner, else the first URL image; groups: every group of the product on the target, sorted', () => {
    const d = desiredObjects(
      catalog(
        [
          product('a', { groups: ['other', 'phones', 'audio'] }),
          product('b', { platforms: { xiaoliebian: { platformType: 2, link: { url: 'https://m.example.com/b' }, banner: { kind: 'url', url: 'https://img.example.com/banner.jpg' }, useScene: 3 } } }),
          product('c', { targets: ['store'] }),
        ],
        [group('phones', '手机'), group('audio', '耳机'), group('other', '其他', ['store'])],
      ),
      target,
    );
    expect(d.map((o) => `${o.kind}/${o.key}`)).toEqual(['Group/phones', 'Group/audio', 'Product/a', 'Product/b']);
    expect(d[2]!.fields).toMatchObject({ banner: 'https://img.example.com/a.jpg', groups: ['audio', 'phones'], link: { appId: 'wx1', path: 'pages/p?key=a' } });
    expect(d[2]!.fields.useScene).toBeUndefined();
    expect(d[3]!.fields).toMatchObject({ banner: 'https://img.example.com/banner.jpg', link: { url: 'https://m.example.com/b' }, useScene: 3, platformType: 2 });
  });
});

describe('round trip', () => {
  test('a product created from the desired shape reads back with no differences', () => {
    const d = desiredObjects(catalog([product('a', { price: asFen(12345) }), product('b', { groups: [], onSale: false })], [group('phones', '手机')]), target);
    const groups = liveGroups([{ groupId: 777, groupName: '手机' }], emptyState, d);
    for (const want of d.filter((o) => o.kind === 'Product')) {
      const add = planObject({ desired: want, changes: [], policy: DEFAULT_POLICY, state: emptyState }).actions[0]!.calls[0]!;
      expect(add.op).toBe('productAdd');
      const body = add.args as { [k: string]: Json };
      const wire = { ...body, groupIds: body.groupId ? ['777'] : [], useScene: null, productId: want.key } as never;
      const live = liveProduct(wire, groups);
      expect(diffFields(want.fields, live.fields)).toEqual([]);
    }
  });
});

describe('group identity', () => {
  const desired: DesiredObject[] = [
    { kind: 'Group', key: 'phones', protect: false, fields: { name: '手机' } },
    { kind: 'Group', key: 'audio', protect: false, fields: { name: '耳机 新名' } },
  ];
  test('state id wins (a rename), otherwise adoption by name; others have no key', () => {
    const live = liveGroups(
      [
        { groupId: '1', groupName: '手机' },
        { groupId: '2', groupName: '耳机' },
        { groupId: '3', groupName: '清仓' },
      ],
      stateWith({ 'Group/audio': '2' }),
      desired,
    );
    expect(live.map((g) => g.key)).toEqual(['phones', 'audio', undefined]);
  });

  test('a product shows each of its groups as our key, or as a label no key can equal; the ids behind the labels in meta', () => {
    const groups = liveGroups([{ groupId: '1', groupName: '手机' }, { groupId: '3', groupName: '清仓' }], emptyState, desired);
    const several = liveProduct({ productId: 'a', groupIds: ['3', 1, '404'] }, groups);
    expect(several.fields.groups).toEqual(['phones', 'unknown group 404', '清仓 (unmanaged group 3)']);
    expect(several.meta).toMatchObject({ groupIds: ['3', '1', '404'], groupIdByLabel: { phones: '1', '清仓 (unmanaged group 3)': '3', 'unknown group 404': '404' } });
    // An answer with one groupId (no groupIds) is read as that one group; null or "" as none.
    expect(liveProduct({ productId: 'a', groupId: '1' }, groups).fields.groups).toEqual(['phones']);
    expect(liveProduct({ productId: 'a', groupId: null }, groups).fields.groups).toEqual([]);
    expect(liveProduct({ productId: 'a', groupIds: [], groupId: '1' }, groups).fields.groups).toEqual([]);
    // Neither: the groups are not compared.
    expect(liveProduct({ productId: 'a' }, groups).fields).not.toHaveProperty('groups');
  });
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
