/**
 * goofish creates in product/batchCreate calls, through the engine's apply workflow with the real
 * adapter and simulator: a batch whose answer is lost (the simulator committed it) and a machine
 * that dies right after leave every item of the batches sent journaled as pending; the next apply,
 * on a fresh client and a state reopened from disk, adopts the created ones by outer_id, creates
 * the rest, and the platform ends with exactly one product per key.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/types.js';
import type { TargetConfig } from '../../src/config/model.js';
import { loadConfig } from '../../src/config/load.js';
import { isUserFacing } from '../../src/cli/errors.js';
import { targetStateView } from '../../src/engine/apply-state.js';
import { runApplyWorkflow, type ApplyOutcome } from '../../src/engine/apply-workflow.js';
import { refreshAndPlan, refreshTargets, type RefreshTarget } from '../../src/engine/refresh.js';
import { GoofishClient } from '../../src/platforms/goofish/client.js';
import { goofishAdapter } from '../../src/platforms/goofish/index.js';
import { WITH_PLATFORMS } from '../../src/platforms/registry.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/core.js';
import type { GoofishState } from '../../src/sandbox/goofish/state.js';
import { openState, type StateStore } from '../../src/state/index.js';
import { makeProject, removeProject } from '../helpers/cli.js';
import { goofishConfig, goofishProduct } from '../helpers/goofish.js';

const N = 120; // batches of 50, 50 and 20
const keys = Array.from({ length: N }, (_, i) => `batch-${String(i).padStart(3, '0')}`);

/** Requests by path; `loseNextBatch`: the next batchCreate is committed and its answer lost; `dead`: every request fails (the machine died). */
function platform(sandbox: Sandbox) {
  const seen: string[] = [];
  const ctl = { loseNextBatch: false, dieAfterLoss: false, dead: false };
  const fetchFn: typeof fetch = async (input, init) => {
    if (ctl.dead) throw new TypeError('fetch failed: the runner is gone');
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.replace('/xianyu/api/open/', '');
    seen.push(path);
    const res = await sandbox.handleSandboxRequest(request);
    if (path === 'product/batchCreate' && ctl.loseNextBatch) {
      ctl.loseNextBatch = false;
      ctl.dead = ctl.dieAfterLoss;
      throw new TypeError('fetch failed: connection reset');
    }
    return res;
  };
  return { seen, ctl, fetchFn };
}

describe('goofish batch creates: a lost batch, then a dead runner', () => {
  let dir: string;
  let stateDir: string;
  let sandbox: Sandbox;
  let catalog: Catalog;
  let target: TargetConfig;
  beforeAll(async () => {
    const files: Record<string, string> = { 'catalog.config.yaml': goofishConfig({ concurrency: 4, ratePerSecond: 1000 }) };
    keys.forEach((key, i) => (files[`catalog/${key}.yaml`] = goofishProduct(key, { price: `${10 + i}.00`, onSale: i % 2 === 0 })));
    dir = await makeProject(files);
    const config = loadConfig(join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS).config!;
    catalog = (await loadCatalog(config, WITH_PLATFORMS)).catalog!;
    sandbox = await createSandbox({ accounts: [{ name: 'xianyu', platform: 'goofish', credentials: config.targets[0]!.credentials }], stateDir: join(dir, 'sim'), seed: true });
    target = { ...config.targets[0]!, baseUrl: 'http://sandbox.test/xianyu' };
    stateDir = await mkdtemp(join(tmpdir(), 'batch-state-'));
  });
  afterAll(async () => {
    await sandbox.close();
    await removeProject(dir);
    await rm(stateDir, { recursive: true, force: true });
  });

  async function apply(fetchFn: typeof fetch, store: StateStore): Promise<ApplyOutcome> {
    const client = new GoofishClient(target, { fetch: fetchFn, cacheDir: join(dir, 'cache') });
    const targets: RefreshTarget[] = [{ target, adapter: goofishAdapter, client, state: targetStateView(store, 'xianyu') }];
    try {
      return await runApplyWorkflow({
        catalog,
        targets,
        store,
        refresh: (ts) => refreshTargets(catalog, ts),
        plan: (ts) => refreshAndPlan(catalog, ts, { catalogDigest: catalog.digest, now: new Date().toISOString() }),
        isReportable: isUserFacing,
      });
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  const byOuterId = () => {
    const counts = new Map<string, number>();
    for (const p of Object.values(sandbox.stateOf<GoofishState>('xianyu').products)) if (p.product_status !== -1) counts.set(p.outer_id, (counts.get(p.outer_id) ?? 0) + 1);
    return counts;
  };

  test('the next apply adopts what the lost batch created, creates the rest, and converges with zero duplicates', async () => {
    // Run 1: the first batch is committed, its answer lost, and the runner dies: nothing more reaches the platform.
    const first = platform(sandbox);
    first.ctl.loseNextBatch = true;
    first.ctl.dieAfterLoss = true;
    const store1 = await openState(stateDir);
    const r1 = await apply(first.fetchFn, store1);
    expect(r1.kind).toBe('applied');
    expect(first.seen.filter((p) => p === 'product/batchCreate')).toHaveLength(1);
    expect(first.seen.filter((p) => p === 'product/create')).toHaveLength(0);
    expect([...byOuterId().keys()].filter((k) => k.startsWith('batch-'))).toHaveLength(50);
    // Every item of every batch attempted is pending (journaled before its call); no id is known.
    const pending = store1.pendingCreates('xianyu').length;
    expect(pending).toBeGreaterThanOrEqual(50);
    expect(store1.entries('xianyu').filter(([ref]) => ref.startsWith('Product/'))).toEqual([]);
    // (No close: the runner died. The journal on disk is all the next run has.)

    // Run 2, another machine: adopts the 50 by outer_id, drops the pending records of items never created, creates the 70 others.
    const second = platform(sandbox);
    const store2 = await openState(stateDir);
    expect(store2.pendingCreates('xianyu')).toHaveLength(pending);
    const r2 = await apply(second.fetchFn, store2);
    expect(r2.kind === 'applied' && r2.result.failures.map((f) => f.error.message)).toEqual([]);
    expect(second.seen.filter((p) => p === 'product/batchCreate')).toHaveLength(2); // 50 + 20
    expect(second.seen.filter((p) => p === 'product/create')).toHaveLength(0);
    expect(store2.pendingCreates('xianyu')).toEqual([]);
    const counts = byOuterId();
    expect(keys.filter((k) => counts.get(k) !== 1)).toEqual([]);
    expect(store2.entries('xianyu').filter(([ref]) => ref.startsWith('Product/'))).toHaveLength(N);
    await store2.close();

    // Run 3: converged.
    const third = platform(sandbox);
    const store3 = await openState(stateDir);
    expect((await apply(third.fetchFn, store3)).kind).toBe('no-changes');
    expect(third.seen.filter((p) => !p.startsWith('product/list') && !p.startsWith('product/detail'))).toEqual([]);
    await store3.close();
  }, 120_000);

  test('a batch whose answer is lost is settled in the same run: adopted, never sent again', async () => {
    const extra = ['later-a', 'later-b', 'later-c'];
    const more: Catalog = { ...catalog, products: [...catalog.products, ...extra.map((key) => ({ ...catalog.products[0]!, key, source: { ...catalog.products[0]!.source } }))] };
    const saved = catalog;
    catalog = more;
    try {
      const run = platform(sandbox);
      run.ctl.loseNextBatch = true;
      const store = await openState(stateDir);
      const r = await apply(run.fetchFn, store);
      expect(r.kind === 'applied' && r.result.failures).toEqual([]);
      expect(run.seen.filter((p) => p === 'product/batchCreate')).toHaveLength(1);
      expect(store.pendingCreates('xianyu')).toEqual([]);
      const counts = byOuterId();
      expect(extra.map((k) => counts.get(k))).toEqual([1, 1, 1]);
      await store.close();
    } finally {
      catalog = saved;
    }
  }, 120_000);
});
