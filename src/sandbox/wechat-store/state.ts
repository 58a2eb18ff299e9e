/** State of one simulated 微信小店 account (plain JSON: it is persisted as is). Money in fen. */
import { newAuthState } from '../wechat-common/auth.js';
import type { WxCommonState } from '../wechat-common/gate.js';
import { newQuotaState } from '../wechat-common/quota.js';
import { STORE_SEED } from './seed.js';

type Flag = 0 | 1;

export interface ProductBase {
  name: string;
  /** Exactly one leaf category id. */
  category_id: string[];
  property: Array<{ id: string; vid: string }>;
  sku_info: Array<{ id: string; vid: string[] }>;
  main_img: string;
  img: string[];
  detail: Array<{ text: string } | { img: string }>;
  buy_limit: number;
}

export interface Sku {
  /** "id:vid;id:vid" in sku_info order ("$text" for custom ids/values); "" for a single-spec product. */
  sku_id: string;
  price: number;
  ori_price: number;
  quantity: number;
  icon_url: string;
  product_code: string;
}

export interface Attrext {
  isPostFree: Flag;
  isHasReceipt: Flag;
  isUnderGuaranty: Flag;
  isSupportReplace: Flag;
  location?: { country: string; province: string; city: string; address: string };
}

export interface DeliveryInfo {
  /** 0: the `express` fees; 1: postage template `template_id`. */
  delivery_type: Flag;
  template_id: number;
  express: Array<{ id: number; price: number }>;
}

export interface StoreProduct {
  product_id: string;
  /** 1 on shelf, 2 off shelf (new products start off shelf). */
  status: 1 | 2;
  /** Once true, name, category_id and property are frozen. */
  everOnShelf: boolean;
  product_base: ProductBase;
  sku_list: Sku[];
  attrext: Attrext;
  /** null only for post-free products created without it. */
  delivery_info: DeliveryInfo | null;
}

export interface FeeRule {
  StartStandards: number;
  StartFees: number;
  AddStandards: number;
  AddFees: number;
}

export interface PostageTemplate {
  Id: number;
  Name: string;
  /** 0 buyer pays, 1 seller pays. */
  Assumer: Flag;
  /** 0 per item (the only one supported). */
  Valuation: 0;
  TopFee: Array<{
    Type: number;
    Normal: FeeRule;
    Custom: Array<FeeRule & { DestCountry: string; DestProvince: string; DestCity?: string }>;
  }>;
}

export interface ProductGroup {
  group_id: number;
  group_name: string;
  product_list: string[];
}

export interface Shelf {
  shelf_id: number;
  shelf_name: string;
  shelf_banner: string;
  /** Validated module list, kept as sent (eid 1..5 with group_info / group_infos). */
  module_infos: Array<Record<string, unknown>>;
}

/** An image this account uploaded (common/upload_img); its URL ends in `/img/<sha256>`. */
export interface UploadedImage {
  size: number;
  width: number;
  height: number;
  uploadedAt: number;
  /** The bytes, base64 (served at the image URL, as the platform's CDN does); absent in the seed. */
  base64?: string;
}

export interface WechatStoreState extends WxCommonState {
  products: StoreProduct[];
  templates: PostageTemplate[];
  groups: ProductGroup[];
  shelves: Shelf[];
  images: Record<string, UploadedImage>;
  nextTemplateId: number;
  nextGroupId: number;
  nextShelfId: number;
}

export function initialStoreState(seed: boolean): WechatStoreState {
  const data = seed ? structuredClone(STORE_SEED) : { products: [], templates: [], groups: [], shelves: [], images: {} };
  return {
    auth: newAuthState(),
    quota: newQuotaState(),
    ...data,
    nextTemplateId: Math.max(201_000_000, ...data.templates.map((t) => t.Id + 1)),
    nextGroupId: Math.max(207_000_000, ...data.groups.map((g) => g.group_id + 1)),
    nextShelfId: Math.max(9, ...data.shelves.map((s) => s.shelf_id + 1)),
  };
}
