/**
 * The 微信小店 (wechat-store, merchant API v1) adapter: products with SKUs, stock, postage
 * templates, groups, shelves and images; identity through SKU product_code and name + state map.
 */
import type { PlatformAdapter } from '../types.js';
import { WechatStoreClient } from './client.js';
import { toDocuments } from './import.js';
import { desired, FIELD_UNITS } from './mapping.js';
import { planObject } from './planner.js';
import { references } from './references.js';

export const wechatStoreAdapter: PlatformAdapter = {
  platform: 'wechat-store',
  desired,
  planObject,
  toDocuments,
  references,
  fieldUnits: FIELD_UNITS,
  createClient: (target, deps) => new WechatStoreClient(target, deps),
};
