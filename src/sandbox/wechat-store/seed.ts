/**
 * Demo 微信小店 account (seed = true). It differs from the example catalog on purpose, so a first
 * `catalog plan` has something to show. Products "created through our tool" carry product_code
 * `<productKey>` (single spec) or `<productKey>:<skuKey>`:
 * - airpods-pro2: on shelf, price 1699 (catalog 1599), stock 8 (catalog 20).
 * - iphone13-128: on shelf (name/category/property frozen), SKU prices and stock differ.
 * - longjing-tea-250g: never on shelf, older title, only the `standard` SKU (catalog also has `premium`).
 * - usb-c-cable: off shelf, same prices, different stock.
 * - an unmanaged product (product_code SG-GIFT-001, made in the store console).
 * The catalog's other store products are missing. Group 手机 (iphone13-128) and postage template
 * 默认快递 (first item 10 yuan; catalog 8) match catalog objects by name.
 */
import type { PostageTemplate, ProductGroup, Shelf, StoreProduct, UploadedImage } from './state.js';

const img = (sha: string): string => `https://mmbiz.qpic.cn/img/${sha}`;
const SHA = {
  iphone13Cover: 'fb77f3c623d252bd86a7bd420408a6314118efe07e4b28c81c0a28bcd1463eb1',
  iphone13Main: '06b23809b9d0d901b1b97f7aedf36c81ac88b33f9ccc29b01d0dfb7513bd7109',
  iphone13Back: '01e62500285f0ef118541f273d8521a24947387e5b1f385f905e12fc74fea06d',
  airpodsCover: '316b2082f9268b4d996f005c2d712c63eee0e629c67beadc4fec9a11377fbdff',
  airpodsMain: 'ce6c2a4d945cdf8167404bcb44278dbab53a743737aa6fc114de9e1d5a580769',
  teaCover: 'b7ca463733adfec3f920c00a4671d0c33726039187b00ac8f368d15d8e00f515',
  teaMain: '700b509e5e3cb379892a127f76f227052e13804bf22d6b7ee5934650ce864d63',
  cableMain: '9f481e77f38fb385d74f6eebb88d1cec9922ff5a12a4ae59f43f78d1f0c2b1a6',
  giftCard: 'e52c02c67d8ec2f52a6a019e436304b759f2474d6ea161f09982227f98880ad8',
};
const UPLOADED_AT = Date.UTC(2024, 11, 1);
const images: Record<string, UploadedImage> = Object.fromEntries(
  Object.values(SHA).map((sha) => [sha, { size: 48_000, width: 640, height: 600, uploadedAt: UPLOADED_AT }]),
);

const EXPRESS_TEMPLATE_ID = 200_000_101;
const viaTemplate = { delivery_type: 1 as const, template_id: EXPRESS_TEMPLATE_ID, express: [] };
const noExtras = { isPostFree: 0 as const, isHasReceipt: 0 as const, isUnderGuaranty: 0 as const, isSupportReplace: 0 as const };

const templates: PostageTemplate[] = [
  {
    Id: EXPRESS_TEMPLATE_ID,
    Name: '默认快递',
    Assumer: 0,
    Valuation: 0,
    TopFee: [
      {
        Type: 10000028,
        Normal: { StartStandards: 1, StartFees: 1000, AddStandards: 1, AddFees: 200 },
        Custom: [{ StartStandards: 1, StartFees: 2000, AddStandards: 1, AddFees: 1000, DestCountry: '中国', DestProvince: '新疆维吾尔自治区' }],
      },
    ],
  },
];

const products: StoreProduct[] = [
  {
    product_id: 'pDF3iY0sEED00aIrPoDsPRo2nF9w',
    status: 1,
    everOnShelf: true,
    product_base: {
      name: 'AirPods Pro 2 USB-C 全新国行',
      category_id: ['537062501'],
      property: [],
      sku_info: [],
      main_img: img(SHA.airpodsCover),
      img: [img(SHA.airpodsCover), img(SHA.airpodsMain)],
      detail: [{ text: '全新国行未激活，USB-C 充电盒，主动降噪与通透模式。' }],
      buy_limit: 3,
    },
    sku_list: [{ sku_id: '', price: 169_900, ori_price: 189_900, quantity: 8, icon_url: '', product_code: 'airpods-pro2' }],
    attrext: { ...noExtras, isPostFree: 1 },
    delivery_info: null,
  },
  {
    product_id: 'pDF3iY0sEED01iPhOnE13x128gQk',
    status: 1,
    everOnShelf: true,
    product_base: {
      name: '二手 iPhone 13 128G 国行 95新',
      category_id: ['537074298'],
      property: [],
      sku_info: [{ id: '$颜色', vid: ['$午夜色', '$星光色', '$蓝色'] }],
      main_img: img(SHA.iphone13Main),
      img: [img(SHA.iphone13Main), img(SHA.iphone13Back), img(SHA.iphone13Cover)],
      detail: [{ text: '国行正品，无拆无修，电池健康 89%。' }],
      buy_limit: 2,
    },
    sku_list: [
      { sku_id: '$颜色:$午夜色', price: 319_900, ori_price: 429_900, quantity: 6, icon_url: '', product_code: 'iphone13-128:midnight' },
      { sku_id: '$颜色:$星光色', price: 334_900, ori_price: 429_900, quantity: 0, icon_url: '', product_code: 'iphone13-128:starlight' },
      { sku_id: '$颜色:$蓝色', price: 349_900, ori_price: 429_900, quantity: 1, icon_url: '', product_code: 'iphone13-128:blue' },
    ],
    attrext: { ...noExtras, isUnderGuaranty: 1, isSupportReplace: 1, location: { country: '中国', province: '广东省', city: '深圳市', address: '华强北赛格广场' } },
    delivery_info: viaTemplate,
  },
  {
    product_id: 'pDF3iY0sEED02LoNgJiNg250gTea',
    status: 2,
    everOnShelf: false,
    product_base: {
      name: '2023 明前西湖龙井 250克 罐装',
      category_id: ['537080012'],
      property: [],
      sku_info: [{ id: '$等级', vid: ['$一级'] }],
      main_img: img(SHA.teaCover),
      img: [img(SHA.teaCover), img(SHA.teaMain)],
      detail: [{ text: '杭州西湖产区明前头采，手工炒制。' }, { img: img(SHA.teaMain) }],
      buy_limit: 0,
    },
    sku_list: [{ sku_id: '$等级:$一级', price: 39_800, ori_price: 68_000, quantity: 30, icon_url: '', product_code: 'longjing-tea-250g:standard' }],
    attrext: { ...noExtras, isPostFree: 1, location: { country: '中国', province: '浙江省', city: '杭州市', address: '' } },
    delivery_info: null,
  },
  {
    product_id: 'pDF3iY0sEED03UsBcCaBle100wXk',
    status: 2,
    everOnShelf: true,
    product_base: {
      name: 'USB-C to C 编织快充数据线 100W',
      category_id: ['537063306'],
      property: [],
      sku_info: [{ id: '1075741890', vid: ['1079749991', '1079749992'] }],
      main_img: img(SHA.cableMain),
      img: [img(SHA.cableMain)],
      detail: [{ text: '尼龙编织线身，支持 100W PD 快充和 480Mbps 数据传输，弯折 2 万次测试。' }],
      buy_limit: 0,
    },
    sku_list: [
      { sku_id: '1075741890:1079749991', price: 1990, ori_price: 5900, quantity: 120, icon_url: '', product_code: 'usb-c-cable:1m' },
      { sku_id: '1075741890:1079749992', price: 2990, ori_price: 5900, quantity: 200, icon_url: '', product_code: 'usb-c-cable:2m' },
    ],
    attrext: noExtras,
    delivery_info: viaTemplate,
  },
  {
    product_id: 'pDF3iY0sEED04GiFtCaRdSg001Zz',
    status: 1,
    everOnShelf: true,
    product_base: {
      name: '拾光数码会员礼品卡 100元',
      category_id: ['537090001'],
      property: [],
      sku_info: [],
      main_img: img(SHA.giftCard),
      img: [img(SHA.giftCard)],
      detail: [{ text: '门店与微信小店通用，有效期一年。' }],
      buy_limit: 5,
    },
    sku_list: [{ sku_id: '', price: 9500, ori_price: 10_000, quantity: 999, icon_url: '', product_code: 'SG-GIFT-001' }],
    attrext: { ...noExtras, isPostFree: 1 },
    delivery_info: null,
  },
];

const groups: ProductGroup[] = [{ group_id: 206_000_101, group_name: '手机', product_list: ['pDF3iY0sEED01iPhOnE13x128gQk'] }];

const shelves: Shelf[] = [];

export const STORE_SEED = { products, templates, groups, shelves, images };
