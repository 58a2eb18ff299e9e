/**
 * waiqin365 reference data for `catalog lookup`: the tenant's product groups, and the brands and
 * product types those groups use (the open API has no brand or type list of its own, so these are
 * the ones known from queryProductGroupInfos). Nothing to check at plan time for the same reason.
 */
import type { ReferenceEntry, ReferenceList, ReferenceQuery, ReferenceSupport } from '../types.js';
import type { WireGroup, WireRef } from './wire.js';

export async function readWaiqin365Reference(listGroups: () => Promise<WireGroup[]>, query: ReferenceQuery): Promise<ReferenceList> {
  const groups = await listGroups();
  switch (query.list) {
    case 'groups':
      return {
        query,
        entries: groups.map((g) => ({
          id: String(g.id),
          name: g.name,
          info: {
            code: g.code ?? null,
            sourceCode: g.source_code ?? null,
            enabled: String(g.is_enable ?? '1') === '1',
            brands: (g.brands ?? []).map(refText),
            types: (g.types ?? []).map(refText),
          },
        })),
      };
    case 'brands':
    case 'types': {
      const seen = new Map<string, ReferenceEntry & { info: { groups: string[] } }>();
      for (const g of groups) {
        for (const r of (query.list === 'brands' ? g.brands : g.types) ?? []) {
          const id = r.id == null ? '' : String(r.id);
          const name = r.name ?? '';
          const k = `${id}\u0000${name}`;
          const e = seen.get(k) ?? { id, name, info: { groups: [] } };
          e.info.groups.push(g.name);
          seen.set(k, e);
        }
      }
      return { query, entries: [...seen.values()] };
    }
    default:
      throw new Error(`waiqin365 has no reference list "${query.list}"`);
  }
}

const refText = (r: WireRef): string => [r.name, r.id == null ? undefined : `(${r.id})`].filter(Boolean).join(' ');

export const references: ReferenceSupport = {
  lists: [
    { name: 'groups', description: 'product groups of the tenant with their brands / types', params: [] },
    { name: 'brands', description: 'brands used by the tenant\'s product groups (the API has no brand list)', params: [] },
    { name: 'types', description: 'product types used by the tenant\'s product groups (the API has no type list)', params: [] },
  ],
  needs: () => [],
  check: () => [],
};
