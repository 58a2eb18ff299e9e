/**
 * 微信小店 (wechat-store) v1 wire shapes (zod), from the v1 document (docs/platforms/wechat-store.md,
 * "Facts the adapter relies on", with its sources). Replies are parsed leniently where the documents are silent (unknown fields pass
 * through, optional parts may be missing), strictly where the adapter relies on a field.
 */
import { z } from 'zod';
import type { EndpointTable } from '../endpoints.js';

/**
 * Every call the adapter makes (besides the token's, in wechat-common); a target overrides a path
 * with `paths:`. Creates and the stock deltas are not idempotent (a repeat makes a second object or
 * moves stock twice). Uploading the same bytes again only yields another URL for the same image.
 */
export const ENDPOINTS = {
  'product.create': { method: 'POST', path: '/merchant/create', safety: 'unsafe' },
  'product.del': { method: 'POST', path: '/merchant/del', safety: 'idempotent' },
  'product.update': { method: 'POST', path: '/merchant/update', safety: 'idempotent' },
  'product.getbystatus': { method: 'POST', path: '/merchant/getbystatus', safety: 'read' },
  'product.modproductstatus': { method: 'POST', path: '/merchant/modproductstatus', safety: 'idempotent' },
  'stock.add': { method: 'POST', path: '/merchant/stock/add', safety: 'unsafe' },
  'stock.reduce': { method: 'POST', path: '/merchant/stock/reduce', safety: 'unsafe' },
  'express.add': { method: 'POST', path: '/merchant/express/add', safety: 'unsafe' },
  'express.del': { method: 'POST', path: '/merchant/express/del', safety: 'idempotent' },
  'express.update': { method: 'POST', path: '/merchant/express/update', safety: 'idempotent' },
  'express.getall': { method: 'GET', path: '/merchant/express/getall', safety: 'read' },
  'group.add': { method: 'POST', path: '/merchant/group/add', safety: 'unsafe' },
  'group.del': { method: 'POST', path: '/merchant/group/del', safety: 'idempotent' },
  'group.propertymod': { method: 'POST', path: '/merchant/group/propertymod', safety: 'idempotent' },
  'group.productmod': { method: 'POST', path: '/merchant/group/productmod', safety: 'idempotent' },
  'group.getall': { method: 'GET', path: '/merchant/group/getall', safety: 'read' },
  'group.getbyid': { method: 'POST', path: '/merchant/group/getbyid', safety: 'read' },
  'shelf.add': { method: 'POST', path: '/merchant/shelf/add', safety: 'unsafe' },
  'shelf.del': { method: 'POST', path: '/merchant/shelf/del', safety: 'idempotent' },
  'shelf.mod': { method: 'POST', path: '/merchant/shelf/mod', safety: 'idempotent' },
  'shelf.getall': { method: 'GET', path: '/merchant/shelf/getall', safety: 'read' },
  'image.upload': { method: 'POST', path: '/merchant/common/upload_img', safety: 'idempotent' },
  'category.getsub': { method: 'POST', path: '/merchant/category/getsub', safety: 'read' },
  'category.getsku': { method: 'POST', path: '/merchant/category/getsku', safety: 'read' },
  'category.getproperty': { method: 'POST', path: '/merchant/category/getproperty', safety: 'read' },
} as const satisfies EndpointTable;

/** Carrier ids of delivery_info.express and TopFee.Type (document 1.1.5). */
export const CARRIER_IDS = { mail: 10000027, express: 10000028, ems: 10000029 } as const;
export type Carrier = keyof typeof CARRIER_IDS;
export const CARRIER_BY_ID: ReadonlyMap<number, Carrier> = new Map(
  (Object.entries(CARRIER_IDS) as Array<[Carrier, number]>).map(([name, id]) => [id, name]),
);

/** Ids the API hands out as numbers (template, group, shelf); some replies quote them. */
const numericId = z.union([z.number(), z.string()]).transform((v) => String(v));
const flag = z.union([z.literal(0), z.literal(1)]).or(z.number()).optional();

const wireSku = z.looseObject({
  sku_id: z.string().optional().default(''),
  price: z.number(),
  ori_price: z.number().optional(),
  quantity: z.number(),
  icon_url: z.string().optional(),
  product_code: z.string().optional(),
});

export const wireProduct = z.looseObject({
  product_id: z.string(),
  status: z.number().optional(),
  product_base: z.looseObject({
    name: z.string(),
    category_id: z.array(z.union([z.string(), z.number()])).optional(),
    property: z.array(z.looseObject({ id: z.union([z.string(), z.number()]), vid: z.union([z.string(), z.number()]) })).optional(),
    sku_info: z.array(z.looseObject({ id: z.string(), vid: z.array(z.string()) })).optional(),
    main_img: z.string().optional(),
    img: z.array(z.string()).optional(),
    /** product/create's form; product/get answers with detail_html instead (document 1.4). */
    detail: z.array(z.looseObject({ text: z.string().optional(), img: z.string().optional() })).optional(),
    detail_html: z.string().optional(),
    buy_limit: z.number().optional(),
  }),
  sku_list: z.array(wireSku).optional().default([]),
  attrext: z
    .looseObject({
      isPostFree: flag,
      isHasReceipt: flag,
      isUnderGuaranty: flag,
      isSupportReplace: flag,
      location: z.looseObject({ country: z.string().optional(), province: z.string().optional(), city: z.string().optional(), address: z.string().optional() }).optional(),
    })
    .optional(),
  delivery_info: z
    .looseObject({
      delivery_type: z.number().optional(),
      template_id: z.union([z.number(), z.string()]).optional(),
      express: z.array(z.looseObject({ id: z.number(), price: z.number() })).optional(),
    })
    .nullish(),
});
export type WireProduct = z.output<typeof wireProduct>;

export const productsReply = z.looseObject({ products_info: z.array(wireProduct).optional().default([]) });
export const createProductReply = z.looseObject({ product_id: z.string().min(1) });

const feeRule = z.looseObject({ StartStandards: z.number(), StartFees: z.number(), AddStandards: z.number(), AddFees: z.number() });
export const wireTemplate = z.looseObject({
  Id: numericId,
  Name: z.string(),
  Assumer: z.number().optional(),
  Valuation: z.number().optional(),
  TopFee: z
    .array(
      z.looseObject({
        Type: z.number(),
        Normal: feeRule,
        Custom: z.array(feeRule.extend({ DestCountry: z.string().optional(), DestProvince: z.string().optional(), DestCity: z.string().optional() })).optional(),
      }),
    )
    .optional()
    .default([]),
});
export type WireTemplate = z.output<typeof wireTemplate>;
export const templatesReply = z.looseObject({ templates_info: z.array(wireTemplate).optional().default([]) });
export const createTemplateReply = z.looseObject({ template_id: numericId });

const wireGroupSummary = z.looseObject({ group_id: numericId, group_name: z.string() });
export const groupsReply = z.looseObject({ groups_detail: z.array(wireGroupSummary).optional().default([]) });
export const groupReply = z.looseObject({
  group_detail: z.looseObject({ group_id: numericId, group_name: z.string(), product_list: z.array(z.string()).optional().default([]) }),
});
export const createGroupReply = z.looseObject({ group_id: numericId });

const groupRef = z.looseObject({ group_id: numericId, img: z.string().optional() });
const wireModule = z.looseObject({
  eid: z.number(),
  group_info: groupRef.extend({ filter: z.looseObject({ count: z.number() }).optional() }).optional(),
  group_infos: z.looseObject({ groups: z.array(groupRef), img_background: z.string().optional() }).optional(),
});
export type WireModule = z.output<typeof wireModule>;
export const wireShelf = z.looseObject({
  shelf_id: numericId,
  shelf_name: z.string(),
  shelf_banner: z.string().optional(),
  shelf_info: z.looseObject({ module_infos: z.array(wireModule).optional().default([]) }).optional(),
});
export type WireShelf = z.output<typeof wireShelf>;
export const shelvesReply = z.looseObject({ shelves: z.array(wireShelf).optional().default([]) });
export const createShelfReply = z.looseObject({ shelf_id: numericId });

export const uploadImageReply = z.looseObject({ image_url: z.string().min(1) });

// ------------------------------------------------------------------ reference data (category/getsub, getsku, getproperty)

const named = z.looseObject({ id: z.union([z.string(), z.number()]), name: z.string() });

export const subCategoriesReply = z.looseObject({ cate_list: z.array(named).nullish() });
export const skuTableReply = z.looseObject({ sku_table: z.array(named.extend({ value_list: z.array(named).nullish() })).nullish() });
export const propertiesReply = z.looseObject({ properties: z.array(named.extend({ property_value: z.array(named).nullish() })).nullish() });
