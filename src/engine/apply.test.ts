import { describe, expect, test } from 'vitest';
import { OutcomeUnknownError, PlatformError } from '../http/index.js';
import type { Json, Plan, PlannedCall } from '../plan/types.js';
import type { CallResult, MutableTargetState, PlatformClient } from '../platforms/types.js';
import { actionSlots, applyPlan, resolveRefs, type ApplyState, type ApplyTarget } from './apply.js';
import { buildPlan, summarize } from './plan.js';
import { desired, fakeTarget, live, memoryState, targetInput } from '../../test/helpers/engine.js';

type Rec = { id: string; [k: string]: Json };

/** A state that records every call in order, with the records of one target in memory. */
function recordingState(log: string[], initial: { [ref: string]: string } = {}) {
  const records = new Map<string, Rec>(Object.entries(initial).map(([ref, id]) => [ref, { id }]));
  const pending = new Set<string>();
  const view: MutableTargetState = {
    get: (ref) => records.get(ref),
    entries: () => [...records.entries()],
    getMeta: () => ({}),
    set: (ref, rec) => {
      log.push(`state.set ${ref}`);
      records.set(ref, rec);
    },
    delete: (ref) => {
      log.push(`state.delete ${ref}`);
      records.delete(ref);
    },
    setMeta: () => undefined,
  };
  const store: ApplyState = {
    target: () => view,
    beginCreate: async (_t, ref) => {
      log.push(`begin ${ref}`);
      // Durable only after a turn of the event loop: the create must wait for it.
      await new Promise((r) => setTimeout(r, 5));
      pending.add(ref);
      log.push(`pending ${ref}`);
    },
    completeCreate: (_t, ref, rec) => {
      log.push(`complete ${ref}`);
      pending.delete(ref);
      records.set(ref, rec);
    },
    abandonCreate: (_t, ref) => {
      log.push(`abandon ${ref}`);
      pending.delete(ref);
    },
  };
  return { store, records, pending };
}

/** A client that logs calls and fails the ones `fail` names (by "<op> <key>"). */
function fakeClient(log: string[], fail: { [call: string]: Error } = {}): PlatformClient & { calls: PlannedCall[] } {
  let next = 100;
  const calls: PlannedCall[] = [];
  return {
    calls,
    async invoke(call, action): Promise<CallResult> {
      const name = `${call.op} ${action.key}`;
      log.push(`invoke ${name}`);
      calls.push(call);
      await new Promise((r) => setTimeout(r, 1));
      if (fail[name]) throw fail[name];
      return call.effect === 'create' ? { id: String(next++) } : {};
    },
    refresh: async () => ({ objects: [], readCalls: 0 }),
  };
}

const unknown = () => new OutcomeUnknownError({ endpoint: 'fake Product/create', reason: 'connection dropped', attempts: 1 });
const refused = () => new PlatformError({ platform: 'goofish', endpoint: 'fake Product/create', code: 2002, message: 'bad', hint: 'fix it' });

function setup(plan: Plan, opts: { fail?: { [call: string]: Error }; state?: { [ref: string]: string }; concurrency?: number } = {}) {
  const log: string[] = [];
  const state = recordingState(log, opts.state);
  const client = fakeClient(log, opts.fail);
  const target: ApplyTarget = { config: fakeTarget('shop', { concurrency: opts.concurrency ?? 1 }), client, liveIds: new Map() };
  const run = () => applyPlan(plan, { targets: new Map([['shop', target]]), state: state.store, catalogRoot: '/nowhere' });
  return { log, state, client, target, run };
}

const planOf = (input: Parameters<typeof targetInput>[0]) => buildPlan({ catalogDigest: 'd', targets: [targetInput({ target: fakeTarget('shop', { prune: true, maxDeletePercent: 100 }), ...input })], now: 'now' });

describe('applyPlan', () => {
  test('a create is journaled as pending (durably) before the call, and its id recorded after', async () => {
    const { log, state, run } = setup(planOf({ desired: [desired('Product', 'a')] }));
    const result = await run();
    expect(log).toEqual(['begin Product/a', 'pending Product/a', 'invoke Product.create a', 'complete Product/a']);
    expect(state.records.get('Product/a')).toEqual({ id: '100' });
    expect(result).toMatchObject({ done: 1, failures: [], skipped: [] });
  });

  test('an unknown outcome leaves the create pending (the next run adopts it); dependents are skipped', async () => {
    const { log, state, run } = setup(planOf({ desired: [desired('Product', 'a', { onSale: true })] }), { fail: { 'Product.create a': unknown() } });
    const result = await run();
    expect(state.pending.has('Product/a')).toBe(true);
    expect(log).not.toContain('abandon Product/a');
    expect(state.records.has('Product/a')).toBe(false);
    expect(result.failures.map((f) => [f.action.id, f.error.name])).toEqual([['shop:Product/a#1', 'OutcomeUnknownError']]);
    expect(result.skipped.map((s) => [s.action.id, s.because])).toEqual([['shop:Product/a#2', 'depends on shop:Product/a#1, which did not succeed']]);
    expect(log.filter((l) => l.startsWith('invoke'))).toEqual(['invoke Product.create a']);
  });

  test('a definite failure abandons the pending create', async () => {
    const { log, state, run } = setup(planOf({ desired: [desired('Product', 'a')] }), { fail: { 'Product.create a': refused() } });
    const result = await run();
    expect(log).toEqual(['begin Product/a', 'pending Product/a', 'invoke Product.create a', 'abandon Product/a']);
    expect(state.pending.size).toBe(0);
    expect(result.status.get('shop:Product/a#1')).toBe('failed');
  });

  test('objects referring (`$ref`) to a failed create are skipped; independent ones still run', async () => {
    const plan = planOf({ desired: [desired('Group', 'g'), desired('Product', 'in-g', {}, { extra: { group: 'g' } }), desired('Product', 'alone')] });
    const { log, run } = setup(plan, { fail: { 'Group.create g': refused() } });
    const result = await run();
    expect(result.skipped.map((s) => s.action.id)).toEqual(['shop:Product/in-g#1']);
    expect(log).toContain('invoke Product.create alone');
    expect(log).not.toContain('invoke Product.create in-g');
  });

  test('a `$ref` resolves to the id created earlier in the same apply', async () => {
    const plan = planOf({ desired: [desired('Group', 'g'), desired('Product', 'in-g', {}, { extra: { group: 'g' } })] });
    const { client, run } = setup(plan);
    await run();
    expect(client.calls.map((c) => [c.op, (c.args as { group?: Json }).group ?? null])).toEqual([
      ['Group.create', null],
      ['Product.create', '100'],
    ]);
  });

  test('phases run in order: creates and updates first, then platform actions, deletes last (reverse)', async () => {
    const plan = planOf({
      desired: [desired('Product', 'b', { onSale: true }), desired('Group', 'g'), desired('Product', 'a', { title: 'new' })],
      live: [live('Product', '1', 'a', { title: 'old' }), live('Product', '2', 'old-p'), live('Group', '3', 'old-g')],
      state: memoryState({ 'Product/old-p': '2', 'Group/old-g': '3' }),
    });
    const { log, run } = setup(plan, { concurrency: 4, state: { 'Product/old-p': '2', 'Group/old-g': '3', 'Product/a': '1' } });
    await run();
    const invokes = log.filter((l) => l.startsWith('invoke'));
    expect(invokes[0]).toBe('invoke Group.create g');
    // One phase (products), run concurrently: any order.
    expect(invokes.slice(1, 3).sort()).toEqual(['invoke Product.create b', 'invoke Product.update a']);
    expect(invokes.slice(3)).toEqual(['invoke Product.publish b', 'invoke Product.delete old-p', 'invoke Group.delete old-g']);
  });

  test('a delete removes the state record', async () => {
    const plan = planOf({ live: [live('Product', '2', 'old-p')], state: memoryState({ 'Product/old-p': '2' }) });
    const { log, state, run } = setup(plan, { state: { 'Product/old-p': '2' } });
    await run();
    expect(log).toEqual(['invoke Product.delete old-p', 'state.delete Product/old-p']);
    expect(state.records.has('Product/old-p')).toBe(false);
  });

  test('actions within a phase run a few more at once than the request concurrency (the transport caps requests)', async () => {
    const keys = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const { target, run } = setup(planOf({ desired: keys.map((k) => desired('Product', k)) }), { concurrency: 3 });
    let inFlight = 0;
    let peak = 0;
    // Each call waits until as many as the executor should allow are in flight (or 1 s), so the peak
    // does not depend on how fast this machine happens to be.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const inner = target.client.invoke.bind(target.client);
    target.client.invoke = async (...args) => {
      peak = Math.max(peak, ++inFlight);
      if (inFlight >= actionSlots(3)) openGate();
      await Promise.race([gate, new Promise((r) => setTimeout(r, 1000))]);
      try {
        return await inner(...args);
      } finally {
        inFlight--;
      }
    };
    const result = await run();
    expect(result.done).toBe(10);
    expect(peak).toBe(actionSlots(3));
    expect(actionSlots(3)).toBe(5);
  });
});

describe('resolveRefs', () => {
  test('replaces exact placeholders at any depth; a missing id is a clear error', () => {
    const ids: { [ref: string]: string } = { 'Group/g': '42' };
    const ctx = { resolveRef: (r: string) => ids[r] };
    expect(resolveRefs({ a: [{ $ref: 'Group/g' }], b: { $ref: 'Group/g', x: 1 } }, ctx)).toEqual({ a: ['42'], b: { $ref: 'Group/g', x: 1 } });
    expect(() => resolveRefs({ $ref: 'Group/missing' }, ctx)).toThrow('Group/missing has no platform id yet (it was not created)');
  });
});

describe('applyPlan: early stop after identical refusals', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => desired('Product', `p${String(i).padStart(4, '0')}`, { onSale: true }));
  const refuseAll = (n: number) => Object.fromEntries(many(n).map((d) => [`Product.create ${d.key}`, refused()]));

  test('2,000 identical refusals at concurrency 8: at most stopAfterFailures calls, the rest not attempted', async () => {
    const plan = planOf({ desired: many(2000) });
    const { client, target, run } = setup(plan, { fail: refuseAll(2000), concurrency: 8 });
    target.config = { ...target.config, policy: { ...target.config.policy, stopAfterFailures: 5 } };
    const result = await run();
    expect(client.calls).toHaveLength(5);
    expect(result.failures).toHaveLength(5);
    expect(result.failures.every((f) => f.call === 'Product.create')).toBe(true);
    const notAttempted = result.skipped.filter((s) => s.notAttempted);
    expect(notAttempted).toHaveLength(4000 - 5); // the other creates and every publish
    expect(notAttempted[0]!.because).toBe('stopped after 5 consecutive identical failures (Product.create: code 2002 "bad"); not attempted');
  });

  test('a success in between resets the count; 0 never stops; different refusals do not add up', async () => {
    const fail = refuseAll(12);
    delete fail['Product.create p0003'];
    fail['Product.create p0008'] = new PlatformError({ platform: 'goofish', endpoint: 'fake Product/create', code: 2007, message: 'other' });
    const plan = planOf({ desired: many(12) });
    const a = setup(plan, { fail });
    a.target.config = { ...a.target.config, policy: { ...a.target.config.policy, stopAfterFailures: 4 } };
    // p0..p2 refused (3), p3 succeeds, p4..p7 refused (4: stop).
    expect((await a.run()).failures).toHaveLength(7);
    expect(a.client.calls.filter((c) => c.op === 'Product.create')).toHaveLength(8);

    const b = setup(plan, { fail: refuseAll(12) });
    b.target.config = { ...b.target.config, policy: { ...b.target.config.policy, stopAfterFailures: 0 } };
    expect((await b.run()).failures).toHaveLength(12);
  });

  test('unknown outcomes are not refusals: they never stop a target', async () => {
    const fail = Object.fromEntries(many(10).map((d) => [`Product.create ${d.key}`, unknown()]));
    const { run } = setup(planOf({ desired: many(10) }), { fail });
    const result = await run();
    expect(result.failures).toHaveLength(10);
    expect(result.skipped.some((s) => s.notAttempted)).toBe(false);
  });
});

describe('applyPlan: creates in batches', () => {
  /** The plan with every Product create marked batchable, `max` per call. */
  const batched = (plan: Plan, max: number): Plan => {
    const targets = plan.targets.map((t) => ({
      ...t,
      actions: t.actions.map((a) => (a.kind === 'Product' && a.op === 'create' ? { ...a, calls: a.calls.map((c) => ({ ...c, batch: { op: 'Product.batchCreate', max } })) } : a)),
    }));
    return { ...plan, targets, summary: summarize(targets) };
  };
  const products = (n: number, fields: { [k: string]: Json } = {}) => Array.from({ length: n }, (_, i) => desired('Product', `p${i}`, fields));

  /** Adds invokeBatch to the fake client: per-item outcomes from `itemFail`, or the whole call fails with `callFail`. */
  function withBatches(s: ReturnType<typeof setup>, opts: { itemFail?: { [key: string]: Error }; callFail?: Error } = {}) {
    let next = 500;
    const batches: string[][] = [];
    s.client.invokeBatch = async (calls, actions) => {
      const keys = actions.map((a) => a.key);
      s.log.push(`invokeBatch ${keys.join(',')}`);
      batches.push(keys);
      await new Promise((r) => setTimeout(r, 1));
      if (opts.callFail) throw opts.callFail;
      return calls.map((_, i) => opts.itemFail?.[keys[i]!] ?? { id: String(next++) });
    };
    return batches;
  }

  test('creates go out up to max per call, every item journaled as pending before its batch; one left alone is sent as planned', async () => {
    const plan = batched(planOf({ desired: products(5, { onSale: true }) }), 2);
    expect(plan.summary.apiCalls).toBe(3 + 5); // 3 create calls (2 + 2 + 1), 5 publishes
    const s = setup(plan);
    const batches = withBatches(s);
    const result = await s.run();
    expect(result).toMatchObject({ done: 10, failures: [], skipped: [] });
    expect(batches).toEqual([['p0', 'p1'], ['p2', 'p3']]);
    const first = s.log.indexOf('invokeBatch p0,p1');
    expect(s.log.slice(0, first).filter((l) => l.startsWith('pending'))).toEqual(['pending Product/p0', 'pending Product/p1']);
    expect(s.log).toContain('invoke Product.create p4');
    // Calls made = the plan's count.
    expect(batches.length + s.client.calls.length).toBe(plan.summary.apiCalls);
    expect(s.state.records.get('Product/p1')).toEqual({ id: '501' });
    expect(s.client.calls.filter((c) => c.op === 'Product.publish').map((c) => (c.args as { id: Json }).id)).toContain('501');
  });

  test('per-item outcomes: done, refused (abandoned), unknown (kept pending for adoption); dependents of failed items skipped', async () => {
    const s = setup(batched(planOf({ desired: products(3, { onSale: true }) }), 50));
    withBatches(s, { itemFail: { p1: refused(), p2: unknown() } });
    const result = await s.run();
    expect(result.failures.map((f) => [f.action.key, f.error.name, f.call])).toEqual([
      ['p1', 'PlatformError', 'Product.create'],
      ['p2', 'OutcomeUnknownError', 'Product.create'],
    ]);
    expect(s.log).toContain('abandon Product/p1');
    expect([...s.state.pending]).toEqual(['Product/p2']);
    expect(s.state.records.has('Product/p0')).toBe(true);
    expect(result.skipped.map((x) => x.action.id).sort()).toEqual(['shop:Product/p1#2', 'shop:Product/p2#2']);
    expect(result.done).toBe(2); // p0 created and published
  });

  test('a batch whose answer is lost keeps every item pending; a refused batch abandons them all', async () => {
    const lost = setup(batched(planOf({ desired: products(3) }), 50));
    withBatches(lost, { callFail: unknown() });
    expect((await lost.run()).failures.map((f) => f.error.name)).toEqual(['OutcomeUnknownError', 'OutcomeUnknownError', 'OutcomeUnknownError']);
    expect([...lost.state.pending].sort()).toEqual(['Product/p0', 'Product/p1', 'Product/p2']);
    expect(lost.log.filter((l) => l.startsWith('abandon'))).toEqual([]);

    const refusedAll = setup(batched(planOf({ desired: products(3) }), 50));
    withBatches(refusedAll, { callFail: refused() });
    expect((await refusedAll.run()).failures).toHaveLength(3);
    expect(refusedAll.state.pending.size).toBe(0);
  });

  test('a client without batches sends every create as planned', async () => {
    const s = setup(batched(planOf({ desired: products(3) }), 50));
    expect((await s.run()).done).toBe(3);
    expect(s.client.calls.map((c) => c.op)).toEqual(['Product.create', 'Product.create', 'Product.create']);
  });
});
