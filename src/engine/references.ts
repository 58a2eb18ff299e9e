/**
 * Plan-time platform checks: what the catalog refers to on each target (categories, properties,
 * SKU tables, shops...) is read from the platform (adapter.references.needs -> client.readReference)
 * and checked (adapter.references.check) before anything is planned or written; references written
 * by name are resolved to the platform's ids (adapter.references.resolve).
 *
 * Reads: each list once per run, kept in `<cacheDir>/cache/<target>/references.json` with the other
 * platform caches for `REFERENCE_TTL_MS`. A cached list is trusted only to confirm a reference: when
 * a check fails on a cached list, that list is read again before anything is reported, so the cache
 * can never produce a false error. Reference data only (no credentials); a missing or damaged file
 * is an empty cache; a file that cannot be written is skipped.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostics.js';
import type { Catalog } from '../catalog/types.js';
import type { TargetConfig } from '../config/model.js';
import { bookOf, queryKey } from '../platforms/references.js';
import type { ReferenceList, ReferenceQuery } from '../platforms/types.js';
import type { RefreshTarget } from './refresh.js';

export const REFERENCE_TTL_MS = 60 * 60 * 1000;
const FILE = 'references.json';
const FORMAT = 1;

export interface ReferenceCheckOptions {
  /** The cache folder of a target (the one its client's caches use). */
  cacheDir(target: string): string;
  /** Clock (tests). */
  now?: () => number;
  ttlMs?: number;
}

export interface ReferenceCheckResult {
  /** The catalog with references resolved (the input when there was nothing to resolve). */
  catalog: Catalog;
  diagnostics: Diagnostic[];
  /** Platform reads made, by target. */
  reads: Map<string, number>;
}

/** Whether checkReferences would resolve something in this catalog (then planning waits for it). */
export function referencesToResolve(catalog: Catalog, targets: readonly RefreshTarget[]): boolean {
  return targets.some((t) => t.adapter.references?.resolves?.(catalog, t.target) === true);
}

export async function checkReferences(catalog: Catalog, targets: readonly RefreshTarget[], opts: ReferenceCheckOptions): Promise<ReferenceCheckResult> {
  const reads = new Map<string, number>();
  const results = await Promise.all(
    targets.map(async (t) => {
      const support = t.adapter.references;
      const read = t.client.readReference?.bind(t.client);
      if (!support || !read) return undefined;
      const queries = support.needs(catalog, t.target);
      if (queries.length === 0) return undefined;
      const cache = new ReferenceCache(join(opts.cacheDir(t.target.name), FILE), accountOf(t.target), opts.now ?? Date.now, opts.ttlMs ?? REFERENCE_TTL_MS);
      await cache.load();
      let count = 0;
      const fresh = async (q: ReferenceQuery) => {
        count += 1;
        const list = await read(q);
        cache.put(list);
        return list;
      };
      let lists = await Promise.all(queries.map((q) => cache.get(q) ?? fresh(q)));
      let diagnostics = support.check(catalog, t.target, bookOf(lists));
      if (hasErrors(diagnostics) && lists.some((l) => cache.wasCached(l))) {
        lists = await Promise.all(lists.map((l) => (cache.wasCached(l) ? fresh(l.query) : l)));
        diagnostics = support.check(catalog, t.target, bookOf(lists));
      }
      await cache.save();
      reads.set(t.target.name, count);
      return { target: t.target, support, book: bookOf(lists), diagnostics };
    }),
  );
  let resolved = catalog;
  const diagnostics: Diagnostic[] = [];
  for (const r of results) {
    if (!r) continue;
    diagnostics.push(...r.diagnostics);
    if (r.support.resolve) resolved = r.support.resolve(resolved, r.target, r.book);
  }
  return { catalog: resolved, diagnostics, reads };
}

/** Which account a cache file belongs to (a hash: the file never holds an app key). */
function accountOf(target: TargetConfig): string {
  const id = target.credentials.appKey ?? target.credentials.appId ?? target.credentials.openid ?? '';
  return createHash('sha256').update(`${target.platform}\n${target.sandbox ? 'sandbox' : target.baseUrl}\n${id}`).digest('hex');
}

interface CachedList {
  readAt: number;
  list: ReferenceList;
}

class ReferenceCache {
  private lists = new Map<string, CachedList>();
  private readonly cached = new WeakSet<ReferenceList>();
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly account: string,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  async load(): Promise<void> {
    try {
      const doc = JSON.parse(await readFile(this.file, 'utf8')) as { format: number; account: string; lists: Record<string, CachedList> };
      if (doc.format === FORMAT && doc.account === this.account) this.lists = new Map(Object.entries(doc.lists));
    } catch {
      // missing or damaged: an empty cache
    }
  }

  /** A list read within the TTL, else undefined. */
  get(q: ReferenceQuery): ReferenceList | undefined {
    const hit = this.lists.get(queryKey(q));
    if (!hit || this.now() - hit.readAt > this.ttlMs || hit.readAt > this.now()) return undefined;
    this.cached.add(hit.list);
    return hit.list;
  }

  wasCached(list: ReferenceList): boolean {
    return this.cached.has(list);
  }

  put(list: ReferenceList): void {
    this.lists.set(queryKey(list.query), { readAt: this.now(), list });
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    const keep: Record<string, CachedList> = {};
    for (const [k, v] of this.lists) if (this.now() - v.readAt <= this.ttlMs) keep[k] = v;
    try {
      await mkdir(join(this.file, '..'), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ format: FORMAT, account: this.account, lists: keep }));
      await rename(tmp, this.file);
    } catch {
      // a cache that cannot be written is skipped
    }
  }
}
