/** Persisted state of one simulated 小裂变 account (JSON-serialisable: it is written to the sandbox state file). */

/** A product link: a web page, or a mini-program page (`appId` + `path`). Exactly one form. */
export type XiaoliebianProductLink = { productUrl: string } | { appId: string; path: string };

export interface XiaoliebianProduct {
  /** Merchant-assigned id (our catalog key), unique per merchant, <= 128 characters. */
  productId: string;
  title: string;
  banner: string;
  /** Yuan, normalised by the platform to two decimals ("129" is stored and returned as "129.00"). */
  price: string;
  platformType: number;
  productLink: XiaoliebianProductLink;
  /**
   * The groups the product is bound to, in binding order: the vendor's product-add page says
   * 同一商品可绑定多个分组 (a product may be bound to several groups).
   */
  groupIds: string[];
  useScene: number | null;
  /** 1 on market (上架), 2 off market (下架). */
  marketState: 1 | 2;
  /** Milliseconds since epoch. */
  createTime: number;
  updateTime: number;
}

export interface XiaoliebianGroup {
  groupId: string;
  groupName: string;
  createTime: number;
  updateTime: number;
}

export interface XiaoliebianState {
  products: Record<string, XiaoliebianProduct>;
  groups: Record<string, XiaoliebianGroup>;
  /** sha256(accessToken) -> expiry (ms since epoch): the tokens themselves are never stored. */
  tokens: Record<string, number>;
  /** Next numeric group id handed out by group/add. */
  nextGroupId: number;
}

export function emptyXiaoliebianState(): XiaoliebianState {
  return { products: {}, groups: {}, tokens: {}, nextGroupId: 10001 };
}
