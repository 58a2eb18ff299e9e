/**
 * 外勤365 wire shapes (zod), from the product-group document. The envelope's `return_code` is a number
 * or a string ("0"), and `response_data` may be JSON encoded as a string: both are normalised here.
 */
import { z } from 'zod';
import type { EndpointTable } from '../endpoints.js';

/**
 * Every call the adapter makes (documented; POST JSON, the signed tail `/{openid}/{timestamp}/{digest}/{msg_id}`
 * appended); a target overrides a path with `paths:`. saveProductGroup upserts by source_code (our
 * key), so repeating it is harmless, a create included.
 */
export const ENDPOINTS = {
  saveProductGroup: { method: 'POST', path: '/api/product/group/v1/saveProductGroup', safety: 'idempotent' },
  queryProductGroupInfos: { method: 'POST', path: '/api/product/group/v1/queryProductGroupInfos', safety: 'read' },
} as const satisfies EndpointTable;

const code = z.union([z.number(), z.string()]);

export const envelope = z.looseObject({
  msg_id: z.string().nullish(),
  return_code: code,
  return_msg: z.string().nullish(),
  response_data: z.unknown().optional(),
});
export type Envelope = z.infer<typeof envelope>;

/** `response_data` as a value: a JSON string is decoded; anything else is returned as is. */
export function responseData(env: Envelope): unknown {
  const d = env.response_data;
  if (typeof d !== 'string') return d;
  const trimmed = d.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return d;
  }
}

export const ref = z.looseObject({ id: z.union([z.string(), z.number()]).nullish(), name: z.string().nullish() });
export type WireRef = z.infer<typeof ref>;

export const group = z.looseObject({
  id: z.union([z.string(), z.number()]),
  code: z.string().nullish(),
  name: z.string(),
  status: code.nullish(),
  is_enable: code.nullish(),
  source_code: z.string().nullish(),
  sales_org_code: z.string().nullish(),
  sales_org_source_code: z.string().nullish(),
  brands: z.array(ref).nullish(),
  types: z.array(ref).nullish(),
});
export type WireGroup = z.infer<typeof group>;

export const groupPage = z.array(group);

/** saveProductGroup may answer the group id (as an object, or not at all). */
export const saveData = z.looseObject({ id: z.union([z.string(), z.number()]) });

/** queryProductGroupInfos: page_length at most 1000 (documented). */
export const PAGE_LENGTH = 1000;
