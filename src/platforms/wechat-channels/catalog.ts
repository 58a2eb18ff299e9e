/**
 * The catalog side of wechat-channels: the `platforms.wechat-channels` block of a Product as users
 * write it (zod, composed into the catalog schema), its normalised form, and the normalisation.
 *
 * Defaults: headImages = the product's images; description text = the product's description; SKU
 * attributes = the SKU options (option name = attr_key unless `skuAttributes` renames it);
 * brandId 2100000000 (no brand); sevenDayReturn 1; freightInsurance 0; whileInAudit withdraw.
 */
import { z } from 'zod';
import { imageRef } from '../../catalog/model.js';
import type { BlockSpec } from '../../catalog/platform.js';
import type { ImageRef, Product } from '../../catalog/types.js';

const idString = z
  .union([z.string().regex(/^\d+$/), z.number().int().min(0)])
  .describe('A platform id (digits; write it quoted when it has more than 15 digits).');

export const wechatChannelsProductSchema = z
  .strictObject({
    category: z
      .array(idString)
      .min(1)
      .describe('cats_v2 category path, root to leaf, e.g. ["10000111", "10000113", "6091"] (`catalog lookup <target> categories`).'),
    attributes: z
      .record(z.string().min(1), z.union([z.string().min(1), z.number(), z.array(z.string().min(1)).min(1)]))
      .optional()
      .describe('Product attributes (attrs) of the category: attr_key -> value; a list for select_many; "18 kg" for values with a unit (`catalog lookup <target> attributes category=<leaf id>`).'),
    skuAttributes: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe('SKU option name -> sale attribute key (sku_attrs attr_key) where they differ. Default: the option name.'),
    shortTitle: z.string().min(1).max(20).optional().describe('short_title, at most 20 characters.'),
    headImages: z.array(imageRef).min(1).max(9).optional().describe('head_imgs (3 to 9). Default: the product images.'),
    description: z.string().optional().describe('desc_info.desc. Default: the product description.'),
    descriptionImages: z.array(imageRef).max(20).optional().describe('desc_info.imgs (detail images).'),
    freightTemplateId: idString.optional().describe('Freight template id, used when the product has no `shipping` (ShippingTemplate key).'),
    weight: z.number().int().min(0).optional().describe('express_info.weight in grams (required by templates that charge by weight).'),
    brandId: idString.optional().describe('brand_id (default 2100000000: no brand).'),
    sevenDayReturn: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional().describe('extra_service.seven_day_return: 0 no, 1 yes (default), 2 yes except custom, 3 yes unless used.'),
    freightInsurance: z.boolean().optional().describe('extra_service.freight_insurance (default false).'),
    spuCode: z.string().min(1).optional().describe('spu_code (merchant code).'),
    whileInAudit: z
      .enum(['withdraw', 'wait'])
      .optional()
      .describe('A change while the product is in audit: withdraw the audit and resubmit (default; the withdrawn submission still counts against the audit quota), or wait until the audit ends.'),
  })
  .describe('微信小店 Channels store (wechat-channels) fields.');

export type WechatChannelsProductDoc = z.infer<typeof wechatChannelsProductSchema>;

/** The normalised block the adapter works with. */
export interface WechatChannelsProduct {
  category: string[];
  /** attr_key -> attr_value as sent (lists joined with ";"). */
  attributes: Record<string, string>;
  skuAttributes: Record<string, string>;
  shortTitle?: string;
  headImages: ImageRef[];
  description: string;
  descriptionImages: ImageRef[];
  freightTemplateId?: string;
  weight?: number;
  brandId: string;
  sevenDayReturn: 0 | 1 | 2 | 3;
  freightInsurance: boolean;
  spuCode?: string;
  whileInAudit: 'withdraw' | 'wait';
}

declare module '../../catalog/model.js' {
  interface WrittenProductBlocks {
    'wechat-channels'?: WechatChannelsProductDoc;
  }
}
declare module '../../catalog/types.js' {
  interface ProductPlatformBlocks {
    'wechat-channels'?: WechatChannelsProduct;
  }
}

/** What normalisation needs from the loader: images resolved (and checked) at a path of the block. */
export interface BlockImages {
  image(ref: string, path: Array<string | number>): ImageRef | undefined;
}

const AT = ['platforms', 'wechat-channels'] as const;

/** Attribute values as sent: numbers as written, lists joined with ";" (select_many). */
export function attributeValue(v: string | number | string[]): string {
  return Array.isArray(v) ? v.join(';') : String(v);
}

export function normaliseBlock(
  doc: WechatChannelsProductDoc,
  product: { images: ImageRef[]; description: string },
  ctx: BlockImages,
): WechatChannelsProduct {
  const images = (refs: string[] | undefined, field: string) => (refs ?? []).flatMap((r, i) => ctx.image(r, [...AT, field, i]) ?? []);
  return {
    category: doc.category.map(String),
    attributes: Object.fromEntries(Object.entries(doc.attributes ?? {}).map(([k, v]) => [k, attributeValue(v)])),
    skuAttributes: { ...(doc.skuAttributes ?? {}) },
    ...(doc.shortTitle !== undefined ? { shortTitle: doc.shortTitle } : {}),
    headImages: doc.headImages ? images(doc.headImages, 'headImages') : [...product.images],
    description: doc.description ?? product.description,
    descriptionImages: images(doc.descriptionImages, 'descriptionImages'),
    ...(doc.freightTemplateId !== undefined ? { freightTemplateId: String(doc.freightTemplateId) } : {}),
    ...(doc.weight !== undefined ? { weight: doc.weight } : {}),
    brandId: doc.brandId !== undefined ? String(doc.brandId) : '2100000000',
    sevenDayReturn: doc.sevenDayReturn ?? 1,
    freightInsurance: doc.freightInsurance ?? false,
    ...(doc.spuCode !== undefined ? { spuCode: doc.spuCode } : {}),
    whileInAudit: doc.whileInAudit ?? 'withdraw',
  };
}

export const wechatChannelsProductBlock: BlockSpec<WechatChannelsProductDoc, WechatChannelsProduct> = {
  schema: wechatChannelsProductSchema,
  normalise: (doc, ctx) => normaliseBlock(doc, ctx.product ?? { images: [], description: '' }, ctx),
  refPaths: (doc) => [...doc.category.map((_, i) => ['category', i]), ...Object.keys(doc.attributes ?? {}).map((k) => ['attributes', k])],
};

/** The product's wechat-channels block (the loader requires one on products going to a wechat-channels target). */
export function blockOf(p: Product): WechatChannelsProduct {
  const block = p.platforms['wechat-channels'];
  if (!block) throw new Error(`bug: product ${p.key} reached wechat-channels without a wechat-channels block (the loader requires it)`);
  return block;
}
