/** xiaoliebian `catalog import`: groups and products validate and plan with no changes (round trip), with or without the state. */
import { describe, expect, test } from 'vitest';
import { actionsOn, importRoundTrip } from '../../../test/helpers/import-round-trip.js';
import type { DesiredObject, LiveObject, TargetState } from '../types.js';
import { xiaoliebianAdapter } from './index.js';
import { liveGroups, liveProduct, ownedProducts, withBoundProducts } from './mapping.js';
import type { WireGroup, WireProduct } from './wire.js';

const GROUPS: WireGroup[] = [
  { groupId: '10001', groupName: '手机' },
  { groupId: '10003', groupName: '清仓特价' },
];
const PRODUCTS: WireProduct[] = [
  // productId is the catalog key; bound to a group the catalog has (adopted by name).
  { productId: 'xiaomi14-pro', title: '小米14 Pro', banner: 'https://img.example.com/x14.jpg', price: '4599.00', platformType: 1, productLink: { appId: 'wx8f3c', path: 'pages/goods/detail?key=xiaomi14-pro' }, groupId: '10001', useScene: null, marketState: 1 },
  // The merchant's own productId (no catalog key), bound to an unmanaged group, with a useScene.
  { productId: 'XLB-2023-0042', title: '旧款 20W 快充充电头 清仓', banner: 'https://img.example.com/legacy.jpg', price: '9.90', platformType: 1, productLink: { productUrl: 'https://m.example.com/goods/legacy-20w' }, groupId: '10003', useScene: 2, marketState: 2 },
  // Bound to several groups (groupIds): one the catalog has, one that is imported.
  { productId: 'multi', title: '多分组', banner: 'https://img.example.com/m.jpg', price: '5.00', platformType: 1, productLink: { productUrl: 'https://m.example.com/m' }, groupIds: ['10003', '10001'], groupId: '10003', marketState: 1 },
  // No group.
  { productId: 'cable', title: '数据线', banner: 'https://img.example.com/cable.jpg', price: 19.9, platformType: 2, productLink: { productUrl: 'https://m.example.com/cable' }, groupId: null, marketState: 1 },
  // No banner: the catalog cannot hold it (xiaoliebian has no upload call), so it stays unmanaged.
  { productId: 'no-banner', title: '无图', banner: null, price: '1.00', platformType: 1, productLink: { productUrl: 'https://m.example.com/n' }, groupId: null, marketState: 1 },
];
const PHONES = 'kind: Group\nkey: phones\nname: 手机\ntargets: [wecom]\n';

/** What the client's refresh builds (client.ts): groups, products, bound products per group. */
function read(state: TargetState, desired: DesiredObject[]): LiveObject[] {
  const groups = liveGroups(GROUPS, state, desired);
  const products = PRODUCTS.map((p) => liveProduct(p, groups));
  return [...withBoundProducts(groups, products, ownedProducts(state, desired, 'wecom')), ...products];
}
const noState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const catalogGroup: DesiredObject[] = [{ kind: 'Group', key: 'phones', protect: false, fields: { name: '手机' } }];

describe('xiaoliebian import', () => {
  test('documents: own productId or "<target>-<id>" keys, groups by the key they have or get, every compared field', async () => {
    const r = await importRoundTrip({ adapter: xiaoliebianAdapter, target: 'wecom', live: read(noState, catalogGroup), existing: { 'groups.yaml': PHONES }, reread: read });
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => `${d.kind}/${d.key}=${d.id}`)).toEqual(['Group/wecom-10003=10003', 'Product/xiaomi14-pro=xiaomi14-pro', 'Product/wecom-xlb-2023-0042=XLB-2023-0042', 'Product/multi=multi', 'Product/cable=cable']);
    expect(r.documents[2]!.doc).toEqual({
      kind: 'Product',
      key: 'wecom-xlb-2023-0042',
      title: '旧款 20W 快充充电头 清仓',
      price: '9.90',
      groups: ['wecom-10003'],
      onSale: false,
      targets: ['wecom'],
      platforms: { xiaoliebian: { platformType: 1, link: { url: 'https://m.example.com/goods/legacy-20w' }, banner: 'https://img.example.com/legacy.jpg', useScene: 2 } },
    });
    expect(r.documents[1]!.doc.groups).toEqual(['phones']);
    expect(r.documents[3]!.doc.groups).toEqual(['phones', 'wecom-10003']);
    expect(r.documents[4]!.doc.price).toBe('19.90');
  });

  test('round trip: no change for the imported objects, with the state and after losing it; only what the catalog cannot hold stays unmanaged', async () => {
    const r = await importRoundTrip({ adapter: xiaoliebianAdapter, target: 'wecom', live: read(noState, catalogGroup), existing: { 'groups.yaml': PHONES }, reread: read });
    expect(actionsOn(r.plan, r.documents)).toEqual([]);
    expect(actionsOn(r.planWithoutState, r.documents)).toEqual([]);
    expect(r.plan.actions).toEqual([]);
    expect(r.plan.unmanaged).toEqual([{ kind: 'Product', id: 'no-banner', name: '无图' }]);
    expect(r.planWithoutState.unmanaged).toEqual([{ kind: 'Product', id: 'no-banner', name: '无图' }]);
  });
});
