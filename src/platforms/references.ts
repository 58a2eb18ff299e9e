/**
 * Helpers the adapters' reference-data modules share (`<platform>/references.ts`): query keys,
 * refusals as data, positions and "did you mean" hints for the plan-time checks.
 */
import { error, type Diagnostic, type SourcePos } from '../diagnostics/diagnostics.js';
import { closest } from '../diagnostics/suggest.js';
import type { Catalog, Product } from '../catalog/types.js';
import type { TargetConfig } from '../config/model.js';
import { PlatformError } from '../http/index.js';
import type { ReferenceBook, ReferenceEntry, ReferenceList, ReferenceQuery } from './types.js';

/** Stable key of a query (parameters sorted), for caches and books. */
export function queryKey(q: ReferenceQuery): string {
  const params = Object.keys(q.params)
    .sort()
    .map((k) => `${k}=${q.params[k]}`);
  return [q.list, ...params].join(' ');
}

/** A book over lists already read. */
export function bookOf(lists: Iterable<ReferenceList>): ReferenceBook {
  const byKey = new Map<string, ReferenceList>();
  for (const l of lists) byKey.set(queryKey(l.query), l);
  return { get: (q) => byKey.get(queryKey(q)) };
}

/**
 * Reads one list; a PlatformError whose message says the scope does not exist (`refusal`) becomes
 * a refused list, so the checks can say which catalog field is wrong. Anything else propagates.
 */
export async function readOrRefused(query: ReferenceQuery, refusal: RegExp, read: () => Promise<ReferenceEntry[]>): Promise<ReferenceList> {
  try {
    return { query, entries: await read() };
  } catch (e) {
    if (e instanceof PlatformError && refusal.test(e.platformMessage)) return { query, entries: [], refused: `${e.code} ${e.platformMessage}` };
    throw e;
  }
}

/** The catalog's products going to a target. */
export function productsFor(catalog: Catalog, target: TargetConfig): Product[] {
  return catalog.products.filter((p) => p.targets.includes(target.name));
}

/** Position of a platform-reference field of a product (see Product.refPos), else the product's. */
export function refPosOf(p: Product, path: string): SourcePos {
  return p.refPos?.[path] ?? p.source;
}

/** The entry whose id or name is `idOrName` (ids first). */
export function findEntry(entries: readonly ReferenceEntry[], idOrName: string): ReferenceEntry | undefined {
  return entries.find((e) => e.id === idOrName) ?? entries.find((e) => e.name === idOrName);
}

/** "did you mean" over names and ids (ids only when the field takes ids), else the first few choices with their ids. */
export function choicesHint(written: string, entries: ReadonlyArray<{ id: string; name: string }>, lookup: string, takes: 'ids' | 'ids-or-names' = 'ids-or-names'): string {
  const guess = closest(written, entries.flatMap((e) => (takes === 'ids' ? [e.id] : [e.name, e.id])));
  const list = entries
    .slice(0, 8)
    .map((e) => (e.name === e.id ? e.id : `${e.name} (${e.id})`))
    .join(', ');
  const choices = entries.length === 0 ? 'the list is empty' : `choices: ${list}${entries.length > 8 ? ', ...' : ''}`;
  return `${guess !== undefined ? `did you mean "${guess}"? ` : ''}${choices}; see \`${lookup}\``;
}

/** A plan-time reference diagnostic: the message names the target, the position is the field's. */
export function referenceError(code: string, target: TargetConfig, message: string, pos: SourcePos, hint: string): Diagnostic {
  return error(code, `${message} (target ${target.name})`, pos, hint);
}
