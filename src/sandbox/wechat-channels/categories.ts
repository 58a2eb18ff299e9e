/**
 * The simulated Channels store category trees (platform data, the same for every account; not
 * persisted). Small and deterministic; the shapes follow platform-docs/wechat-channels.md §3.
 *
 * - `cats_v2` (the new tree, multi-level, `leaf` marks a 品类) and the legacy `cats` (exactly three
 *   levels). Leaf ids are the same in both trees; non-leaf ids differ (as the document says).
 * - Each leaf has the category detail: product attributes (→ product `attrs`), sale attributes
 *   (→ `skus[].sku_attrs`), `seven_day_return`, `floor_price` (fen), and whether it is food (head
 *   images ≥ 4, detail images ≥ 3) or needs an application before use (`qua.need_to_apply`).
 * - The document's own sample path 10000111 → 10000113 → 6091 is in the tree.
 */

export type AttrTypeV2 = 'string' | 'select_one' | 'select_many' | 'integer' | 'decimal4' | 'integer_unit' | 'decimal4_unit';

export interface CategoryAttr {
  name: string;
  type_v2: AttrTypeV2;
  /** `;`-separated options (select_*) or units (*_unit); "" otherwise. */
  value: string;
  is_required: boolean;
  hint: string;
  append_allowed: boolean;
}

export interface LeafDetail {
  productAttrs: CategoryAttr[];
  saleAttrs: CategoryAttr[];
  sevenDayReturn: boolean;
  /** SKU sale_price must be at least this (fen). */
  floorPrice: number;
  /** Food / fresh: ≥ 4 head images and ≥ 3 detail images. */
  food: boolean;
  /** The store must apply for the category first (`category/add`); see category/list/get. */
  needToApply: boolean;
  shopNoShipment: boolean;
}

export interface ChannelsCategory {
  cat_id: string;
  name: string;
  /** "0" for a root. */
  f_cat_id: string;
  level: number;
  leaf: boolean;
  detail?: LeafDetail;
}

const attr = (name: string, type_v2: AttrTypeV2, value: string, is_required: boolean, append_allowed = false, hint = ''): CategoryAttr => ({
  name,
  type_v2,
  value,
  is_required,
  hint,
  append_allowed,
});

const BRAND = attr('品牌', 'select_one', 'Apple;华为;小米;荣耀;索尼;Kindle;拾光', true, true, '没有品牌请填写"无品牌"');
const CONDITION = attr('成色', 'select_one', '全新;99新;95新;9成新', true);
const COLOR = attr('颜色', 'select_one', '黑色;白色;银色;蓝色;紫色;绿色', false, true);

const digital = (productAttrs: CategoryAttr[], saleAttrs: CategoryAttr[] = [COLOR], floorPrice = 0): LeafDetail => ({
  productAttrs,
  saleAttrs,
  sevenDayReturn: true,
  floorPrice,
  food: false,
  needToApply: false,
  shopNoShipment: false,
});

const food = (productAttrs: CategoryAttr[], saleAttrs: CategoryAttr[], needToApply = false): LeafDetail => ({
  productAttrs,
  saleAttrs,
  sevenDayReturn: false,
  floorPrice: 0,
  food: true,
  needToApply,
  shopNoShipment: false,
});

const node = (cat_id: string, name: string, f_cat_id: string, level: number): ChannelsCategory => ({ cat_id, name, f_cat_id, level, leaf: false });
const leaf = (cat_id: string, name: string, f_cat_id: string, level: number, detail: LeafDetail): ChannelsCategory => ({
  cat_id,
  name,
  f_cat_id,
  level,
  leaf: true,
  detail,
});

const PHONE = digital(
  [BRAND, CONDITION, attr('存储容量', 'select_many', '64GB;128GB;256GB;512GB;1TB', false), attr('屏幕尺寸', 'decimal4_unit', '英寸', false)],
  [COLOR, attr('存储容量', 'select_one', '128GB;256GB;512GB;1TB', false, true)],
  10_000,
);
const EARPHONES = digital([BRAND, attr('佩戴方式', 'select_one', '入耳式;半入耳式;头戴式;挂耳式', true), attr('续航时间', 'integer_unit', '小时', false)]);
const CHARGER = digital([attr('品牌', 'select_one', BRAND.value, false, true), attr('输出功率', 'integer_unit', 'W', true)]);
const CABLE = digital(
  [attr('接口类型', 'select_many', 'USB-C;Lightning;Micro-USB;USB-A', true), attr('线长', 'decimal4_unit', '米;m', false)],
  [attr('长度', 'select_one', '0.5米;1米;1.5米;2米', false, true), COLOR],
);
const CASE = digital([attr('适用机型', 'string', '', true), attr('材质', 'select_one', 'TPU;硅胶;PC;皮革', false, true)]);
const SCREEN_PROTECTOR = digital([attr('适用机型', 'string', '', true)], []);
const POWER_BANK = digital([attr('电池容量', 'integer_unit', 'mAh', true)]);
const EREADER = digital([BRAND, CONDITION, attr('存储容量', 'select_one', '8GB;16GB;32GB', false)]);
const GREEN_TEA = food(
  [attr('产地', 'string', '', true), attr('净含量', 'integer_unit', 'g;kg', true), attr('保质期', 'integer_unit', '天;月', true), attr('等级', 'select_one', '特级;一级;二级;三级', false)],
  [attr('等级', 'select_one', '特级;一级;二级;三级', false, true), attr('规格', 'select_one', '', false, true)],
);
const BAIJIU = food([attr('酒精度', 'decimal4_unit', '%vol', true), attr('净含量', 'integer_unit', 'ml;L', true)], [], true);
const CUP = digital([attr('材质', 'select_one', '陶瓷;玻璃;不锈钢;塑料', true), attr('容量', 'integer_unit', 'ml', false)]);
const BOOK: LeafDetail = { ...digital([attr('ISBN', 'string', '', true), attr('出版社', 'string', '', true)], []), sevenDayReturn: false };

/** The new tree (cats_v2), parents before children. */
export const CATS_V2: ChannelsCategory[] = [
  node('10000001', '数码', '0', 1),
  node('10000010', '手机通讯', '10000001', 2),
  leaf('7001', '手机', '10000010', 3, PHONE),
  node('10000020', '影音电器', '10000001', 2),
  node('10000021', '耳机/耳麦', '10000020', 3),
  leaf('7011', '蓝牙耳机', '10000021', 4, EARPHONES),
  leaf('7012', '头戴式耳机', '10000021', 4, EARPHONES),
  node('10000030', '数码配件', '10000001', 2),
  leaf('7021', '充电器', '10000030', 3, CHARGER),
  leaf('7022', '数据线', '10000030', 3, CABLE),
  leaf('7023', '手机壳', '10000030', 3, CASE),
  leaf('7024', '手机贴膜', '10000030', 3, SCREEN_PROTECTOR),
  leaf('7025', '移动电源', '10000030', 3, POWER_BANK),
  node('10000040', '智能设备', '10000001', 2),
  leaf('7031', '电纸书', '10000040', 3, EREADER),
  node('10000100', '食品饮料', '0', 1),
  node('10000101', '茶', '10000100', 2),
  leaf('8001', '绿茶', '10000101', 3, GREEN_TEA),
  node('10000102', '酒类', '10000100', 2),
  leaf('8101', '白酒', '10000102', 3, BAIJIU),
  node('10000111', '家居日用', '0', 1),
  node('10000113', '餐饮具', '10000111', 2),
  leaf('6091', '杯子', '10000113', 3, CUP),
  node('10000200', '图书', '0', 1),
  node('10000201', '科技', '10000200', 2),
  leaf('9001', '计算机与互联网', '10000201', 3, BOOK),
];

/** The legacy tree (cats): exactly three levels; the same leaves under other parent ids. */
export const CATS_LEGACY: ChannelsCategory[] = [
  node('1', '数码', '0', 1),
  node('11', '手机通讯', '1', 2),
  node('12', '影音电器', '1', 2),
  node('13', '数码配件', '1', 2),
  node('14', '智能设备', '1', 2),
  node('2', '食品饮料', '0', 1),
  node('21', '茶', '2', 2),
  node('22', '酒类', '2', 2),
  node('3', '家居日用', '0', 1),
  node('31', '餐饮具', '3', 2),
  node('4', '图书', '0', 1),
  node('41', '科技', '4', 2),
  ...(
    [
      ['7001', '11'],
      ['7011', '12'],
      ['7012', '12'],
      ['7021', '13'],
      ['7022', '13'],
      ['7023', '13'],
      ['7024', '13'],
      ['7025', '13'],
      ['7031', '14'],
      ['8001', '21'],
      ['8101', '22'],
      ['6091', '31'],
      ['9001', '41'],
    ] as const
  ).map(([id, parent]) => {
    const v2 = CATS_V2.find((c) => c.cat_id === id)!;
    return leaf(id, v2.name, parent, 3, v2.detail!);
  }),
];

export type CategoryTree = 'v2' | 'legacy';

export function treeOf(tree: CategoryTree): ChannelsCategory[] {
  return tree === 'v2' ? CATS_V2 : CATS_LEGACY;
}

export function findCategory(tree: CategoryTree, catId: string): ChannelsCategory | undefined {
  return treeOf(tree).find((c) => c.cat_id === catId);
}

export function childCategories(tree: CategoryTree, parentId: string): ChannelsCategory[] {
  return treeOf(tree).filter((c) => c.f_cat_id === parentId);
}

/** The path root → category (ids), or undefined for an unknown id. */
export function categoryPath(tree: CategoryTree, catId: string): string[] | undefined {
  const path: string[] = [];
  let current = findCategory(tree, catId);
  while (current) {
    path.unshift(current.cat_id);
    if (current.f_cat_id === '0') return path;
    current = findCategory(tree, current.f_cat_id);
  }
  return undefined;
}

/** The qualification object of a category (`qua`), as category/all answers it. */
export function qualificationOf(c: ChannelsCategory): { qua_id: string; need_to_apply: boolean; tips: string; mandatory: boolean; name: string } {
  const needToApply = c.detail?.needToApply ?? false;
  return {
    qua_id: needToApply ? `9${c.cat_id}` : '0',
    need_to_apply: needToApply,
    tips: needToApply ? '需上传食品经营许可证' : '',
    mandatory: needToApply,
    name: needToApply ? '食品经营许可证' : '',
  };
}
