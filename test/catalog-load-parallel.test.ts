/**
 * Large catalogs are read by worker threads when running compiled JavaScript (dist/, built by
 * `npm test`). The result must be exactly what the in-process reader gives: same objects in the
 * same order, same diagnostics, same digest.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, onTestFinished, test } from 'vitest';
import { loadCatalog as loadInProcess } from '../src/catalog/load.js';
import { loadConfig } from '../src/config/load.js';
import { WITH_PLATFORMS } from '../src/platforms/registry.js';

const DIST = path.resolve(import.meta.dirname, '../dist/catalog/load.js');
const DIST_REGISTRY = path.resolve(import.meta.dirname, '../dist/platforms/registry.js');
const temp = mkdtempSync(path.join(tmpdir(), 'catalog-parallel-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function product(i: number): string {
  // Every 500th product has a mistake, so diagnostics from several workers are merged too.
  const price = i % 500 === 7 ? '19.999' : `${100 + (i % 50)}.50`;
  return `kind: Product
key: p${i}
title: 商品 ${i} 黑色 128G 国行正品
description: |
  国行正品，电池健康 90%。第 ${i} 号商品。
originalPrice: 7000
images: [https://mmbiz.qpic.cn/mmbiz_jpg/p${i}/0]
groups: [g${i % 20}]
skus:
  - { key: white, options: { 颜色: 白色, 容量: 128G }, price: ${price}, stock: 5 }
  - { key: black, options: { 颜色: 黑色, 容量: 128G }, price: 5500, stock: 5 }
platforms:
  goofish: { itemBizType: 2, spBizType: 1, channelCatId: "c1", stuffStatus: 100, shops: [shop1], district: { province: 440000, city: 440300, district: 440305 } }
  wechat-store: { categoryId: "537074298", attrext: { isPostFree: true } }
  xiaoliebian: { platformType: 1, link: { appId: wx1234567890, path: pages/goods/detail } }
`;
}

test.skipIf(!existsSync(DIST))('worker threads give the same result as the in-process reader', async () => {
  const { loadCatalog: loadCompiled } = (await import(DIST)) as { loadCatalog: typeof loadInProcess };
  const { WITH_PLATFORMS: WITH_PLATFORMS_COMPILED } = (await import(DIST_REGISTRY)) as { WITH_PLATFORMS: typeof WITH_PLATFORMS };
  writeFileSync(
    path.join(temp, 'catalog.config.yaml'),
    'targets:\n  store: { platform: wechat-store, sandbox: true }\n  xianyu: { platform: goofish, sandbox: true }\n  wecom: { platform: xiaoliebian, sandbox: true }\n',
  );
  mkdirSync(path.join(temp, 'catalog', 'products'), { recursive: true });
  writeFileSync(path.join(temp, 'catalog', 'groups.yaml'), Array.from({ length: 20 }, (_, g) => `kind: Group\nkey: g${g}\nname: 分组${g}\n`).join('---\n'));
  const perFile = 100;
  for (let f = 0; f < 12; f++) {
    const docs = Array.from({ length: perFile }, (_, j) => product(f * perFile + j));
    writeFileSync(path.join(temp, 'catalog', 'products', `f${String(f).padStart(2, '0')}.yaml`), docs.join('---\n'));
  }
  const config = loadConfig(path.join(temp, 'catalog.config.yaml'), {}, WITH_PLATFORMS).config!;

  process.env.CATALOG_WORKERS = '3'; // forced, so the test does not depend on the core count
  onTestFinished(() => {
    delete process.env.CATALOG_WORKERS;
  });
  const parallel = await loadCompiled(config, WITH_PLATFORMS_COMPILED);
  const sequential = await loadInProcess(config, WITH_PLATFORMS);
  expect(parallel.diagnostics.length).toBe(3);
  expect(parallel.diagnostics).toEqual(sequential.diagnostics);
  expect(parallel.fileCount).toBe(13);

  // Without the mistakes both produce the catalog; compare it whole.
  for (let f = 0; f < 12; f++) {
    const docs = Array.from({ length: perFile }, (_, j) => product(f * perFile + j).replace('19.999', '19.99'));
    writeFileSync(path.join(temp, 'catalog', 'products', `f${String(f).padStart(2, '0')}.yaml`), docs.join('---\n'));
  }
  const a = await loadCompiled(config, WITH_PLATFORMS_COMPILED);
  const b = await loadInProcess(config, WITH_PLATFORMS);
  expect(a.diagnostics).toEqual([]);
  expect(a.catalog!.products).toHaveLength(1200);
  expect(a.catalog).toEqual(b.catalog);
  // Strictly: a worker's results reach the main thread as JSON (its file-cache records), so no field may be undefined.
  expect(a.catalog).toStrictEqual(b.catalog);
});
