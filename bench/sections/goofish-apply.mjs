/**
 * Bench section `goofish-apply`: one apply of everything to create on goofish alone (the in-process
 * sandbox), at BENCH_APPLY_SIZES (default 2000) products, with the DEFAULT limits (ratePerSecond 10,
 * concurrency 4: wall time is bound by the write calls) and without them (concurrency 16,
 * ratePerSecond 1000: bound by the machine). Each run starts from a fresh project and account.
 * Rows: wall time, peak memory, and the write calls against the plan's count.
 */
import { join } from 'node:path';
import { generateCatalog } from '../generate.mjs';

const sizes = (process.env.BENCH_APPLY_SIZES ?? '2000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const LIMITS = [
  ['default limits (10 calls/s, concurrency 4)', {}],
  ['without limits (1000 calls/s, concurrency 16)', { concurrency: 16, ratePerSecond: 1000 }],
];

export function goofishApplySection({ cli }) {
  return {
    name: 'goofish-apply',
    run(ctx) {
      const rows = [];
      for (const size of sizes) {
        for (const [label, targetOptions] of LIMITS) {
          const dir = join(ctx.work, `goofish-apply-${size}-${Object.keys(targetOptions).length === 0 ? 'default' : 'fast'}`);
          generateCatalog(dir, { products: size, files: Math.max(1, Math.round(size / 50)), targets: { xianyu: 'goofish' }, targetOptions });
          const apply = ctx.measure([cli, 'apply', '--auto-approve'], { cwd: dir, keepOutput: true });
          const summary = /^Plan: .*$/m.exec(apply.stdout ?? '')?.[0];
          const done = /Apply (?:complete|finished with failures):[^\n]*/.exec(apply.stdout ?? '')?.[0];
          rows.push({ case: `apply, ${size} products, ${label}`, wallMs: apply.wallMs, peakMiB: apply.peakMiB, ok: apply.ok, result: apply.ok ? `${done ?? '?'} (${summary ?? 'no plan line'})` : apply.result });
        }
      }
      return rows;
    },
  };
}
