/**
 * Bench section `goofish-refresh` (issue 17, "Refresh cost"): reads and wall time of no-op plans of
 * goofish alone with the DEFAULT limits (ratePerSecond 10, concurrency 4), at BENCH_REFRESH_SIZES
 * (default 2000,10000) products.
 *
 * The apply before them runs with a fast config (ratePerSecond 1000) only to keep the bench short
 * (2,000 products need 4,000 writes: 7 minutes at 10 calls/s); it does not change what the plans
 * after it read. Rows: the first no-op plan right after apply; the next one (publishes have
 * settled since, moving update_time: listed again, no detail read); a warm one (nothing changed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { generateCatalog } from '../generate.mjs';

const sizes = (process.env.BENCH_REFRESH_SIZES ?? '2000,10000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function goofishRefreshSection({ cli, planSummary }) {
  return {
    name: 'goofish-refresh',
    run(ctx) {
      const rows = [];
      for (const size of sizes) {
        const dir = join(ctx.work, `goofish-refresh-${size}`);
        const catalog = generateCatalog(dir, { products: size, files: Math.max(1, Math.round(size / 50)), targets: { xianyu: 'goofish' } });
        const fast = join(dir, 'fast.config.yaml');
        const config = parse(readFileSync(catalog.configFile, 'utf8'));
        config.targets.xianyu = { ...config.targets.xianyu, concurrency: 16, ratePerSecond: 1000 };
        writeFileSync(fast, stringify(config));
        const run = (args) => ctx.measure([cli, ...args], { cwd: dir, keepOutput: true });
        const timing = ({ wallMs, peakMiB, ok }) => ({ wallMs, peakMiB, ok });

        const apply = run(['apply', '--auto-approve', '--config', fast]);
        rows.push({ case: `apply at 1000 calls/s (setup), ${size} products`, ...timing(apply), result: apply.ok ? (/Apply complete:[^\n]*/.exec(apply.stdout)?.[0] ?? 'ok') : apply.result });
        const noop = (label) => {
          const r = run(['plan', '--detailed-exitcode']);
          const s = planSummary(r.stdout);
          const reads = /\((\d+) read calls?\)/.exec(r.stderr ?? '')?.[1];
          rows.push({ case: `${label}, ${size} products, default limits`, ...timing(r), result: r.ok ? `${s?.apiCalls === 0 ? 'no changes' : s?.line}; ${reads ?? '?'} read calls (list pages: ${Math.ceil(size / 100)})` : r.result });
        };
        noop('no-op plan, first after apply');
        sleep(7000); // publishes settle (the simulator's 2 s) and leave the 5 s margin of an incremental read
        noop('no-op plan, publishes settled since');
        noop('no-op plan, warm (nothing changed)');
      }
      return rows;
    },
  };
}
