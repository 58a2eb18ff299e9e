/** The wechat-channels platform (微信小店, Channels store API): everything the rest of the program knows about it (see ../spec.ts). */
import type { PlatformSpec } from '../spec.js';
import { wechatChannelsProductBlock } from './catalog.js';
import { wechatChannelsAdapter } from './index.js';
import { RULE_CODES, checkWechatChannels } from './rules.js';

export const spec = {
  name: 'wechat-channels',
  title: '微信小店 (视频号小店)',
  docs: 'docs/platforms/wechat-channels.md',
  kinds: ['Product', 'ShippingTemplate'],
  blocks: { Product: wechatChannelsProductBlock },
  // A product goes to wechat-channels targets by default only when it carries the block (its category).
  takesByDefault: (written) => written.kind !== 'Product' || (written.platforms as { 'wechat-channels'?: unknown } | undefined)?.['wechat-channels'] !== undefined,
  rule: checkWechatChannels,
  ruleCodes: RULE_CODES,
  credentials: ['appId', 'secret'],
  optionalCredentials: [],
  secretCredentials: ['secret'],
  defaultBaseUrl: 'https://api.weixin.qq.com',
  assumedPaths: false,
  sandboxCredentials: { appId: 'wx-sandbox-channels', secret: 'sandbox-channels-secret' },
  phases: ['images', 'shipping-templates', 'products', 'stock', 'shelf-state', 'audits', 'delete-products'],
  adapter: wechatChannelsAdapter,
  checkCodes: {
    'wechat-channels.category-unknown': 'The last id of platforms.wechat-channels.category is not a leaf category (category/detail refuses it).',
    'wechat-channels.attribute-required': 'The category requires an attribute the product does not give (category/detail product_attr_list).',
    'wechat-channels.attribute-unknown': 'An attributes key is not an attribute of the category.',
    'wechat-channels.attribute-value': 'An attributes value is not one of the attribute\'s options (select_one / select_many without append_allowed).',
    'wechat-channels.sku-attribute-required': 'The category requires a sale attribute (sku_attrs) the SKU options do not give.',
  },
  lookupExamples: [
    'channels categories parent=10000111    wechat-channels: cats_v2 children (parent 0: the roots)',
    'channels attributes category=6091      wechat-channels: attributes of a leaf category',
  ],
  scaffold: {
    target: {
      name: 'channels',
      variables: `channels (微信小店):   WX_CHANNELS_APPID, WX_CHANNELS_SECRET`,
      yaml: `    platform: wechat-channels
    sandbox: true
    appId: \${WX_CHANNELS_APPID:-}
    secret: \${WX_CHANNELS_SECRET:-}
`,
    },
    blocks: {
      'charger-20w': `    category: ["10000001", "10000030", "7021"]
    attributes: { 品牌: 拾光, 输出功率: "20 W" }
    # 3 to 9 head images; URLs are uploaded by URL (basics/img/upload), files by content
    headImages:
      - https://img.example.com/charger-20w/1.jpg
      - https://img.example.com/charger-20w/2.jpg
      - https://img.example.com/charger-20w/3.jpg
`,
    },
    secondProduct: false,
    images: 'file',
  },
  push: null,
} as const satisfies PlatformSpec<'wechat-channels'>;
