/**
 * The Plan: plain data that holds everything apply needs (Terraform-style). Produced by the pure
 * planner (src/engine/plan.ts), rendered by src/render/, saved with `plan --out`, and executed
 * as-is by apply. Nothing here does I/O.
 *
 * The zod schemas below are the single source of truth: the TypeScript types are inferred from
 * them, `schemas/plan.schema.json` is generated from them, and a saved plan is checked against
 * them before apply reads it.
 */
import { z } from 'zod';

export const PLAN_FORMAT_VERSION = 1 as const;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The ref of a `{ "$ref": "<Kind>/<key>" }` placeholder (an object with that one key), else undefined. */
export function refOfPlaceholder(v: { [key: string]: Json }): string | undefined {
  return typeof v.$ref === 'string' && Object.keys(v).length === 1 ? v.$ref : undefined;
}
const json: z.ZodType<Json> = z.json() as z.ZodType<Json>;

/**
 * Apply order within a target (docs/how-it-works.md, "Order"). Deletes run after every create/update, in
 * reverse dependency order.
 */
export const PHASES = [
  'images',
  'shipping-templates',
  'groups',
  'products',
  'stock',
  'group-membership',
  'shelves',
  'shelf-state',
  'audits',
  'delete-shelves',
  'delete-products',
  'delete-groups',
  'delete-shipping-templates',
] as const;
export type Phase = (typeof PHASES)[number];

export const ACTION_OPS = ['create', 'update', 'delete', 'replace', 'action'] as const;
export type ActionOp = (typeof ACTION_OPS)[number];

export const fieldChangeSchema = z.object({
  path: z.string().describe('Dotted path in the platform-shaped object, e.g. "price" or "skus.white-128.stock".'),
  before: json.optional(),
  after: json.optional(),
  unit: z.literal('fen').optional().describe('fen: money in integer fen (shown as yuan).'),
  moneyKeys: z
    .array(z.string())
    .optional()
    .describe('Inside an array or object value: the dotted paths (array indices left out) whose numbers are money in fen, shown as yuan.'),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const plannedBatchSchema = z.object({
  op: z.string().describe('The batch operation, e.g. "product.batchCreate".'),
  max: z.number().int().min(2).describe('Items per batch call at most (the platform\'s limit).'),
});
export type PlannedBatch = z.infer<typeof plannedBatchSchema>;

/**
 * One HTTP call apply will make. `args` is plain data; a `{ "$ref": "<Kind>/<key>" }` value stands
 * for the platform id of another object of the same target, resolved at apply time (it may be
 * created earlier in the same apply).
 */
export const plannedCallSchema = z.object({
  op: z.string().describe('Adapter operation, e.g. "product.create".'),
  effect: z.enum(['create', 'update', 'delete']).describe('create calls are journaled as pending before they are made.'),
  args: json.describe('Wire body; { "$ref": "<Kind>/<key>" } is resolved to a platform id at apply time.'),
  once: z
    .string()
    .optional()
    .describe('Calls of one target with the same `once` key are made once (the client shares the result), e.g. one upload of a cover two goods share.'),
  batch: plannedBatchSchema
    .optional()
    .describe('A create the platform can take in a batch call: apply sends the create calls of one target and phase sharing `batch.op` together, up to `batch.max` per call (one alone is sent as planned).'),
});
export type PlannedCall = z.infer<typeof plannedCallSchema>;

export const plannedActionSchema = z.object({
  id: z.string().describe('Unique in the plan: "<target>:<Kind>/<key>#<n>".'),
  target: z.string(),
  kind: z.string(),
  key: z.string(),
  op: z.enum(ACTION_OPS),
  label: z.string().describe('Short verb: create, update, stock, publish, down-shelf, submit-audit, ...'),
  reason: z.string().optional(),
  changes: z.array(fieldChangeSchema),
  calls: z.array(plannedCallSchema),
  phase: z.enum(PHASES),
  dependsOn: z.array(z.string()),
  observed: z
    .union([z.object({ id: z.string(), digest: z.string() }), z.object({ absent: z.literal(true) })])
    .optional()
    .describe('The live object the action was planned against; apply refuses the plan when it changed.'),
  destructive: z.boolean(),
  protect: z.boolean().optional(),
});
export type PlannedAction = z.infer<typeof plannedActionSchema>;

const unmanagedSchema = z.object({ kind: z.string(), id: z.string(), name: z.string() });
export type Unmanaged = z.infer<typeof unmanagedSchema>;
const orphanSchema = z.object({ kind: z.string(), key: z.string(), id: z.string() });
const noteSchema = z.object({
  kind: z.string(),
  key: z.string(),
  level: z.enum(['info', 'warning']),
  message: z.string(),
  topic: z.string().optional().describe('Notes sharing a topic are summarised in one line (each shown with --verbose).'),
});
export type PlanNote = z.infer<typeof noteSchema>;
export const quotaUseSchema = z.object({
  name: z.string(),
  needed: z.number().int().describe('Units this plan consumes.'),
  used: z.number().int().describe('Units already used in the current period.'),
  limit: z.number().int(),
  resetsAt: z.string().describe('ISO time the quota resets.'),
});
export type QuotaUse = z.infer<typeof quotaUseSchema>;

/**
 * A target's plan, its platform one of `platforms` (the published schema lists the registry's) or,
 * without them, any platform id: a saved plan's targets are checked against the config by apply.
 */
const targetPlanSchemaFor = (platforms?: readonly string[]) => z.object({
  target: z.string(),
  platform: platforms ? z.enum(platforms as [string, ...string[]]) : z.string().min(1),
  actions: z.array(plannedActionSchema),
  unmanaged: z.array(unmanagedSchema),
  orphaned: z.array(orphanSchema),
  notes: z.array(noteSchema),
  quotas: z.array(quotaUseSchema),
  managedCount: z.number().int().describe('Managed objects on the platform before the plan (base of maxDeletePercent).'),
  desiredDigest: z
    .string()
    .optional()
    .describe('Digest of what the catalog asks of this target (image contents included): apply refuses the plan when it changed.'),
  readCalls: z.number().int(),
});
export const targetPlanSchema = targetPlanSchemaFor();
export type TargetPlan = z.infer<typeof targetPlanSchema>;

export const guardViolationSchema = z.object({
  guard: z.enum(['mass-delete', 'protected', 'quota']),
  target: z.string(),
  message: z.string(),
  keys: z.array(z.string()),
});
export type GuardViolation = z.infer<typeof guardViolationSchema>;

export const planSummarySchema = z.object({
  create: z.number().int(),
  update: z.number().int(),
  replace: z.number().int(),
  delete: z.number().int(),
  action: z.number().int().describe('Platform actions (publish, shelf on/off, audit submissions...): one per `>` line.'),
  imageUploads: z.number().int().optional().describe('Image uploads (not counted in create).'),
  apiCalls: z.number().int().describe('Write calls apply makes (image uploads included), when nothing fails.'),
  audits: z.object({ needed: z.number().int(), left: z.number().int() }).optional(),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

/** The plan schema; with `platforms`, a target's platform must be one of them (schemas/plan.schema.json). */
export const planSchemaFor = (platforms?: readonly string[]) => z
  .object({
    formatVersion: z.literal(PLAN_FORMAT_VERSION),
    createdAt: z.string(),
    catalogDigest: z.string().describe('sha256 of every catalog file; apply refuses a saved plan when the catalog changed.'),
    targetNames: z.array(z.string()).describe('Targets the plan covers.'),
    targets: z.array(targetPlanSchemaFor(platforms)),
    guards: z.array(guardViolationSchema),
    summary: planSummarySchema,
  })
  .describe('catalog plan --format json / plan --out');
export const planSchema = planSchemaFor();
export type Plan = z.infer<typeof planSchema>;

/** Upload calls: images are counted as uploads, not as objects to create. */
export const UPLOAD_OPS: ReadonlySet<string> = new Set(['image.upload', 'media.upload']);

export function hasChanges(plan: Plan): boolean {
  return plan.targets.some((t) => t.actions.length > 0);
}

/**
 * The batch an action's create may join: set when the action is that one create call (the only
 * shape apply batches). Apply and the plan's call count both go by this.
 */
export function batchOf(a: Pick<PlannedAction, 'calls'>): PlannedBatch | undefined {
  return a.calls.length === 1 && a.calls[0]!.effect === 'create' ? a.calls[0]!.batch : undefined;
}

/** Actions of one target and phase whose creates go out together: same phase, batch op and size. */
export function batchGroupOf(a: Pick<PlannedAction, 'calls' | 'phase'>): string | undefined {
  const b = batchOf(a);
  return b === undefined ? undefined : `${a.phase}\u0000${b.op}\u0000${b.max}`;
}
