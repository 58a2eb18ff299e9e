/**
 * catalog.config.yaml as users write it (source of truth for schemas/config.schema.json), and the
 * resolved form the rest of the program uses.
 */
import { z } from 'zod';
import { PLATFORMS, type PlatformName } from '../catalog/model.js';

export const STOCK_POLICIES = ['initial', 'exact', 'ignore'] as const;
export type StockPolicy = (typeof STOCK_POLICIES)[number];

const policyFields = {
  prune: z.boolean().optional().describe('Delete managed objects that left the catalog (default false).'),
  maxDeletePercent: z
    .number()
    .min(0)
    .max(100)
    .optional()
    .describe("Refuse a plan deleting more than this share of a target's managed objects (default 20)."),
  stock: z.enum(STOCK_POLICIES).optional().describe('initial (default) | exact | ignore.'),
  concurrency: z.number().int().min(1).max(64).optional().describe('Requests in flight per target (default 4).'),
  ratePerSecond: z.number().positive().max(1000).optional().describe('Requests per second per target (default 10).'),
};

export const targetSchema = z
  .looseObject({
    platform: z.enum(PLATFORMS),
    baseUrl: z.string().url().optional().describe("Base URL the documented paths are appended to (default: the platform's)."),
    sandbox: z.boolean().optional().describe('Use the built-in simulator, started in-process.'),
    sandboxOptions: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Simulator options for a sandbox target, e.g. { auditDelayMs: 0 } (see README, "The sandbox").'),
    paths: z.record(z.string(), z.string()).optional().describe('Override endpoint paths (xiaoliebian: assumed paths).'),
    ...policyFields,
  })
  .describe('A platform account. Credentials depend on the platform (see README); use ${ENV} for secrets.');

const targetName = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const configSchema = z
  .strictObject({
    catalog: z.string().optional().describe('Catalog folder (default ./catalog), relative to this file.'),
    state: z.string().optional().describe('State folder (default ./.catalog), relative to this file.'),
    targets: z.record(targetName, targetSchema),
    defaults: z.strictObject(policyFields).optional(),
  })
  .describe('catalog.config.yaml');

export type ConfigDoc = z.infer<typeof configSchema>;


export interface Policy {
  prune: boolean;
  maxDeletePercent: number;
  stock: StockPolicy;
  concurrency: number;
  ratePerSecond: number;
}

export const DEFAULT_POLICY: Policy = {
  prune: false,
  maxDeletePercent: 20,
  stock: 'initial',
  concurrency: 4,
  ratePerSecond: 10,
};

/** Credential field names per platform. Values are secrets: never printed, logged or persisted. */
export const CREDENTIAL_FIELDS: Record<PlatformName, readonly string[]> = {
  'wechat-store': ['appId', 'secret'],
  'wechat-live': ['appId', 'secret'],
  goofish: ['appKey', 'appSecret'],
  xiaoliebian: ['appId', 'secret'],
  waiqin365: ['openid', 'appkey'],
};

/** The fields of each credential set that are secret (the rest, e.g. appId, are identifiers). */
export const SECRET_FIELDS: Record<PlatformName, readonly string[]> = {
  'wechat-store': ['secret'],
  'wechat-live': ['secret'],
  goofish: ['appSecret'],
  xiaoliebian: ['secret'],
  waiqin365: ['appkey'],
};

export interface TargetConfig {
  name: string;
  platform: PlatformName;
  /** Resolved base URL (for sandbox targets: filled in when the in-process simulator starts). */
  baseUrl: string;
  sandbox: boolean;
  credentials: Record<string, string>;
  paths: Record<string, string>;
  /** Options for the simulator of a sandbox target (ignored otherwise). */
  sandboxOptions?: Record<string, unknown>;
  policy: Policy;
}

export interface Config {
  /** Absolute path of the config file. */
  file: string;
  /** Folder of the config file; relative paths resolve from here. */
  dir: string;
  catalogDir: string;
  stateDir: string;
  targets: TargetConfig[];
}

/**
 * The config schema published for editors (schemas/config.schema.json): the loader's, with each
 * target checked against its own platform's fields. (The loader reads a target with targetSchema,
 * which lets any credential field through, and refuses the fields its platform does not use in
 * resolveTarget, with a did-you-mean hint; an editor can only read a schema, so the schema says it.)
 */
export const publishedConfigSchema = configSchema.extend({
  targets: z.record(
    targetName,
    z.discriminatedUnion(
      'platform',
      PLATFORMS.map((platform) =>
        z.strictObject({
          ...targetSchema.shape,
          platform: z.literal(platform),
          ...Object.fromEntries(
            CREDENTIAL_FIELDS[platform].map((field) => [field, z.union([z.string(), z.number()]).optional().describe(`${platform} credential; write \${ENV_VAR} (required unless sandbox: true).`)]),
          ),
        }),
      ) as unknown as [z.ZodObject, ...z.ZodObject[]],
    ),
  ),
});
