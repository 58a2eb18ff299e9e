/**
 * Bench sections over all five targets against the in-process sandbox (issue 8, "Speed"):
 *
 * - `all-targets`: per size, in a fresh project: validate, plan (all creates, saved), apply of that
 *   plan, no-op plan, plan with 1% of the products changed. Wall time and peak RSS per step (the
 *   simulators run inside the measured process, so their memory counts too); write calls vs objects
 *   changed; read calls vs list pages needed (objects read / the platform's largest page).
 *   Goals: no-op plan of 10k < 10 s and < 1 GB; apply of 10k creates < 30 s (latency off); 50k
 *   within 6x of 10k (a "growth" row when both sizes run).
 * - `all-targets-latency`: the sandbox answers after 50 ms (CATALOG_SANDBOX_FAULTS=latency=50);
 *   apply throughput of the busiest target vs the bound its configuration allows,
 *   min(ratePerSecond, concurrency / 50 ms). Goal: at least 90%. Size: BENCH_LATENCY_SIZE (1000).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TARGETS, generateCatalog } from '../generate.mjs';

/** Largest page of each platform's list calls (wire.ts); wechat-store lists are not paged. */
const PAGE_SIZE = { goofish: 100, 'wechat-live': 100, xiaoliebian: 100, waiqin365: 1000, 'wechat-store': Infinity };
const NOOP_GOAL = { size: 10_000, wallMs: 10_000, peakMiB: 1024 };
const APPLY_GOAL = { size: 10_000, wallMs: 30_000, peakMiB: Infinity };
const GROWTH_LIMIT = 6;
const LATENCY_MS = 50;
const LATENCY_CONFIGS = [
  { label: 'rate-bound', concurrency: 8, ratePerSecond: 50 },
  { label: 'concurrency-bound', concurrency: 2, ratePerSecond: 1000 },
];

const timing = ({ wallMs, peakMiB, ok }) => ({ wallMs, peakMiB, ok });

/** "Read store: 134 objects (28 read calls)" lines -> [{ target, objects, reads }]. */
function readLines(stderr) {
  return [...(stderr ?? '').matchAll(/^Read (\S+): (\d+) objects? \((\d+) read calls?\)/gm)].map((m) => ({ target: m[1], objects: +m[2], reads: +m[3] }));
}

function readsVsPages(stderr, platforms) {
  const lines = readLines(stderr);
  const reads = lines.reduce((n, l) => n + l.reads, 0);
  const pages = lines.reduce((n, l) => n + Math.max(1, Math.ceil(l.objects / (PAGE_SIZE[platforms[l.target]] ?? 100))), 0);
  const detail = lines.map((l) => `${l.target} ${l.reads}/${Math.max(1, Math.ceil(l.objects / (PAGE_SIZE[platforms[l.target]] ?? 100)))}`).join(', ');
  return `${reads} read calls for ${pages} list pages (${detail})`;
}

function changedObjects(s) {
  return s ? s.create + s.update + s.replace + s.delete + s.action : undefined;
}

/** The share of products changed: every `1/share`-th product's originalPrice goes up by 1 yuan. */
function changeProducts(catalogDir, every) {
  let changed = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.yaml')) {
        const docs = readFileSync(path, 'utf8').split(/^---\n/m);
        const edited = docs.map((doc) => {
          const key = /^key: p(\d+)$/m.exec(doc);
          if (!key || Number(key[1]) % every !== 0) return doc;
          changed++;
          return doc.replace(/^originalPrice: "?(\d+(?:\.\d+)?)"?$/m, (_, yuan) => `originalPrice: "${(Number(yuan) + 1).toFixed(2)}"`);
        });
        writeFileSync(path, edited.join('---\n'));
      }
    }
  };
  walk(join(catalogDir, 'products'));
  return changed;
}

function callsPerTarget(planFile) {
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  return Object.fromEntries(plan.targets.map((t) => [t.target, t.actions.reduce((n, a) => n + a.calls.length, 0)]));
}

export function allTargetsSections({ sizes, cli, planSummary }) {
  const results = new Map();
  return [
    {
      name: 'all-targets',
      run(ctx) {
        const rows = [];
        for (const size of sizes) {
          const dir = join(ctx.work, `all-targets-${size}`);
          const catalog = generateCatalog(dir, {
            products: size,
            files: Math.max(1, Math.round(size / 50)),
            targetOptions: { concurrency: 16, ratePerSecond: 1000 },
          });
          const platforms = DEFAULT_TARGETS;
          const run = (args, env = {}) => ctx.measure([cli, ...args], { cwd: dir, env, keepOutput: true });
          const walls = {};
          const label = `${size} products`;

          const validate = run(['validate', '--quiet']);
          rows.push({ case: `validate, ${label}`, ...timing(validate), result: validate.ok ? 'ok' : validate.result });

          const plan = run(['plan', '--out', 'plan.json']);
          const planned = planSummary(plan.stdout);
          walls.plan = plan.wallMs;
          rows.push({ case: `plan (all creates), ${label} / ${catalog.skus} SKUs`, ...timing(plan), result: plan.ok ? `${planned?.line ?? 'no summary'}; ${readsVsPages(plan.stderr, platforms)}` : plan.result });

          const apply = run(['apply', 'plan.json']);
          const writes = /; (\d+) write calls?\./.exec(apply.stdout ?? '')?.[1];
          walls.apply = apply.wallMs;
          rows.push({
            case: `apply (saved plan), ${label}`,
            ...timing(apply),
            goal: size === APPLY_GOAL.size ? APPLY_GOAL : undefined,
            result: apply.ok ? `${writes ?? '?'} write calls for ${changedObjects(planned) ?? '?'} changed objects (plan: ${planned?.apiCalls ?? '?'} calls)` : apply.result,
          });

          const noop = run(['plan', '--detailed-exitcode']);
          const s = planSummary(noop.stdout);
          walls.noop = noop.wallMs;
          rows.push({
            case: `no-op plan, ${label}`,
            ...timing(noop),
            goal: size === NOOP_GOAL.size ? NOOP_GOAL : undefined,
            result: noop.ok ? `${s?.apiCalls === 0 ? 'no changes' : s?.line}; ${readsVsPages(noop.stderr, platforms)}` : noop.result,
          });

          const edited = changeProducts(catalog.catalogDir, 100);
          const onePercent = run(['plan']);
          const p = planSummary(onePercent.stdout);
          walls.onePercent = onePercent.wallMs;
          rows.push({
            case: `plan, 1% changed (${edited} products), ${label}`,
            ...timing(onePercent),
            result: onePercent.ok ? `${p?.line ?? 'no summary'}; ${readsVsPages(onePercent.stderr, platforms)}` : onePercent.result,
          });
          results.set(size, walls);
        }
        if (results.has(10_000) && results.has(50_000)) {
          const a = results.get(10_000);
          const b = results.get(50_000);
          const ratios = Object.keys(a).map((k) => `${k} ${(b[k] / a[k]).toFixed(1)}x`);
          const worst = Math.max(...Object.keys(a).map((k) => b[k] / a[k]));
          rows.push({ case: 'growth 10k -> 50k (wall time)', wallMs: 0, ok: true, result: `${ratios.join(', ')}; ${worst <= GROWTH_LIMIT ? 'meets' : 'MISSES'} goal (<= ${GROWTH_LIMIT}x)` });
        }
        return rows;
      },
    },
    {
      name: 'all-targets-latency',
      run(ctx) {
        const rows = [];
        const size = Number(process.env.BENCH_LATENCY_SIZE ?? 1000);
        for (const config of LATENCY_CONFIGS) {
          const dir = join(ctx.work, `latency-${config.label}`);
          generateCatalog(dir, { products: size, files: Math.max(1, Math.round(size / 50)), targetOptions: { concurrency: config.concurrency, ratePerSecond: config.ratePerSecond } });
          const env = { CATALOG_SANDBOX_FAULTS: `latency=${LATENCY_MS}` };
          const run = (args) => ctx.measure([cli, ...args], { cwd: dir, env, keepOutput: true });
          const plan = run(['plan', '--out', 'plan.json']);
          const apply = run(['apply', 'plan.json']);
          const calls = callsPerTarget(join(dir, 'plan.json'));
          const [busiest, busiestCalls] = Object.entries(calls).sort((x, y) => y[1] - x[1])[0];
          const bound = Math.min(config.ratePerSecond, config.concurrency / (LATENCY_MS / 1000));
          // The apply process also starts up and refreshes (as the plan did) before its first write.
          const applyPhaseMs = Math.max(1, apply.wallMs - plan.wallMs);
          const throughput = busiestCalls / (applyPhaseMs / 1000);
          const share = throughput / bound;
          rows.push({
            case: `apply, ${size} products, latency ${LATENCY_MS} ms, ${config.label} (concurrency ${config.concurrency}, ${config.ratePerSecond}/s)`,
            ...timing(apply),
            result: apply.ok
              ? `${busiest}: ${busiestCalls} calls in ~${(applyPhaseMs / 1000).toFixed(1)} s = ${throughput.toFixed(1)}/s of ${bound}/s possible (${(share * 100).toFixed(0)}%); ${share >= 0.9 ? 'meets' : 'MISSES'} goal (>= 90%)`
              : apply.result,
          });
        }
        return rows;
      },
    },
  ];
}
