/** The xiaoliebian platform (小裂变): everything the rest of the program knows about it (see ../spec.ts). */
import type { PlatformSpec } from '../spec.js';
import { xiaoliebianProductBlock } from './catalog.js';
import { xiaoliebianAdapter } from './index.js';
import { checkXiaoliebian } from './rules.js';

export const spec = {
  name: 'xiaoliebian',
  title: '小裂变',
  docs: 'docs/platforms/xiaoliebian.md',
  kinds: ['Product', 'Group'],
  blocks: { Product: xiaoliebianProductBlock },
  takesByDefault: null,
  rule: checkXiaoliebian,
  ruleCodes: {
    'xiaoliebian.block-required': 'A product going to xiaoliebian has no platforms.xiaoliebian block.',
    'xiaoliebian.title-length': 'Title longer than 128 characters on xiaoliebian.',
    'xiaoliebian.banner-length': 'Banner URL longer than 256 characters on xiaoliebian.',
    'xiaoliebian.banner-url': 'A product going to xiaoliebian has no banner URL (a local file cannot be uploaded there).',
  },
  credentials: ['appId', 'secret'],
  optionalCredentials: [],
  secretCredentials: ['secret'],
  defaultBaseUrl: 'https://wechat.xiaoliebian.com/api/demo-wechat-work/open/api',
  assumedPaths: true,
  sandboxCredentials: { appId: 'xlb-sandbox', secret: 'sandbox-xiaoliebian-secret' },
  phases: ['groups', 'products', 'group-membership', 'shelf-state', 'delete-products', 'delete-groups'],
  adapter: xiaoliebianAdapter,
  checkCodes: {},
  lookupExamples: [],
  scaffold: {
    target: {
      name: 'wecom',
      variables: `wecom  (小裂变):        XLB_APPID, XLB_SECRET`,
      yaml: `    platform: xiaoliebian
    sandbox: true
    appId: \${XLB_APPID:-}
    secret: \${XLB_SECRET:-}
`,
    },
    blocks: {
      'charger-20w': `    platformType: 1
    link: { url: https://shop.example.com/goods/charger-20w }
`,
      'braided-cable-1m': `    platformType: 1
    link: { url: https://shop.example.com/goods/braided-cable-1m }
`,
    },
    secondProduct: true,
    images: 'url',
  },
  push: null,
} as const satisfies PlatformSpec<'xiaoliebian'>;
