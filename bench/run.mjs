/**
 * `npm run bench` (after the build): runs each section against synthetic catalogs and prints one
 * table. Every measured step runs in its own child process, so wall time includes start-up and the
 * peak memory (maxRSS) is that step's alone.
 *
 * Sizes: BENCH_SIZES=1000,10000,50000 (default 1000,10000). Results are also written to
 * bench/out/results.json.
 *
 * To add a section, append { name, run(ctx) } to SECTIONS; `run` returns rows
 * { case, wallMs, peakMiB, result, goal? } and may use ctx.catalog(size) (generated once per size,
 * shared by all sections) and ctx.measure(args, options).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateCatalog } from './generate.mjs';
import { allTargetsSections } from './sections/all-targets.mjs';
import { goofishRefreshSection } from './sections/goofish-refresh.mjs';
import { goofishApplySection } from './sections/goofish-apply.mjs';
import { stateBackendSections } from './sections/state-backends.mjs';
import { wechatChannelsSection } from './sections/wechat-channels.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(benchDir, '..');
const cli = join(repoRoot, 'bin', 'catalog.js');
/** BENCH_SECTIONS=validate,goofish runs only those sections (default: all). */
const onlySections = process.env.BENCH_SECTIONS?.split(',').map((s) => s.trim());
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);

/** Goals from the issues: validate a 10,000-product catalog in under 1.5 s (issue 17; was 3 s) and 500 MB. */
const VALIDATE_GOAL = { size: 10_000, wallMs: 1500, peakMiB: 500 };

const SECTIONS = [
  {
    name: 'validate',
    run(ctx) {
      const rows = [];
      for (const size of sizes) {
        const catalog = ctx.catalog(size);
        const goal = size === VALIDATE_GOAL.size ? VALIDATE_GOAL : undefined;
        // The first run reads every file; the second finds them all in the file cache (.catalog/cache).
        const viaCli = ctx.measure([cli, 'validate', '--config', catalog.configFile, '--quiet'], { cwd: catalog.dir });
        rows.push({ case: `catalog validate, ${describe(catalog)}`, ...viaCli, goal });
        const cached = ctx.measure([cli, 'validate', '--config', catalog.configFile, '--quiet'], { cwd: catalog.dir });
        rows.push({ case: `catalog validate again (files cached), ${size} products`, ...cached });
        rmSync(join(catalog.dir, '.catalog', 'cache'), { recursive: true, force: true }); // the library row reads every file too
        const viaLibrary = ctx.measure([join(benchDir, 'validate-library.mjs'), catalog.configFile], { cwd: catalog.dir });
        rows.push({ case: `loadConfig + loadCatalog, ${size} products`, ...viaLibrary, goal });
      }
      return rows;
    },
  },
  {
    // goofish alone against the in-process sandbox (no latency, so high concurrency and rate):
    // plan with everything to create, apply it, then no-op plans (the first reads every product's
    // detail; the second may serve unchanged products from the detail cache).
    name: 'goofish',
    run(ctx) {
      const rows = [];
      for (const size of sizes) {
        const dir = join(ctx.work, `goofish-${size}`);
        const catalog = generateCatalog(dir, {
          products: size,
          files: Math.max(1, Math.round(size / 50)),
          targets: { xianyu: 'goofish' },
          targetOptions: { concurrency: 16, ratePerSecond: 1000 },
        });
        const run = (args) => ctx.measure([cli, ...args], { cwd: dir, keepOutput: true });
        // Rows keep the measurements, not the (large) output.
        const timing = ({ wallMs, peakMiB, ok }) => ({ wallMs, peakMiB, ok });

        const plan = run(['plan']);
        const planned = planSummary(plan.stdout);
        rows.push({ case: `plan (all creates), ${size} products / ${catalog.skus} SKUs`, ...timing(plan), result: plan.ok ? planned?.line ?? 'no summary line' : plan.result });

        const apply = run(['apply', '--auto-approve']);
        const writes = /; (\d+) write calls?\./.exec(apply.stdout ?? '')?.[1];
        const changed = planned ? planned.create + planned.update + planned.replace + planned.delete + planned.action : undefined;
        rows.push({
          case: `apply, ${size} products`,
          ...timing(apply),
          result: apply.ok ? `${writes ?? '?'} write calls for ${changed ?? '?'} changed objects (plan: ${planned?.apiCalls ?? '?'} calls)` : apply.result,
        });

        for (const label of ['no-op plan (after apply)', 'no-op plan (again)']) {
          const noop = run(['plan', '--detailed-exitcode']);
          const s = planSummary(noop.stdout);
          const reads = /\((\d+) read calls?\)/.exec(noop.stderr ?? '')?.[1];
          rows.push({ case: `${label}, ${size} products`, ...timing(noop), result: noop.ok ? `${s?.apiCalls === 0 ? 'no changes' : s?.line}; ${reads ?? '?'} read calls` : noop.result });
        }
      }
      return rows;
    },
  },
  // All five targets (bench/sections/all-targets.mjs): the plan/apply/no-op/1% cycle and the latency run.
  ...allTargetsSections({ sizes, cli, planSummary }),
  // goofish no-op plans with the default limits (bench/sections/goofish-refresh.mjs).
  goofishRefreshSection({ cli, planSummary }),
  // wechat-channels: apply, then no-op plans with the default limits (bench/sections/wechat-channels.mjs).
  wechatChannelsSection({ cli, planSummary, repoRoot }),
  // One goofish apply of all creates, with the default limits and without (bench/sections/goofish-apply.mjs).
  goofishApplySection({ cli }),
  // The cost of each state backend (bench/sections/state-backends.mjs): one apply of 1,000 creates each.
  ...stateBackendSections({ cli }),
];

/** The plan summary line: `Plan: 3 to create, 5 to update, 1 to replace, 0 to delete[, 2 platform actions][, 4 image uploads]; 7 API calls.` */
function planSummary(text) {
  const m = /^Plan: (\d+) to create, (\d+) to update, (\d+) to replace, (\d+) to delete(?:, (\d+) platform actions?)?(?:, (\d+) image uploads?)?; (\d+) API calls?/m.exec(text ?? '');
  if (!m) return undefined;
  const [line, create, update, replace, del, action, uploads, apiCalls] = m;
  return { line: line.replace(/^Plan: /, ''), create: +create, update: +update, replace: +replace, delete: +del, action: +(action ?? 0), uploads: +(uploads ?? 0), apiCalls: +apiCalls };
}

function describe(catalog) {
  return `${catalog.products} products / ${catalog.skus} SKUs / ${catalog.files} files`;
}

/** Runs one step in a child process; `keepOutput` returns its stdout and stderr for parsing. */
function measure(args, { cwd = repoRoot, env = {}, keepOutput = false } = {}) {
  const usageFile = join(work, `usage-${process.hrtime.bigint()}.json`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', join(benchDir, 'rss-report.mjs'), ...args], {
    cwd,
    env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  let peakMiB;
  try {
    peakMiB = JSON.parse(readFileSync(usageFile, 'utf8')).maxRSS / 1024;
  } catch {
    peakMiB = undefined;
  }
  const ok = child.status === 0;
  const firstLine = (text) => (text ?? '').trim().split('\n')[0]?.slice(0, 120) ?? '';
  const output = keepOutput ? { stdout: child.stdout, stderr: child.stderr } : {};
  return { wallMs, peakMiB, ok, ...output, result: ok ? 'ok' : `exit ${child.status}: ${firstLine(child.stderr) || firstLine(child.stdout)}` };
}

function verdict(row) {
  if (!row.ok || !row.goal) return '';
  const met = row.wallMs < row.goal.wallMs && row.peakMiB !== undefined && row.peakMiB < row.goal.peakMiB;
  return `${met ? 'meets' : 'MISSES'} goal (< ${row.goal.wallMs / 1000} s, < ${row.goal.peakMiB} MB)`;
}

function printTable(rows) {
  const cells = rows.map((r) => [
    r.section,
    r.case,
    r.ok ? `${(r.wallMs / 1000).toFixed(2)} s` : '-',
    r.peakMiB === undefined ? '-' : `${r.peakMiB.toFixed(0)} MB`,
    [r.result, verdict(r)].filter(Boolean).join('; '),
  ]);
  const header = ['section', 'case', 'wall', 'peak RSS', 'result'];
  const width = (s) => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]))));
  const line = (row) => row.map((c, i) => c + ' '.repeat(widths[i] - width(c))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells) console.log(line(row));
}

const work = mkdtempSync(join(tmpdir(), 'catalog-bench-'));
const catalogs = new Map();
const ctx = {
  work,
  measure,
  catalog(size) {
    if (!catalogs.has(size)) {
      const dir = join(work, `catalog-${size}`);
      const started = performance.now();
      const generated = generateCatalog(dir, { products: size, files: Math.max(1, Math.round(size / 50)) });
      console.error(`generated ${describe(generated)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      catalogs.set(size, { ...generated, dir });
    }
    return catalogs.get(size);
  },
};

const rows = [];
try {
  for (const section of SECTIONS.filter((s) => !onlySections || onlySections.includes(s.name))) {
    for (const row of await section.run(ctx)) rows.push({ section: section.name, ...row });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
printTable(rows);
mkdirSync(join(benchDir, 'out'), { recursive: true });
writeFileSync(join(benchDir, 'out', 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n');
process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
