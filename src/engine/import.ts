/**
 * planImport (pure): which live objects of one target become catalog documents, under which keys.
 *
 * Imported: every live object the catalog does not already hold (unmanaged objects, and managed
 * objects that left the catalog). Objects matched to a catalog object are skipped, so importing
 * twice never duplicates. A product whose key (its platform identity) is a catalog product's that
 * goes to other targets is merged into it; other keys are made unique per kind against the catalog
 * and each other. Titles are never compared.
 */
import { KEY_PATTERN } from '../catalog/model.js';
import { importKey } from '../platforms/import-key.js';
import type { ImportedDocument } from '../platforms/types.js';
import type { TargetPlanInput } from './plan.js';
import { refOf } from './plan.js';

export interface ImportResult {
  /** New documents, under keys unique in the catalog. */
  documents: ImportedDocument[];
  /**
   * Products whose key (their platform identity) a catalog product already has, for another
   * target: the same product, to be merged into that document (catalog/import-merge.ts).
   */
  merges: ImportedDocument[];
  /** Live objects already in the catalog (not imported). */
  alreadyManaged: number;
  /**
   * Live objects the adapter writes no document for: the platform does not let its API manage them
   * (e.g. wechat-live goods made in the console) or the catalog cannot hold them. They stay unmanaged.
   */
  notImported: Array<{ kind: string; id: string; name: string }>;
}

export function planImport(input: TargetPlanInput, catalogKeys: Map<string, Set<string>>): ImportResult {
  const { adapter, target } = input;
  if (!adapter.toDocuments) return { documents: [], merges: [], alreadyManaged: 0, notImported: [] };
  const wanted = new Set(input.desired.map((d) => refOf(d.kind, d.key)));
  // Objects without a key of their own are imported under `<target>-<id>` (import-key.ts), which
  // the next refresh derives again for them.
  const candidates = input.live.objects
    .filter((o) => o.key === undefined || !wanted.has(refOf(o.kind, o.key)))
    .map((o) => ({ ...o, key: o.key ?? importKey(target.name, o.id) }));
  const alreadyManaged = input.live.objects.length - candidates.length;
  const taken = new Map<string, Set<string>>();
  for (const [kind, keys] of catalogKeys) taken.set(kind, new Set(keys));
  const imported = adapter.toDocuments(candidates, target);
  const merges = imported.filter((d) => d.kind === 'Product' && catalogKeys.get('Product')?.has(d.key));
  const documents = imported.filter((d) => !merges.includes(d)).map((d) => {
    const used = taken.get(d.kind) ?? new Set<string>();
    taken.set(d.kind, used);
    const key = uniqueKey(d.key, used);
    used.add(key);
    return { ...d, key, doc: { ...d.doc, key } };
  });
  const written = new Set([...documents, ...merges].map((d) => refOf(d.kind, d.id)));
  const notImported = candidates.filter((o) => !written.has(refOf(o.kind, o.id))).map((o) => ({ kind: o.kind, id: o.id, name: o.name }));
  return { documents, merges, alreadyManaged, notImported };
}

/** A valid key: the proposal when it is one, else a slug; "-2", "-3", ... when taken. */
function uniqueKey(proposal: string, used: Set<string>): string {
  let base = KEY_PATTERN.test(proposal) ? proposal : slug(proposal);
  if (!base) base = 'imported';
  base = base.slice(0, 44);
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
  return key;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .replace(/-{2,}/g, '-');
}
