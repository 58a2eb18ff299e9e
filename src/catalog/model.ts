/**
 * The catalog file format as users write it: the single source of truth for
 * `schemas/catalog.schema.json` (generated from these zod schemas, see schema-gen.ts).
 *
 * These are the *user-written* shapes. Money is yuan as written (number or string); the loader reads
 * it from the YAML source text and converts it exactly to fen. The normalised form the engine works
 * with is in `types.ts`; the two are deliberately different types.
 */
import { z } from 'zod';
import type { BlockKind, CatalogPlatform } from './platform.js';

/**
 * A platform id (e.g. the `platform:` of a target). The platforms are not known here: the CLI passes
 * their specs in (src/catalog/platform.ts), and the config loader accepts only their names.
 */
export type PlatformName = string;

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
export const imageRef = z
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

const productSchemaWith = (platforms: readonly CatalogPlatform[]) => z
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
    platforms: platformBlocks('Product', platforms).describe('Platform-specific fields, required where the target platform needs them.'),
  })
  .describe('A product with optional SKUs.');

/** A product without platform blocks: the shape ProductDoc is inferred from (documentSchemas composes the real one). */
const productSchema = productSchemaWith([]);

// ---------------------------------------------------------------- Group

const groupSchemaWith = (platforms: readonly CatalogPlatform[]) => z
  .strictObject({
    kind: z.literal('Group'),
    key,
    name: z.string().min(1),
    protect: z.boolean().optional(),
    targets: targetList.optional(),
    platforms: platformBlocks('Group', platforms),
  })
  .describe('A product group (wechat-store group, xiaoliebian group, waiqin365 product group).');

/** A group without platform blocks (see productSchema). */
const groupSchema = groupSchemaWith([]);

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

/**
 * The `platforms:` mapping of a kind: one optional block per platform that has one for the kind, in
 * the order the platforms are given (the registry's).
 */
function platformBlocks(kind: BlockKind, platforms: readonly CatalogPlatform[]) {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const p of platforms) {
    const block = p.blocks[kind];
    if (block) shape[p.name] = block.schema.optional();
  }
  return z.strictObject(shape).optional();
}

/** The schema of each kind and of a whole document, with the given platforms' blocks. */
export interface DocumentSchemas {
  kinds: Readonly<Record<Kind, z.ZodType<CatalogDoc>>>;
  document: z.ZodType<CatalogDoc>;
}

const composed = new WeakMap<readonly CatalogPlatform[], DocumentSchemas>();

/** The document schemas with these platforms' blocks (built once per list). */
export function documentSchemas(platforms: readonly CatalogPlatform[]): DocumentSchemas {
  let schemas = composed.get(platforms);
  if (!schemas) {
    const product = productSchemaWith(platforms);
    const group = groupSchemaWith(platforms);
    schemas = {
      kinds: { Product: product, Group: group, ShippingTemplate: shippingTemplateSchema, Shelf: shelfSchema } as unknown as DocumentSchemas['kinds'],
      document: z.discriminatedUnion('kind', [product, group, shippingTemplateSchema, shelfSchema]) as unknown as z.ZodType<CatalogDoc>,
    };
    composed.set(platforms, schemas);
  }
  return schemas;
}

/**
 * The blocks under `platforms:` as written, by platform name. Each platform folder adds its own
 * block's type here (declaration merging in src/platforms/<name>/catalog.ts), so the platform's code
 * reads its block typed while this file names no platform.
 */
export interface WrittenProductBlocks {
  [platform: string]: unknown;
}
export interface WrittenGroupBlocks {
  [platform: string]: unknown;
}

export type ProductDoc = Omit<z.infer<typeof productSchema>, 'platforms'> & { platforms?: WrittenProductBlocks };
export type GroupDoc = Omit<z.infer<typeof groupSchema>, 'platforms'> & { platforms?: WrittenGroupBlocks };
export type ShippingTemplateDoc = z.infer<typeof shippingTemplateSchema>;
export type ShelfDoc = z.infer<typeof shelfSchema>;
export type CatalogDoc = ProductDoc | GroupDoc | ShippingTemplateDoc | ShelfDoc;
export type Kind = CatalogDoc['kind'];
export const KINDS: readonly Kind[] = ['Product', 'Group', 'ShippingTemplate', 'Shelf'];
