/**
 * 微信小店 Channels store API (wechat-channels) wire shapes (zod), from docs/platforms/wechat-channels.md.
 * Replies are read with parseJsonExact (json.ts), so ids beyond 2^53 arrive as strings and small ones
 * as numbers: every id is read as either and kept as a string. Unknown fields pass through; fields the
 * adapter relies on are required; fields the document marks unconfirmed are optional.
 */
import { z } from 'zod';
import type { EndpointTable } from '../endpoints.js';

/** uint64 ids: strings in the official tables, bare numbers in samples. */
export const wireId = z.union([z.string(), z.number()]).transform((v) => String(v));
/** errcode: a number, once a numeric string in an official sample. */
export const errcode = z.union([z.number(), z.string()]).transform((v) => Number(v));

const attr = z.looseObject({ attr_key: z.string(), attr_value: z.string() });
export type WireAttr = z.output<typeof attr>;

export const wireSku = z.looseObject({
  sku_id: wireId.optional(),
  out_sku_id: z.string().optional(),
  thumb_img: z.string().optional(),
  sale_price: z.number(),
  market_price: z.number().optional(),
  stock_num: z.number().optional(),
  sku_code: z.string().optional(),
  sku_attrs: z.array(attr).optional().default([]),
  status: z.number().optional(),
});
export type WireSku = z.output<typeof wireSku>;

/** A product as product/get returns it (`product` online, `edit_product` draft): the add/update fields plus read-only ones. */
export const wireProduct = z.looseObject({
  product_id: wireId.optional(),
  out_product_id: z.string().optional(),
  title: z.string().optional().default(''),
  short_title: z.string().optional(),
  head_imgs: z.array(z.string()).optional().default([]),
  desc_info: z.looseObject({ imgs: z.array(z.string()).nullish(), desc: z.string().nullish() }).nullish(),
  cats_v2: z.array(z.looseObject({ cat_id: wireId })).nullish(),
  cats: z.array(z.looseObject({ cat_id: wireId })).nullish(),
  attrs: z.array(attr).nullish(),
  spu_code: z.string().nullish(),
  brand_id: wireId.nullish(),
  deliver_method: z.number().nullish(),
  express_info: z.looseObject({ template_id: wireId.nullish(), weight: z.number().nullish() }).nullish(),
  extra_service: z.looseObject({ seven_day_return: z.number().nullish(), freight_insurance: z.number().nullish() }).nullish(),
  skus: z.array(wireSku).optional().default([]),
  status: z.number().optional(),
  edit_status: z.number().optional(),
  product_type: z.number().optional(),
  audit_info: z.unknown().optional(),
  edit_time: z.number().optional(),
});
export type WireProduct = z.output<typeof wireProduct>;

export const getProductReply = z.looseObject({
  product: wireProduct.nullish(),
  edit_product: wireProduct.nullish(),
});
export type GetProductReply = z.output<typeof getProductReply>;

export const listProductsReply = z.looseObject({
  product_ids: z.array(wireId).nullish().transform((v) => v ?? []),
  next_key: z.string().nullish(),
  total_num: z.number().optional(),
});

export const addProductReply = z.looseObject({ data: z.looseObject({ product_id: wireId }) });

export const stockBatchReply = z.looseObject({
  data: z.looseObject({
    spu_stock_list: z
      .array(
        z.looseObject({
          product_id: wireId,
          sku_stock: z.array(z.looseObject({ sku_id: wireId, normal_stock_num: z.number() })).nullish(),
        }),
      )
      .nullish(),
  }),
});

export const auditQuotaReply = z.looseObject({
  audit_quota: z.looseObject({ block_status: z.boolean().optional(), avail_quota: z.number(), total_quota: z.number().optional() }),
});

export const uploadImageReply = z.looseObject({ pic_file: z.looseObject({ img_url: z.string().min(1) }) });

// ---------------------------------------------------------------- freight templates

const address = z.looseObject({
  province_name: z.string().nullish(),
  city_name: z.string().nullish(),
  county_name: z.string().nullish(),
});
export type WireAddress = z.output<typeof address>;
/** `address_infos` (WxJava) or `address_info` (other samples) inside rules: unconfirmed, both read. */
const addressList = z.array(address).nullish();

export const wireFreightTemplate = z.looseObject({
  template_id: wireId,
  name: z.string(),
  valuation_type: z.string().nullish(),
  shipping_method: z.string().nullish(),
  send_time: z.string().nullish(),
  address_info: address.nullish(),
  is_default: z.boolean().nullish(),
  all_freight_calc_method: z
    .looseObject({
      freight_calc_method_list: z
        .array(
          z.looseObject({
            is_default: z.boolean().nullish(),
            address_infos: addressList,
            address_info: z.union([addressList, address]).nullish(),
            first_val_amount: z.number(),
            first_price: z.number(),
            second_val_amount: z.number(),
            second_price: z.number(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type WireFreightTemplate = z.output<typeof wireFreightTemplate>;

export const templateListReply = z.looseObject({ template_id_list: z.array(wireId).nullish().transform((v) => v ?? []) });
export const templateDetailReply = z.looseObject({ freight_template: wireFreightTemplate });
export const addTemplateReply = z.looseObject({ template_id: wireId });

// ---------------------------------------------------------------- categories

const catNode = z.looseObject({ cat_id: wireId, name: z.string(), f_cat_id: wireId.optional(), leaf: z.boolean().optional() });
export const childCategoriesReply = z.looseObject({ cat_list_v2: z.array(catNode).nullish(), cat_list: z.array(catNode).nullish() });

export const categoryAttr = z.looseObject({
  name: z.string(),
  type: z.string().nullish(),
  type_v2: z.string().nullish(),
  value: z.string().nullish(),
  is_required: z.boolean().nullish(),
  hint: z.string().nullish(),
  append_allowed: z.boolean().nullish(),
});
export type CategoryAttr = z.output<typeof categoryAttr>;
export const categoryDetailReply = z.looseObject({
  info: z.looseObject({ cat_id: wireId, name: z.string() }).nullish(),
  attr: z
    .looseObject({
      product_attr_list: z.array(categoryAttr).nullish(),
      sale_attr_list: z.array(categoryAttr).nullish(),
      floor_price: z.union([z.number(), z.string()]).nullish(),
    })
    .nullish(),
});

// ---------------------------------------------------------------- endpoints

/** Every call the adapter makes (docs/platforms/wechat-channels.md), overridable per target with `paths:`. */
export const ENDPOINTS = {
  'image.upload': { method: 'POST', path: '/channels/ec/basics/img/upload', safety: 'idempotent' },
  'category.children': { method: 'POST', path: '/channels/ec/category/availablesoncategories/get', safety: 'read' },
  'category.detail': { method: 'POST', path: '/channels/ec/category/detail', safety: 'read' },
  'product.add': { method: 'POST', path: '/channels/ec/product/add', safety: 'unsafe' },
  'product.update': { method: 'POST', path: '/channels/ec/product/update', safety: 'idempotent' },
  'product.auditfree': { method: 'POST', path: '/channels/ec/product/auditfree', safety: 'idempotent' },
  'product.get': { method: 'POST', path: '/channels/ec/product/get', safety: 'read' },
  'product.list': { method: 'POST', path: '/channels/ec/product/list/get', safety: 'read' },
  'product.listing': { method: 'POST', path: '/channels/ec/product/listing', safety: 'idempotent' },
  'product.delisting': { method: 'POST', path: '/channels/ec/product/delisting', safety: 'idempotent' },
  'product.delete': { method: 'POST', path: '/channels/ec/product/delete', safety: 'idempotent' },
  'product.auditCancel': { method: 'POST', path: '/channels/ec/product/audit/cancel', safety: 'idempotent' },
  'product.auditQuota': { method: 'POST', path: '/channels/ec/product/getauditquota', safety: 'read' },
  'stock.update': { method: 'POST', path: '/channels/ec/product/stock/update', safety: 'unsafe' },
  'stock.batchget': { method: 'POST', path: '/channels/ec/product/stock/batchget', safety: 'read' },
  'freight.list': { method: 'POST', path: '/channels/ec/merchant/getfreighttemplatelist', safety: 'read' },
  'freight.get': { method: 'POST', path: '/channels/ec/merchant/getfreighttemplatedetail', safety: 'read' },
  'freight.add': { method: 'POST', path: '/channels/ec/merchant/addfreighttemplate', safety: 'unsafe' },
  'freight.update': { method: 'POST', path: '/channels/ec/merchant/updatefreighttemplate', safety: 'idempotent' },
} as const satisfies EndpointTable;

// ---------------------------------------------------------------- codes and states

/** edit_status (draft) values, docs/platforms/wechat-channels.md section 5. */
export const EDIT = { initial: 0, editing: 1, inAudit: 2, rejected: 3, approved: 4, writing: 5, uploading: 7, uploadFailed: 8 } as const;
/** status (online) values. */
export const STATUS = { initial: 0, onSale: 5, recycled: 6, deleted: 9, delisted: 11 } as const;

/** Error codes the adapter acts on. */
export const CODES = {
  inAudit: 10020049,
  inAuditAlt: 10020047,
  notInAudit: 10020044,
  notFound: 10020052,
  notListed: 10020065,
  stockInAudit: 10020217,
  zeroDelta: 10020218,
  dailyQuota: 45009,
} as const;

/** list/get accepts at most 30 ids per page; stock/batchget 50 products. */
export const LIST_PAGE_SIZE = 30;
export const STOCK_BATCH = 50;
/** brand_id meaning "no brand". */
export const NO_BRAND = '2100000000';
