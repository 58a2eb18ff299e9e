/** waiqin365 `catalog import`: live product groups -> catalog documents. */
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import type { ImportCandidate, ImportedDocument } from '../types.js';
import type { Ref } from './mapping.js';

/**
 * Catalog documents for groups the catalog does not hold (catalog import). Key: the source_code when
 * it is a catalog key, else "<target>-<id>". The block carries every compared field: `code` (left out
 * when empty: the catalog cannot write an empty code), `enabled`, the non-empty one of brands / types
 * (by name, as the platform names them; by id when an entry has no name), and the sales org codes
 * when set. Both lists set on the platform: brands are written (the catalog takes one; types are then
 * not compared). A group with neither cannot be written (the catalog needs one) and stays unmanaged.
 */
export function toDocuments(objects: ImportCandidate[], target: TargetConfig): ImportedDocument[] {
  return objects.flatMap((o): ImportedDocument[] => {
    if (o.kind !== 'Group') return [];
    const f = o.fields as { name?: string; code?: string; enabled?: boolean; brands?: Ref[]; types?: Ref[]; salesOrgCode?: string; salesOrgSourceCode?: string };
    const refs: { [k: string]: Json } | undefined = (f.brands ?? []).length > 0 ? { brands: f.brands! } : (f.types ?? []).length > 0 ? { types: f.types! } : undefined;
    if (!refs) return [];
    const key = o.key;
    const block: { [k: string]: Json } = {
      ...(f.code ? { code: f.code } : {}),
      ...refs,
      ...(f.salesOrgCode ? { salesOrgCode: f.salesOrgCode } : {}),
      ...(f.salesOrgSourceCode ? { salesOrgSourceCode: f.salesOrgSourceCode } : {}),
      enabled: f.enabled !== false,
    };
    return [{ kind: 'Group', key, id: o.id, doc: { kind: 'Group', key, name: f.name ?? o.name, targets: [target.name], platforms: { waiqin365: block } } }];
  });
}
