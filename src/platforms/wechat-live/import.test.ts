/** wechat-live `catalog import`: API goods become documents that validate and plan with no changes; console goods stay unmanaged. */
import { describe, expect, test } from 'vitest';
import { actionsOn, importRoundTrip } from '../../../test/helpers/import-round-trip.js';
import type { DesiredObject, LiveObject, TargetState } from '../types.js';
import { wechatLiveAdapter } from './index.js';
import { liveGoods, readRecord } from './mapping.js';
import type { WarehouseGoods } from './wire.js';

const GOODS: WarehouseGoods[] = [
  { goods_id: 101, name: '直播间专享数码礼盒', price: 99, price_type: 1, url: 'pages/goods/detail?key=live-gift-box', cover_img_url: 'https://mmbiz.qpic.cn/gift/0', audit_status: 2, third_party_tag: 0 },
  { goods_id: 205, name: '充电宝 限时折扣', price: 129, price2: 99.9, price_type: 3, url: 'pages/goods/detail?key=%E5%85%85%E7%94%B5%E5%AE%9D', cover_img_url: 'https://mmbiz.qpic.cn/pb/0', audit_status: 2, third_party_tag: 2 },
  { goods_id: 206, name: '耳机 区间价', price: 199, price2: 299, price_type: 2, url: 'pages/goods/detail?key=ear', cover_img_url: 'https://mmbiz.qpic.cn/ear/0', audit_status: 1, third_party_tag: 1 },
];

/** As the client reads: goods with a key (state, import key, url adoption) are read with their record. */
function read(state: TargetState, desired: DesiredObject[]): LiveObject[] {
  const byId = new Map(state.entries().filter(([ref]) => ref.startsWith('Product/')).map(([ref, rec]) => [rec.id, ref.slice('Product/'.length)]));
  const byUrl = new Map(desired.map((d) => [d.fields.url, d.key]));
  return GOODS.map((g) => {
    const key = byId.get(String(g.goods_id)) ?? (g.third_party_tag === 0 ? undefined : byUrl.get(g.url));
    return liveGoods(g, key, readRecord(key ? state.get(`Product/${key}`) : undefined));
  });
}
const noState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };

describe('wechat-live import', async () => {
  const r = await importRoundTrip({ adapter: wechatLiveAdapter, target: 'live', live: read(noState, []), reread: read });

  test('API goods only, keyed "<target>-<goodsId>", with the platform cover URL', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => d.key)).toEqual(['live-205', 'live-206']);
    expect(r.documents[0]!.doc).toEqual({
      kind: 'Product',
      key: 'live-205',
      title: '充电宝 限时折扣',
      price: '129.00',
      targets: ['live'],
      platforms: { 'wechat-live': { name: '充电宝 限时折扣', priceType: 3, price: '129.00', price2: '99.90', url: 'pages/goods/detail?key=%E5%85%85%E7%94%B5%E5%AE%9D', coverImage: 'https://mmbiz.qpic.cn/pb/0' } },
    });
  });

  test('round trip: no change, with the state and after losing it; console goods stay unmanaged', () => {
    expect(actionsOn(r.plan, r.documents)).toEqual([]);
    expect(actionsOn(r.planWithoutState, r.documents)).toEqual([]);
    expect(r.plan.unmanaged).toEqual([{ kind: 'Product', id: '101', name: '直播间专享数码礼盒' }]);
    expect(r.planWithoutState.unmanaged).toEqual([{ kind: 'Product', id: '101', name: '直播间专享数码礼盒' }]);
  });
});
