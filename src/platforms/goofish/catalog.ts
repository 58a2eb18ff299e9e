/**
 * The goofish block of the catalog (`platforms.goofish` of a product): as written (zod, composed into
 * schemas/catalog.schema.json), normalised (money in fen, defaults applied), and the paths the
 * plan-time checks point at. Moved here from src/catalog/model.ts, types.ts and load.ts.
 */
import { z } from 'zod';
import { money } from '../../catalog/model.js';
import type { BlockSpec } from '../../catalog/platform.js';
import { asFen } from '../../money/fen.js';
import type { Fen } from '../../catalog/types.js';

export const goofishProductSchema = z
  .strictObject({
    itemBizType: z.number().int().describe('item_biz_type, e.g. 2 (普通商品).'),
    spBizType: z.number().int().describe('sp_biz_type (category family), e.g. 1 (手机).'),
    channelCatId: z.string().min(1).describe('channel_cat_id from /api/open/product/category/list.'),
    stuffStatus: z.number().int().describe('stuff_status (成色): 100 new, 99, 95, 90, 80, 70, 60, 50, -1 ...'),
    shops: z.array(z.string().min(1)).min(1).describe('user_name of each authorised shop to publish to.'),
    district: z
      .strictObject({ province: z.number().int(), city: z.number().int(), district: z.number().int() })
      .describe('Shipping origin as region codes, e.g. { province: 440000, city: 440300, district: 440305 }.'),
    expressFee: money.optional().describe('Shipping fee in yuan (default 0).'),
    channelPv: z
      .record(z.string().min(1), z.union([z.string().min(1), z.number()]))
      .optional()
      .describe('Category properties (channel_pv): property name or id -> value name or id, from /api/open/product/pv/list (`catalog lookup <target> properties`), e.g. { 品牌: Apple, 成色: 95新 }.'),
  })
  .describe('闲管家 (goofish) fields.');

export type GoofishProductDoc = z.infer<typeof goofishProductSchema>;

export interface GoofishProduct {
  itemBizType: number;
  spBizType: number;
  channelCatId: string;
  stuffStatus: number;
  shops: string[];
  district: { province: number; city: number; district: number };
  expressFee: Fen;
  /** Category properties as written (name or id each); see ChannelPv. */
  channelPv?: ChannelPv[];
}

/**
 * One goofish category property value. `property` and `value` are what the catalog wrote (a name or
 * an id); `resolved` is filled at plan time from the category's property list (pv/list).
 */
export interface ChannelPv {
  property: string;
  value: string;
  resolved?: { propertyId: string; propertyName: string; valueId: string; valueName: string };
}

declare module '../../catalog/model.js' {
  interface WrittenProductBlocks {
    goofish?: GoofishProductDoc;
  }
}
declare module '../../catalog/types.js' {
  interface ProductPlatformBlocks {
    goofish?: GoofishProduct;
  }
}

export const goofishProductBlock: BlockSpec<GoofishProductDoc, GoofishProduct> = {
  schema: goofishProductSchema,
  normalise(g, ctx) {
    const pv = Object.entries(g.channelPv ?? {}).map(([property, value]) => ({ property, value: ctx.optionText(value, [...ctx.at, 'channelPv', property]) }));
    return {
      itemBizType: g.itemBizType,
      spBizType: g.spBizType,
      channelCatId: g.channelCatId,
      stuffStatus: g.stuffStatus,
      shops: [...g.shops],
      district: { ...g.district },
      expressFee: ctx.fen([...ctx.at, 'expressFee']) ?? asFen(0),
      ...(pv.length > 0 ? { channelPv: pv } : {}),
    };
  },
  refPaths: (g) => [['channelCatId'], ...g.shops.map((_, i) => ['shops', i]), ...Object.keys(g.channelPv ?? {}).map((name) => ['channelPv', name])],
};
