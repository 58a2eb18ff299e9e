/**
 * The simulated category tree (platform data, the same for every account): what
 * /api/open/product/category/list returns, and what create/edit accept as channel_cat_id for a
 * sp_biz_type. Includes the categories the example catalog uses.
 */
interface GoofishCategory {
  sp_biz_type: number;
  channel_cat_id: string;
  channel_cat_name: string;
}

export const GOOFISH_CATEGORIES: readonly GoofishCategory[] = [
  { sp_biz_type: 1, channel_cat_id: '4d8b31d719602249ac899d2620c5df2b', channel_cat_name: '手机/二手手机' },
  { sp_biz_type: 1, channel_cat_id: '7a1e0b5cf3d24c9a9b6f2e8d1c0a3b57', channel_cat_name: '手机/备用机' },
  { sp_biz_type: 2, channel_cat_id: '0f6c2d9e8b7a4f31a5c4e3d2b1a09f8e', channel_cat_name: '平板电脑' },
  { sp_biz_type: 3, channel_cat_id: '3b2a1c0d9e8f7a6b5c4d3e2f1a0b9c8d', channel_cat_name: '笔记本电脑' },
  { sp_biz_type: 99, channel_cat_id: 'c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4', channel_cat_name: '数码配件/充电器与数据线' },
  { sp_biz_type: 99, channel_cat_id: 'a6b1f3e0c2d94f7b8e5a1c3d2f4b6e8a', channel_cat_name: '影音数码/耳机' },
  { sp_biz_type: 99, channel_cat_id: 'e1d2c3b4a5f60718293a4b5c6d7e8f90', channel_cat_name: '图书与电子书阅读器' },
];

/** A category property and its values: what /api/open/product/pv/list returns, and what channel_pv may hold. */
interface GoofishProperty {
  property_id: string;
  property_name: string;
  values: Array<{ value_id: string; value_name: string }>;
}

const prop = (property_id: string, property_name: string, values: Array<[string, string]>): GoofishProperty => ({
  property_id,
  property_name,
  values: values.map(([value_id, value_name]) => ({ value_id, value_name })),
});

const BRAND_PHONE = prop('20000', '品牌', [['30111', 'Apple'], ['30112', '华为'], ['30113', '小米'], ['30114', 'OPPO']]);
const STORAGE = prop('20001', '存储容量', [['31001', '64G'], ['31002', '128G'], ['31003', '256G'], ['31004', '512G']]);
const NETWORK = prop('20002', '网络制式', [['32001', '5G全网通'], ['32002', '4G全网通']]);
const BRAND_DIGITAL = prop('20000', '品牌', [['30111', 'Apple'], ['30112', '华为'], ['30113', '小米'], ['30115', '索尼'], ['30116', 'Anker'], ['30117', 'Kindle']]);

/** Properties by channel_cat_id (a category without an entry has none). */
export const GOOFISH_PROPERTIES: Readonly<Record<string, readonly GoofishProperty[]>> = {
  '4d8b31d719602249ac899d2620c5df2b': [BRAND_PHONE, STORAGE, NETWORK],
  '7a1e0b5cf3d24c9a9b6f2e8d1c0a3b57': [BRAND_PHONE, STORAGE],
  '0f6c2d9e8b7a4f31a5c4e3d2b1a09f8e': [BRAND_DIGITAL, STORAGE],
  '3b2a1c0d9e8f7a6b5c4d3e2f1a0b9c8d': [BRAND_DIGITAL, prop('20003', '屏幕尺寸', [['33001', '13英寸'], ['33002', '14英寸'], ['33003', '16英寸']])],
  'c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4': [BRAND_DIGITAL, prop('20004', '功率', [['34001', '20W'], ['34002', '65W'], ['34003', '100W']])],
  'a6b1f3e0c2d94f7b8e5a1c3d2f4b6e8a': [BRAND_DIGITAL, prop('20005', '佩戴方式', [['35001', '入耳式'], ['35002', '头戴式']])],
  'e1d2c3b4a5f60718293a4b5c6d7e8f90': [BRAND_DIGITAL],
};
