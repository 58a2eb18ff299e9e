/**
 * Catalog -> desired and wire -> live for 外勤365 product groups, in one comparable shape:
 * `name`, `code` (default: the key), `enabled` (is_enable "1"), `brands` or `types` as a sorted list of
 * `{id}` / `{name}` entries, and `salesOrgCode` / `salesOrgSourceCode` when the catalog sets them.
 *
 * Identity: `source_code` = catalog key (the platform upserts by it) when it is a valid catalog key; a
 * state record naming the id is the fallback (a group whose source_code was cleared, or is a code of the
 * merchant's own that no catalog key can equal, e.g. imported as "<target>-<id>").
 *
 * The platform answers brands/types with both id and name; the catalog names each entry by id OR by
 * name. A live entry is shown in the form the catalog uses for it (by id when the catalog lists that
 * id, else by name), so the same set written either way is no change. The entries as the platform
 * holds them (by id where it gave one) are kept in `meta.brands` / `meta.types`: a save that must carry
 * the group's current list (disabling it) sends those.
 */
import { KEY_PATTERN } from '../../catalog/model.js';
import type { Catalog, Group } from '../../catalog/types.js';
import type { Waiqin365Group } from './catalog.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import { type DesiredObject, type LiveObject, type TargetState, type FieldUnits } from '../types.js';
import type { WireGroup, WireRef } from './wire.js';

/** Which comparable fields are money in fen, per kind: none (product groups carry no money). */
export const FIELD_UNITS: FieldUnits = {};

/** A brand or type of a group: by platform id, or by name. */
export type Ref = { id: string } | { name: string };
const REF_FIELDS = ['brands', 'types'] as const;

const refSortKey = (r: Ref): string => ('id' in r ? `id:${r.id}` : `name:${r.name}`);
const sortRefs = (refs: Ref[]): Ref[] => [...refs].sort((a, b) => (refSortKey(a) < refSortKey(b) ? -1 : refSortKey(a) > refSortKey(b) ? 1 : 0));

export function desired(catalog: Catalog, target: TargetConfig): DesiredObject[] {
  return catalog.groups.filter((g) => g.targets.includes(target.name)).map(desiredGroup);
}

function desiredGroup(g: Group): DesiredObject {
  const w: Waiqin365Group | undefined = g.platforms.waiqin365;
  if (!w) throw new Error(`bug: group ${g.key} reached waiqin365 without a waiqin365 block (the loader requires it)`);
  const fields: { [k: string]: Json } = { name: g.name, code: w.code ?? g.key, enabled: w.enabled };
  if (w.brands) fields.brands = sortRefs(w.brands);
  if (w.types) fields.types = sortRefs(w.types);
  if (w.salesOrgCode !== undefined) fields.salesOrgCode = w.salesOrgCode;
  if (w.salesOrgSourceCode !== undefined) fields.salesOrgSourceCode = w.salesOrgSourceCode;
  return { kind: 'Group', key: g.key, protect: g.protect, fields };
}

/** Live entries in the catalog's form for them (see the header). */
function liveRefs(wire: WireRef[] | null | undefined, written: Json | undefined): Ref[] {
  const ids = new Set(Array.isArray(written) ? written.flatMap((r) => (r && typeof r === 'object' && !Array.isArray(r) && typeof r.id === 'string' ? [r.id] : [])) : []);
  return sortRefs(
    (wire ?? []).map((r) => {
      const id = r.id === null || r.id === undefined ? undefined : String(r.id);
      if (id !== undefined && (ids.has(id) || !r.name)) return { id };
      return { name: r.name ?? '' };
    }),
  );
}

/** Entries as the platform holds them: by id when it gave one, else by name. */
function platformRefs(wire: WireRef[] | null | undefined): Ref[] {
  return (wire ?? []).map((r) => (r.id === null || r.id === undefined || r.id === '' ? { name: r.name ?? '' } : { id: String(r.id) }));
}

const isOn = (v: string | number | null | undefined): boolean => String(v ?? '1') === '1';

/** Live groups (deleted ones, status 0, are left out: they are gone for every purpose). */
export function liveGroups(wire: WireGroup[], state: TargetState, desired: readonly DesiredObject[]): LiveObject[] {
  const keyById = new Map<string, string>();
  for (const [ref, rec] of state.entries()) if (ref.startsWith('Group/')) keyById.set(rec.id, ref.slice('Group/'.length));
  const desiredByKey = new Map(desired.map((d) => [d.key, d]));
  return wire
    .filter((w) => String(w.status ?? '1') !== '0')
    .map((w) => {
      const id = String(w.id);
      const key = w.source_code && KEY_PATTERN.test(w.source_code) ? w.source_code : keyById.get(id);
      const hint = key === undefined ? undefined : desiredByKey.get(key)?.fields;
      const fields: { [k: string]: Json } = {
        name: w.name,
        code: w.code ?? '',
        enabled: isOn(w.is_enable),
        salesOrgCode: w.sales_org_code ?? '',
        salesOrgSourceCode: w.sales_org_source_code ?? '',
      };
      const meta: { [k: string]: Json } = {};
      for (const f of REF_FIELDS) {
        fields[f] = liveRefs(w[f], hint?.[f]);
        meta[f] = platformRefs(w[f]);
      }
      return { kind: 'Group', id, ...(key !== undefined ? { key } : {}), name: w.name, fields, meta };
    });
}
