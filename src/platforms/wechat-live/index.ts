/**
 * The wechat-live (小程序直播 商品库) adapter: live-room goods with the audit workflow and cover images.
 * Identity: state "Product/<key>" -> { id: goodsId, auditId, cover }, adoption by `url` (API goods only).
 */
import type { PlatformAdapter } from '../types.js';
import { WechatLiveClient } from './client.js';
import { desiredGoods, FIELD_UNITS, goodsDocuments } from './mapping.js';
import { planGoods } from './planner.js';
import { wechatLiveReferences } from './references.js';

export const wechatLiveAdapter: PlatformAdapter = {
  platform: 'wechat-live',
  desired: desiredGoods,
  planObject: planGoods,
  toDocuments: goodsDocuments,
  fieldUnits: FIELD_UNITS,
  references: wechatLiveReferences,
  createClient: (target, deps) => new WechatLiveClient(target, deps),
};
