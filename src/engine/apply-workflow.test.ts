import { describe, expect, test } from 'vitest';
import type { Catalog } from '../catalog/types.js';
import { OutcomeUnknownError, PlatformError } from '../http/index.js';
import type { Json, Plan } from '../plan/types.js';
import type { DesiredObject, LiveObject, PlatformClient } from '../platforms/types.js';
import { openState, type StateStore } from '../state/index.js';
import { memoryStateFs } from '../state/memory-fs.js';
import { targetStateView } from './apply-state.js';
import { runApplyWorkflow, type ApplyOutcome, type ApplyWorkflowHooks, type ApplyWorkflowOptions } from './apply-workflow.js';
import { refreshAndPlan, refreshTargets, type RefreshTarget } from './refresh.js';
import { desired, fakeAdapter, fakeTarget } from '../../test/helpers/engine.js';

/**
 * A fake platform in memory: creates add an object under the key they send, `Product.publish`
 * sets onSale. `lose` ("<op> <key>"): the call takes effect but its answer is lost (unknown
 * outcome); `refuse`: the call is refused (a definite failure, nothing changes).
 */
function fakePlatform() {
  const objects = new Map<string, LiveObject>();
  let next = 1;
  const calls: string[] = [];
  const lose = new Set<string>();
  const refuse = new Set<string>();
  let readFailure: Error | undefined;
  const client: PlatformClient = {
    async refresh() {
      if (readFailure) throw readFailure;
      return { objects: [...objects.values()].map((o) => ({ ...o, fields: { ...o.fields } })), readCalls: 1 };
    },
    async invoke(call, action) {
      const name = `${call.op} ${action.key}`;
      calls.push(name);
      if (refuse.has(name)) throw new PlatformError({ platform: 'goofish', endpoint: call.op, code: 7, message: 'refused', hint: 'fix it' });
      const args = call.args as { [k: string]: Json };
      let id: string | undefined;
      if (call.effect === 'create') {
        id = String(next++);
        // Created off sale (as goofish does): `Product.publish` puts it on sale.
        const { key, group: _group, onSale, ...fields } = args;
        objects.set(id, { kind: action.kind, id, key: String(key), name: String(key), fields: { ...fields, ...(onSale === undefined ? {} : { onSale: false }) }, meta: {} });
      } else if (call.effect === 'delete') objects.delete(String(args.id));
      else {
        const o = objects.get(String(args.id))!;
        if (call.op === 'Product.publish') o.fields.onSale = true;
        else Object.assign(o.fields, Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'id')));
      }
      if (lose.has(name)) {
        lose.delete(name);
        throw new OutcomeUnknownError({ endpoint: call.op, reason: 'connection dropped', attempts: 1 });
      }
      return id === undefined ? {} : { id };
    },
  };
  return { objects, calls, lose, refuse, client, failReads: (e: Error | undefined) => (readFailure = e) };
}

const catalog = { products: [], digest: 'catalog-1', root: '/nowhere' } as unknown as Catalog;

async function setup(want: DesiredObject[], store?: StateStore) {
  const platform = fakePlatform();
  const state = store ?? (await openState('/state', { fs: memoryStateFs() }));
  const targets: RefreshTarget[] = [{ target: fakeTarget('shop'), adapter: { ...fakeAdapter, desired: () => want }, client: platform.client, state: targetStateView(state, 'shop') }];
  const log: string[] = [];
  let readFailure: Error | undefined;
  const hooks: ApplyWorkflowHooks = {
    onPlanned: () => log.push('planned'),
    onResumed: (n) => log.push(`resumed ${n}`),
    onRoundStart: (p) => (log.push(`round ${p.targets.flatMap((t) => t.actions).length}`), platform.failReads(readFailure)),
    onSettling: (names, n) => log.push(`settling ${names.join(',')} ${n}`),
    onSettleReadFailed: (e) => log.push(`settle read failed: ${e.message}`),
    onReadBackFailed: (e) => log.push(`read back failed: ${e.message}`),
  };
  const deps = {
    catalog,
    targets,
    store: state,
    refresh: (ts: RefreshTarget[]) => refreshTargets(catalog, ts),
    plan: (ts: RefreshTarget[]) => refreshAndPlan(catalog, ts, { catalogDigest: catalog.digest, now: '2026-01-01T00:00:00.000Z' }),
    isReportable: (e: unknown): e is Error => e instanceof PlatformError,
    hooks,
  };
  const run = (opts: ApplyWorkflowOptions = {}) => runApplyWorkflow(deps, opts);
  const makePlan = async (): Promise<Plan> => JSON.parse(JSON.stringify((await deps.plan(targets)).plan)) as Plan;
  /** Reads fail from the first apply round on. */
  const failReadsAfterRound = (e: Error) => (readFailure = e);
  return { platform, state, log, run, makePlan, failReadsAfterRound };
}

const applied = (o: ApplyOutcome) => {
  if (o.kind !== 'applied') throw new Error(`expected an applied outcome, got ${o.kind}`);
  return o.result;
};
const products = (p: ReturnType<typeof fakePlatform>) => [...p.objects.values()].map((o) => `${o.key}${o.fields.onSale ? ' (on sale)' : ''}`).sort();

describe('the apply workflow', () => {
  test('plans, asks, applies and records the ids', async () => {
    const s = await setup([desired('Group', 'g'), desired('Product', 'p', { onSale: true }, { extra: { group: 'g' } })]);
    const asked: Plan[] = [];
    const result = applied(await s.run({ confirm: async (p) => (asked.push(p), true) }));
    expect(result.failures).toEqual([]);
    expect(result.done).toBe(3);
    expect(asked).toHaveLength(1);
    expect(s.log).toEqual(['planned', 'round 3']);
    expect(products(s.platform)).toEqual(['g', 'p (on sale)']);
    expect(s.state.get('shop', 'Product/p')?.id).toBe([...s.platform.objects.values()].find((o) => o.key === 'p')!.id);
  });

  test('a declined confirmation writes nothing; nothing to do is no round', async () => {
    const s = await setup([desired('Group', 'g')]);
    expect(await s.run({ confirm: async () => false })).toEqual({ kind: 'cancelled' });
    expect(s.platform.calls).toEqual([]);
    applied(await s.run());
    expect(await s.run()).toEqual({ kind: 'no-changes' });
    expect(s.platform.calls).toEqual(['Group.create g']);
  });

  test('a saved plan is refused when it is stale, and never asks', async () => {
    const s = await setup([desired('Product', 'p')]);
    const saved = await s.makePlan();
    s.platform.objects.set('99', { kind: 'Product', id: '99', key: 'p', name: 'p', fields: {}, meta: {} });
    const confirm = async () => {
      throw new Error('a saved plan was reviewed: no question');
    };
    expect(await s.run({ saved, confirm })).toEqual({ kind: 'stale', reasons: ['shop: Product p now exists on the platform'] });
    expect(await s.run({ saved: { ...saved, catalogDigest: 'other' }, confirm })).toMatchObject({ kind: 'stale', reasons: expect.arrayContaining(['the catalog files changed since the plan was made']) });
    expect(s.platform.calls).toEqual([]);
  });

  test('guards refuse before any write: protect always, mass-delete unless allowed', async () => {
    const s = await setup([desired('Product', 'p')]);
    const saved = await s.makePlan();
    const guard = (g: 'protected' | 'mass-delete') => ({ ...saved, guards: [{ guard: g, target: 'shop', message: 'no', keys: ['p'] }] });
    expect(await s.run({ saved: guard('protected'), allowMassDelete: true })).toMatchObject({ kind: 'guarded', violations: [{ guard: 'protected' }] });
    expect(await s.run({ saved: guard('mass-delete') })).toMatchObject({ kind: 'guarded', violations: [{ guard: 'mass-delete' }] });
    expect(s.platform.calls).toEqual([]);
    expect(applied(await s.run({ saved: guard('mass-delete'), allowMassDelete: true })).done).toBe(1);
  });

  test('a create whose answer is lost is settled in the same run: adopted, never created twice, and its dependents run', async () => {
    const s = await setup([desired('Product', 'p', { onSale: true })]);
    s.platform.lose.add('Product.create p');
    const result = applied(await s.run());
    expect(result.failures).toEqual([]);
    expect(s.log).toEqual(['planned', 'round 2', 'settling shop 1', 'round 1']);
    expect(s.platform.calls).toEqual(['Product.create p', 'Product.publish p']);
    expect(products(s.platform)).toEqual(['p (on sale)']);
    expect(s.state.pendingCreates('shop')).toEqual([]);
  });

  test('a failed read while settling ends the run with the unknown outcome reported, and the pending create kept for the next run', async () => {
    const s = await setup([desired('Product', 'p')]);
    s.platform.lose.add('Product.create p');
    // The first read (the plan) succeeds; the one to settle fails.
    s.failReadsAfterRound(new PlatformError({ platform: 'goofish', endpoint: 'list', code: 1, message: 'down' }));
    const outcome = await s.run();
    const result = applied(outcome);
    expect(result.failures.map((f) => f.error)).toEqual([expect.any(OutcomeUnknownError)]);
    expect(s.log.at(-1)).toMatch(/^settle read failed: /);
    expect(s.state.pendingCreates('shop').map((p) => p.ref)).toEqual(['Product/p']);
    // The next run adopts it by identity instead of creating it again.
    s.platform.failReads(undefined);
    expect(await s.run()).toEqual({ kind: 'no-changes' });
    expect(s.platform.calls).toEqual(['Product.create p']);
    expect(s.state.pendingCreates('shop')).toEqual([]);
    expect(s.state.get('shop', 'Product/p')?.id).toBe('1');
  });

  test('a saved plan that failed continues when run again: what it did is not done twice', async () => {
    const s = await setup([desired('Group', 'g'), desired('Product', 'p', {}, { extra: { group: 'g' } }), desired('Product', 'q')]);
    const saved = await s.makePlan();
    s.platform.refuse.add('Product.create q');
    const first = applied(await s.run({ saved, stopAfterFailures: 0 }));
    expect(first.failures.map((f) => f.action.key)).toEqual(['q']);
    s.platform.refuse.clear();
    const again = applied(await s.run({ saved }));
    expect(again.failures).toEqual([]);
    expect(s.log).toContain('resumed 2');
    expect(s.platform.calls).toEqual(['Group.create g', 'Product.create p', 'Product.create q', 'Product.create q']);
    expect(products(s.platform)).toEqual(['g', 'p', 'q']);
    // Finished: its progress is gone, so the same file now finds its objects existing (stale).
    expect(await s.run({ saved })).toMatchObject({ kind: 'stale' });
  });

  test('the stop-after-failures override applies to every target', async () => {
    const s = await setup([desired('Product', 'a'), desired('Product', 'b'), desired('Product', 'c')]);
    for (const k of ['a', 'b', 'c']) s.platform.refuse.add(`Product.create ${k}`);
    const result = applied(await s.run({ stopAfterFailures: 2 }));
    expect(result.failures).toHaveLength(2);
    expect(result.skipped.filter((x) => x.notAttempted)).toHaveLength(1);
  });
});
