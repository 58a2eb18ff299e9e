import { describe, expect, test } from 'vitest';
import type { Plan } from '../plan/types.js';
import { buildPlan, type TargetPlanInput } from './plan.js';
import { assignKeys, observedIdentities, staleReasons } from './refresh.js';
import { desired, fakeAdapter, fakeTarget, live, memoryState, targetInput } from '../../test/helpers/engine.js';

const base = (liveObjects = [live('Product', '1', 'edit-me', { price: 100 }), live('Product', '2', 'gone', {})]): TargetPlanInput =>
  targetInput({
    target: fakeTarget('shop', { prune: true, maxDeletePercent: 100 }),
    desired: [desired('Product', 'edit-me', { price: 90 }), desired('Product', 'new-one', { price: 5 })],
    live: liveObjects,
    state: memoryState({ 'Product/gone': '2' }),
  });
const makePlan = (input: TargetPlanInput): Plan => buildPlan({ catalogDigest: 'cat-1', targets: [input], now: '2025-01-01T00:00:00.000Z' });

describe('staleReasons: may a saved plan still be applied?', () => {
  test('nothing changed: fresh', () => {
    expect(staleReasons(makePlan(base()), 'cat-1', [base()])).toEqual([]);
  });

  test('the catalog changed', () => {
    expect(staleReasons(makePlan(base()), 'cat-2', [base()])).toEqual(['the catalog files changed since the plan was made']);
  });

  test('what the catalog asks changed while its YAML did not (e.g. an image file): stale', () => {
    const plan = makePlan(base());
    const changed = base();
    changed.desired = changed.desired.map((d) => (d.key === 'new-one' ? { ...d, fields: { ...d.fields, image: 'sha256:other' } } : d));
    expect(staleReasons(plan, 'cat-1', [changed])).toEqual(['shop: what the catalog asks of this target changed since the plan was made (e.g. an image file\'s contents)']);
  });

  test('an object the plan updates changed on the platform (fields or meta)', () => {
    const plan = makePlan(base());
    expect(staleReasons(plan, 'cat-1', [base([live('Product', '1', 'edit-me', { price: 120 }), live('Product', '2', 'gone')])])).toEqual(['shop: Product edit-me changed on the platform']);
    expect(staleReasons(plan, 'cat-1', [base([live('Product', '1', 'edit-me', { price: 100 }, { status: 'off' }), live('Product', '2', 'gone')])])).toEqual(['shop: Product edit-me changed on the platform']);
  });

  test('an object the plan creates appeared on the platform', () => {
    const plan = makePlan(base());
    const fresh = base([live('Product', '1', 'edit-me', { price: 100 }), live('Product', '2', 'gone'), live('Product', '3', 'new-one', { price: 5 })]);
    expect(staleReasons(plan, 'cat-1', [fresh])).toEqual(['shop: Product new-one now exists on the platform']);
  });

  test('an object the plan touches vanished from the platform', () => {
    const plan = makePlan(base());
    expect(staleReasons(plan, 'cat-1', [base([live('Product', '1', 'edit-me', { price: 100 })])])).toEqual(['shop: Product gone (id 2) is gone from the platform']);
  });

  test('objects the plan does not touch may change freely', () => {
    const plan = makePlan(base());
    const fresh = base([live('Product', '1', 'edit-me', { price: 100 }), live('Product', '2', 'gone'), live('Product', '9', undefined, { anything: true })]);
    expect(staleReasons(plan, 'cat-1', [fresh])).toEqual([]);
  });

  test('a target that left the configuration', () => {
    const plan = makePlan(base());
    expect(staleReasons(plan, 'cat-1', [])).toEqual(['target shop is not in the configuration any more']);
  });

  test('all reasons are reported at once', () => {
    const plan = makePlan(base());
    const fresh = base([live('Product', '1', 'edit-me', { price: 1 })]);
    expect(staleReasons(plan, 'cat-2', [fresh])).toHaveLength(3);
  });
});

describe('identities observed by refresh', () => {
  test('key-less objects take the key the state maps their id to; others are left alone', () => {
    const snap = assignKeys({ objects: [live('Product', '7', undefined), live('Product', '8', undefined), live('Group', '7', undefined)], readCalls: 0 }, memoryState({ 'Product/imported': '7' }), 'shop', []);
    expect(snap.objects.map((o) => o.key)).toEqual(['imported', undefined, undefined]);
  });

  test('without state, a key-less object matches the catalog object named by its import key (<target>-<id>)', () => {
    const objects = [live('Product', '219530768018160', undefined), live('Product', '42', undefined), live('Product', '5', 'own-key')];
    const snap = assignKeys({ objects, readCalls: 0 }, memoryState({}), 'Xianyu', [desired('Product', 'xianyu-219530768018160'), desired('Product', 'xianyu-5')]);
    expect(snap.objects.map((o) => o.key)).toEqual(['xianyu-219530768018160', undefined, 'own-key']);
  });

  test('observedIdentities: objects we want, or whose id the state records under that key', () => {
    const input = targetInput({
      desired: [desired('Product', 'a')],
      live: [live('Product', '1', 'a'), live('Product', '2', 'orphan'), live('Product', '3', 'foreign'), live('Product', '4', 'moved')],
      state: memoryState({ 'Product/orphan': '2', 'Product/moved': '99' }),
    });
    expect([...observedIdentities(input)]).toEqual([
      ['Product/a', '1'],
      ['Product/orphan', '2'],
    ]);
  });

  test('observedIdentities agrees with the planner when two live objects claim one key: the first is ours', () => {
    const input = targetInput({ desired: [desired('Product', 'dup')], live: [live('Product', '1', 'dup'), live('Product', '2', 'dup')] });
    expect([...observedIdentities(input)]).toEqual([['Product/dup', '1']]);
    expect(makePlan(input).targets[0]!.unmanaged.map((u) => u.id)).toEqual(['2']);
  });
});

describe('refreshAndPlan: each target planned as soon as it is read', () => {
  test('equals buildPlan over refreshTargets, whatever order the targets finish in', async () => {
    const { refreshAndPlan, refreshTargets } = await import('./refresh.js');
    const wants = {
      slow: [desired('Product', 'a', { price: 1 }), desired('Product', 'b', { price: 2 })],
      quick: [desired('Product', 'c', { price: 3 })],
    };
    const objects = { slow: [live('Product', '1', 'a', { price: 5 })], quick: [live('Product', '9', 'stray', {})] };
    const order: string[] = [];
    const targets = (['slow', 'quick'] as const).map((name) => ({
      target: fakeTarget(name, { prune: true, maxDeletePercent: 100 }),
      adapter: { ...fakeAdapter, desired: () => wants[name] },
      state: memoryState({ 'Product/stray': '9' }),
      client: {
        invoke: async () => ({}),
        refresh: async () => {
          await new Promise((r) => setTimeout(r, name === 'slow' ? 30 : 0));
          order.push(name);
          return { objects: objects[name], readCalls: 1 };
        },
      },
    }));
    const catalog = { products: [] } as unknown as Parameters<typeof refreshTargets>[0];
    const meta = { catalogDigest: 'cat-1', now: '2025-01-01T00:00:00.000Z' };
    const { plan, inputs } = await refreshAndPlan(catalog, targets, meta);
    expect(order).toEqual(['quick', 'slow']);
    expect(inputs.map((i) => i.target.name)).toEqual(['slow', 'quick']);
    expect(plan).toEqual(buildPlan({ ...meta, targets: await refreshTargets(catalog, targets) }));
    expect(plan.targetNames).toEqual(['slow', 'quick']);
    expect(plan.summary).toMatchObject({ create: 2, update: 1, delete: 1 });
  });
});

describe('refresh: trailing whitespace of text is no difference, and never goes to the wire', () => {
  test('desired and live fields are normalised before planning (a `|` block against a platform that trims, and the reverse)', async () => {
    const { refreshAndPlan } = await import('./refresh.js');
    const targets = [
      {
        target: fakeTarget('shop'),
        adapter: { ...fakeAdapter, desired: () => [desired('Product', 'a', { description: '说明\n', price: 1 }), desired('Product', 'b', { description: '说明' }), desired('Product', 'new', { description: '新的\n\n' })] },
        state: memoryState(),
        client: {
          invoke: async () => ({}),
          refresh: async () => ({ objects: [live('Product', '1', 'a', { description: '说明', price: 1 }), live('Product', '2', 'b', { description: '说明 \n' })], readCalls: 1 }),
        },
      },
    ];
    const { plan } = await refreshAndPlan({ products: [] } as never, targets, { catalogDigest: 'cat-1', now: '2025-01-01T00:00:00.000Z' });
    const actions = plan.targets[0]!.actions;
    expect(actions.map((a) => `${a.key}:${a.label}`)).toEqual(['new:create']);
    expect(actions[0]!.calls[0]!.args).toEqual({ key: 'new', description: '新的' });
  });
});
