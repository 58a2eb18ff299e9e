/**
 * State of one simulated Channels store (微信小店) account (plain JSON: it is persisted as is).
 * Money in fen; times in ms on the simulator clock (answers give seconds); every uint64 id is a
 * decimal string (see json.ts).
 */
import { newAuthState } from '../wechat-common/auth.js';
import type { WxCommonState } from '../wechat-common/gate.js';
import { newQuotaState } from '../wechat-common/quota.js';
import { CHANNELS_SEED } from './seed.js';

export interface KeyValue {
  attr_key: string;
  attr_value: string;
}

export interface ChannelsSku {
  sku_id: string;
  out_sku_id: string;
  thumb_img: string;
  sale_price: number;
  /** 0: not set. */
  market_price: number;
  sku_code: string;
  sku_attrs: KeyValue[];
  /** Passed through as sent. */
  sku_deliver_info?: Record<string, unknown>;
  /** SKU status (values unconfirmed in the document): 5 on sale, 11 off. */
  status: number;
}

/** One version of a product (the draft or the online copy). Stock is not here: see ChannelsProduct.stock. */
export interface ProductData {
  title: string;
  short_title: string;
  head_imgs: string[];
  desc_info: { imgs: string[]; desc: string };
  /** The tree the product was written with, and its path root → leaf. */
  cats_v2: Array<{ cat_id: string }>;
  cats: Array<{ cat_id: string }>;
  attrs: KeyValue[];
  spu_code: string;
  brand_id: string;
  deliver_method: number;
  express_info: { template_id: string; weight?: number } | null;
  extra_service: Record<string, number>;
  /** Optional objects passed through as sent (after_sale_info, limited_info, size_chart, product_qua_infos, aftersale_desc). */
  extras: Record<string, unknown>;
  skus: ChannelsSku[];
}

/** 0 initial, 1 editing, 2 in audit, 3 rejected, 4 approved, 7 async upload, 8 async upload failed. */
export type EditStatus = 0 | 1 | 2 | 3 | 4 | 7 | 8;
/** 0 never listed, 5 on sale, 6 recycle bin, 9 deleted for good, 11 delisted by the merchant, 13 delisted for violation, 20 banned. */
export type OnlineStatus = 0 | 5 | 6 | 9 | 11 | 13 | 20;

export interface ChannelsProduct {
  product_id: string;
  /** Immutable after add; not unique (the platform does not check it). */
  out_product_id: string;
  status: OnlineStatus;
  edit_status: EditStatus;
  draft: ProductData;
  /** The version on sale; null until an audit first passes. */
  online: ProductData | null;
  /** Stock per sku_id (draft and online SKUs); never negative. */
  stock: Record<string, number>;
  /** While edit_status is 2: when the audit is decided; while 7: when the async upload ends. */
  dueAt: number | null;
  /** After the async upload (edit_status 7): submit for audit (the call had listing: 1). */
  listAfterUpload: boolean;
  /** The last audit: submitted / decided (ms), and the rejection reason while edit_status is 3. */
  audit: { submitTime: number; auditTime: number | null; reason: string | null } | null;
  createTime: number;
  editTime: number;
  /** 1 own product; 2 lucky bag, 3 live flash-buy (read-only through the API). */
  product_type: number;
}

export interface UploadedImage {
  /** SHA-256 (hex) of the bytes, or of the source URL for upload_type=1. */
  sha256: string;
  size: number;
  width: number;
  height: number;
  uploadedAt: number;
  /** upload_type=1: the URL the image was taken from. */
  sourceUrl?: string;
  /** The bytes (base64), served at GET /p/<appid>/<key>; absent for seeded and URL uploads. */
  base64?: string;
}

export interface ChannelsAddress {
  [field: string]: unknown;
  province_name: string;
}

export interface FreightTemplate {
  template_id: string;
  name: string;
  /** The whole template object as last written (template_id, create_time and update_time excluded). */
  body: Record<string, unknown>;
  createTime: number;
  updateTime: number;
}

export interface WechatChannelsState extends WxCommonState {
  products: ChannelsProduct[];
  /** By image key (the last path segment of the issued img_url). */
  images: Record<string, UploadedImage>;
  templates: FreightTemplate[];
  /** Leaf categories the store applied for (category/add) and got. */
  approvedCategories: string[];
  /** Next ids (decimal strings, beyond 2^53). */
  nextProductId: string;
  nextSkuId: string;
  nextTemplateId: string;
}

export function initialChannelsState(seed: boolean): WechatChannelsState {
  const data = seed ? structuredClone(CHANNELS_SEED) : undefined;
  return {
    auth: newAuthState(),
    quota: newQuotaState(),
    products: data?.products ?? [],
    images: data?.images ?? {},
    templates: data?.templates ?? [],
    approvedCategories: [],
    nextProductId: CHANNELS_SEED.firstProductId,
    nextSkuId: CHANNELS_SEED.firstSkuId,
    nextTemplateId: CHANNELS_SEED.firstTemplateId,
  };
}

/**
 * Hands out the next id from a counter: steps by a prime and skips every value a double can hold
 * exactly, so `Number(id)` never equals the id (a client that parses with JSON.parse always
 * loses it, not only sometimes).
 */
export function takeId(state: WechatChannelsState, counter: 'nextProductId' | 'nextSkuId' | 'nextTemplateId'): string {
  let n = BigInt(state[counter]);
  const exact = (v: bigint) => counter === 'nextTemplateId' || BigInt(Number(v)) !== v;
  while (!exact(n)) n += 1n;
  state[counter] = String(n + 1_000_003n);
  return String(n);
}
