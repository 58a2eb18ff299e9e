/**
 * The 微信小店 Channels store API (wechat-channels) adapter: products with SKUs through the audit
 * workflow, stock deltas, freight templates and uploaded images (docs/platforms/wechat-channels.md).
 * Identity: out_product_id = product key, out_sku_id = SKU key; templates by state record or name.
 */
import type { PlatformAdapter } from '../types.js';
import { WechatChannelsClient } from './client.js';
import { desiredObjects, productDocuments } from './mapping.js';
import { planObject } from './planner.js';
import { wechatChannelsReferences } from './references.js';

export const wechatChannelsAdapter: PlatformAdapter = {
  platform: 'wechat-channels',
  desired: desiredObjects,
  planObject,
  toDocuments: productDocuments,
  references: wechatChannelsReferences,
  fieldUnits: {
    Product: { fen: ['skus.*.salePrice', 'skus.*.marketPrice'] },
    ShippingTemplate: { fen: ['firstFee', 'additionalFee', 'regions.firstFee', 'regions.additionalFee'] },
  },
  createClient: (target, deps) => new WechatChannelsClient(target, deps),
};
