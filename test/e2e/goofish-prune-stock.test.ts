/**
 * Ownership policies end to end on goofish: orphans with prune off, prune deleting (down-shelf first
 * when published), the maxDeletePercent guard and --allow-mass-delete; and the three stock policies
 * (initial: a note, no call; exact: edit/stock; ignore: nothing).
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { openState } from '../../src/state/index.js';
import { makeProject, removeProject, runCli } from '../helpers/cli.js';
import { editSimProduct, goofishConfig, goofishProduct, goofishSim, liveByOuterId } from '../helpers/goofish.js';

let dir: string;
const write = (rel: string, text: string) => writeFile(join(dir, rel), text);
const planJson = async (): Promise<Plan> => JSON.parse((await runCli(dir, ['plan', '--format', 'json'])).stdout) as Plan;

beforeAll(async () => {
  const files: Record<string, string> = { 'catalog.config.yaml': goofishConfig() };
  for (const i of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) files[`catalog/d-${i}.yaml`] = goofishProduct(`d-${i}`, { onSale: i !== 5 });
  files['catalog/s-1.yaml'] = goofishProduct('s-1', { stock: 5 });
  files['catalog/s-2.yaml'] = goofishProduct('s-2', { skus: [{ key: 'red', color: '红色', price: '10.00', stock: 2 }, { key: 'blue', color: '蓝色', price: '12.00', stock: 3 }] });
  dir = await makeProject(files);
  const applied = await runCli(dir, ['apply', '--auto-approve']);
  expect(applied.stderr).not.toMatch(/Failures/);
  expect(applied.code).toBe(0);
});
afterAll(async () => {
  await removeProject(dir);
});

describe('prune, orphans and the mass-delete guard', () => {
  test('products removed from the catalog are orphaned, not deleted, while prune is off', async () => {
    for (const i of [5, 6, 7]) await rm(join(dir, `catalog/d-${i}.yaml`));
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('Orphaned (managed, no longer in the catalog; prune is off, so kept): 3');
    expect(plan.stdout).toMatch(/Product d-5 \(id \d+\)/);
    expect(plan.stdout).toMatch(/Product d-6 \(id \d+\)/);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to replace, 0 to delete; 0 API calls.');
    expect(plan.code).toBe(0);
  });

  test('with prune on, deleting 3 of 12 managed products (25% > 20%) is refused with exit 4', async () => {
    await write('catalog.config.yaml', goofishConfig({ prune: true }));
    const plan = await planJson();
    const deletes = plan.targets[0]!.actions.filter((a) => a.op === 'delete');
    // A published product is taken down first (the platform refuses deleting it); a draft is deleted directly.
    expect(Object.fromEntries(deletes.map((a) => [a.key, a.calls.map((c) => c.op)]))).toEqual({
      'd-5': ['product.delete'],
      'd-6': ['product.downShelf', 'product.delete'],
      'd-7': ['product.downShelf', 'product.delete'],
    });
    expect(plan.summary).toMatchObject({ delete: 3, apiCalls: 5 });
    expect(plan.guards.map((g) => g.guard)).toEqual(['mass-delete']);

    const refused = await runCli(dir, ['apply', '--auto-approve']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('refused by guard mass-delete on xianyu: deletes or replaces 3 of 12 managed objects (25% > maxDeletePercent 20%)');
    expect(refused.stderr).toContain('--allow-mass-delete');
    expect((await liveByOuterId(dir)).has('d-6')).toBe(true);
  });

  test('--allow-mass-delete deletes them and removes their state records', async () => {
    const text = await runCli(dir, ['plan']);
    expect(text.stdout).toMatch(/- {3}Product d-5: delete/);
    expect(text.stdout).toContain('Plan: 0 to create, 0 to update, 0 to replace, 3 to delete; 5 API calls.');

    const applied = await runCli(dir, ['apply', '--auto-approve', '--allow-mass-delete']);
    expect(applied.stdout).toContain('Apply complete: 3 done, 0 failed, 0 skipped; 5 write calls.');
    expect(applied.code).toBe(0);

    const sim = await goofishSim(dir);
    const statusOf = (outer: string) => Object.values(sim.products).filter((p) => p.outer_id === outer).map((p) => p.product_status);
    expect(statusOf('d-5')).toEqual([-1]);
    expect(statusOf('d-6')).toEqual([-1]);
    expect(statusOf('d-7')).toEqual([-1]);
    const state = await openState(join(dir, '.catalog'));
    try {
      expect(state.get('xianyu', 'Product/d-5')).toBeUndefined();
      expect(state.get('xianyu', 'Product/d-6')).toBeUndefined();
      expect(state.get('xianyu', 'Product/d-7')).toBeUndefined();
      expect(state.get('xianyu', 'Product/d-4')).toBeDefined();
    } finally {
      await state.close();
    }
    expect((await runCli(dir, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('stock policies', () => {
  beforeAll(async () => {
    // Sales moved stock on the platform.
    await editSimProduct(dir, 's-1', (p) => {
      p.stock = 2;
    });
    await editSimProduct(dir, 's-2', (p) => {
      p.sku_items.find((s) => s.outer_id === 'red')!.stock = 1;
      p.stock = 4;
    });
  });

  test('initial (default): differences are notes, no call', async () => {
    await write('catalog.config.yaml', goofishConfig());
    const plan = await runCli(dir, ['plan', '--detailed-exitcode', '--verbose']);
    expect(plan.stdout).toContain('Product s-1: stock is 2 on the platform, 5 in the catalog (stock policy "initial": not sent)');
    expect(plan.stdout).toContain('Product s-2: skus.red.stock is 1 on the platform, 2 in the catalog (stock policy "initial": not sent)');
    expect(plan.stdout).toContain('0 API calls.');
    expect(plan.code).toBe(0);
  });

  test('ignore: neither calls nor notes', async () => {
    await write('catalog.config.yaml', goofishConfig({ stock: 'ignore' }));
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.stdout).not.toMatch(/stock is \d+ on the platform/);
    expect(plan.code).toBe(0);
  });

  test('exact: edit/stock sends the catalog stock, then nothing is left to do', async () => {
    await write('catalog.config.yaml', goofishConfig({ stock: 'exact' }));
    const plan = await planJson();
    const byKey = Object.fromEntries(plan.targets[0]!.actions.map((a) => [a.key, a]));
    expect(Object.keys(byKey).sort()).toEqual(['s-1', 's-2']);
    expect(byKey['s-1']!.calls).toEqual([{ op: 'product.editStock', effect: 'update', args: { product_id: expect.any(String), stock: 5 } }]);
    const s2 = byKey['s-2']!.calls[0]!;
    expect(s2.op).toBe('product.editStock');
    expect(s2.args).toMatchObject({ stock: 5, sku_items: [{ outer_id: 'red', stock: 2, sku_id: expect.any(String) }] });

    const applied = await runCli(dir, ['apply', '--auto-approve']);
    expect(applied.stdout).toContain('Apply complete: 2 done, 0 failed, 0 skipped; 2 write calls.');
    expect(applied.code).toBe(0);
    const live = await liveByOuterId(dir);
    expect(live.get('s-1')![0]!.stock).toBe(5);
    expect(live.get('s-2')![0]!.sku_items.map((s) => [s.outer_id, s.stock])).toEqual([
      ['red', 2],
      ['blue', 3],
    ]);
    expect((await runCli(dir, ['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});
