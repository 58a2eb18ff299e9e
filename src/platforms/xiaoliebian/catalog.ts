/**
 * The xiaoliebian block of the catalog (`platforms.xiaoliebian` of a product): as written (zod, composed into
 * schemas/catalog.schema.json), normalised (money in fen, defaults applied), and the paths the
 * plan-time checks point at. Moved here from src/catalog/model.ts, types.ts and load.ts.
 */
import { z } from 'zod';
import { imageRef } from '../../catalog/model.js';
import type { BlockSpec } from '../../catalog/platform.js';
import type { ImageRef } from '../../catalog/types.js';

export const xiaoliebianProductSchema = z
  .strictObject({
    platformType: z.number().int().describe('platformType of the product (e.g. 1 = 小程序).'),
    link: z
      .union([
        z.strictObject({ url: z.string().min(1) }),
        z.strictObject({ appId: z.string().min(1), path: z.string().min(1) }),
      ])
      .describe('Product link: { url } or a mini-program { appId, path }.'),
    banner: imageRef.optional().describe('Banner image (<= 256 characters URL). Default: the first product image.'),
    useScene: z.number().int().optional(),
  })
  .describe('小裂变 (xiaoliebian) fields.');

export type XiaoliebianProductDoc = z.infer<typeof xiaoliebianProductSchema>;

export interface XiaoliebianProduct {
  platformType: number;
  link: { url: string } | { appId: string; path: string };
  banner?: ImageRef;
  useScene?: number;
}

declare module '../../catalog/model.js' {
  interface WrittenProductBlocks {
    xiaoliebian?: XiaoliebianProductDoc;
  }
}
declare module '../../catalog/types.js' {
  interface ProductPlatformBlocks {
    xiaoliebian?: XiaoliebianProduct;
  }
}

export const xiaoliebianProductBlock: BlockSpec<XiaoliebianProductDoc, XiaoliebianProduct> = {
  schema: xiaoliebianProductSchema,
  normalise(x, ctx) {
    const banner = ctx.image(x.banner, [...ctx.at, 'banner']);
    return {
      platformType: x.platformType,
      link: { ...x.link },
      ...(banner !== undefined ? { banner } : {}),
      ...(x.useScene !== undefined ? { useScene: x.useScene } : {}),
    };
  },
  refPaths: null,
};
