/** waiqin365 per-object planning: create, update with the complete group, disable instead of delete. */
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { LiveObject, TargetState } from '../types.js';
import { liveGroups } from './mapping.js';
import { CANNOT_DISABLE, DISABLE_REASON, planObject } from './planner.js';

const noState: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
describe('waiqin365 planner', () => {
  const fields: { [k: string]: Json } = { name: 'n', code: 'c', enabled: true, types: [{ name: 'x' }] };
  const live = (f: { [k: string]: Json }) => ({ kind: 'Group', id: '900', key: 'g', name: 'n', fields: f, meta: {} });

  test('create: saveProductGroup with source_code = key and every field', () => {
    const [a] = planObject({ desired: { kind: 'Group', key: 'g', protect: false, fields }, changes: [], policy: DEFAULT_POLICY, state: noState }).actions;
    expect(a!.calls).toEqual([{ op: 'saveProductGroup', effect: 'create', args: { source_code: 'g', name: 'n', code: 'c', is_enable: '1', types: [{ name: 'x' }] } }]);
  });

  test('update: the complete group (id, source_code, name, code, enabled, brands or types), sales org kept from the platform', () => {
    const have = { ...fields, code: 'old', enabled: false, brands: [], salesOrgCode: 'ORG', salesOrgSourceCode: '' };
    const want = { ...fields, types: [{ name: 'y' }] };
    const [a] = planObject({ desired: { kind: 'Group', key: 'g', protect: false, fields: want }, live: live(have), changes: diffFields(want, have), policy: DEFAULT_POLICY, state: noState }).actions;
    expect(a!.calls[0]!.args).toEqual({ id: '900', source_code: 'g', name: 'n', code: 'c', is_enable: '1', types: [{ name: 'y' }], sales_org_code: 'ORG' });
    // A name-only change still sends the lists (the save's brands/types rule has no exception).
    const renamed = { ...fields, name: 'm', salesOrgCode: 'ORG2' };
    const [b] = planObject({ desired: { kind: 'Group', key: 'g', protect: false, fields: renamed }, live: live({ ...fields, salesOrgCode: 'ORG', salesOrgSourceCode: 'S' }), changes: diffFields(renamed, fields), policy: DEFAULT_POLICY, state: noState }).actions;
    expect(b!.calls[0]!.args).toEqual({ id: '900', source_code: 'g', name: 'm', code: 'c', is_enable: '1', types: [{ name: 'x' }], sales_org_code: 'ORG2', sales_org_source_code: 'S' });
  });

  test('left the catalog: disabled with the complete group as the platform holds it (never deleted); already disabled: nothing but a note', () => {
    const held: LiveObject = { kind: 'Group', id: '900', key: 'g', name: 'n', fields: { ...fields, salesOrgCode: '', salesOrgSourceCode: 'S' }, meta: { brands: [], types: [{ id: '20' }, { name: 'x2' }] } };
    const disable = planObject({ live: held, changes: [], policy: DEFAULT_POLICY, state: noState });
    expect(disable.actions).toEqual([
      expect.objectContaining({
        op: 'delete', label: 'disable', reason: DISABLE_REASON, phase: 'delete-groups',
        calls: [{ op: 'saveProductGroup', effect: 'update', args: { id: '900', source_code: 'g', name: 'n', code: 'c', is_enable: '0', types: [{ id: '20' }, { name: 'x2' }], sales_org_source_code: 'S' } }],
      }),
    ]);
    const again = planObject({ live: live({ ...fields, enabled: false }), changes: [], policy: DEFAULT_POLICY, state: noState });
    expect(again.actions).toEqual([]);
    expect(again.notes?.[0]?.message).toContain('disabled');
  });

  test('left the catalog with neither brands nor types on the platform: no save can be valid, so a warning and no action', () => {
    const bare = planObject({ live: { ...live(fields), meta: { brands: [], types: [] } }, changes: [], policy: DEFAULT_POLICY, state: noState });
    expect(bare.actions).toEqual([]);
    expect(bare.notes).toEqual([{ level: 'warning', message: CANNOT_DISABLE }]);
  });

  test('live groups keep the platform\'s entries (by id) in meta for such saves', () => {
    const [g] = liveGroups([{ id: '5', source_code: 'g', name: 'a', status: 1, brands: [{ id: 11, name: 'A' }, { id: null, name: 'B' }], types: null }], noState, []);
    expect(g!.meta).toEqual({ brands: [{ id: '11' }, { name: 'B' }], types: [] });
  });
});
