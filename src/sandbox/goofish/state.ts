/** The persisted state of one simulated 闲管家 account (JSON-serialisable). Money in fen; times in unix seconds. */

export interface GoofishShop {
  authorize_id: number;
  user_name: string;
  user_nick: string;
}

export interface GoofishSku {
  sku_id: number;
  price: number;
  stock: number;
  /** `名:值;名:值` */
  sku_text: string;
  /** "" when the merchant gave none. */
  outer_id: string;
}

export interface GoofishPublishShop {
  user_name: string;
  province: number;
  city: number;
  district: number;
  title: string;
  content: string;
  images: string[];
}

export interface GoofishProduct {
  product_id: number;
  /** -1 deleted, 21 pending publish, 22 on sale, 23 sold out, 31 manually off, 33 off after sale, 36 auto off. */
  product_status: number;
  /** 1 draft, 2 pending, 3 on sale, 4 off shelf, 5 sold out, 9 abnormal. */
  publish_status: number;
  item_biz_type: number;
  sp_biz_type: number;
  channel_cat_id: string;
  price: number;
  /** null when the merchant never set one (the product shows no original price). */
  original_price: number | null;
  express_fee: number;
  stock: number;
  /** "" when the merchant gave none. */
  outer_id: string;
  stuff_status?: number;
  district_id?: number;
  publish_shop: GoofishPublishShop[];
  sku_items: GoofishSku[];
  /** Category property values (channel_pv), ids of the category's pv/list; absent when none were given. */
  channel_pv?: Array<{ property_id: string; property_name: string; value_id: string; value_name: string }>;
  /** Category-specific objects (book_data, food_data, ...) and policy flags, kept as given. */
  extra: Record<string, unknown>;
  /** Has ever been published to 闲鱼 (then a multi-spec product must keep >= 1 SKU). */
  published: boolean;
  create_time: number;
  update_time: number;
}

export interface GoofishState {
  shops: GoofishShop[];
  /** By product_id (decimal string). Deleted products stay with product_status -1. */
  products: Record<string, GoofishProduct>;
  /** product_id -> simulator-clock ms at which its pending publish takes effect. */
  pendingPublish: Record<string, number>;
  nextProductId: number;
  nextSkuId: number;
}
