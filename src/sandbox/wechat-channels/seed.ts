/**
 * Demo Channels store (微信小店) account (seed = true). It differs from the example catalog on
 * purpose, so a first `catalog plan` has something to show. Products created through our tool
 * carry `out_product_id` = the catalog product key and `out_sku_id` = the SKU key:
 * - gan-charger-65w: on sale; SKU `black` costs 139 yuan (catalog 129), `white` matches.
 * - a 陶瓷马克杯 made in the store admin (empty out_product_id): unmanaged, on sale.
 * - every other catalog product is missing.
 * Freight template 默认快递 exists with a first-item fee of 10 yuan (the catalog's express-default
 * says 8); 包邮 is missing.
 *
 * Image keys follow the simulator's rule (SHA-256 of the uploaded bytes, or of the source URL for
 * upload_type=1), so uploading the catalog's own images yields the URLs seeded here.
 */
import type { ChannelsProduct, FreightTemplate, UploadedImage } from './state.js';

const APP = 'wx-sandbox-channels';
const img = (key: string): string => `https://mmecimage.cn/p/${APP}/${key}`;
const KEY = {
  ganMain: '2dc01048ee1aefc174c18b96208c938996f20489bcf2ec1b2dfb3fbc8c278c68',
  ganPorts: 'b397b76be5e458f33f35ddfec3cd39fa552008b0526e374b2c896b90b2fc4bb9',
  ganCover: 'e06503bac7eb6fee2f244c885a86bf658e5f199c2af6cb3c3d75cd0287ac3fe2',
  ganDetail: 'abdd3551c7a22471162df9863357bb25a14232ee99f5f60e3a1e9efd1bce1280',
  mug1: 'abf6abc9b49288d2f54fc65f725e891cf4eeed4c0883eac81640832782a7996f',
  mug2: '4804711422af2e99d37db4fe5900183a864fb994c94a1da1fe36d4f3fb71c6b0',
  mug3: 'b5c11812b758b453d7cd0406fd64edb95b3a2c5d98eaadcb83892c6008332c16',
};
const SOURCE_URL: Partial<Record<keyof typeof KEY, string>> = {
  ganMain: 'https://img.shiguang-digital.cn/products/gan-65w/main.jpg',
  ganPorts: 'https://img.shiguang-digital.cn/products/gan-65w/ports.jpg',
  mug1: 'https://img.shiguang-digital.cn/products/mug/1.jpg',
  mug2: 'https://img.shiguang-digital.cn/products/mug/2.jpg',
  mug3: 'https://img.shiguang-digital.cn/products/mug/3.jpg',
};
const UPLOADED_AT = Date.UTC(2025, 10, 1);
const CREATED_AT = Date.UTC(2025, 10, 2);
const images: Record<string, UploadedImage> = Object.fromEntries(
  (Object.keys(KEY) as Array<keyof typeof KEY>).map((name) => {
    const source = SOURCE_URL[name];
    return [KEY[name], { sha256: KEY[name], size: 48_000, width: 800, height: 800, uploadedAt: UPLOADED_AT, ...(source ? { sourceUrl: source } : {}) }];
  }),
);

const EXPRESS_TEMPLATE_ID = '47428464001';
const ALL_CHINA = { province_name: '广东省', city_name: '深圳市', county_name: '南山区', detail_info: '科技园拾光数码仓' };

const templates: FreightTemplate[] = [
  {
    template_id: EXPRESS_TEMPLATE_ID,
    name: '默认快递',
    createTime: CREATED_AT,
    updateTime: CREATED_AT,
    body: {
      name: '默认快递',
      valuation_type: 'PIECE',
      send_time: 'SendTime_FOUTYEIGHT_HOUR',
      address_info: ALL_CHINA,
      delivery_type: 'EXPRESS',
      delivery_id: [],
      shipping_method: 'NO_FREE',
      all_condition_free_detail: { condition_free_detail_list: [] },
      all_freight_calc_method: {
        freight_calc_method_list: [
          { is_default: true, address_infos: [], first_val_amount: 1, first_price: 1000, second_val_amount: 1, second_price: 200 },
          {
            is_default: false,
            address_infos: [{ province_name: '新疆维吾尔自治区' }, { province_name: '西藏自治区' }],
            first_val_amount: 1,
            first_price: 2000,
            second_val_amount: 1,
            second_price: 1000,
          },
        ],
      },
      not_send_area: { address_infos: [] },
      is_default: true,
    },
  },
];

const sku = (sku_id: string, out_sku_id: string, sale_price: number, color: string, thumb: string) => ({
  sku_id,
  out_sku_id,
  thumb_img: thumb,
  sale_price,
  market_price: 19_900,
  sku_code: `GAN65-${out_sku_id.toUpperCase()}`,
  sku_attrs: [{ attr_key: '颜色', attr_value: color }],
  status: 5,
});

const charger = {
  title: '氮化镓 65W 三口快充充电器',
  short_title: '',
  head_imgs: [img(KEY.ganMain), img(KEY.ganPorts), img(KEY.ganCover)],
  desc_info: { imgs: [img(KEY.ganDetail)], desc: '2C1A 三口输出，单口最高 65W，可同时为笔记本、手机和耳机充电。\n折叠插脚，体积小巧，出差旅行必备。' },
  cats_v2: [{ cat_id: '10000001' }, { cat_id: '10000030' }, { cat_id: '7021' }],
  cats: [],
  attrs: [
    { attr_key: '品牌', attr_value: '拾光' },
    { attr_key: '输出功率', attr_value: '65 W' },
  ],
  spu_code: '',
  brand_id: '2100000000',
  deliver_method: 0,
  express_info: { template_id: EXPRESS_TEMPLATE_ID },
  extra_service: { seven_day_return: 1, freight_insurance: 0 },
  extras: {},
  skus: [
    sku('20000000000000001', 'white', 12_900, '白色', img(KEY.ganCover)),
    sku('20000000000000003', 'black', 13_900, '黑色', img(KEY.ganCover)),
  ],
};

const mug = {
  title: '陶瓷马克杯 350ml 白色',
  short_title: '马克杯',
  head_imgs: [img(KEY.mug1), img(KEY.mug2), img(KEY.mug3)],
  desc_info: { imgs: [img(KEY.mug1)], desc: '' },
  cats_v2: [{ cat_id: '10000111' }, { cat_id: '10000113' }, { cat_id: '6091' }],
  cats: [],
  attrs: [{ attr_key: '材质', attr_value: '陶瓷' }],
  spu_code: 'CUP',
  brand_id: '2100000000',
  deliver_method: 0,
  express_info: { template_id: EXPRESS_TEMPLATE_ID },
  extra_service: { seven_day_return: 1, freight_insurance: 0 },
  extras: {},
  skus: [
    {
      sku_id: '20000000000000005',
      out_sku_id: '',
      thumb_img: img(KEY.mug1),
      sale_price: 3900,
      market_price: 0,
      sku_code: 'CUP-W',
      sku_attrs: [{ attr_key: '颜色', attr_value: '白色' }],
      status: 5,
    },
  ],
};

const audited = { submitTime: CREATED_AT, auditTime: CREATED_AT + 60_000, reason: null };

const products: ChannelsProduct[] = [
  {
    product_id: '10000000000000001',
    out_product_id: 'gan-charger-65w',
    status: 5,
    edit_status: 4,
    draft: structuredClone(charger),
    online: structuredClone(charger),
    stock: { '20000000000000001': 150, '20000000000000003': 80 },
    dueAt: null,
    listAfterUpload: false,
    audit: audited,
    createTime: CREATED_AT,
    editTime: CREATED_AT,
    product_type: 1,
  },
  {
    product_id: '10000000000000003',
    out_product_id: '',
    status: 5,
    edit_status: 4,
    draft: structuredClone(mug),
    online: structuredClone(mug),
    stock: { '20000000000000005': 100 },
    dueAt: null,
    listAfterUpload: false,
    audit: audited,
    createTime: CREATED_AT,
    editTime: CREATED_AT,
    product_type: 1,
  },
];

export const CHANNELS_SEED = {
  products,
  images,
  templates,
  firstProductId: '10000000000000101',
  firstSkuId: '20000000000000101',
  firstTemplateId: '47428464101',
};
