/** The wechat-store platform (微信小店): everything the rest of the program knows about it (see ../spec.ts). */
import type { PlatformSpec } from '../spec.js';
import { wechatStoreProductBlock } from './catalog.js';
import { wechatStoreAdapter } from './index.js';
import { checkWechatStore } from './rules.js';

export const spec = {
  name: 'wechat-store',
  title: '微信小店',
  docs: 'docs/platforms/wechat-store.md',
  kinds: ['Product', 'Group', 'ShippingTemplate', 'Shelf'],
  blocks: { Product: wechatStoreProductBlock },
  takesByDefault: null,
  rule: checkWechatStore,
  ruleCodes: {
    'wechat-store.block-required': 'A product going to wechat-store has no platforms.wechat-store block.',
    'wechat-store.original-price-required': 'A product or SKU going to wechat-store has no originalPrice (ori_price).',
    'wechat-store.price-order': 'A price is not below originalPrice on wechat-store.',
    'wechat-store.shipping-required': 'A wechat-store product has no shipping template, no express fees and is not post-free.',
    'wechat-store.image-required': 'A wechat-store product has no image it can use (a local file or an mmbiz.qpic.cn URL; main_img is required).',
  },
  credentials: ['appId', 'secret'],
  optionalCredentials: [],
  secretCredentials: ['secret'],
  defaultBaseUrl: 'https://api.weixin.qq.com',
  assumedPaths: false,
  sandboxCredentials: { appId: 'wx-sandbox-store', secret: 'sandbox-store-secret' },
  phases: ['images', 'shipping-templates', 'groups', 'products', 'stock', 'group-membership', 'shelves', 'shelf-state', 'delete-shelves', 'delete-products', 'delete-groups', 'delete-shipping-templates'],
  adapter: wechatStoreAdapter,
  checkCodes: {
    'wechat-store.category-unknown': 'categoryId is not a category of 微信小店 (category/getsub refuses it).',
    'wechat-store.category-not-leaf': 'categoryId has sub-categories; products go in a leaf category.',
    'wechat-store.property-unknown': 'A properties id is not a property of the category (category/getproperty).',
    'wechat-store.property-value-unknown': 'A properties value id is not a value of that property (category/getproperty).',
    'wechat-store.sku-property-unknown': 'A skuProperties id is not in the category\'s SKU table (category/getsku).',
    'wechat-store.sku-value-unknown': 'A skuProperties value id is not a value of that SKU attribute (category/getsku).',
  },
  lookupExamples: [
    'store categories                      wechat-store: top-level categories (then parent=<id>)',
    'store skuTable categoryId=537074298 --format json',
  ],
  scaffold: {
    target: {
      name: 'store',
      variables: `store  (微信小店):      WX_STORE_APPID, WX_STORE_SECRET`,
      yaml: `    platform: wechat-store
    sandbox: true
    appId: \${WX_STORE_APPID:-}
    secret: \${WX_STORE_SECRET:-}
`,
    },
    blocks: {
      'charger-20w': `    categoryId: "537063305"
`,
      'braided-cable-1m': `    categoryId: "537063306"
`,
    },
    secondProduct: true,
    images: 'file',
  },
  push: null,
} as const satisfies PlatformSpec<'wechat-store'>;
