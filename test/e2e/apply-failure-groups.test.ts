/**
 * Apply output under mass refusal: 2,000 products the platform refuses for the same reason (an
 * district id goofish refuses) give one grouped error, and the target stops after `stopAfterFailures`
 * identical refusals, so the account's quota is not spent on calls that cannot succeed. The creates
 * go out in product/batchCreate calls of 50: the first batch's 50 refusals (one call) stop the target.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { goofishConfig, goofishProduct } from '../helpers/goofish.js';
import { makeProject, removeProject, runCli } from '../helpers/cli.js';

const N = 2_000;
/** A district id the platform refuses (1100 参数错误) and no plan-time check knows about. */
const BAD_DISTRICT = 'district: 1440304';

function refusedCatalog(): string {
  return Array.from({ length: N }, (_, i) => goofishProduct(`bad-${String(i).padStart(4, '0')}`).replace('district: 440304', BAD_DISTRICT)).join('---\n');
}

describe('apply: identical refusals are grouped and stop the target early', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeProject({ 'catalog.config.yaml': goofishConfig({ ratePerSecond: 1000, concurrency: 8 }), 'catalog/products.yaml': refusedCatalog() });
  });
  afterAll(() => removeProject(dir));

  test('default stopAfterFailures (5): one grouped error, at most 5 calls, the rest not attempted', async () => {
    const r = await runCli(dir, ['apply', '--auto-approve'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr.slice(-2000)).toBe(3);
    expect(r.stdout).toMatch(/Apply finished with failures: 0 done, 50 failed, 3950 skipped \(3950 not attempted\); 1 write call\./);
    const groups = r.stderr.split('\n').filter((l) => /^ {2}- xianyu: .* refused \d+ times? with code/.test(l));
    expect(groups).toHaveLength(1);
    expect(groups[0]).toContain('refused 50 times with code 1100');
    expect(r.stderr).toContain('Product bad-0000, Product bad-0001, Product bad-0002, Product bad-0003, Product bad-0004');
    expect(r.stderr).toMatch(/xianyu: stopped after 5 consecutive identical failures \(product\.create: code 1100 .*\); not attempted: 3950 actions skipped/);
    // A few lines, not one paragraph per product: one progress line per product of the one batch sent, then one group.
    expect(r.stderr.split('\n').length).toBeLessThan(80);
  }, 180_000);

  test('--stop-after-failures overrides the config (here 2)', async () => {
    const r = await runCli(dir, ['apply', '--auto-approve', '--stop-after-failures', '2'], { timeoutMs: 120_000 });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/0 done, 50 failed, .*; 1 write call\./);
    expect(r.stderr).toContain('stopped after 2 consecutive identical failures');
  }, 180_000);
});
