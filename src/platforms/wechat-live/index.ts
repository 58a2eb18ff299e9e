/**
 * The wechat-live (小程序直播 商品库) adapter: live-room goods with the audit workflow and cover images.
 * Identity: state "Product/<key>" -> { id: goodsId, auditId, cover }, adoption by `url` (API goods only).
 */
import type { PlatformAdapter } from '../types.js';
import { WechatLiveClient } from './client.js';
import { desired, FIELD_UNITS } from './mapping.js';
import { toDocuments } from './import.js';
import { planObject } from './planner.js';
import { references } from './references.js';

export const wechatLiveAdapter: PlatformAdapter = {
  platform: 'wechat-live',
  desired,
  planObject,
  toDocuments,
  fieldUnits: FIELD_UNITS,
  references,
  createClient: (target, deps) => new WechatLiveClient(target, deps),
};
