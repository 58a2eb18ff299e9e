/**
 * xiaoliebian reference data for `catalog lookup`: the account's product groups (group list).
 * Nothing to check at plan time: the catalog's groups are managed objects of their own, and the
 * API lists no categories or brands.
 */
import type { ReferenceList, ReferenceQuery, ReferenceSupport } from '../types.js';
import type { WireGroup } from './wire.js';

export async function readXiaoliebianReference(listGroups: () => Promise<WireGroup[]>, query: ReferenceQuery): Promise<ReferenceList> {
  if (query.list !== 'groups') throw new Error(`xiaoliebian has no reference list "${query.list}"`);
  return { query, entries: (await listGroups()).map((g) => ({ id: String(g.groupId), name: g.groupName })) };
}

export const references: ReferenceSupport = {
  lists: [{ name: 'groups', description: 'product groups of the account (the catalog manages them as Group objects)', params: [] }],
  needs: () => [],
  check: () => [],
};
