/**
 * Demo 小程序直播 account (seed = true). Differs from the example catalog on purpose, so a first
 * `catalog plan` has something to show:
 * - goods 101: made in the live console (third_party_tag 0), unmanaged; its url matches no catalog
 *   product.
 * - goods 102: made earlier through our tool for airpods-pro2 (adopted by its `url`), approved, at a
 *   lower price (1499 instead of the catalog's 1599) and an older name.
 * The catalog's other live products (iphone13-128, huawei-mate60-pro, power-bank-10000) are missing.
 */
import type { LiveGoods } from './state.js';

export const LIVE_SEED: { goods: LiveGoods[]; firstGoodsId: number; firstAuditId: number } = {
  firstGoodsId: 200,
  firstAuditId: 525_022_000,
  goods: [
    {
      goodsId: 101,
      name: '直播间专享数码礼盒',
      coverImgUrl: 'https://mmbiz.qpic.cn/mmbiz_png/sandbox-live-gift-box/0',
      priceType: 1,
      priceFen: 9900,
      price2Fen: 0,
      url: 'pages/goods/detail?key=live-gift-box',
      auditStatus: 2,
      auditId: null,
      auditDueAt: null,
      auditReason: null,
      thirdPartyTag: 0,
    },
    {
      goodsId: 102,
      name: 'AirPodsPro2国行',
      coverImgUrl: 'https://mmbiz.qpic.cn/mmbiz_png/sandbox-airpods-pro2/0',
      priceType: 1,
      priceFen: 149_900,
      price2Fen: 0,
      url: 'pages/goods/detail?key=airpods-pro2',
      auditStatus: 2,
      auditId: 525_021_877,
      auditDueAt: null,
      auditReason: null,
      thirdPartyTag: 2,
    },
  ],
};
