/** State of one simulated 小程序直播 account (plain JSON: it is persisted as is). */
import { newAuthState } from '../wechat-common/auth.js';
import type { WxCommonState } from '../wechat-common/gate.js';
import { newQuotaState } from '../wechat-common/quota.js';
import { LIVE_SEED } from './seed.js';

/** 0 not submitted (or withdrawn), 1 in audit, 2 approved, 3 rejected. */
type AuditStatus = 0 | 1 | 2 | 3;
export type PriceType = 1 | 2 | 3;

export interface LiveGoods {
  goodsId: number;
  name: string;
  /** URL of the cover as getgoodswarehouse reports it. */
  coverImgUrl: string;
  priceType: PriceType;
  /** Money in fen (the API speaks yuan with at most 2 decimals). */
  priceFen: number;
  /** 0 when priceType is 1. */
  price2Fen: number;
  url: string;
  auditStatus: AuditStatus;
  /** The current (or last) audit; null for goods never submitted through the API. */
  auditId: number | null;
  /** While in audit: when the outcome is decided (simulator clock, ms). */
  auditDueAt: number | null;
  /** Rejection reason while auditStatus is 3. */
  auditReason: string | null;
  /** 1 or 2: created through the API; 0: created in the live console (read-only through the API). */
  thirdPartyTag: 0 | 1 | 2;
}

/** An uploaded temporary image (media id), valid for 3 days. */
interface LiveMedia {
  sha256: string;
  size: number;
  width: number;
  height: number;
  createdAt: number;
}

export interface WechatLiveState extends WxCommonState {
  goods: LiveGoods[];
  media: Record<string, LiveMedia>;
  nextGoodsId: number;
  nextAuditId: number;
}

export function initialLiveState(seed: boolean): WechatLiveState {
  const goods = seed ? structuredClone(LIVE_SEED.goods) : [];
  return {
    auth: newAuthState(),
    quota: newQuotaState(),
    goods,
    media: {},
    nextGoodsId: Math.max(LIVE_SEED.firstGoodsId, ...goods.map((g) => g.goodsId + 1)),
    nextAuditId: Math.max(LIVE_SEED.firstAuditId, ...goods.map((g) => (g.auditId ?? 0) + 1)),
  };
}
