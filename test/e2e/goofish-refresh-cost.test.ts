/**
 * Refresh cost on goofish (issue 17, "Refresh cost"): the built CLI against the simulator, counting
 * read calls (never wall time). The first no-op plan right after an apply costs list pages only
 * (what apply wrote answers for the details), products we do not manage are never read in detail,
 * and later plans list only what changed (incremental) until `--refresh=full` reads everything.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeProject, removeProject, runCli } from '../helpers/cli.js';
import { editSimProduct, goofishConfig, goofishProduct, goofishSim } from '../helpers/goofish.js';

const PRODUCTS = 130;
const keys = Array.from({ length: PRODUCTS }, (_, i) => `rc-${String(i).padStart(3, '0')}`);

function catalogFiles(): Record<string, string> {
  const files: Record<string, string> = { 'catalog.config.yaml': goofishConfig({ concurrency: 8, ratePerSecond: 1000 }) };
  keys.forEach((key, i) => {
    // Every third product has SKUs (their platform ids are unknown after a create).
    const skus = i % 3 === 0 ? [{ key: 'black', color: '黑色', price: '29.90', stock: 2 }, { key: 'white', color: '白色', price: '31.90', stock: 3 }] : undefined;
    files[`catalog/${key}.yaml`] = goofishProduct(key, { onSale: i % 4 !== 0, ...(skus ? { skus } : {}) });
  });
  return files;
}

const readCalls = (stderr: string): number => Number(/Read xianyu: \d+ objects? \((\d+) read calls?\)/.exec(stderr)?.[1] ?? NaN);

describe('goofish: reads of no-op plans', () => {
  let dir: string;
  let listed: number;
  beforeAll(async () => {
    dir = await makeProject(catalogFiles());
    const applied = await runCli(dir, ['apply', '--auto-approve'], { timeoutMs: 120_000 });
    expect(applied.stderr).not.toMatch(/Failures/);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    listed = Object.values((await goofishSim(dir)).products).filter((p) => p.product_status !== -1).length;
  }, 180_000);
  afterAll(async () => {
    await removeProject(dir);
  });

  test('the first no-op plan after apply reads the changed list pages and the deleted list, no detail', async () => {
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to replace, 0 to delete; 0 API calls.');
    expect(plan.code).toBe(0);
    // Every product of ours changed since the plan apply made: ceil(130 / 100) pages, plus one page of deleted products.
    expect(readCalls(plan.stderr)).toBe(Math.ceil(PRODUCTS / 100) + 1);
  });

  test('a warm no-op plan reads one page of changes and one of deletions', async () => {
    // Publishes settle 2 s after the call (the simulator's default), moving update_time: the next
    // plan lists them again (pages, no detail). Once nothing changed, a plan lists from where the
    // previous one started (the platform's clock, 5 s back): one page of changes, one of deletions.
    await new Promise((r) => setTimeout(r, 7000));
    const settled = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(settled.code).toBe(0);
    expect(readCalls(settled.stderr)).toBeLessThanOrEqual(Math.ceil(PRODUCTS / 100) + 1);
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    expect(readCalls(plan.stderr)).toBe(2);
  }, 30_000);

  test('a product changed on the platform is read again (one detail), and the plan restores it', async () => {
    await editSimProduct(dir, 'rc-001', (p) => {
      p.publish_shop[0]!.title = '在 App 里改过的标题';
    });
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('Product rc-001: update');
    expect(plan.code).toBe(2);
    expect(readCalls(plan.stderr)).toBe(2 + 1);
  });

  test('a catalog change to the SKUs of a product created by apply reads its detail for the SKU ids, and applies', async () => {
    const file = `catalog/${keys[3]}.yaml`;
    const changed = goofishProduct(keys[3]!, { onSale: true, skus: [{ key: 'black', color: '黑色', price: '27.90', stock: 2 }, { key: 'white', color: '白色', price: '31.90', stock: 3 }] });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${dir}/${file}`, changed);
    const applied = await runCli(dir, ['apply', '--auto-approve']);
    expect(applied.stdout).toContain(`Product ${keys[3]}: update stock/price`);
    expect(applied.stderr).not.toMatch(/Failures/);
    expect(applied.code).toBe(0);
    // rc-001 (the previous test) and rc-003 are converged now.
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('0 API calls.');
    expect(plan.code).toBe(0);
  });

  test('a product deleted on the platform shows up through the deleted list', async () => {
    await editSimProduct(dir, 'rc-005', (p) => {
      p.product_status = -1;
    });
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('Product rc-005: create');
    expect(plan.code).toBe(2);
  });

  test('--refresh=full lists every page and reads the detail of every product we manage, none of the others', async () => {
    const plan = await runCli(dir, ['plan', '--refresh=full']);
    expect(plan.code).toBe(0);
    // The pages of the products still there (rc-005 was deleted), each managed product's detail, and
    // rc-005 by id (the state still maps it; the list no longer shows it).
    expect(readCalls(plan.stderr)).toBe(Math.ceil((listed - 1) / 100) + (PRODUCTS - 1) + 1);
  });
});
