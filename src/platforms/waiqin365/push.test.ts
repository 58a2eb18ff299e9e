import { describe, expect, test } from 'vitest';
import type { DesiredObject, TargetState } from '../types.js';
import { pushReport } from './push.js';

const desired: DesiredObject[] = [{ kind: 'Group', key: 'phones', protect: false, fields: { name: '手机', code: 'SG-P', enabled: true, brands: [{ name: 'Apple' }, { name: '小米' }] } }];
const state = (records: Record<string, string> = {}): TargetState => ({
  get: (ref) => (records[ref] ? { id: records[ref]! } : undefined),
  entries: () => Object.entries(records).map(([ref, id]) => [ref, { id }]),
  getMeta: () => ({}),
});
const push = (over: Record<string, unknown> = {}) => ({
  id: '900', code: 'SG-P', name: '手机', status: 1, is_enable: '1', source_code: 'phones',
  brandList: [{ id: '2', name: '小米' }, { id: '1', name: 'Apple' }], typeList: [], ...over,
});

describe('waiqin365 product-group push', () => {
  test('a push equal to the catalog is in sync (brandList/typeList read as brands/types)', () => {
    expect(pushReport(push(), desired, state())).toMatchObject({ key: 'phones', status: 'in-sync', changes: [] });
  });

  test('a change made on the platform is drift, platform value before, catalog value after', () => {
    const r = pushReport(push({ name: '手机 促销', is_enable: '0', brandList: [{ id: '1', name: 'Apple' }] }), desired, state());
    expect(r).toMatchObject({ status: 'drift' });
    expect('changes' in r && r.changes).toEqual([
      { path: 'name', before: '手机 促销', after: '手机' },
      { path: 'enabled', before: false, after: true },
      { path: 'brands', before: [{ name: 'Apple' }], after: [{ name: 'Apple' }, { name: '小米' }] },
    ]);
  });

  test('deleted, orphaned, unmanaged, and bodies that are not groups', () => {
    expect(pushReport(push({ status: '0' }), desired, state())).toMatchObject({ status: 'deleted' });
    expect(pushReport(push({ source_code: 'old' , id: '901' }), desired, state({ 'Group/old': '901' }))).toMatchObject({ key: 'old', status: 'orphaned' });
    expect(pushReport(push({ source_code: 'old' }), desired, state())).toMatchObject({ status: 'unmanaged' });
    expect(pushReport(push({ source_code: '' }), desired, state())).toMatchObject({ status: 'unmanaged' });
    expect(pushReport({ name: 'x' }, desired, state())).toHaveProperty('error');
    expect(pushReport([1], desired, state())).toHaveProperty('error');
  });
});
