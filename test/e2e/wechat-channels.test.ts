/**
 * wechat-channels end to end: the BUILT CLI against the in-process simulator (seeded demo store).
 * One scenario per row of the audit workflow (src/platforms/wechat-channels/planner.ts), stock in each
 * policy, a freight template change, delete, the import round trip and fault convergence. Each step
 * ends with apply-then-plan showing no changes.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openState } from '../../src/state/index.js';
import { applyExpecting, editSandboxState, expectNoChanges, makeProject, readSandboxState, removeProject, REPO, runCli } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeProject));
});
const IMAGES = ['gan-charger-cover.png', 'gan-charger-detail.png', 'power-bank-cover.png'];

function config(stock = 'exact', sandboxOptions: Record<string, unknown> = { auditDelayMs: 0 }): string {
  return ['targets:', '  channels:', '    platform: wechat-channels', '    sandbox: true', '    prune: true', '    maxDeletePercent: 100', `    stock: ${stock}`, `    sandboxOptions: ${JSON.stringify(sandboxOptions)}`, 'defaults:', '  ratePerSecond: 1000', ''].join('\n');
}

interface Mug {
  key: string;
  title: string;
  white?: string;
  whiteStock?: number;
  onSale?: boolean;
}

const mugDoc = (m: Mug): string =>
  [
    'kind: Product',
    `key: ${m.key}`,
    `title: ${m.title}`,
    'description: 釉下彩，可进洗碗机。',
    `images: [${IMAGES.map((i) => `images/${i}`).join(', ')}]`,
    'shipping: standard',
    ...(m.onSale === false ? ['onSale: false'] : []),
    'skus:',
    `  - { key: white, options: { 颜色: 白色 }, price: ${m.white ?? '39.00'}, stock: ${m.whiteStock ?? 10} }`,
    '  - { key: black, options: { 颜色: 黑色 }, price: 49.00, originalPrice: 59.00, stock: 5 }',
    'platforms:',
    '  wechat-channels:',
    '    category: ["10000111", "10000113", "6091"]',
    '    attributes: { 材质: 陶瓷, 容量: "350 ml" }',
  ].join('\n');

const templateDoc = (firstFee = '8.00') =>
  ['kind: ShippingTemplate', 'key: standard', 'name: 标准快递', 'payer: buyer', 'rates:', `  - { carrier: express, firstItems: 1, firstFee: ${firstFee}, additionalItems: 1, additionalFee: 2.00, regions: [{ province: 西藏自治区, firstItems: 1, firstFee: 20.00, additionalItems: 1, additionalFee: 10.00 }] }`].join('\n');

async function project(files: Record<string, string>): Promise<string> {
  const images = Object.fromEntries(IMAGES.map((i) => [`catalog/images/${i}`, readFileSync(join(REPO, 'catalog', 'images', i))]));
  const dir = await makeProject({ ...images, ...files });
  dirs.push(dir);
  return dir;
}

async function setCatalog(dir: string, mugs: Mug[], firstFee?: string): Promise<void> {
  await writeFile(join(dir, 'catalog', 'products.yaml'), [templateDoc(firstFee), ...mugs.map(mugDoc)].join('\n---\n') + '\n');
}

const ours = (s: any, key: string) => s.products.find((p: any) => p.out_product_id === key && p.status !== 6 && p.status !== 9);

describe('wechat-channels end to end', () => {
  test('create with SKUs, audit, audit-free, stock, listing, rejection, template change, delete', async () => {
    const dir = await project({ 'catalog.config.yaml': config() });
    await setCatalog(dir, [
      { key: 'mug', title: '陶瓷马克杯 350ml' },
      { key: 'bad', title: '违规陶瓷杯 350ml' },
    ]);
    const first = await runCli(dir, ['plan']);
    expect(first.stdout).toMatch(/\+ +ShippingTemplate standard: create/);
    expect(first.stdout).toMatch(/\+ +Product mug: create \+ submit-audit/);
    await applyExpecting(dir);
    const settled = await expectNoChanges(dir);
    expect(settled.stdout).toMatch(/audit rejected: .*违规/);
    let s = await readSandboxState(dir, 'channels');
    expect(ours(s, 'mug')).toMatchObject({ status: 5, edit_status: 4 });
    expect(ours(s, 'mug').online.skus.map((k: any) => [k.out_sku_id, k.sale_price, k.market_price])).toEqual([
      ['white', 3900, 0],
      ['black', 4900, 5900],
    ]);
    expect(ours(s, 'bad')).toMatchObject({ edit_status: 3 });
    // Head images are uploads of this store, each file uploaded once though two products use them.
    expect(new Set(ours(s, 'mug').online.head_imgs).size).toBe(3);
    expect(ours(s, 'bad').draft.head_imgs).toEqual(ours(s, 'mug').online.head_imgs);
    const uploaded = Object.keys(s.images).length;

    // A title through audit; the rejected one fixed and resubmitted.
    await setCatalog(dir, [
      { key: 'mug', title: '陶瓷马克杯 400ml' },
      { key: 'bad', title: '陶瓷杯 经典款 350ml' },
    ]);
    const titled = await applyExpecting(dir);
    expect(titled.stdout).toMatch(/Product mug: update, submit-audit/);
    expect(titled.stdout).toMatch(/Product bad: update, submit-audit/);
    await expectNoChanges(dir);
    s = await readSandboxState(dir, 'channels');
    expect(ours(s, 'mug').online.title).toBe('陶瓷马克杯 400ml');
    expect(Object.keys(s.images)).toHaveLength(uploaded); // cached by content hash: never uploaded again
    expect(ours(s, 'bad')).toMatchObject({ status: 5, edit_status: 4 });

    // A price: audit-free.
    const mugs: Mug[] = [
      { key: 'mug', title: '陶瓷马克杯 400ml', white: '35.00' },
      { key: 'bad', title: '陶瓷杯 经典款 350ml' },
    ];
    await setCatalog(dir, mugs);
    expect((await applyExpecting(dir)).stdout).toMatch(/Product mug: update \(audit-free\)/);
    await expectNoChanges(dir);
    expect(ours(await readSandboxState(dir, 'channels'), 'mug').online.skus[0].sale_price).toBe(3500);

    // Stock: the platform sold 3; exact sends the delta back, initial notes it, ignore says nothing.
    await editSandboxState(dir, 'channels', (st) => {
      const p = ours(st, 'mug');
      p.stock[p.online.skus[0].sku_id] = 7;
    });
    await writeFile(join(dir, 'catalog.config.yaml'), config('initial'));
    const initial = await runCli(dir, ['plan', '--verbose']);
    expect(initial.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to replace, 0 to delete; 0 API calls/);
    expect(initial.stdout).toMatch(/skus.white.stock is 7 on the platform, 10 in the catalog/);
    await writeFile(join(dir, 'catalog.config.yaml'), config('ignore'));
    expect((await runCli(dir, ['plan', '--verbose'])).stdout).not.toMatch(/skus.white.stock/);
    await writeFile(join(dir, 'catalog.config.yaml'), config('exact'));
    expect((await applyExpecting(dir)).stdout).toMatch(/Product mug: stock/);
    await expectNoChanges(dir);
    s = await readSandboxState(dir, 'channels');
    expect(ours(s, 'mug').stock[ours(s, 'mug').online.skus[0].sku_id]).toBe(10);

    // Delist, list again.
    await setCatalog(dir, [{ ...mugs[0]!, onSale: false }, mugs[1]!]);
    expect((await applyExpecting(dir)).stdout).toMatch(/Product mug: delist/);
    await expectNoChanges(dir);
    expect(ours(await readSandboxState(dir, 'channels'), 'mug').status).toBe(11);
    await setCatalog(dir, mugs);
    expect((await applyExpecting(dir)).stdout).toMatch(/Product mug: list \(submit-audit\)/);
    await expectNoChanges(dir);
    expect(ours(await readSandboxState(dir, 'channels'), 'mug').status).toBe(5);

    // The freight template.
    await setCatalog(dir, mugs, '9.00');
    expect((await applyExpecting(dir)).stdout).toMatch(/~ +ShippingTemplate standard: update/);
    await expectNoChanges(dir);
    s = await readSandboxState(dir, 'channels');
    expect(s.templates.find((t: any) => t.name === '标准快递').body.all_freight_calc_method.freight_calc_method_list[0].first_price).toBe(900);

    // Delete (prune): delisted first.
    await setCatalog(dir, [mugs[1]!], '9.00');
    expect((await applyExpecting(dir)).stdout).toMatch(/Product mug: delist, delete/);
    await expectNoChanges(dir);
    expect(ours(await readSandboxState(dir, 'channels'), 'mug')).toBeUndefined();
  }, 240_000);

  test('in audit: a change withdraws the audit first, or waits when the block says so', async () => {
    const dir = await project({ 'catalog.config.yaml': config('exact', { auditDelayMs: 3_600_000 }) });
    await setCatalog(dir, [{ key: 'mug', title: '陶瓷马克杯 350ml' }]);
    await applyExpecting(dir);
    await expectNoChanges(dir);
    await setCatalog(dir, [{ key: 'mug', title: '陶瓷马克杯 400ml' }]);
    const plan = await runCli(dir, ['plan']);
    expect(plan.stdout).toMatch(/Product mug: withdraw-audit, update, submit-audit/);
    expect(plan.stdout).toMatch(/the audit is withdrawn first/);
    await applyExpecting(dir);
    await expectNoChanges(dir);
    expect(ours(await readSandboxState(dir, 'channels'), 'mug')).toMatchObject({ edit_status: 2 });
    expect(ours(await readSandboxState(dir, 'channels'), 'mug').draft.title).toBe('陶瓷马克杯 400ml');
  }, 120_000);

  test('categories and attributes are checked at plan time, at the catalog field, before any write', async () => {
    const dir = await project({ 'catalog.config.yaml': config() });
    await setCatalog(dir, [{ key: 'mug', title: '陶瓷马克杯 350ml' }]);
    const file = join(dir, 'catalog', 'products.yaml');
    const text = readFileSync(file, 'utf8').replace('材质: 陶瓷', '材质: 木头');
    await writeFile(file, text);
    const plan = await runCli(dir, ['plan']);
    expect(plan.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('材质: 木头')) + 1;
    expect(plan.stdout + plan.stderr).toMatch(new RegExp(`catalog/products.yaml:${line}:\\d+ error wechat-channels.attribute-value`));
    expect(plan.stdout + plan.stderr).toContain('did you mean');
  }, 120_000);

  test('import round trip: the demo store imported, then planned without changes', async () => {
    const dir = await project({ 'catalog.config.yaml': config(), 'catalog/.keep': '' });
    const imported = await runCli(dir, ['import', '--target', 'channels']);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    await expectNoChanges(dir);
    // Ids beyond 2^53 are kept exact in the state.
    const state = await openState(join(dir, '.catalog'));
    try {
      expect(state.get('channels', 'Product/gan-charger-65w')?.id).toBe('10000000000000001');
    } finally {
      await state.close();
    }
  }, 120_000);

  test('faults (5xx, busy, lost answers) converge in at most 3 applies with no duplicate', async () => {
    const dir = await project({ 'catalog.config.yaml': config('exact', { auditDelayMs: 0 }).replace('    prune: true\n', '    prune: true\n    concurrency: 8\n    ratePerSecond: 1000\n') });
    const mugs = Array.from({ length: 16 }, (_, i) => ({ key: `mug-${i}`, title: `陶瓷马克杯 ${i} 号` }));
    await setCatalog(dir, mugs);
    const env = { CATALOG_SANDBOX_FAULTS: '5xx=0.1,busy=0.1,lost=0.1,seed=11' };
    const codes: Array<number | null> = [];
    for (let run = 1; run <= 3; run++) {
      const r = await runCli(dir, ['apply', '--auto-approve'], { env });
      codes.push(r.code);
      expect([0, 3], r.stdout + r.stderr).toContain(r.code);
      if (r.code === 0) break;
    }
    expect(codes.at(-1)).toBe(0);
    await expectNoChanges(dir);
    const s = await readSandboxState(dir, 'channels');
    const live = s.products.filter((p: any) => p.out_product_id.startsWith('mug-') && p.status !== 6);
    expect(live.map((p: any) => p.out_product_id).sort()).toEqual(mugs.map((m) => m.key).sort());
    const state = await openState(join(dir, '.catalog'));
    try {
      expect(state.pendingCreates()).toEqual([]);
      for (const p of live) expect(state.get('channels', `Product/${p.out_product_id}`)?.id).toBe(p.product_id);
    } finally {
      await state.close();
    }
  }, 180_000);
});
