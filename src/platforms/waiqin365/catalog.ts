/**
 * The waiqin365 block of the catalog (`platforms.waiqin365` of a group): as written (zod, composed into
 * schemas/catalog.schema.json), normalised (money in fen, defaults applied), and the paths the
 * plan-time checks point at. Moved here from src/catalog/model.ts, types.ts and load.ts.
 */
import { z } from 'zod';
import type { BlockSpec } from '../../catalog/platform.js';

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

export type Waiqin365GroupDoc = z.infer<typeof waiqin365GroupSchema>;

export interface Waiqin365Group {
  code: string;
  brands?: Array<{ id: string } | { name: string }>;
  types?: Array<{ id: string } | { name: string }>;
  salesOrgCode?: string;
  salesOrgSourceCode?: string;
  enabled: boolean;
}

declare module '../../catalog/model.js' {
  interface WrittenGroupBlocks {
    waiqin365?: Waiqin365GroupDoc;
  }
}
declare module '../../catalog/types.js' {
  interface GroupPlatformBlocks {
    waiqin365?: Waiqin365Group;
  }
}

export const waiqin365GroupBlock: BlockSpec<Waiqin365GroupDoc, Waiqin365Group> = {
  schema: waiqin365GroupSchema,
  normalise: (wq, ctx) => ({
    code: wq.code ?? ctx.written.key,
    ...(wq.brands !== undefined ? { brands: wq.brands.map((b) => ({ ...b })) } : {}),
    ...(wq.types !== undefined ? { types: wq.types.map((t) => ({ ...t })) } : {}),
    ...(wq.salesOrgCode !== undefined ? { salesOrgCode: wq.salesOrgCode } : {}),
    ...(wq.salesOrgSourceCode !== undefined ? { salesOrgSourceCode: wq.salesOrgSourceCode } : {}),
    enabled: wq.enabled ?? true,
  }),
  refPaths: null,
};
