/**
 * What `catalog init` writes: a config whose targets all run against the built-in simulators, a
 * small catalog that validates for every target, and the JSON Schemas the files point editors at.
 * Paths are relative to the folder being initialised, with forward slashes.
 */
import { generateSchemas, serializeSchema } from './schema-gen.js';

export interface ScaffoldFile {
  path: string;
  content: string | Uint8Array;
}

const CONFIG = `# yaml-language-server: $schema=./schemas/config.schema.json
#
# Targets are platform accounts. \`sandbox: true\` runs a target against the built-in simulator, so
# \`catalog plan\` works offline with no credentials. For a real account remove \`sandbox: true\` and
# read the credentials from the environment, for example:
#
#   store:
#     platform: wechat-store
#     appId: \${WX_STORE_APPID}
#     secret: \${WX_STORE_SECRET}
catalog: ./catalog
state: ./.catalog
targets:
  store:
    platform: wechat-store
    sandbox: true
  live:
    platform: wechat-live
    sandbox: true
  xianyu:
    platform: goofish
    sandbox: true
  wecom:
    platform: xiaoliebian
    sandbox: true
  sales:
    platform: waiqin365
    sandbox: true
defaults:
  prune: false
  maxDeletePercent: 20
  stock: initial
`;

const GROUPS = `# yaml-language-server: $schema=../schemas/catalog.schema.json
kind: Group
key: accessories
name: 数码配件
platforms:
  waiqin365:
    types:
      - name: 数码配件
`;

const SHIPPING = `# yaml-language-server: $schema=../schemas/catalog.schema.json
kind: ShippingTemplate
key: standard
name: 标准快递
payer: buyer
rates:
  - carrier: express
    firstItems: 1
    firstFee: 6
    additionalItems: 1
    additionalFee: 2
`;

const PRODUCTS = `# yaml-language-server: $schema=../schemas/catalog.schema.json
# No \`targets:\`: this product goes to every target that manages products, so it carries the
# fields each of those platforms needs.
kind: Product
key: charger-20w
title: 20W USB-C 快充充电器
description: |
  支持 PD 快充，30 分钟充至 50%。
  小巧便携，适配主流手机。
originalPrice: 79
images:
  # Local files are uploaded to wechat-store and wechat-live; URLs serve goofish and xiaoliebian.
  - images/charger-20w.png
  - https://img.example.com/charger-20w/main.jpg
groups: [accessories]
shipping: standard
skus:
  - key: white
    options: { 颜色: 白色 }
    price: 39
    stock: 100
  - key: black
    options: { 颜色: 黑色 }
    price: "39.90"
    stock: 50
platforms:
  goofish:
    itemBizType: 2
    spBizType: 99
    channelCatId: "your-channel-cat-id"
    stuffStatus: 100
    shops: [your-shop]
    district: { province: 440000, city: 440300, district: 440305 }
  wechat-store:
    categoryId: "537063305"
  wechat-live:
    name: 20W快充充电器
    url: pages/goods/detail?key=charger-20w
  xiaoliebian:
    platformType: 1
    link: { url: https://shop.example.com/goods/charger-20w }
---
kind: Product
key: usb-c-cable
title: USB-C 编织数据线 1 米
description: 尼龙编织，支持 60W 快充。
price: "19.90"
originalPrice: 29
stock: 200
images:
  - images/usb-c-cable.png
  - https://img.example.com/usb-c-cable/main.jpg
groups: [accessories]
shipping: standard
targets: [store, wecom]
platforms:
  wechat-store:
    categoryId: "537063306"
  xiaoliebian:
    platformType: 1
    link: { url: https://shop.example.com/goods/usb-c-cable }
`;

/** A 1x1 PNG: a placeholder image file so the scaffold shows how local images work. */
const PLACEHOLDER_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export function scaffoldFiles(): ScaffoldFile[] {
  return [
    { path: 'catalog.config.yaml', content: CONFIG },
    { path: 'catalog/groups.yaml', content: GROUPS },
    { path: 'catalog/shipping.yaml', content: SHIPPING },
    { path: 'catalog/products.yaml', content: PRODUCTS },
    { path: 'catalog/images/charger-20w.png', content: PLACEHOLDER_PNG },
    { path: 'catalog/images/usb-c-cable.png', content: PLACEHOLDER_PNG },
    ...Object.entries(generateSchemas()).map(([file, schema]) => ({ path: `schemas/${file}`, content: serializeSchema(schema) })),
  ];
}
