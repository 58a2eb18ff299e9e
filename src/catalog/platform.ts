/**
 * The catalog's view of a platform: what the catalog loader, the JSON Schema and `catalog init` need
 * to know about one platform. Each platform folder provides it as part of its PlatformSpec
 * (src/platforms/spec.ts); the CLI passes the list in (`loadCatalog(config, { platforms })`), so
 * nothing in src/catalog/ imports a platform or names one.
 *
 * A platform adds fields to the catalog only under `platforms.<name>` of the kinds that have a
 * `platforms:` mapping (Product, Group): its block. The loader validates the block with `schema`
 * (composed into the document schema, model.ts), turns it into the engine's form with `normalise`,
 * and runs `rule` once per object going to at least one target of the platform.
 */
import type { z } from 'zod';
import type { SourcePos } from '../diagnostics/diagnostics.js';
import type { Path } from '../yaml/yaml-source.js';
import type { CatalogDoc, Kind } from './model.js';
import type { PlatformRule } from './rules.js';
import type { Fen, ImageRef } from './types.js';

/** The kinds whose documents have a `platforms:` mapping. */
export type BlockKind = 'Product' | 'Group';

export interface CatalogPlatform {
  /** The platform id, as written in `platform:` of a target and under `platforms:` in the catalog. */
  readonly name: string;
  /** The kinds its targets manage (an object without `targets:` goes to every target managing its kind). */
  readonly kinds: readonly Kind[];
  /** Its block under `platforms.<name>` of a product or group, if it has one. */
  readonly blocks: { readonly [K in BlockKind]?: BlockSpec };
  /**
   * Whether an object without `targets:` goes to this platform's targets; null: every object of a
   * kind it manages. (E.g. a platform whose groups need a block takes only groups that have one.)
   */
  readonly takesByDefault: ((written: CatalogDoc) => boolean) | null;
  /** The offline rules (see rules.ts). */
  readonly rule: PlatformRule;
  /** Every diagnostic code `rule` and `normalise` emit, with its one-line description (docs/diagnostics.md). */
  readonly ruleCodes: Readonly<Record<string, string>>;
}

/**
 * One platform block. `W` is the block as written (validated by `schema`), `N` its normalised form
 * (money in fen, defaults applied), which the platform's adapter reads from `object.platforms[name]`
 * (typed by augmenting ProductPlatformBlocks / GroupPlatformBlocks in types.ts).
 */
export interface BlockSpec<W = any, N = unknown> {
  readonly schema: z.ZodType<W>;
  normalise(block: W, ctx: BlockContext): N;
  /**
   * Paths inside the block (relative to it) of the values that refer to platform data (categories,
   * shops, pages), whose positions the plan-time checks report at (Product.refPos). Null: none.
   */
  readonly refPaths: ((block: W) => Path[]) | null;
}

/** What a block's `normalise` gets from the loader. Paths are from the document's root. */
export interface BlockContext {
  /** The block's own path: ['platforms', <name>]. */
  readonly at: Path;
  /** The whole document as written (validated, or repaired where the schema refused it). */
  readonly written: CatalogDoc;
  /** For a product block: the product's normalised fields it may default from. */
  readonly product?: { title: string; description: string; price: Fen; images: ImageRef[] };
  /** Money at a path, in fen (undefined when absent or unreadable, already reported). */
  fen(path: Path): Fen | undefined;
  /** An image reference resolved (a missing file or a path leaving the folder is reported). */
  image(ref: string | undefined, path: Path): ImageRef | undefined;
  /** An option value as written: `128` stays "128", `1.50` stays "1.50". */
  optionText(value: string | number, path: Path): string;
  /** Whether the values at these paths were read without mistakes (see RuleContext.intact). */
  intact(...paths: Path[]): boolean;
  /** Report an error at a path (nothing is reported at a value that is not intact). */
  report(code: string, message: string, path: Path, hint?: string): void;
  pos(path: Path): SourcePos;
}
