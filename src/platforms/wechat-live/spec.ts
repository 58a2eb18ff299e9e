/** The wechat-live platform (小程序直播): everything the rest of the program knows about it (see ../spec.ts). */
import type { PlatformSpec } from '../spec.js';
import { wechatLiveProductBlock } from './catalog.js';
import { wechatLiveAdapter } from './index.js';
import { checkWechatLive } from './rules.js';

export const spec = {
  name: 'wechat-live',
  title: '小程序直播',
  docs: 'docs/platforms/wechat-live.md',
  kinds: ['Product'],
  blocks: { Product: wechatLiveProductBlock },
  takesByDefault: null,
  rule: checkWechatLive,
  ruleCodes: {
    'wechat-live.block-required': 'A product going to wechat-live has no platforms.wechat-live block.',
    'wechat-live.name-length': 'Goods name wider than 28 units (14 汉字) on wechat-live.',
    'wechat-live.price2-required': 'priceType 2 or 3 without price2 on wechat-live.',
    'wechat-live.price-order': 'priceType 2 needs price < price2; priceType 3 needs price2 < price (wechat-live).',
    'wechat-live.cover-required': 'A wechat-live block without coverImage on a product without images.',
  },
  credentials: ['appId', 'secret'],
  optionalCredentials: [],
  secretCredentials: ['secret'],
  defaultBaseUrl: 'https://api.weixin.qq.com',
  assumedPaths: false,
  sandboxCredentials: { appId: 'wx-sandbox-live', secret: 'sandbox-live-secret' },
  phases: ['products', 'audits', 'delete-products'],
  adapter: wechatLiveAdapter,
  checkCodes: {},
  lookupExamples: [],
  scaffold: {
    target: {
      name: 'live',
      variables: `live   (小程序直播):    WX_MINI_APPID, WX_MINI_SECRET`,
      yaml: `    platform: wechat-live
    sandbox: true
    appId: \${WX_MINI_APPID:-}
    secret: \${WX_MINI_SECRET:-}
`,
    },
    blocks: {
      'charger-20w': `    name: 20W快充充电器
    url: pages/goods/detail?key=charger-20w
`,
    },
    secondProduct: false,
    images: 'file',
  },
  push: null,
} as const satisfies PlatformSpec<'wechat-live'>;
