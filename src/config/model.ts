/**
 * catalog.config.yaml as users write it (source of truth for schemas/config.schema.json), and the
 * resolved form the rest of the program uses.
 */
import { z } from 'zod';
import type { PlatformName } from '../catalog/model.js';
import type { ConfigPlatform } from './platform.js';

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
  stopAfterFailures: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('apply stops a target after this many consecutive identical platform refusals and skips the rest (default 5; 0 never stops).'),
};

/** A target as the loader reads it: any credential field passes (resolveTarget checks them against its platform). */
export const targetSchemaFor = (platforms: readonly ConfigPlatform[]) => z
  .looseObject({
    platform: z.enum(platforms.map((p) => p.name) as [string, ...string[]]),
    baseUrl: z.string().url().optional().describe("Base URL the documented paths are appended to (default: the platform's)."),
    sandbox: z.boolean().optional().describe('Use the built-in simulator, started in-process.'),
    sandboxOptions: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Simulator options for a sandbox target, e.g. { auditDelayMs: 0 } (see README, "The sandbox").'),
    paths: z
      .record(z.string(), z.string())
      .optional()
      .describe(`Override endpoint paths (${platforms.filter((p) => p.assumedPaths).map((p) => `${p.name}: assumed paths`).join('; ')}).`),
    ...policyFields,
  })
  .describe('A platform account. Credentials depend on the platform (see README); use ${ENV} for secrets.');

/** Where the state lives (README, "State backends"): a local folder, a git branch or a PostgreSQL database. */
export const STATE_BACKENDS = ['local', 'git', 'postgres'] as const;

/** The fields each backend takes besides `backend` (load.ts reports the others). */
export const STATE_BACKEND_FIELDS: Record<(typeof STATE_BACKENDS)[number], readonly string[]> = {
  local: ['path'],
  git: ['remote', 'branch'],
  postgres: ['url'],
};

export const stateSchema = z
  .union([
    z.string().describe('Local state folder (default ./.catalog), relative to this file.'),
    z.strictObject({
      backend: z.enum(STATE_BACKENDS).describe('local | git | postgres'),
      path: z.string().optional().describe('local: the state folder (default ./.catalog), relative to this file.'),
      remote: z.string().optional().describe('git: URL or path of the remote holding the state (default: the remote "origin" of this repository).'),
      branch: z.string().optional().describe('git: the branch holding the state (default catalog-state).'),
      url: z.string().optional().describe('postgres (required): postgres://user:password@host:port/database; write ${CATALOG_STATE_URL}, the password is a secret.'),
    }),
  ])
  .describe('Where the state is kept: a local folder (default ./.catalog), { backend: git, remote, branch } or { backend: postgres, url }.');

const targetName = z.string().regex(/^[A-Za-z0-9_-]+$/);

const configShape = <T extends z.ZodType>(target: T) => ({
  catalog: z.string().optional().describe('Catalog folder (default ./catalog), relative to this file.'),
  state: stateSchema.optional(),
  cache: z.string().optional().describe('Folder for local caches: file cache, details, sandbox (default: the local state folder, else ./.catalog).'),
  targets: z.record(targetName, target),
  defaults: z.strictObject(policyFields).optional(),
});

export const configSchemaFor = (platforms: readonly ConfigPlatform[]) => z.strictObject(configShape(targetSchemaFor(platforms))).describe('catalog.config.yaml');

export type ConfigDoc = z.infer<ReturnType<typeof configSchemaFor>>;


export interface Policy {
  prune: boolean;
  maxDeletePercent: number;
  stock: StockPolicy;
  concurrency: number;
  ratePerSecond: number;
  stopAfterFailures: number;
}

export const DEFAULT_POLICY: Policy = {
  prune: false,
  maxDeletePercent: 20,
  stock: 'initial',
  concurrency: 4,
  ratePerSecond: 10,
  stopAfterFailures: 5,
};

export interface TargetConfig {
  name: string;
  platform: PlatformName;
  /** Resolved base URL (for sandbox targets: filled in when the in-process simulator starts). */
  baseUrl: string;
  sandbox: boolean;
  credentials: Record<string, string>;
  /**
   * Which credential fields are secret (set by the config loader from the platform's spec). Absent in
   * a TargetConfig built by hand (tests): then every credential counts as secret.
   */
  secretCredentials?: readonly string[];
  paths: Record<string, string>;
  /** Options for the simulator of a sandbox target (ignored otherwise). */
  sandboxOptions?: Record<string, unknown>;
  policy: Policy;
}

/** The resolved `state:` key. `remote: undefined` means the "origin" remote of the repository holding the config. */
export type StateLocation =
  | { backend: 'local'; dir: string }
  | { backend: 'git'; remote: string | undefined; branch: string }
  | { backend: 'postgres'; url: string };

export const DEFAULT_STATE_BRANCH = 'catalog-state';

export interface Config {
  /** Absolute path of the config file. */
  file: string;
  /** Folder of the config file; relative paths resolve from here. */
  dir: string;
  catalogDir: string;
  /** Where the state lives (src/state/backend.ts opens it). */
  state: StateLocation;
  /** Folder for local caches (catalog file cache, platform detail caches, sandbox accounts, git clone). */
  cacheDir: string;
  targets: TargetConfig[];
}

/**
 * The config schema published for editors (schemas/config.schema.json): the loader's, with each
 * target checked against its own platform's fields. (The loader reads a target with targetSchemaFor,
 * which lets any credential field through, and refuses the fields its platform does not use in
 * resolveTarget, with a did-you-mean hint; an editor can only read a schema, so the schema says it.)
 */
export function publishedConfigSchema(platforms: readonly ConfigPlatform[]): z.ZodType {
  const targetSchema = targetSchemaFor(platforms);
  return z
    .strictObject(
      configShape(
        z.discriminatedUnion(
          'platform',
          platforms.map(({ name: platform, credentials, optionalCredentials }) =>
            z.strictObject({
              ...targetSchema.shape,
              platform: z.literal(platform),
              ...Object.fromEntries(
                credentials.map((field) => [field, z.union([z.string(), z.number()]).optional().describe(`${platform} credential; write \${ENV_VAR} (required unless sandbox: true).`)]),
              ),
              ...Object.fromEntries(
                optionalCredentials.map((field) => [field, z.union([z.string(), z.number()]).optional().describe(`${platform} optional credential (see README); used when set and not empty.`)]),
              ),
            }),
          ) as unknown as [z.ZodObject, ...z.ZodObject[]],
        ),
      ),
    )
    .describe('catalog.config.yaml');
}
