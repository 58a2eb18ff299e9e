import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/model.js';
import { CatalogFileReader, loadCatalog } from './load.js';
import { contentAt, readShared, shareContents } from './load-pool.js';
import { WITH_PLATFORMS } from '../platforms/registry.js';

const temp = mkdtempSync(path.join(tmpdir(), 'catalog-load-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

const CONFIG = `targets:
  store: { platform: wechat-store, sandbox: true }
  live: { platform: wechat-live, sandbox: true }
  xianyu: { platform: goofish, sandbox: true }
  wecom: { platform: xiaoliebian, sandbox: true }
  sales: { platform: waiqin365, sandbox: true }
`;

function project(files: Record<string, string>, config = CONFIG): Config {
  const dir = path.join(temp, `p${n++}`);
  mkdirSync(path.join(dir, 'catalog'), { recursive: true });
  writeFileSync(path.join(dir, 'catalog.config.yaml'), config);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, 'catalog', file)), { recursive: true });
    writeFileSync(path.join(dir, 'catalog', file), text);
  }
  const loaded = loadConfig(path.join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS);
  expect(loaded.diagnostics).toEqual([]);
  return loaded.config!;
}

async function ok(config: Config) {
  const result = await loadCatalog(config, WITH_PLATFORMS);
  expect(result.diagnostics).toEqual([]);
  return result.catalog!;
}

const XLB = 'targets: [wecom]\nplatforms:\n  xiaoliebian: { platformType: 1, link: { url: "https://x.example.com" }, banner: "https://x.example.com/b.jpg" }\n';

describe('loadCatalog', () => {
  test('money is read from the source text, exactly', async () => {
    const catalog = await ok(
      project({
        'p.yaml': `kind: Product\nkey: p1\ntitle: T\noriginalPrice: 4.35\nskus:\n  - { key: a, options: { c: x }, price: 19.99, stock: 1 }\n  - { key: b, options: { c: y }, price: "0.30", stock: 2 }\n  - { key: c, options: { c: z }, price: 1.10, stock: 3 }\n${XLB}`,
      }),
    );
    const p = catalog.products[0]!;
    expect(p.skus.map((s) => s.price)).toEqual([1999, 30, 110]);
    expect(p.originalPrice).toBe(435);
  });

  test('defaults: onSale, stock = SKU sum, price = lowest SKU price, description, protect', async () => {
    const catalog = await ok(
      project({
        'p.yaml': `kind: Product\nkey: p1\ntitle: T\nskus:\n  - { key: a, options: { 容量: 128 }, price: 20, stock: 4 }\n  - { key: b, options: { 容量: 1.50 }, price: 10, stock: 6 }\n${XLB}`,
      }),
    );
    const p = catalog.products[0]!;
    expect(p).toMatchObject({ onSale: true, stock: 10, price: 1000, description: '', protect: false, groups: [], images: [] });
    expect(p.skus.map((s) => s.options)).toEqual([[['容量', '128']], [['容量', '1.50']]]);
  });

  test('a given product price equal to one SKU price is accepted', async () => {
    const catalog = await ok(
      project({ 'p.yaml': `kind: Product\nkey: p1\ntitle: T\nprice: 20\nstock: 3\nskus:\n  - { key: a, options: { c: x }, price: 20, stock: 1 }\n  - { key: b, options: { c: y }, price: 10, stock: 2 }\n${XLB}` }),
    );
    expect(catalog.products[0]!.price).toBe(2000);
  });

  test('default targets: every target whose platform manages the kind; groups go to waiqin365 only with a block', async () => {
    const catalog = await ok(
      project({
        'g.yaml': 'kind: Group\nkey: plain\nname: A\n---\nkind: Group\nkey: wq\nname: B\nplatforms:\n  waiqin365: { types: [{ name: 手机 }] }\n',
        't.yaml': 'kind: ShippingTemplate\nkey: t\nname: T\npayer: seller\nrates: [{ carrier: ems, firstItems: 1, firstFee: 0, additionalItems: 1, additionalFee: 0 }]\n',
      }),
    );
    expect(catalog.groups.map((g) => [g.key, g.targets])).toEqual([
      ['plain', ['store', 'wecom']],
      ['wq', ['store', 'wecom', 'sales']],
    ]);
    expect(catalog.groups[1]!.platforms.waiqin365).toEqual({ code: 'wq', types: [{ name: '手机' }], enabled: true });
    expect(catalog.shippingTemplates[0]!.targets).toEqual(['store']);
    expect(catalog.shippingTemplates[0]!.rates[0]).toMatchObject({ carrier: 'ems', firstFee: 0, regions: [] });
  });

  test('objects are read from every depth, multi-document files, .yml too; the digest follows the bytes', async () => {
    const config = project({
      'a.yaml': 'kind: Group\nkey: a\nname: A\n---\nkind: Group\nkey: b\nname: B\n',
      'deep/er/c.yml': 'kind: Group\nkey: c\nname: C\n',
      'notes.txt': 'not a catalog file',
    });
    const result = await loadCatalog(config, WITH_PLATFORMS);
    expect(result.fileCount).toBe(2);
    expect(result.catalog!.groups.map((g) => [g.key, g.source.file])).toEqual([
      ['a', 'catalog/a.yaml'],
      ['b', 'catalog/a.yaml'],
      ['c', 'catalog/deep/er/c.yml'],
    ]);
    const digest = result.catalog!.digest;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await loadCatalog(config, WITH_PLATFORMS)).catalog!.digest).toBe(digest);
    writeFileSync(path.join(config.catalogDir, 'deep/er/c.yml'), 'kind: Group\nkey: c\nname: C2\n');
    expect((await loadCatalog(config, WITH_PLATFORMS)).catalog!.digest).not.toBe(digest);
    // Same bytes under another name is another catalog.
    const moved = path.join(temp, `moved${n++}`);
    cpSync(path.dirname(config.catalogDir), moved, { recursive: true });
    rmSync(path.join(moved, 'catalog/deep'), { recursive: true });
    writeFileSync(path.join(moved, 'catalog/c.yml'), 'kind: Group\nkey: c\nname: C2\n');
    const movedConfig = loadConfig(path.join(moved, 'catalog.config.yaml'), {}, WITH_PLATFORMS).config!;
    const movedDigest = (await loadCatalog(movedConfig, WITH_PLATFORMS)).catalog!.digest;
    expect(movedDigest).not.toBe((await loadCatalog(config, WITH_PLATFORMS)).catalog!.digest);
  });

  test('image files resolve inside the catalog folder; URLs stay URLs', async () => {
    const config = project({
      'p.yaml': `kind: Product\nkey: p1\ntitle: T\nprice: 1\nimages: [images/a.jpg, "./images/../images/a.jpg", https://img.example.com/b.png]\n${XLB}`,
      'images/a.jpg': 'x',
    });
    const p = (await ok(config)).products[0]!;
    expect(p.images).toEqual([
      { kind: 'file', path: 'images/a.jpg', absPath: path.join(config.catalogDir, 'images/a.jpg') },
      { kind: 'file', path: 'images/a.jpg', absPath: path.join(config.catalogDir, 'images/a.jpg') },
      { kind: 'url', url: 'https://img.example.com/b.png' },
    ]);
  });

  test('wechat-live and wechat-store blocks are completed with defaults', async () => {
    const catalog = await ok(
      project({
        'p.yaml': `kind: Product\nkey: p1\ntitle: 苹果\ndescription: 好\nprice: 90\noriginalPrice: 100\nimages: [https://mmbiz.qpic.cn/mmbiz_jpg/a/0]\ntargets: [store, live]\nplatforms:\n  wechat-store: { categoryId: "1", express: [{ carrier: express, fee: 8.5 }] }\n  wechat-live: { url: pages/x, priceType: 2, price2: 120 }\n`,
      }),
    );
    const p = catalog.products[0]!;
    expect(p.platforms['wechat-live']).toEqual({ name: '苹果', priceType: 2, price: 9000, price2: 12000, url: 'pages/x', coverImage: { kind: 'url', url: 'https://mmbiz.qpic.cn/mmbiz_jpg/a/0' } });
    expect(p.platforms['wechat-store']).toMatchObject({ detail: [{ text: '好' }], buyLimit: 0, express: [{ carrier: 'express', fee: 850 }] });
  });

  test('a platform with two targets reports a rule once, naming both targets', async () => {
    const config = project(
      { 'p.yaml': 'kind: Product\nkey: p1\ntitle: T\nprice: 1\n' },
      'targets:\n  a: { platform: goofish, sandbox: true }\n  b: { platform: goofish, sandbox: true }\n',
    );
    const result = await loadCatalog(config, WITH_PLATFORMS);
    expect(result.catalog).toBeUndefined();
    const block = result.diagnostics.filter((d) => d.code === 'goofish.block-required');
    expect(block).toHaveLength(1);
    expect(block[0]!.message).toContain('goofish targets a, b');
  });

  test('a missing catalog folder', async () => {
    const config = project({});
    rmSync(config.catalogDir, { recursive: true });
    const result = await loadCatalog(config, WITH_PLATFORMS);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['catalog.missing']);
  });

  test('worker reading parses the bytes it is given, never the file on disk again', () => {
    // Workers get the main thread's bytes through shareContents; what they parse must be exactly
    // those bytes (the file cache stores the result under their hash), and an oversized file's
    // known size needs no second look at the disk.
    const config = project({ 'a.yaml': 'kind: Group\nkey: on-disk\nname: D\n' });
    const a = path.join(config.catalogDir, 'a.yaml');
    const gone = path.join(config.catalogDir, 'gone.yaml'); // not on disk at all
    const enc = new TextEncoder();
    const shared = shareContents([enc.encode('kind: Group\nkey: given\nname: G\n'), 5_000_000, enc.encode('kind: Group\nkey: also\nname: A\n')]);
    expect(contentAt(shared, 1)).toBe(5_000_000);
    const nextFile = new Int32Array(new SharedArrayBuffer(4));
    const read = readShared(new CatalogFileReader(config, WITH_PLATFORMS.platforms), [a, gone, gone], nextFile, (i) => contentAt(shared, i), []);
    expect(read.indexes).toEqual([0, 1, 2]);
    expect(read.results.map((r) => r!.entries.map((e) => e.key))).toEqual([['given'], [], ['also']]);
    expect(read.results[1]!.diagnostics.map((d) => [d.code, d.pos?.file])).toEqual([['file.too-large', 'catalog/gone.yaml']]);
    expect(read.results[0]!.diagnostics).toEqual([]);
  });

  test('an empty catalog is valid', async () => {
    const catalog = await ok(project({ 'empty.yaml': '# nothing\n---\n' }));
    expect(catalog.products).toEqual([]);
  });
});
