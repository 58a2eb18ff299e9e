import { describe, expect, test } from 'vitest';
import { PHASES } from '../plan/types.js';
import { buildPlan, collectRefs, liveDigest, MASS_DELETE_MIN_MANAGED, withMoneyUnits, type TargetPlanInput } from './plan.js';
import { desired, fakeAdapter, fakeTarget, live, memoryState, targetInput } from '../../test/helpers/engine.js';

const plan = (...targets: TargetPlanInput[]) => buildPlan({ catalogDigest: 'digest-1', targets, now: '2025-01-01T00:00:00.000Z' });
const only = (...targets: TargetPlanInput[]) => plan(...targets).targets[0]!;

describe('ownership', () => {
  test('managed: our key on an object the catalog wants, or a state record naming that very object; everything else is unmanaged', () => {
    const t = only(
      targetInput({
        desired: [desired('Product', 'wanted', { price: 100 })],
        live: [
          live('Product', '1', 'wanted', { price: 100 }),
          live('Product', '2', 'left-catalog', { price: 100 }),
          live('Product', '3', 'someone-elses'),
          live('Product', '4', undefined),
          live('Product', '5', 'stale-record'),
        ],
        state: memoryState({ 'Product/left-catalog': '2', 'Product/stale-record': '999' }),
      }),
    );
    expect(t.managedCount).toBe(2);
    expect(t.orphaned).toEqual([{ kind: 'Product', key: 'left-catalog', id: '2' }]);
    expect(t.unmanaged.map((u) => u.id).sort()).toEqual(['3', '4', '5']);
    expect(t.actions).toEqual([]);
  });

  test('a second live object with the same key is not adopted: listed as unmanaged, never touched', () => {
    const t = only(targetInput({ desired: [desired('Product', 'dup', { price: 1 })], live: [live('Product', '1', 'dup', { price: 1 }), live('Product', '2', 'dup', { price: 9 })] }));
    expect(t.managedCount).toBe(1);
    expect(t.unmanaged).toEqual([{ kind: 'Product', id: '2', name: 'Product dup' }]);
    expect(t.actions).toEqual([]);
  });

  test('the same key of another kind is another object', () => {
    const t = only(targetInput({ desired: [desired('Group', 'x', { name: 'x' })], live: [live('Product', '7', 'x')] }));
    expect(t.unmanaged.map((u) => u.id)).toEqual(['7']);
    expect(t.actions.map((a) => [a.kind, a.op])).toEqual([['Group', 'create']]);
  });
});

describe('orphans and prune', () => {
  const input = (prune: boolean) =>
    targetInput({
      target: fakeTarget('shop', { prune, maxDeletePercent: 100 }),
      desired: [desired('Product', 'keep')],
      live: [live('Product', '1', 'keep'), live('Product', '2', 'gone')],
      state: memoryState({ 'Product/gone': '2' }),
    });

  test('prune off: orphaned, no action', () => {
    const t = only(input(false));
    expect(t.orphaned).toEqual([{ kind: 'Product', key: 'gone', id: '2' }]);
    expect(t.actions).toEqual([]);
  });

  test('prune on: deleted (destructive, observed), not listed as orphaned', () => {
    const t = only(input(true));
    expect(t.orphaned).toEqual([]);
    expect(t.actions).toHaveLength(1);
    expect(t.actions[0]).toMatchObject({ id: 'shop:Product/gone#1', op: 'delete', phase: 'delete-products', destructive: true, calls: [{ op: 'Product.delete', effect: 'delete', args: { id: '2' } }] });
    expect(t.actions[0]!.observed).toEqual({ id: '2', digest: liveDigest(live('Product', '2', 'gone')) });
  });

  test('prune on, but the adapter keeps the object (no action, a note why): still listed as orphaned', () => {
    const keeps = { ...fakeAdapter, planObject: ({ desired: d }: { desired?: unknown }) => ({ actions: [], notes: d ? [] : [{ level: 'warning' as const, message: 'still holds products we do not manage' }] }) };
    const t = only({ ...input(true), adapter: keeps });
    expect(t.actions).toEqual([]);
    expect(t.orphaned).toEqual([{ kind: 'Product', key: 'gone', id: '2' }]);
    expect(t.notes).toEqual([{ kind: 'Product', key: 'gone', level: 'warning', message: 'still holds products we do not manage' }]);
  });
});

describe('guards', () => {
  test('protect: a planned replace of a protected object is refused', () => {
    const p = plan(
      targetInput({
        desired: [desired('Product', 'precious', { title: 'new' }, { protect: true, extra: { frozen: true } }), desired('Product', 'plain', { title: 'new' }, { extra: { frozen: true } })],
        live: [live('Product', '1', 'precious', { title: 'old' }), live('Product', '2', 'plain', { title: 'old' })],
        target: fakeTarget('shop', { maxDeletePercent: 100 }),
      }),
    );
    const replace = p.targets[0]!.actions.find((a) => a.key === 'precious')!;
    expect(replace).toMatchObject({ op: 'replace', destructive: true, protect: true, reason: 'frozen objects cannot be edited' });
    expect(p.guards).toEqual([{ guard: 'protected', target: 'shop', keys: ['Product/precious'], message: expect.stringContaining('remove `protect: true`') }]);
  });

  test('protect does not block updates', () => {
    const p = plan(targetInput({ desired: [desired('Product', 'precious', { title: 'new' }, { protect: true })], live: [live('Product', '1', 'precious', { title: 'old' })] }));
    expect(p.targets[0]!.actions[0]).toMatchObject({ op: 'update', destructive: false, protect: true });
    expect(p.guards).toEqual([]);
  });

  const massDelete = (deleting: number, managed: number, maxDeletePercent: number) => {
    const keys = Array.from({ length: managed }, (_, i) => `p${i}`);
    return plan(
      targetInput({
        target: fakeTarget('shop', { prune: true, maxDeletePercent }),
        desired: keys.slice(deleting).map((k) => desired('Product', k)),
        live: keys.map((k, i) => live('Product', String(i), k)),
        state: memoryState(Object.fromEntries(keys.map((k, i) => [`Product/${k}`, String(i)]))),
      }),
    );
  };

  test('maxDeletePercent: more than the share of managed objects is refused; exactly the share is allowed', () => {
    const over = massDelete(3, 12, 20);
    expect(over.guards).toEqual([
      { guard: 'mass-delete', target: 'shop', keys: ['Product/p0', 'Product/p1', 'Product/p2'], message: 'deletes or replaces 3 of 12 managed objects (25% > maxDeletePercent 20%); review the plan and apply with --allow-mass-delete' },
    ]);
    expect(massDelete(2, 10, 20).guards).toEqual([]);
    expect(massDelete(10, 10, 100).guards).toEqual([]);
    expect(massDelete(1, 10, 0).guards.map((g) => g.guard)).toEqual(['mass-delete']);
  });

  test(`maxDeletePercent applies from ${MASS_DELETE_MIN_MANAGED} managed objects on (a near-empty account is not "100%")`, () => {
    expect(massDelete(MASS_DELETE_MIN_MANAGED - 1, MASS_DELETE_MIN_MANAGED - 1, 20).guards).toEqual([]);
    expect(massDelete(MASS_DELETE_MIN_MANAGED, MASS_DELETE_MIN_MANAGED, 20).guards.map((g) => g.guard)).toEqual(['mass-delete']);
  });

  test('quota: needing more than is left today is reported', () => {
    const p = plan(
      targetInput({
        desired: [desired('Product', 'a'), desired('Product', 'b')],
        quotas: [{ name: 'audit', used: 499, limit: 500, resetsAt: '2025-01-02T00:00:00.000Z', needed: 0 }],
      }),
    );
    expect(p.targets[0]!.quotas).toEqual([{ name: 'audit', used: 499, limit: 500, resetsAt: '2025-01-02T00:00:00.000Z', needed: 2 }]);
    expect(p.guards.map((g) => [g.guard, g.message])).toEqual([['quota', expect.stringContaining('needs 2 audit submissions but only 1 of 500 are left today')]]);
    expect(p.summary.audits).toEqual({ needed: 2, left: 0 });
  });
});

describe('dependencies and ordering', () => {
  test('a `$ref` to an object created in the same plan waits for its create', () => {
    const t = only(
      targetInput({
        desired: [desired('Product', 'phone', { onSale: true }, { extra: { group: 'phones' } }), desired('Product', 'case', {}, { extra: { group: 'old' } }), desired('Group', 'phones'), desired('Group', 'old')],
        live: [live('Group', 'g-old', 'old')],
      }),
    );
    const byId = new Map(t.actions.map((a) => [a.id, a]));
    expect(byId.get('shop:Product/phone#1')!.dependsOn).toEqual(['shop:Group/phones#1']);
    // The publish action waits for its own object's create (chained) — the `$ref` adds nothing new.
    expect(byId.get('shop:Product/phone#2')!.dependsOn).toEqual(['shop:Product/phone#1']);
    // An existing group is not created: nothing to wait for.
    expect(byId.get('shop:Product/case#1')!.dependsOn).toEqual([]);
    expect(byId.get('shop:Product/phone#1')!.calls[0]!.args).toMatchObject({ group: { $ref: 'Group/phones' } });
  });

  test('collectRefs finds `{ $ref }` placeholders at any depth, and only exact ones', () => {
    expect([...collectRefs({ a: [{ $ref: 'Group/x' }, { b: { $ref: 'Image/y' } }], c: { $ref: 'Group/z', other: 1 } })]).toEqual(['Group/x', 'Image/y']);
  });

  test('actions are ordered by phase (deletes last), then kind and key', () => {
    const t = only(
      targetInput({
        target: fakeTarget('shop', { prune: true, maxDeletePercent: 100 }),
        desired: [desired('Product', 'b', { onSale: true }), desired('Product', 'a', { title: 'new' }), desired('Group', 'g')],
        live: [live('Product', '1', 'a', { title: 'old' }), live('Product', '2', 'old-product'), live('Group', '3', 'old-group')],
        state: memoryState({ 'Product/old-product': '2', 'Group/old-group': '3' }),
      }),
    );
    expect(t.actions.map((a) => `${a.phase} ${a.kind}/${a.key} ${a.label}`)).toEqual([
      'groups Group/g create',
      'products Product/a update',
      'products Product/b create',
      'shelf-state Product/b publish',
      'delete-products Product/old-product delete',
      'delete-groups Group/old-group delete',
    ]);
    const phaseIndex = t.actions.map((a) => PHASES.indexOf(a.phase));
    expect([...phaseIndex].sort((x, y) => x - y)).toEqual(phaseIndex);
  });
});

describe('summary and rendering data', () => {
  test('counts each object once by its strongest op, each platform action (> line), API calls are all calls; money paths are marked fen', () => {
    const p = plan(
      targetInput({
        target: fakeTarget('shop', { prune: true, maxDeletePercent: 100 }),
        desired: [
          desired('Product', 'new', { price: 100, onSale: true }),
          desired('Product', 'cheaper', { price: 90 }),
          desired('Product', 'published', { onSale: true }),
          desired('Product', 'frozen', { title: 'b' }, { extra: { frozen: true } }),
          desired('Product', 'same', { price: 5, stock: 3 }),
        ],
        live: [
          live('Product', '1', 'cheaper', { price: 100 }),
          live('Product', '2', 'published', { onSale: false }),
          live('Product', '3', 'frozen', { title: 'a' }),
          live('Product', '4', 'same', { price: 5, stock: 1 }),
          live('Product', '5', 'gone'),
        ],
        state: memoryState({ 'Product/gone': '5' }),
      }),
      targetInput({ target: fakeTarget('other'), desired: [desired('Group', 'g')] }),
    );
    expect(p.summary).toEqual({ create: 2, update: 1, replace: 1, delete: 1, action: 2, imageUploads: 0, apiCalls: 8 });
    expect(p.targetNames).toEqual(['shop', 'other']);
    expect(p.catalogDigest).toBe('digest-1');
    const shop = p.targets[0]!;
    expect(shop.actions.find((a) => a.key === 'cheaper')!.changes).toEqual([{ path: 'price', before: 100, after: 90, unit: 'fen' }]);
    expect(shop.notes).toEqual([{ kind: 'Product', key: 'same', level: 'info', message: 'stock 1 -> 3 not sent' }]);
    expect(shop.actions.find((a) => a.key === 'new')!.observed).toEqual({ absent: true });
    expect(shop.readCalls).toBe(1);
  });

  test('no differences: no actions, summary zero', () => {
    const p = plan(targetInput({ desired: [desired('Product', 'a', { price: 1 })], live: [live('Product', '1', 'a', { price: 1 })] }));
    expect(p.targets[0]!.actions).toEqual([]);
    expect(p.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, action: 0, imageUploads: 0, apiCalls: 0 });
  });
});

describe('money units from the adapter field units', () => {
  const fen = ['price', 'skus.*.price', 'rates.*.regions.firstFee'];

  test('a change at a money path is marked fen; `*` stands for any one key', () => {
    expect(withMoneyUnits({ path: 'price', before: 100, after: 90 }, fen)).toEqual({ path: 'price', before: 100, after: 90, unit: 'fen' });
    expect(withMoneyUnits({ path: 'skus.red.price', after: 90 }, fen)).toMatchObject({ unit: 'fen' });
    expect(withMoneyUnits({ path: 'skus.red.stock', after: 9 }, fen)).toEqual({ path: 'skus.red.stock', after: 9 });
    expect(withMoneyUnits({ path: 'skus.red.price.extra', after: 9 }, fen)).not.toHaveProperty('unit');
  });

  test('money inside an array or object value is named by moneyKeys (array indices left out)', () => {
    const c = { path: 'rates.mail.regions', after: [{ province: '广东', firstFee: 500 }] };
    expect(withMoneyUnits(c, fen)).toEqual({ ...c, moneyKeys: ['firstFee'] });
  });

  test('no field units: nothing is money', () => {
    expect(withMoneyUnits({ path: 'price', after: 1 }, undefined)).toEqual({ path: 'price', after: 1 });
  });
});
