/**
 * Bench section `wechat-channels`: the Channels store alone against the in-process sandbox, at
 * BENCH_CHANNELS_SIZES (default 500,2000) products of two SKUs each (three shared head images, one
 * freight template). Rows: apply of every create (fast config: the audit quota and rate raised, the
 * audit decided at once), then no-op plans with the DEFAULT limits (ratePerSecond 10, concurrency 4):
 * the first after apply (the products apply wrote are read again, see
 * src/platforms/wechat-channels/product-cache.ts) and a warm one (list pages, templates, the audit
 * quota and one stock batch per 50 products; no product/get).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

const sizes = (process.env.BENCH_CHANNELS_SIZES ?? '500,2000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const SANDBOX = { auditDelayMs: 0, auditQuotaPerHour: 1_000_000, auditQuotaPerDay: 1_000_000 };
const timing = ({ wallMs, peakMiB, ok }) => ({ wallMs, peakMiB, ok });

function project(dir, size, repoRoot) {
  mkdirSync(join(dir, 'catalog', 'images'), { recursive: true });
  const images = ['gan-charger-cover.png', 'gan-charger-detail.png', 'power-bank-cover.png'];
  for (const image of images) copyFileSync(join(repoRoot, 'catalog', 'images', image), join(dir, 'catalog', 'images', image));
  const target = (fast) => ({ platform: 'wechat-channels', sandbox: true, sandboxOptions: SANDBOX, stock: 'exact', ...(fast ? { concurrency: 16, ratePerSecond: 1000 } : {}) });
  writeFileSync(join(dir, 'catalog.config.yaml'), stringify({ catalog: './catalog', targets: { channels: target(false) } }));
  writeFileSync(join(dir, 'fast.config.yaml'), stringify({ catalog: './catalog', state: './.catalog', targets: { channels: target(true) } }));
  const docs = [{ kind: 'ShippingTemplate', key: 'express', name: '标准快递', payer: 'buyer', rates: [{ carrier: 'express', firstItems: 1, firstFee: '8.00', additionalItems: 1, additionalFee: '2.00' }] }];
  for (let i = 0; i < size; i++) {
    docs.push({
      kind: 'Product',
      key: `mug-${i}`,
      title: `陶瓷马克杯 ${i} 号`,
      images: images.map((f) => `images/${f}`),
      shipping: 'express',
      skus: [
        { key: 'white', options: { 颜色: '白色' }, price: `${30 + (i % 50)}.00`, stock: 10 + (i % 7) },
        { key: 'black', options: { 颜色: '黑色' }, price: `${31 + (i % 50)}.50`, stock: 5 },
      ],
      platforms: { 'wechat-channels': { category: ['10000111', '10000113', '6091'], attributes: { 材质: '陶瓷' } } },
    });
  }
  writeFileSync(join(dir, 'catalog', 'products.yaml'), docs.map((d) => stringify(d)).join('---\n'));
}

export function wechatChannelsSection({ cli, planSummary, repoRoot }) {
  return {
    name: 'wechat-channels',
    run(ctx) {
      const rows = [];
      for (const size of sizes) {
        const dir = join(ctx.work, `wechat-channels-${size}`);
        project(dir, size, repoRoot);
        const run = (args) => ctx.measure([cli, ...args], { cwd: dir, keepOutput: true });
        const apply = run(['apply', '--auto-approve', '--config', 'fast.config.yaml']);
        rows.push({ case: `wechat-channels apply (all creates, fast config), ${size} products / ${size * 2} SKUs`, ...timing(apply), result: apply.ok ? (/Apply complete:[^\n]*/.exec(apply.stdout)?.[0] ?? 'ok') : apply.result });
        const noop = (label) => {
          const r = run(['plan', '--detailed-exitcode']);
          const s = planSummary(r.stdout);
          const reads = /\((\d+) read calls?\)/.exec(r.stderr ?? '')?.[1];
          const pages = Math.ceil(size / 30);
          rows.push({ case: `wechat-channels ${label}, ${size} products, default limits`, ...timing(r), result: r.ok ? `${s?.apiCalls === 0 || /No changes/.test(r.stdout) ? 'no changes' : s?.line}; ${reads ?? '?'} read calls (list pages: ${pages} + ${Math.ceil(size / 30) + 1} + 1, stock batches: ${Math.ceil(size / 50)})` : r.result });
        };
        noop('no-op plan, first after apply');
        noop('no-op plan, warm (nothing changed)');
      }
      return rows;
    },
  };
}
