/** waiqin365 `catalog import`: group documents validate and plan with no changes (round trip), keys, limits. */
import { describe, expect, test } from 'vitest';
import { actionsOn, importRoundTrip } from '../../../test/helpers/import-round-trip.js';
import type { TargetState } from '../types.js';
import { waiqin365Adapter } from './index.js';
import { liveGroups } from './mapping.js';
import type { WireGroup } from './wire.js';

const WIRE: WireGroup[] = [
  // Made in the web console: no source_code.
  { id: '9001', source_code: '', code: 'SG-PROMO', name: '促销产品组', status: 1, is_enable: '1', sales_org_code: '', sales_org_source_code: '', brands: [], types: [{ id: '7', name: '促销品' }] },
  // A source_code that is a catalog key is the group's own identity.
  { id: '9002', source_code: 'tablets', code: 'SG-TAB', name: '平板', status: 1, is_enable: '0', sales_org_code: 'ORG1', brands: [{ id: '1', name: 'Apple' }, { id: '3', name: '华为' }], types: [] },
  // The merchant's own code (not a catalog key): imported under "<target>-<id>".
  { id: '9003', source_code: 'ERP-0003', code: 'ERP-0003', name: '配件', status: '1', is_enable: 1, brands: null, types: [{ id: '5', name: '充电设备' }, { id: null, name: '手机壳膜' }] },
  // Neither brands nor types: the catalog cannot hold it.
  { id: '9004', source_code: '', code: 'EMPTY', name: '空组', status: 1, is_enable: '1', brands: [], types: [] },
  // Deleted: gone for every purpose.
  { id: '9005', source_code: '', code: 'OLD', name: '旧组', status: 0, brands: [{ id: '1', name: 'Apple' }] },
];

const reread = (state: TargetState, desired: Parameters<typeof liveGroups>[2]) => liveGroups(WIRE, state, desired);

describe('waiqin365 import', () => {
  test('groups become documents that validate and plan with no changes, with or without the state', async () => {
    const r = await importRoundTrip({ adapter: waiqin365Adapter, target: 'sales', live: liveGroups(WIRE, { get: () => undefined, entries: () => [], getMeta: () => ({}) }, []), reread });
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => [d.key, d.id])).toEqual([['sales-9001', '9001'], ['tablets', '9002'], ['sales-9003', '9003']]);
    expect(r.documents[1]!.doc).toEqual({
      kind: 'Group',
      key: 'tablets',
      name: '平板',
      targets: ['sales'],
      platforms: { waiqin365: { code: 'SG-TAB', brands: [{ name: 'Apple' }, { name: '华为' }], salesOrgCode: 'ORG1', enabled: false } },
    });
    expect(actionsOn(r.plan, r.documents)).toEqual([]);
    expect(actionsOn(r.planWithoutState, r.documents)).toEqual([]);
    // Only the group the catalog cannot hold stays unmanaged.
    expect(r.plan.unmanaged).toEqual([{ kind: 'Group', id: '9004', name: '空组' }]);
    expect(r.planWithoutState.unmanaged).toEqual([{ kind: 'Group', id: '9004', name: '空组' }]);
  });

  test('a group already in the catalog is not imported again', async () => {
    const existing = { 'g.yaml': 'kind: Group\nkey: tablets\nname: 平板\ntargets: [sales]\nplatforms:\n  waiqin365: { code: SG-TAB, brands: [{ name: Apple }, { name: 华为 }], salesOrgCode: ORG1, enabled: false }\n' };
    const r = await importRoundTrip({ adapter: waiqin365Adapter, target: 'sales', live: liveGroups(WIRE, { get: () => undefined, entries: () => [], getMeta: () => ({}) }, []), existing, reread });
    expect(r.documents.map((d) => d.key)).toEqual(['sales-9001', 'sales-9003']);
    expect(r.plan.actions).toEqual([]);
  });
});
