/**
 * The plan a reviewer approves is exact: on the shipped example, for every target (one per
 * platform), the plan's "API calls" equal the write calls apply then makes (wechat-live cover
 * uploads included), and the first plan reads as documented (legend, images by file, yuan in
 * nested values, China time, no empty defaults, notes summarised).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyExampleProject, removeProject, runCli } from '../helpers/cli.js';
import type { Plan } from '../../src/plan/types.js';

const TARGETS = ['store', 'live', 'xianyu', 'wecom', 'sales'];

describe('the shipped example: plan counts equal apply counts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyExampleProject();
  });
  afterAll(() => removeProject(dir));

  test('the first plan reads as documented', async () => {
    const r = await runCli(dir, ['plan']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('Legend: + create');
    expect(out).not.toMatch(/[0-9a-f]{64}:/); // no image keyed by its hash
    expect(out).toContain('images/mate60-cover.png');
    expect(out).toContain('(known after upload)');
    expect(out).not.toMatch(/"firstFee":\d{3,}/); // nested money in yuan, not fen
    expect(out).toContain('"firstFee":20.00');
    expect(out).toContain('Asia/Shanghai (UTC+8)');
    expect(out).not.toMatch(/T\d\d:\d\d:\d\d\.\d{3}Z/);
    expect(out).not.toContain('icon: ""');
    expect(out).not.toContain('attrext.isHasReceipt: false');
    expect(out).toMatch(/\d+ × stock differs from the catalog/);
    // Execution order: the membership of new groups comes after the products it holds.
    expect(out.indexOf('Group accessories: add products')).toBeGreaterThan(out.indexOf('Product xiaomi14-pro: create'));
    const verbose = await runCli(dir, ['plan', '--verbose']);
    expect(verbose.stdout).toContain('skus.white-512.stock: 0');
    expect(verbose.stdout).toContain('(stock policy "initial": not sent)');
    expect(out.split('\n').length).toBeLessThan(verbose.stdout.split('\n').length);
  }, 120_000);

  for (const target of TARGETS) {
    test(`${target}: the plan's API calls are the write calls apply makes`, async () => {
      const plan = await runCli(dir, ['plan', '--target', target, '--format', 'json']);
      expect(plan.code, plan.stderr).toBe(0);
      const planned = (JSON.parse(plan.stdout) as Plan).summary.apiCalls;
      expect(planned).toBeGreaterThan(0);
      const applied = await runCli(dir, ['apply', '--target', target, '--auto-approve']);
      expect(applied.code, applied.stderr).toBe(0);
      const writes = Number(/; (\d+) write calls?\./.exec(applied.stdout)?.[1]);
      expect(writes).toBe(planned);
    }, 120_000);
  }
});
