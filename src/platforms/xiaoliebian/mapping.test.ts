/** xiaoliebian mapping: desired/live round trip, money at the wire, group identity. */
import { describe, expect, test } from 'vitest';
import type { Catalog, Group, Product } from '../../catalog/types.js';
import { DEFAULT_POLICY, type TargetConfig } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, TargetState } from '../types.js';
import { desired as desiredObjects, fromYuan, liveGroups, liveProduct, toYuan } from './mapping.js';
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
