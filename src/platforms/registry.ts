/**
 * Every platform: one line each, in the order the catalog schema lists their blocks (and `catalog
 * fmt` writes them). `satisfies` makes a spec that lacks a piece, or names itself wrongly, a type
 * error here. The CLI hands this list to the layers that need it (loadConfig, loadCatalog,
 * scaffoldFiles, generateSchemas); nothing below the CLI imports this file, so imports run one way.
 * See docs/architecture.md, "How to add a platform".
 */
import { CORE_DIAGNOSTIC_CODES } from '../catalog/diagnostic-codes.js';
import type { PlatformSpec } from './spec.js';
import { spec as goofish } from './goofish/spec.js';
import { spec as wechatStore } from './wechat-store/spec.js';
import { spec as wechatLive } from './wechat-live/spec.js';
import { spec as xiaoliebian } from './xiaoliebian/spec.js';
import { spec as waiqin365 } from './waiqin365/spec.js';
import { spec as wechatChannels } from './wechat-channels/spec.js';

export const PLATFORMS = [
  goofish,
  wechatStore,
  wechatLive,
  xiaoliebian,
  waiqin365,
  wechatChannels,
] as const satisfies readonly PlatformSpec[];

/** The platform ids, as written in `platform:` of a target. */
export type PlatformId = (typeof PLATFORMS)[number]['name'];

export const PLATFORM_NAMES: readonly PlatformId[] = PLATFORMS.map((p) => p.name);

/**
 * URL of this module: the catalog loader's worker threads import it to get the same PLATFORMS.
 * Named by its file name rather than as `import.meta.url`, because in the bundled CLI this code runs
 * from a chunk of the bundle, and the module the threads need is the bundle's `registry.js` entry
 * beside it (scripts/bundle.mjs puts every entry and chunk in one folder).
 */
export const PLATFORMS_MODULE = new URL('./registry.js', import.meta.url).href;

const BY_NAME: ReadonlyMap<string, PlatformSpec> = new Map(PLATFORMS.map((p) => [p.name, p]));

/** The spec of a platform the config loader accepted (its names are checked against PLATFORMS). */
export function platformSpec(name: string): PlatformSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`unknown platform "${name}" (not in src/platforms/registry.ts)`);
  return spec;
}

/** The adapter of a platform the config loader accepted. */
export const adapterFor = (name: string): PlatformSpec['adapter'] => platformSpec(name).adapter;

/** Every diagnostic code the config and catalog loaders emit: the core's and each platform's rule codes. */
export const DIAGNOSTIC_CODES: Readonly<Record<string, string>> = Object.assign({}, CORE_DIAGNOSTIC_CODES, ...PLATFORMS.map((p) => p.ruleCodes));

/** Codes of the plan-time platform checks (src/engine/references.ts), each platform's. */
export const PLATFORM_CHECK_CODES: Readonly<Record<string, string>> = Object.assign({}, ...PLATFORMS.map((p) => p.checkCodes));

/** What loadConfig and loadCatalog are given: the platforms, and where worker threads find them. */
export const WITH_PLATFORMS = { platforms: PLATFORMS, platformsModule: PLATFORMS_MODULE } as const;
