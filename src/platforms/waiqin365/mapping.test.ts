/** waiqin365 mapping: desired/live round trip (brands by id or name), identity, response_data. */
import { describe, expect, test } from 'vitest';
import type { Catalog, Group } from '../../catalog/types.js';
import { DEFAULT_POLICY, type TargetConfig } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { TargetState } from '../types.js';
import { desired as desiredGroups, liveGroups } from './mapping.js';
import { responseData } from './wire.js';

const target: TargetConfig = { name: 'sales', platform: 'waiqin365', baseUrl: 'http://x', sandbox: true, credentials: {}, paths: {}, policy: DEFAULT_POLICY };
const source = { file: 'catalog/g.yaml', line: 1, col: 1 };
const noState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const group = (key: string, w: NonNullable<Group['platforms']['waiqin365']>, targets = ['sales']): Group => ({ kind: 'Group', key, name: `组 ${key}`, protect: false, targets, source, platforms: { waiqin365: w } });
const catalog = (groups: Group[]): Catalog => ({ root: '/x', products: [], groups, shippingTemplates: [], shelves: [], digest: 'd' });
describe('waiqin365 mapping', () => {
  const desired = desiredGroups(
    catalog([
      group('phones', { code: 'SG-P', brands: [{ name: '小米' }, { id: '11' }, { name: 'Apple' }], enabled: true, salesOrgCode: 'ORG' }),
      group('other', { code: 'other', types: [{ name: 'x' }], enabled: false }),
      group('elsewhere', { code: 'elsewhere', types: [{ name: 'x' }], enabled: true }, ['store']),
    ]),
    target,
  );

  test('desired: refs sorted, sales org only when set', () => {
    expect(desired.map((d) => d.key)).toEqual(['phones', 'other']);
    expect(desired[0]!.fields).toEqual({ name: '组 phones', code: 'SG-P', enabled: true, brands: [{ id: '11' }, { name: 'Apple' }, { name: '小米' }], salesOrgCode: 'ORG' });
    expect(desired[1]!.fields).toEqual({ name: '组 other', code: 'other', enabled: false, types: [{ name: 'x' }] });
  });

  test('round trip: the saved group reads back (ids and names, enable as string) with no differences', () => {
    const live = liveGroups(
      [
        {
          id: '900', source_code: 'phones', code: 'SG-P', name: '组 phones', status: 1, is_enable: '1', sales_org_code: 'ORG', sales_org_source_code: '',
          brands: [{ id: '12', name: 'Apple' }, { id: '11', name: '华为' }, { id: '13', name: '小米' }], types: [],
        },
        { id: '901', source_code: 'other', code: 'other', name: '组 other', status: '1', is_enable: '0', brands: [], types: [{ id: '20', name: 'x' }] },
      ],
      noState,
      desired,
    );
    expect(live.map((l) => l.key)).toEqual(['phones', 'other']);
    for (const [i, d] of desired.entries()) expect(diffFields(d.fields, live[i]!.fields)).toEqual([]);
  });

  test('identity: source_code, else a state record; deleted groups (status 0) are gone', () => {
    const state: TargetState = { get: () => undefined, entries: () => [['Group/lost', { id: '5' }]], getMeta: () => ({}) };
    const live = liveGroups(
      [
        { id: '5', source_code: '', name: 'a', status: 1 },
        { id: '6', source_code: null, name: 'b', status: 1 },
        { id: '7', source_code: 'gone', name: 'c', status: '0' },
      ],
      state,
      [],
    );
    expect(live.map((l) => [l.id, l.key])).toEqual([['5', 'lost'], ['6', undefined]]);
  });

  test('response_data as a JSON string or a value', () => {
    expect(responseData({ return_code: '0', response_data: '[{"id":"1"}]' })).toEqual([{ id: '1' }]);
    expect(responseData({ return_code: 0, response_data: { id: '1' } })).toEqual({ id: '1' });
    expect(responseData({ return_code: 0 })).toBeUndefined();
  });
});
