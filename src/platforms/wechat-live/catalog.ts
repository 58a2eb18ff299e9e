/**
 * The wechat-live block of the catalog (`platforms.wechat-live` of a product): as written (zod, composed into
 * schemas/catalog.schema.json), normalised (money in fen, defaults applied), and the paths the
 * plan-time checks point at. Moved here from src/catalog/model.ts, types.ts and load.ts.
 */
import { z } from 'zod';
import { imageRef, money } from '../../catalog/model.js';
import type { BlockSpec } from '../../catalog/platform.js';
import type { Fen, ImageRef } from '../../catalog/types.js';

export const wechatLiveProductSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('Goods name, at most 14 汉字 (a 汉字 counts 2). Default: the product title.'),
    priceType: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .optional()
      .describe('1 fixed price (default), 2 price range price..price2, 3 discount (price original, price2 current).'),
    price: money.optional().describe('Default: the product price.'),
    price2: money.optional().describe('Required for priceType 2 and 3.'),
    url: z.string().min(1).describe('Mini-program page path of the goods, e.g. pages/goods/detail?key=abc.'),
    coverImage: imageRef.optional().describe('Cover image (<= 300x300 px, <= 2 MB). Default: the first product image.'),
  })
  .describe('小程序直播 商品库 (wechat-live) fields.');

export type WechatLiveProductDoc = z.infer<typeof wechatLiveProductSchema>;

export interface WechatLiveProduct {
  name: string;
  priceType: 1 | 2 | 3;
  price: Fen;
  price2?: Fen;
  url: string;
  coverImage: ImageRef;
}

declare module '../../catalog/model.js' {
  interface WrittenProductBlocks {
    'wechat-live'?: WechatLiveProductDoc;
  }
}
declare module '../../catalog/types.js' {
  interface ProductPlatformBlocks {
    'wechat-live'?: WechatLiveProduct;
  }
}

export const wechatLiveProductBlock: BlockSpec<WechatLiveProductDoc, WechatLiveProduct> = {
  schema: wechatLiveProductSchema,
  normalise(l, ctx) {
    const at = ctx.at;
    const product = ctx.product!;
    const written = ctx.written;
    const cover = l.coverImage !== undefined ? ctx.image(l.coverImage, [...at, 'coverImage']) : product.images[0];
    if (l.coverImage === undefined && written.kind === 'Product' && (written.images ?? []).length === 0 && ctx.intact(['images'])) {
      ctx.report('wechat-live.cover-required', `product ${written.key} has a wechat-live block but no coverImage and no images`, at, 'add platforms.wechat-live.coverImage (<= 300x300 px) or images');
    }
    // Without a cover (an error reported above, or by image()) the block is still built, so that
    // the platform rules check the rest of it; the load has errors, so it never reaches a plan.
    const price2 = ctx.fen([...at, 'price2']);
    return {
      name: l.name ?? product.title,
      priceType: l.priceType ?? 1,
      price: ctx.fen([...at, 'price']) ?? product.price,
      ...(price2 !== undefined ? { price2 } : {}),
      url: l.url,
      coverImage: cover ?? { kind: 'url', url: '' },
    };
  },
  refPaths: () => [['url']],
};
