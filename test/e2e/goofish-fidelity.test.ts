/**
 * goofish writes only what the merchant asked for (issue 17, point 6), end to end against the sandbox:
 * no `original_price` when the catalog sets none, and a `|` description's trailing newline neither goes
 * to the wire nor shows as a change, nor does trailing whitespace the platform holds.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyConverges, makeProject, removeProject, runCli } from '../helpers/cli.js';
import { editSimProduct, goofishConfig, goofishProduct, goofishSim } from '../helpers/goofish.js';

/** A catalog product whose description is a `|` block (ends with a newline) and that sets no originalPrice. */
const blockDescription = goofishProduct('block-desc')
  .replace(/^description: .*$/m, 'description: |\n  第一行：九成新，功能完好。\n  第二行：支持七天无理由。')
  .replace(/^originalPrice: .*\n/m, '');

let dir: string;
beforeAll(async () => {
  dir = await makeProject({ 'catalog.config.yaml': goofishConfig(), 'catalog/p.yaml': blockDescription });
});
afterAll(async () => {
  await removeProject(dir);
});

type Stored = { outer_id: string; original_price: number | null; publish_shop: Array<{ content: string }> };
const stored = async (): Promise<Stored> => Object.values((await goofishSim(dir)).products as unknown as Record<string, Stored>).find((p) => p.outer_id === 'block-desc')!;

describe('goofish: what the merchant did not ask for stays off the wire', () => {
  test('create sends no original_price and the description without its trailing newline; the next plan has nothing to do', async () => {
    expect(blockDescription).toContain('description: |');
    expect(blockDescription).not.toContain('originalPrice');
    const plan = await runCli(dir, ['plan']);
    expect(plan.stdout).not.toContain('originalPrice');
    await applyConverges(dir);
    const p = await stored();
    expect(p.original_price).toBeNull();
    expect(p.publish_shop[0]!.content).toBe('第一行：九成新，功能完好。\n第二行：支持七天无理由。');
  });

  test('trailing whitespace the platform holds is no change either', async () => {
    await editSimProduct(dir, 'block-desc', (p) => {
      const shop = (p as unknown as Stored).publish_shop[0]!;
      shop.content = `${shop.content} \n\n`;
    });
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update');
    expect(plan.code).toBe(0);
  });
});

describe('goofish business-partner account (sellerId)', () => {
  let partnerDir: string;
  beforeAll(async () => {
    partnerDir = await makeProject({ 'catalog.config.yaml': goofishConfig({ sellerId: '"2200123456789"' }), 'catalog/p.yaml': goofishProduct('partner-one', { onSale: true }) });
  });
  afterAll(async () => {
    await removeProject(partnerDir);
  });

  test('plan and apply sign with seller_id (the sandbox account configured with it refuses anything else) and converge', async () => {
    const plan = await runCli(partnerDir, ['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stderr).not.toMatch(/seller_id|签名/);
    expect(plan.stdout).toContain('Product partner-one: create');
    expect(plan.stdout).not.toContain('2200123456789');
    await applyConverges(partnerDir);
    expect((await goofishSim(partnerDir)).products).toSatisfy((ps: object) => Object.values(ps).some((p: { outer_id: string }) => p.outer_id === 'partner-one'));
  });
});
