/**
 * The simulated 微信小店 category tree (platform data, the same for every account; not persisted).
 * Leaves carry the SKU table (category/getsku) and properties (category/getproperty) a product of
 * that category may use. The leaf ids are the ones the example catalog uses.
 */
interface NamedValue {
  id: string;
  name: string;
}

export interface CategoryAttribute extends NamedValue {
  values: NamedValue[];
}

export interface Category extends NamedValue {
  parent: string;
  skuTable: CategoryAttribute[];
  properties: CategoryAttribute[];
}

const ROOT_CATEGORY_ID = '1';

const attr = (id: string, name: string, values: Array<[string, string]>): CategoryAttribute => ({
  id,
  name,
  values: values.map(([vid, vname]) => ({ id: vid, name: vname })),
});

const COLOR_PHONE = attr('1075741879', '颜色', [
  ['1079749967', '黑色'], ['1079749968', '白色'], ['1079749969', '蓝色'], ['1079749970', '紫色'], ['1079749971', '午夜色'], ['1079749972', '星光色'],
]);
const STORAGE = attr('1075743011', '存储容量', [['1079750011', '128G'], ['1079750012', '256G'], ['1079750013', '512G'], ['1079750014', '1T']]);
const COLOR_ACCESSORY = attr('1075741880', '颜色', [
  ['1079749981', '白色'], ['1079749982', '黑色'], ['1079749983', '全透明'], ['1079749984', '磨砂黑'], ['1079749985', '薰衣草紫'], ['1079749986', '铂金银'], ['1079749987', '墨绿色'],
]);
const BRAND_DIGITAL = attr('1075781001', '品牌', [
  ['1079781011', 'Apple'], ['1079781012', '华为'], ['1079781013', '小米'], ['1079781014', '索尼'], ['1079781015', '拾光'], ['1079781016', 'Kindle'],
]);
const CONDITION = attr('1075781003', '成色', [['1079781031', '全新'], ['1079781032', '95新'], ['1079781033', '9成新']]);

const CATEGORIES: Category[] = [
  { id: '537074000', name: '手机通讯', parent: ROOT_CATEGORY_ID, skuTable: [], properties: [] },
  {
    id: '537074298', name: '手机', parent: '537074000',
    skuTable: [COLOR_PHONE, STORAGE],
    properties: [BRAND_DIGITAL, attr('1075781002', '网络类型', [['1079781021', '5G'], ['1079781022', '4G']]), CONDITION],
  },
  { id: '537062000', name: '影音娱乐', parent: ROOT_CATEGORY_ID, skuTable: [], properties: [] },
  {
    id: '537062501', name: '耳机', parent: '537062000',
    skuTable: [COLOR_ACCESSORY],
    properties: [BRAND_DIGITAL, attr('1075781004', '佩戴方式', [['1079781041', '入耳式'], ['1079781042', '头戴式']]), CONDITION],
  },
  { id: '537063000', name: '手机配件', parent: ROOT_CATEGORY_ID, skuTable: [], properties: [] },
  { id: '537063305', name: '充电器/移动电源', parent: '537063000', skuTable: [COLOR_ACCESSORY], properties: [BRAND_DIGITAL] },
  {
    id: '537063306', name: '数据线', parent: '537063000',
    skuTable: [attr('1075741890', '长度', [['1079749991', '1米'], ['1079749992', '2米']])],
    properties: [attr('1075781005', '接口类型', [['1079781051', 'USB-C'], ['1079781052', 'Lightning']])],
  },
  {
    id: '537063307', name: '手机壳/贴膜', parent: '537063000',
    skuTable: [COLOR_ACCESSORY],
    properties: [attr('1075781006', '适用机型', [['1079781061', 'iPhone 13'], ['1079781062', 'iPhone 14'], ['1079781063', 'iPhone 15']])],
  },
  { id: '537080000', name: '食品饮料', parent: ROOT_CATEGORY_ID, skuTable: [], properties: [] },
  {
    id: '537080012', name: '茶叶', parent: '537080000',
    skuTable: [
      attr('1075741901', '净含量', [['1079750101', '100g'], ['1079750102', '250g'], ['1079750103', '500g']]),
      attr('1075741902', '等级', [['1079750111', '特级'], ['1079750112', '一级']]),
    ],
    properties: [
      attr('1075781007', '品种', [['1079781071', '龙井'], ['1079781072', '碧螺春'], ['1079781073', '普洱']]),
      attr('1075781008', '产地', [['1079781081', '浙江'], ['1079781082', '云南'], ['1079781083', '福建']]),
    ],
  },
  { id: '537090000', name: '图书文娱', parent: ROOT_CATEGORY_ID, skuTable: [], properties: [] },
  { id: '537090001', name: '图书', parent: '537090000', skuTable: [], properties: [CONDITION] },
  {
    id: '537090002', name: '电子阅读器', parent: '537090000',
    skuTable: [COLOR_ACCESSORY, attr('1075741910', '版本', [['1079750201', '8G'], ['1079750202', '16G签名版']])],
    properties: [BRAND_DIGITAL, CONDITION],
  },
];

export function findCategory(id: string): Category | undefined {
  return CATEGORIES.find((c) => c.id === id);
}

export function childCategories(id: string): Category[] {
  return CATEGORIES.filter((c) => c.parent === id);
}

/** Products go in leaf categories only. */
export function isLeafCategory(id: string): boolean {
  return findCategory(id) !== undefined && childCategories(id).length === 0;
}
