/** The goofish platform (闲管家): everything the rest of the program knows about it (see ../spec.ts). */
import type { PlatformSpec } from '../spec.js';
import { goofishProductBlock } from './catalog.js';
import { goofishAdapter } from './index.js';
import { checkGoofish } from './rules.js';

export const spec = {
  name: 'goofish',
  title: '闲管家',
  docs: 'docs/platforms/goofish.md',
  kinds: ['Product'],
  blocks: { Product: goofishProductBlock },
  takesByDefault: null,
  rule: checkGoofish,
  ruleCodes: {
    'goofish.block-required': 'A product going to goofish has no platforms.goofish block.',
    'goofish.title-width': 'Title wider than 60 units (a CJK character counts 2) on goofish.',
    'goofish.description-length': 'Description shorter than 5 or longer than 5000 characters on goofish.',
    'goofish.image-count': 'Fewer than 1 or more than 30 image URLs on goofish.',
    'goofish.price-range': 'A price outside 0.01 .. 99,999,999.00 yuan on goofish.',
    'goofish.stock-range': 'Stock above 9999 per SKU on goofish.',
    'goofish.sku-option-name-length': 'A SKU option name longer than 4 characters on goofish.',
    'goofish.sku-option-value-length': 'A SKU option value longer than 20 characters on goofish.',
    'goofish.sku-option-chars': 'A SKU option name or value contains ":" or ";" (sku_text separators) on goofish.',
  },
  credentials: ['appKey', 'appSecret'],
  optionalCredentials: ['sellerId'],
  secretCredentials: ['appSecret'],
  defaultBaseUrl: 'https://open.goofish.pro',
  assumedPaths: false,
  sandboxCredentials: { appKey: '100000000000001', appSecret: 'sandboxgoofishsecret000000000000' },
  phases: ['products', 'stock', 'shelf-state', 'delete-products'],
  adapter: goofishAdapter,
  checkCodes: {
    'goofish.category-unknown': 'channelCatId is not a category of the product\'s itemBizType / spBizType (product/category/list).',
    'goofish.shop-unauthorised': 'A shop in platforms.goofish.shops is not an authorised shop of the account (user/authorize/list).',
    'goofish.property-unknown': 'A channelPv property (name or id) is not a property of the category (product/pv/list).',
    'goofish.property-value-unknown': 'A channelPv value (name or id) is not a value of that property (product/pv/list).',
    'goofish.property-duplicate': 'channelPv gives the same property twice (once by name, once by id).',
  },
  lookupExamples: [
    'xianyu shops                          goofish: authorised shops',
    'xianyu categories itemBizType=2 spBizType=1',
    'xianyu properties itemBizType=2 spBizType=1 channelCatId=4d8b31d719602249ac899d2620c5df2b',
  ],
  scaffold: {
    target: {
      name: 'xianyu',
      variables: `xianyu (闲管家/闲鱼):   GOOFISH_APPKEY, GOOFISH_SECRET`,
      yaml: `    platform: goofish
    sandbox: true
    appKey: \${GOOFISH_APPKEY:-}
    appSecret: \${GOOFISH_SECRET:-}
`,
    },
    blocks: {
      'charger-20w': `    itemBizType: 2
    spBizType: 99
    # A category of sp_biz_type 99 (the 闲管家 category list) and the user_name of an authorised shop.
    channelCatId: c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4
    stuffStatus: 100
    shops: [拾光数码]
    district: { province: 440000, city: 440300, district: 440305 }
`,
    },
    secondProduct: false,
    images: 'url',
  },
  push: null,
} as const satisfies PlatformSpec<'goofish'>;
