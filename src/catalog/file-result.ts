/**
 * What reading one catalog file gives (load.ts): an entry per document and the file's diagnostics.
 * Plain data, so it crosses worker threads (load-pool.ts) and is kept in the file cache
 * (file-cache.ts); the cross-object checks (cross-checks.ts) work on the entries of every file.
 */
import type { Diagnostic, SourcePos } from '../diagnostics/diagnostics.js';
import type { Kind } from './model.js';
import type { CatalogObject } from './types.js';

/** A reference to another object, checked once every file is read. */
export interface Reference {
  kind: 'Group' | 'ShippingTemplate';
  key: string;
  pos: SourcePos;
  /** The targets of the referring object that use this reference (per-target overrides); default: all of them. */
  targets?: string[];
}

/** What is kept of one document after its file is processed. */
export interface Entry {
  kind: Kind;
  /** The key when it is a valid key (also for documents with other errors, for duplicate and reference checks). */
  key?: string;
  keyPos: SourcePos;
  /**
   * The normalised object, also from a repaired document (then only for the checks: a load with
   * errors gives no Catalog).
   */
  object?: CatalogObject;
  refs: Reference[];
  /** The object's `targets` had a mistake: where it goes is not known, so target checks skip it. */
  targetsUnknown?: true;
}

export interface FileResult {
  entries: Entry[];
  diagnostics: Diagnostic[];
}
