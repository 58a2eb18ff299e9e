/**
 * The contract of an offline platform rule: one function per platform, called once for every
 * catalog object that goes to at least one target of that platform (the limits in docs/platforms/<platform>.md, "Facts the adapter relies on").
 */
import type { SourcePos } from '../diagnostics/diagnostics.js';
import type { CatalogDoc, PlatformName } from './model.js';
import type { CatalogObject } from './types.js';
import type { Path } from '../yaml/yaml-source.js';

export interface RuleContext {
  platform: PlatformName;
  /** Names of the targets of this platform the object goes to (for messages). */
  targets: readonly string[];
  /** The document as the user wrote it (validated), e.g. to tell a default from an explicit value. */
  written: CatalogDoc;
  /** Position of the value (or, if absent, the nearest enclosing node) at a path of the document. */
  pos(path: Path): SourcePos;
  /**
   * Whether the values at, inside and around these paths were read without mistakes. A document
   * with schema or money mistakes is still checked, in a repaired form (repair.ts): a check that
   * reads a value other than the one it reports on asks first, and skips when it is not intact.
   */
  intact(...paths: Path[]): boolean;
  /**
   * Report a rule violation at the value at `path` (or its key, for mistakes in a name); the
   * message gets the platform and target names appended. Nothing is reported at a value that is
   * not intact (its mistake is already reported).
   */
  report(code: string, message: string, path: Path, hint?: string, at?: 'value' | 'key'): void;
  /** Like `report`, but a warning: the catalog still loads (the platform uses the object with a documented fallback). */
  warn(code: string, message: string, path: Path, hint?: string): void;
}

export type PlatformRule = (object: CatalogObject, ctx: RuleContext) => void;
