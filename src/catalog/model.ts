/**
 * The catalog file format as users write it: the single source of truth for
 * `schemas/catalog.schema.json` (generated from these zod schemas, see schema-gen.ts).
 *
 * These are the *user-written* shapes. Money is yuan as written (number or string); the loader reads
 * it from the YAML source text and converts it exactly to fen. The normalised form the engine works
 * with is in `types.ts`; the two are deliberately different types.
 */
import { z } from 'zod';

export const PLATFORMS = ['wechat-store', 'wechat-live', 'goofish', 'xiaoliebian', 'waiqin365'] as const;
export type PlatformName = (typeof PLATFORMS)[number];

export const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,47}$/;

const key = z
  .string()
  .regex(KEY_PATTERN)
  .describe('Stable identity of the object: lowercase letters, digits, ".", "_", "-"; at most 48 characters.');

/**
 * Yuan, 0 or more, at most two decimals. Strings are accepted so that values such as "19.90" stay
 * exact. The loader reads money from the source text (money.ts, which also refuses what a JSON
 * value cannot show: exponents, hex, "19.900"); the constraints here are what editors can check.
 */
export const money = z
  .union([z.number().min(0).multipleOf(0.01), z.string().regex(/^\s*\d+(\.\d{1,2})?\s*$/)])
  .describe('Amount in yuan (元), 0 or more, at most 2 decimals, e.g. 19.99 or "19.90". Stored internally as integer fen.');

const nonNegInt = z.number().int().min(0);
const imageRef = z
  .string()
  .min(1)
  .describe('An image: a path relative to the catalog folder (e.g. images/a.jpg) or an http(s) URL.');
const targetList = z
  .array(z.string().min(1))
  .describe('Only these targets (names from catalog.config.yaml). Default: every target whose platform manages this kind.');

// ---------------------------------------------------------------- Product

/** Field values one target gets instead of the product's own (`overrides: { <target>: {...} }`). */
const perTarget = <T extends z.ZodType>(values: T) =>
  z
    .record(z.string().min(1), values)
    .describe('Per-target values: target name (from catalog.config.yaml) -> the fields that target gets instead, e.g. { xianyu: { price: 3199 } }. Checked like the fields themselves, against that target\'s platform.');

export const skuOverrideSchema = z
  .strictObject({ price: money.optional(), originalPrice: money.optional(), stock: nonNegInt.optional() })
  .describe('SKU values for one target.');

export const skuSchema = z
  .strictObject({
    key: key.describe('SKU key, unique within the product.'),
    options: z
      .record(z.string().min(1), z.union([z.string().min(1), z.number()]))
      .describe('Option name -> value, e.g. { 颜色: 白色, 容量: 128G }. Every SKU of a product uses the same option names.'),
    price: money,
    originalPrice: money.optional(),
    stock: nonNegInt.describe('Units in stock.'),
    image: imageRef.optional(),
    overrides: perTarget(skuOverrideSchema).optional(),
  })
  .describe('One purchasable variant.');

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

export const productOverrideSchema = z
  .strictObject({
    price: money.optional(),
    originalPrice: money.optional(),
    title: z.string().min(1).optional(),
    description: z.string().optional(),
    stock: nonNegInt.optional(),
    onSale: z.boolean().optional(),
    images: z.array(imageRef).optional(),
    groups: z.array(key).optional().describe("Group keys on this target, instead of the product's groups."),
  })
  .describe('Product values for one target.');

export const productSchema = z
  .strictObject({
    kind: z.literal('Product'),
    key,
    title: z.string().min(1).describe('Product title.'),
    description: z.string().optional().describe('Plain-text description (a block scalar `|` keeps line breaks).'),
    price: money.optional().describe('Price in yuan. Required without skus; with skus it defaults to the lowest SKU price.'),
    originalPrice: money.optional().describe('Original (list) price in yuan.'),
    stock: nonNegInt.optional().describe('Units in stock. With skus: the sum of SKU stock (may be omitted).'),
    images: z.array(imageRef).optional().describe('Images, first is the main image.'),
    groups: z.array(key).optional().describe('Group keys this product belongs to.'),
    shipping: key.optional().describe('ShippingTemplate key (wechat-store).'),
    onSale: z.boolean().optional().describe('On shelf / published / market state 1 (default true).'),
    protect: z.boolean().optional().describe('true: never deleted or replaced by apply.'),
    skus: z.array(skuSchema).optional(),
    targets: targetList.optional(),
    overrides: perTarget(productOverrideSchema).optional(),
    platforms: z
      .strictObject({
        goofish: goofishProductSchema.optional(),
        'wechat-store': wechatStoreProductSchema.optional(),
        'wechat-live': wechatLiveProductSchema.optional(),
        xiaoliebian: xiaoliebianProductSchema.optional(),
      })
      .optional()
      .describe('Platform-specific fields, required where the target platform needs them.'),
  })
  .describe('A product with optional SKUs.');

// ---------------------------------------------------------------- Group

const idOrName = z
  .union([z.strictObject({ id: z.string().min(1) }), z.strictObject({ name: z.string().min(1) })])
  .describe('{ id } or { name }.');

export const waiqin365GroupSchema = z
  .strictObject({
    code: z.string().min(1).max(100).optional().describe('产品组编码 (default: the key).'),
    brands: z.array(idOrName).min(1).optional().describe('Brands; exactly one of brands / types.'),
    types: z.array(idOrName).min(1).optional().describe('Product types; exactly one of brands / types.'),
    salesOrgCode: z.string().min(1).max(100).optional(),
    salesOrgSourceCode: z.string().min(1).max(100).optional(),
    enabled: z.boolean().optional().describe('is_enable (default true).'),
  })
  .describe('外勤365 product group fields.');

export const groupSchema = z
  .strictObject({
    kind: z.literal('Group'),
    key,
    name: z.string().min(1),
    protect: z.boolean().optional(),
    targets: targetList.optional(),
    platforms: z.strictObject({ waiqin365: waiqin365GroupSchema.optional() }).optional(),
  })
  .describe('A product group (wechat-store group, xiaoliebian group, waiqin365 product group).');

// ---------------------------------------------------------------- ShippingTemplate

const feeRule = {
  firstItems: z.number().int().min(1).describe('Items covered by the first fee.'),
  firstFee: money,
  additionalItems: z.number().int().min(1).describe('Items per additional fee step.'),
  additionalFee: money,
};

export const shippingTemplateSchema = z
  .strictObject({
    kind: z.literal('ShippingTemplate'),
    key,
    name: z.string().min(1),
    payer: z.enum(['buyer', 'seller']).describe('Who pays postage (Assumer 0 buyer / 1 seller).'),
    protect: z.boolean().optional(),
    targets: targetList.optional(),
    rates: z
      .array(
        z.strictObject({
          carrier: z.enum(['mail', 'express', 'ems']),
          ...feeRule,
          regions: z
            .array(
              z.strictObject({
                country: z.string().min(1).optional().describe('Default 中国.'),
                province: z.string().min(1),
                city: z.string().min(1).optional(),
                ...feeRule,
              }),
            )
            .optional()
            .describe('Regional overrides.'),
        }),
      )
      .min(1)
      .describe('Per-carrier fees (charged per item).'),
  })
  .describe('A postage template (wechat-store).');

// ---------------------------------------------------------------- Shelf

export const shelfSchema = z
  .strictObject({
    kind: z.literal('Shelf'),
    key,
    name: z.string().min(1),
    banner: imageRef.optional(),
    protect: z.boolean().optional(),
    targets: targetList.optional(),
    modules: z
      .array(
        z.strictObject({
          type: z
            .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)])
            .describe('Module layout eid 1..5 (wechat-store shelf).'),
          groups: z.array(key).min(1).describe('Group keys shown in the module.'),
          count: z.number().int().min(1).optional().describe('Products shown (type 1).'),
          image: imageRef.optional().describe('Module image (types 3, 4, 5).'),
        }),
      )
      .min(1),
  })
  .describe('A shop shelf (wechat-store).');

export const documentSchema = z.discriminatedUnion('kind', [productSchema, groupSchema, shippingTemplateSchema, shelfSchema]);

export type ProductDoc = z.infer<typeof productSchema>;
export type SkuDoc = z.infer<typeof skuSchema>;
export type GroupDoc = z.infer<typeof groupSchema>;
export type ShippingTemplateDoc = z.infer<typeof shippingTemplateSchema>;
export type ShelfDoc = z.infer<typeof shelfSchema>;
export type CatalogDoc = z.infer<typeof documentSchema>;
export type Kind = CatalogDoc['kind'];
export const KINDS: readonly Kind[] = ['Product', 'Group', 'ShippingTemplate', 'Shelf'];

/** Which platforms manage which kinds (the default projection when an object has no `targets`). */
export const PLATFORM_KINDS: Record<PlatformName, readonly Kind[]> = {
  'wechat-store': ['Product', 'Group', 'ShippingTemplate', 'Shelf'],
  'wechat-live': ['Product'],
  goofish: ['Product'],
  xiaoliebian: ['Product', 'Group'],
  waiqin365: ['Group'],
};
