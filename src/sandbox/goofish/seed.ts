/**
 * The demo 闲管家 account (`initialState(true)`): what a new user's first `catalog plan` runs against.
 * Its live state deliberately differs from the example catalog (catalog/, target `xianyu`):
 *
 * | catalog product        | demo account                                                   | first plan shows |
 * |------------------------|----------------------------------------------------------------|------------------|
 * | iphone12-black-128     | on sale at 2299.00 (catalog 2199.00)                           | update price     |
 * | iphone13-128           | SKU midnight stock 3 (catalog 4), starlight 3399.00 (3349.00)  | update SKUs      |
 * | sony-wh1000xm5         | identical                                                      | no change        |
 * | airpods-pro2           | taken down (31 / publish_status 4)                             | publish          |
 * | kindle-paperwhite5     | SKU black-8g stock 1 (catalog 2); `protect: true` in catalog   | stock info/update|
 * | gan-charger-65w, iphone13-case-magsafe, book-phone-repair, xiaomi14-pro | absent                  | create           |
 * | (none)                 | an iPad without outer_id; "legacy-0042" not in the catalog     | unmanaged        |
 *
 * Plain data: ids, SKU ids and times are assigned by `initialState` (times relative to now, so the
 * demo stays inside the product list's 6-month window).
 */
import type { GoofishProduct, GoofishShop, GoofishSku } from './state.js';

type SeedProduct = Omit<GoofishProduct, 'product_id' | 'create_time' | 'update_time' | 'sku_items' | 'published' | 'extra'> & {
  sku_items: Omit<GoofishSku, 'sku_id'>[];
  /** Days since the last update. */
  age_days: number;
};

export const SEED_SHOPS: GoofishShop[] = [{ authorize_id: 1_000_001, user_name: '拾光数码', user_nick: '拾光数码二手3C' }];

/** The one shop of an empty account (`initialState(false)`). */
export const EMPTY_ACCOUNT_SHOPS: GoofishShop[] = [{ authorize_id: 1_000_001, user_name: 'sandbox-shop', user_nick: '沙箱店铺' }];

const SHENZHEN = { province: 440000, city: 440300, district: 440304 };
const IMG = 'https://img.shiguang-digital.cn/products';

export const SEED_FIRST_PRODUCT_ID = 219_530_767_978_565;
export const SEED_FIRST_SKU_ID = 5_120_330_001;

export const SEED_PRODUCTS: SeedProduct[] = [
  {
    product_status: 22,
    publish_status: 3,
    item_biz_type: 2,
    sp_biz_type: 1,
    channel_cat_id: '4d8b31d719602249ac899d2620c5df2b',
    price: 229_900,
    original_price: 259_900,
    express_fee: 0,
    stock: 3,
    outer_id: 'iphone12-black-128',
    stuff_status: 90,
    publish_shop: [
      {
        user_name: '拾光数码',
        ...SHENZHEN,
        title: '二手 iPhone 12 128G 黑色 9成新',
        content: '国行正品，电池健康 85%，已更换原厂电池。\n屏幕完美，后壳有细微划痕，功能全部正常。\n',
        images: [`${IMG}/iphone12-black/main.jpg`, `${IMG}/iphone12-black/side.jpg`],
      },
    ],
    sku_items: [],
    age_days: 12,
  },
  {
    product_status: 22,
    publish_status: 3,
    item_biz_type: 2,
    sp_biz_type: 1,
    channel_cat_id: '4d8b31d719602249ac899d2620c5df2b',
    price: 329_900,
    original_price: 429_900,
    express_fee: 0,
    stock: 6,
    outer_id: 'iphone13-128',
    stuff_status: 95,
    publish_shop: [
      {
        user_name: '拾光数码',
        ...SHENZHEN,
        title: '二手 iPhone 13 128G 国行 95新',
        content:
          '国行正品，无拆无修，电池健康 89%。\n面容 ID、原彩显示、NFC 全部正常，屏幕无划痕，边框有轻微使用痕迹。\n附赠原装数据线和透明手机壳，支持七天无理由退换。\n',
        images: [`${IMG}/iphone13/main.jpg`, `${IMG}/iphone13/back.jpg`],
      },
    ],
    sku_items: [
      { sku_text: '颜色:午夜色', price: 329_900, stock: 3, outer_id: 'midnight' },
      { sku_text: '颜色:星光色', price: 339_900, stock: 2, outer_id: 'starlight' },
      { sku_text: '颜色:蓝色', price: 339_900, stock: 1, outer_id: 'blue' },
    ],
    age_days: 5,
  },
  {
    product_status: 22,
    publish_status: 3,
    item_biz_type: 2,
    sp_biz_type: 99,
    channel_cat_id: 'a6b1f3e0c2d94f7b8e5a1c3d2f4b6e8a',
    price: 179_900,
    original_price: 249_900,
    express_fee: 1_200,
    stock: 2,
    outer_id: 'sony-wh1000xm5',
    stuff_status: 99,
    publish_shop: [
      {
        user_name: '拾光数码',
        ...SHENZHEN,
        title: '索尼 WH-1000XM5 头戴降噪耳机 99新',
        content: '个人闲置，仅试戴几次，配件齐全带原盒。\n降噪效果一流，续航 30 小时，支持多点连接。\n',
        images: [`${IMG}/sony-xm5/main.jpg`, `${IMG}/sony-xm5/case.jpg`],
      },
    ],
    sku_items: [
      { sku_text: '颜色:黑色', price: 179_900, stock: 1, outer_id: 'black' },
      { sku_text: '颜色:铂金银', price: 184_900, stock: 1, outer_id: 'silver' },
    ],
    age_days: 30,
  },
  {
    product_status: 31,
    publish_status: 4,
    item_biz_type: 2,
    sp_biz_type: 99,
    channel_cat_id: 'a6b1f3e0c2d94f7b8e5a1c3d2f4b6e8a',
    price: 159_900,
    original_price: 189_900,
    express_fee: 0,
    stock: 20,
    outer_id: 'airpods-pro2',
    stuff_status: 100,
    publish_shop: [
      {
        user_name: '拾光数码',
        ...SHENZHEN,
        title: 'AirPods Pro 2 USB-C 全新国行',
        content: '全新国行未激活，USB-C 充电盒，主动降噪与通透模式。\n可在苹果官网查询序列号，享受一年官方保修。\n',
        images: [`${IMG}/airpods-pro2/main.jpg`],
      },
    ],
    sku_items: [],
    age_days: 20,
  },
  {
    product_status: 22,
    publish_status: 3,
    item_biz_type: 2,
    sp_biz_type: 99,
    channel_cat_id: 'e1d2c3b4a5f60718293a4b5c6d7e8f90',
    price: 59_900,
    original_price: 89_900,
    express_fee: 0,
    stock: 2,
    outer_id: 'kindle-paperwhite5',
    stuff_status: 95,
    publish_shop: [
      {
        user_name: '拾光数码',
        ...SHENZHEN,
        title: 'Kindle Paperwhite 5 二手 8G 95新',
        content: '6.8 英寸屏幕，可调色温，IPX8 防水，屏幕无划痕无坏点。\n已退出账号并恢复出厂设置，送保护套。\n',
        images: [`${IMG}/kindle-pw5/main.jpg`, `${IMG}/kindle-pw5/screen.jpg`],
      },
    ],
    sku_items: [
      { sku_text: '颜色:黑色;版本:8G', price: 59_900, stock: 1, outer_id: 'black-8g' },
      { sku_text: '颜色:墨绿色;版本:16G签名版', price: 79_900, stock: 1, outer_id: 'green-16g' },
    ],
    age_days: 45,
  },
  {
    product_status: 22,
    publish_status: 3,
    item_biz_type: 2,
    sp_biz_type: 2,
    channel_cat_id: '0f6c2d9e8b7a4f31a5c4e3d2b1a09f8e',
    price: 180_000,
    original_price: 0,
    express_fee: 0,
    stock: 1,
    outer_id: '',
    stuff_status: 90,
    publish_shop: [
      {
        user_name: '拾光数码',
        ...SHENZHEN,
        title: '自用 iPad Air 4 64G 闲置转让',
        content: '自用一年，一直带壳贴膜，无磕碰，电池健康 92%，送原装充电器。',
        images: ['https://img.shiguang-digital.cn/misc/ipad-air4.jpg'],
      },
    ],
    sku_items: [],
    age_days: 60,
  },
  {
    product_status: 31,
    publish_status: 4,
    item_biz_type: 2,
    sp_biz_type: 99,
    channel_cat_id: 'a6b1f3e0c2d94f7b8e5a1c3d2f4b6e8a',
    price: 3_900,
    original_price: 9_900,
    express_fee: 600,
    stock: 15,
    outer_id: 'legacy-0042',
    stuff_status: 100,
    publish_shop: [
      {
        user_name: '拾光数码',
        ...SHENZHEN,
        title: 'OPPO 原装有线耳机 全新盒装',
        content: '原装 Type-C 接口有线耳机，全新盒装，老款清仓。',
        images: ['https://img.shiguang-digital.cn/misc/oppo-earphone.jpg'],
      },
    ],
    sku_items: [],
    age_days: 90,
  },
];
