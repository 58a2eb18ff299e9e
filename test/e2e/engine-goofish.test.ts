/**
 * The engine end to end on goofish (issue 3, "Done means"): the built CLI against the in-process
 * simulator. A fresh clone's example catalog restricted to the goofish target plans, applies and
 * converges; exit codes; saved plans and their staleness checks; the lock; no-TTY confirmation.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acquireLock, openState } from '../../src/state/index.js';
import { copyExampleProject, makeProject, readSandboxState, removeProject, runCli } from '../helpers/cli.js';
import { editSimProduct, goofishConfig, goofishProduct, liveByOuterId, type SimState } from '../helpers/goofish.js';

/** The example catalog's products that target xianyu (see src/sandbox/goofish/seed.ts). */
const EXAMPLE_XIANYU_KEYS = [
  'airpods-pro2',
  'book-phone-repair',
  'gan-charger-65w',
  'iphone12-black-128',
  'iphone13-128',
  'iphone13-case-magsafe',
  'kindle-paperwhite5',
  'sony-wh1000xm5',
  'xiaomi14-pro',
];

describe('fresh clone: example catalog on the goofish target', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyExampleProject();
  });
  afterAll(async () => {
    await removeProject(dir);
  });

  test('plan shows creates, updates, a publish and the unmanaged products; apply converges; unmanaged untouched', async () => {
    const plan = await runCli(dir, ['plan', '--target', 'xianyu', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    const out = plan.stdout;
    expect(out).toContain('Target xianyu (goofish)');
    for (const key of ['book-phone-repair', 'gan-charger-65w', 'iphone13-case-magsafe', 'xiaomi14-pro']) {
      expect(out).toContain(`+   Product ${key}: create`);
    }
    expect(out).toMatch(/~ {3}Product iphone12-black-128: update stock\/price\n\s+price: 2299\.00 -> 2199\.00/);
    expect(out).toMatch(/~ {3}Product iphone13-128: update stock\/price\n\s+skus\.starlight\.price: 3399\.00 -> 3349\.00/);
    // Consecutive publishes are one line (each on its own with --verbose), in execution order after the creates.
    expect(out).toMatch(/> {3}Product publish \(5\): airpods-pro2, book-phone-repair, gan-charger-65w, iphone13-case-magsafe, xiaomi14-pro/);
    expect(out).toContain('Unmanaged (not in the catalog and not ours; never touched): 2');
    expect(out).toContain('"自用 iPad Air 4 64G 闲置转让"');
    expect(out).toContain('"OPPO 原装有线耳机 全新盒装"');
    // sony-wh1000xm5 is identical: no action for it.
    expect(out).not.toMatch(/Product sony-wh1000xm5:/);
    // The 4 creates go out in one product/batchCreate call: 1 + 2 updates + 5 publishes.
    expect(out).toContain('Batched: 4 creates in 1 product.batchCreate call (up to 50 per call).');
    expect(out).toContain('Plan: 4 to create, 2 to update, 0 to replace, 0 to delete, 5 platform actions; 8 API calls.');

    const before = await readSandboxState<SimState>(dir, 'xianyu');
    const unmanagedBefore = Object.values(before.products).filter((p) => !EXAMPLE_XIANYU_KEYS.includes(p.outer_id));
    expect(unmanagedBefore.length).toBeGreaterThanOrEqual(2);

    const applied = await runCli(dir, ['apply', '--target', 'xianyu', '--auto-approve']);
    expect(applied.stderr).not.toMatch(/error|Failures/i);
    expect(applied.stdout).toContain('Apply complete: 11 done, 0 failed, 0 skipped; 8 write calls.');
    expect(applied.code).toBe(0);

    const again = await runCli(dir, ['plan', '--target', 'xianyu', '--detailed-exitcode']);
    expect(again.stdout).toContain('Plan: 0 to create, 0 to update, 0 to replace, 0 to delete; 0 API calls.');
    // Stock differences stay information under the default stock policy "initial": one summary line, each with --verbose.
    expect(again.stdout).toContain('4 × stock differs from the catalog and is not sent');
    const verbose = await runCli(dir, ['plan', '--target', 'xianyu', '--verbose']);
    expect(verbose.stdout).toContain('Product kindle-paperwhite5: skus.black-8g.stock is 1 on the platform, 2 in the catalog');
    expect(again.code).toBe(0);

    const live = await liveByOuterId(dir);
    for (const key of EXAMPLE_XIANYU_KEYS) expect(live.get(key)?.length, key).toBe(1);
    const after = await readSandboxState<SimState>(dir, 'xianyu');
    for (const p of unmanagedBefore) expect(JSON.stringify(after.products[String(p.product_id)])).toBe(JSON.stringify(p));

    const state = await openState(join(dir, '.catalog'));
    try {
      expect(state.entries('xianyu').map(([ref]) => ref)).toEqual(EXAMPLE_XIANYU_KEYS.map((k) => `Product/${k}`));
      for (const [ref, rec] of state.entries('xianyu')) expect(live.get(ref.slice('Product/'.length))![0]!.product_id).toBe(Number(rec.id));
      expect(state.pendingCreates('xianyu')).toEqual([]);
    } finally {
      await state.close();
    }
  });
});

describe('exit codes, confirmation, saved plans and the lock', () => {
  let dir: string;
  const write = (rel: string, text: string) => writeFile(join(dir, rel), text);

  beforeAll(async () => {
    dir = await makeProject({
      'catalog.config.yaml': goofishConfig(),
      'catalog/a.yaml': goofishProduct('e2e-a', { price: '19.90' }),
      'catalog/b.yaml': goofishProduct('e2e-b', { price: '29.00', onSale: true }),
    });
  });
  afterAll(async () => {
    await removeProject(dir);
  });

  test('a bad catalog exits 1 with positioned diagnostics before any network call', async () => {
    const bad = await makeProject({
      'catalog.config.yaml': goofishConfig(),
      'catalog/a.yaml': goofishProduct('e2e-a').replace('price: "19.90"', 'price: "19.999"'),
    });
    try {
      for (const args of [['plan', '--detailed-exitcode'], ['apply', '--auto-approve']]) {
        const r = await runCli(bad, args);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/catalog\/a\.yaml:\d+:\d+ error/);
        expect(r.stdout).not.toContain('Plan:');
      }
      // The simulator never started: nothing was read from (or written to) the platform.
      expect(existsSync(join(bad, '.catalog', 'sandbox', 'xianyu.json'))).toBe(false);
    } finally {
      await removeProject(bad);
    }
  });

  test('without a terminal, apply needs --auto-approve or a plan file', async () => {
    const r = await runCli(dir, ['apply']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no terminal to confirm on; pass --auto-approve');
    expect(r.stderr).toContain('catalog apply plan.json');
    expect(existsSync(join(dir, '.catalog', 'sandbox', 'xianyu.json'))).toBe(false);
  });

  test('plan --out then apply plan.json applies exactly that plan; --detailed-exitcode is 2 then 0', async () => {
    const plan = await runCli(dir, ['plan', '--out', 'plan.json', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 2 to create, 0 to update, 0 to replace, 0 to delete, 2 platform actions; 3 API calls.');
    expect(plan.stderr).toContain('Saved the plan to plan.json');
    const saved = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    expect(saved.formatVersion).toBe(1);
    expect(JSON.stringify(saved)).not.toMatch(/appSecret|sign=/);

    const applied = await runCli(dir, ['apply', 'plan.json']);
    expect(applied.stderr).not.toMatch(/error/i);
    expect(applied.stdout).toContain('Apply complete: 4 done, 0 failed, 0 skipped; 3 write calls.');
    expect(applied.code).toBe(0);

    const after = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(after.code).toBe(0);
    const live = await liveByOuterId(dir);
    expect(live.get('e2e-a')?.map((p) => p.price)).toEqual([1990]);
    expect(live.get('e2e-b')?.map((p) => p.price)).toEqual([2900]);
  });

  test('a saved plan is refused (exit 4) after the catalog changed', async () => {
    await write('catalog/a.yaml', goofishProduct('e2e-a', { price: '18.00' }));
    const plan = await runCli(dir, ['plan', '--out', 'plan.json']);
    expect(plan.stdout).toContain('price: 19.90 -> 18.00');
    await write('catalog/a.yaml', goofishProduct('e2e-a', { price: '17.00' }));

    const r = await runCli(dir, ['apply', 'plan.json']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('the saved plan is stale and was not applied');
    expect(r.stderr).toContain('the catalog files changed since the plan was made');
    expect(r.stderr).toContain('catalog plan --out plan.json');
    expect((await liveByOuterId(dir)).get('e2e-a')![0]!.price).toBe(1990);
  });

  test('a saved plan is refused (exit 4) after the product changed on the platform', async () => {
    const plan = await runCli(dir, ['plan', '--out', 'plan.json']);
    expect(plan.stdout).toContain('price: 19.90 -> 17.00');
    await editSimProduct(dir, 'e2e-a', (p) => {
      p.publish_shop[0]!.title = '商家在 App 里改过的标题';
    });

    const r = await runCli(dir, ['apply', 'plan.json']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('xianyu: Product e2e-a changed on the platform');
    expect((await liveByOuterId(dir)).get('e2e-a')![0]!.price).toBe(1990);

    // A fresh plan takes both differences into account and applies.
    const applied = await runCli(dir, ['apply', '--auto-approve']);
    expect(applied.stdout).toContain('title: "商家在 App 里改过的标题" -> "测试商品 e2e-a"');
    expect(applied.code).toBe(0);
    expect((await runCli(dir, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  test('a corrupt or foreign plan file exits 1 with a clear message', async () => {
    await write('broken.json', '{"formatVersion": 1, "targets": [');
    const broken = await runCli(dir, ['apply', 'broken.json']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('error: broken.json is not valid JSON; make a new plan with `catalog plan --out broken.json`');

    await write('other.json', '{"formatVersion": 99}');
    const other = await runCli(dir, ['apply', 'other.json']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/error: other\.json is not a plan of format version 1 \(formatVersion: .+\); make a new one/);

    const missing = await runCli(dir, ['apply', 'nope.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read plan file nope.json: ENOENT');
  });

  test('a second apply while the lock is held is refused with exit 4, naming the owner and the way out', async () => {
    await write('catalog/a.yaml', goofishProduct('e2e-a', { price: '16.00' }));
    const held = await acquireLock(join(dir, '.catalog'), { command: 'apply (held by the test)' });
    if (!('lock' in held)) throw new Error(`could not take the lock: ${held.message}`);
    try {
      const r = await runCli(dir, ['apply', '--auto-approve']);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('is locked by "apply (held by the test)"');
      expect(r.stderr).toContain(`pid ${process.pid}`);
      expect(r.stderr).toContain('catalog state unlock');
      // Refused before reading anything: the platform still has the old price.
      expect((await liveByOuterId(dir)).get('e2e-a')![0]!.price).toBe(1700);
      // plan takes no lock.
      expect((await runCli(dir, ['plan', '--detailed-exitcode'])).code).toBe(2);
    } finally {
      await held.lock.release();
    }
    const r = await runCli(dir, ['apply', '--auto-approve']);
    expect(r.code).toBe(0);
    expect((await liveByOuterId(dir)).get('e2e-a')![0]!.price).toBe(1600);
  });
});
