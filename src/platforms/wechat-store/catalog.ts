/**
 * The wechat-store block of the catalog (`platforms.wechat-store` of a product): as written (zod, composed into
 * schemas/catalog.schema.json), normalised (money in fen, defaults applied), and the paths the
 * plan-time checks point at. Moved here from src/catalog/model.ts, types.ts and load.ts.
 */
import { z } from 'zod';
import { imageRef, money } from '../../catalog/model.js';
import type { BlockSpec } from '../../catalog/platform.js';
import { asFen } from '../../money/fen.js';
import type { Fen, ImageRef } from '../../catalog/types.js';
import type { Path } from '../../yaml/yaml-source.js';

export const wechatStoreProductSchema = z
  .strictObject({
    categoryId: z.string().min(1).describe('Leaf category id from category/getsub.'),
    properties: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe('Category property id -> value id (category/getproperty).'),
    skuProperties: z
      .record(
        z.string().min(1),
        z.strictObject({ id: z.string().min(1), values: z.record(z.string().min(1), z.string().min(1)) }),
      )
      .optional()
      .describe('Map SKU option names to category SKU ids: { 颜色: { id: "1075741879", values: { 白色: "1079749967" } } }. Options not mapped become custom "$" SKUs.'),
    buyLimit: z.number().int().min(0).optional().describe('Per-user purchase limit (0 or absent: none).'),
    detail: z
      .array(z.union([z.strictObject({ text: z.string().min(1) }), z.strictObject({ image: imageRef })]))
      .optional()
      .describe('Detail page blocks. Default: the description as one text block.'),
    attrext: z
      .strictObject({
        isPostFree: z.boolean().optional(),
        isHasReceipt: z.boolean().optional(),
        isUnderGuaranty: z.boolean().optional(),
        isSupportReplace: z.boolean().optional(),
        location: z
          .strictObject({
            country: z.string(),
            province: z.string(),
            city: z.string(),
            address: z.string().optional(),
          })
          .optional(),
      })
      .optional()
      .describe('Other attributes (attrext).'),
    express: z
      .array(
        z.strictObject({
          carrier: z.enum(['mail', 'express', 'ems']).describe('mail = 平邮 10000027, express = 快递 10000028, ems = EMS 10000029'),
          fee: money,
        }),
      )
      .optional()
      .describe('Flat carrier fees, used when the product has no `shipping` template.'),
  })
  .describe('微信小店 (wechat-store) fields.');

export type WechatStoreProductDoc = z.infer<typeof wechatStoreProductSchema>;

export interface WechatStoreProduct {
  categoryId: string;
  properties: Record<string, string>;
  skuProperties: Record<string, { id: string; values: Record<string, string> }>;
  buyLimit: number;
  detail: Array<{ text: string } | { image: ImageRef }>;
  attrext: {
    isPostFree: boolean;
    isHasReceipt: boolean;
    isUnderGuaranty: boolean;
    isSupportReplace: boolean;
    location?: { country: string; province: string; city: string; address: string };
  };
  express: Array<{ carrier: 'mail' | 'express' | 'ems'; fee: Fen }>;
}

declare module '../../catalog/model.js' {
  interface WrittenProductBlocks {
    'wechat-store'?: WechatStoreProductDoc;
  }
}
declare module '../../catalog/types.js' {
  interface ProductPlatformBlocks {
    'wechat-store'?: WechatStoreProduct;
  }
}

export const wechatStoreProductBlock: BlockSpec<WechatStoreProductDoc, WechatStoreProduct> = {
  schema: wechatStoreProductSchema,
  normalise(s, ctx) {
    const at = ctx.at;
    const description = ctx.product!.description;
    const detail: WechatStoreProduct['detail'] = s.detail
      ? s.detail.flatMap((block, i): WechatStoreProduct['detail'] => {
          if ('text' in block) return [{ text: block.text }];
          const image = ctx.image(block.image, [...at, 'detail', i, 'image']);
          return image ? [{ image }] : [];
        })
      : description
        ? [{ text: description }]
        : [];
    const a = s.attrext ?? {};
    return {
      categoryId: s.categoryId,
      properties: { ...(s.properties ?? {}) },
      skuProperties: { ...(s.skuProperties ?? {}) },
      buyLimit: s.buyLimit ?? 0,
      detail,
      attrext: {
        isPostFree: a.isPostFree ?? false,
        isHasReceipt: a.isHasReceipt ?? false,
        isUnderGuaranty: a.isUnderGuaranty ?? false,
        isSupportReplace: a.isSupportReplace ?? false,
        ...(a.location ? { location: { ...a.location, address: a.location.address ?? '' } } : {}),
      },
      express: (s.express ?? []).map((e, i) => ({ carrier: e.carrier, fee: ctx.fen([...at, 'express', i, 'fee']) ?? asFen(0) })),
    };
  },
  refPaths: (s) => {
    const paths: Path[] = [['categoryId'], ...Object.keys(s.properties ?? {}).map((id) => ['properties', id])];
    for (const [name, sp] of Object.entries(s.skuProperties ?? {})) {
      paths.push(['skuProperties', name, 'id'], ...Object.keys(sp.values).map((v) => ['skuProperties', name, 'values', v]));
    }
    return paths;
  },
};
