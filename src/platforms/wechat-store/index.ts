/**
 * The 微信小店 (wechat-store, merchant API v1) adapter: products with SKUs, stock, postage
 * templates, groups, shelves and images; identity through SKU product_code and name + state map.
 */
import type { PlatformAdapter } from '../types.js';
import { WechatStoreClient } from './client.js';
import { importDocuments } from './import.js';
import { desiredObjects, FIELD_UNITS } from './mapping.js';
import { planObject } from './planner.js';
import { wechatStoreReferences } from './references.js';

export const wechatStoreAdapter: PlatformAdapter = {
  platform: 'wechat-store',
  desired: desiredObjects,
  planObject,
  toDocuments: importDocuments,
  references: wechatStoreReferences,
  fieldUnits: FIELD_UNITS,
  createClient: (target, deps) => new WechatStoreClient(target, deps),
};
