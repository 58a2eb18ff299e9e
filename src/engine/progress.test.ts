/**
 * Progress of a saved plan across runs: the calls a run made are recorded in the state, a second
 * run of the same plan skips them and the actions they finished, an object only this plan changed
 * is not stale, any other change is; another plan clears the records.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { PlatformError } from '../http/index.js';
import type { PlannedCall } from '../plan/types.js';
import type { CallResult, PlatformClient } from '../platforms/types.js';
import { openState, type StateStore } from '../state/index.js';
import { applyPlan, type ApplyTarget } from './apply.js';
import { buildPlan, liveDigest } from './plan.js';
import { openProgress, recordTouched } from './progress.js';
import { staleReasons } from './refresh.js';
import { desired, fakeTarget, live, targetInput } from '../../test/helpers/engine.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function store(): Promise<StateStore> {
  const dir = await mkdtemp(join(tmpdir(), 'catalog-progress-'));
  dirs.push(dir);
  return openState(dir);
}

function client(failing: Set<string>): PlatformClient & { made: string[] } {
  let next = 100;
  const made: string[] = [];
  return {
    made,
    async invoke(call: PlannedCall, action): Promise<CallResult> {
      const name = `${call.op} ${action.key}`;
      if (failing.has(name)) throw new PlatformError({ platform: 'goofish', endpoint: call.op, code: 1, message: 'refused', hint: 'later' });
      made.push(name);
      return call.effect === 'create' ? { id: String(next++) } : {};
    },
    refresh: async () => ({ objects: [], readCalls: 0 }),
  };
}

const target = fakeTarget('shop', { concurrency: 1 });
// Product a: create, then publish (two actions); product b: create (refused in the first run).
const plan = buildPlan({ catalogDigest: 'd', now: 'now', targets: [targetInput({ target, desired: [desired('Product', 'a', { onSale: true }), desired('Product', 'b')] })] });

async function run(s: StateStore, failing: Set<string>) {
  const progress = openProgress(s, ['shop'], plan)!;
  const c = client(failing);
  const t: ApplyTarget = { config: target, client: c, liveIds: new Map() };
  const result = await applyPlan(plan, {
    targets: new Map([['shop', t]]),
    state: { target: () => ({ get: (r) => s.get('shop', r), entries: () => s.entries('shop'), getMeta: () => ({}), set: (r, v) => s.set('shop', r, v), delete: (r) => s.delete('shop', r), setMeta: () => undefined }), beginCreate: (tn, r, i) => s.beginCreate(tn, r, i), completeCreate: (tn, r, v) => s.completeCreate(tn, r, v), abandonCreate: (tn, r) => s.abandonCreate(tn, r) },
    catalogRoot: '/nowhere',
    progress,
  });
  return { progress, made: c.made, result };
}

describe('a saved plan run again', () => {
  test('skips the actions and calls an earlier run made, and makes the rest', async () => {
    const s = await store();
    const first = await run(s, new Set(['Product.create b']));
    expect(first.made).toEqual(['Product.create a', 'Product.publish a']);
    expect(first.result.failures).toHaveLength(1);

    const second = await run(s, new Set());
    expect(second.progress.resumed).toBe(2);
    expect(second.made).toEqual(['Product.create b']);
    expect(second.result.failures).toEqual([]);
  });

  test('another plan (or a plain apply) clears the records', async () => {
    const s = await store();
    await run(s, new Set(['Product.create b']));
    expect(s.entries('shop').some(([ref]) => ref.startsWith('AppliedCall/'))).toBe(true);
    expect(openProgress(s, ['shop'])).toBeUndefined();
    expect(s.entries('shop').map(([ref]) => ref)).toEqual(['Product/a']);
  });

  test('an object this plan changed is stale only when it differs from how the plan left it', async () => {
    const s = await store();
    const { progress } = await run(s, new Set(['Product.create b']));
    const after = live('Product', '100', 'a', { onSale: true });
    const fresh = (o: ReturnType<typeof live>) => [targetInput({ target, desired: [desired('Product', 'a', { onSale: true }), desired('Product', 'b')], live: [o] })];
    recordTouched(s, progress, fresh(after));
    expect(s.get('shop', 'AppliedObject/Product/a')).toEqual({ id: progress.planId, digest: liveDigest(after) });

    const again = openProgress(s, ['shop'], plan)!;
    expect(staleReasons(plan, 'd', fresh(after))).toEqual(['shop: Product a now exists on the platform']);
    expect(staleReasons(plan, 'd', fresh(after), again.touched)).toEqual([]);
    expect(staleReasons(plan, 'd', fresh(live('Product', '100', 'a', { onSale: false })), again.touched)).toEqual([
      'shop: Product a changed on the platform since an earlier run of this plan changed it',
    ]);
  });
});
