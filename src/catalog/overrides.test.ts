import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../config/load.js';
import { loadCatalog } from './load.js';
import { catalogForTarget } from './overrides.js';
import { WITH_PLATFORMS } from '../platforms/registry.js';

const temp = mkdtempSync(path.join(tmpdir(), 'catalog-overrides-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

async function load(product: string) {
  const dir = path.join(temp, `p${n++}`);
  mkdirSync(path.join(dir, 'catalog'), { recursive: true });
  writeFileSync(
    path.join(dir, 'catalog.config.yaml'),
    'targets:\n  xianyu: { platform: goofish, sandbox: true }\n  wecom: { platform: xiaoliebian, sandbox: true }\n  live: { platform: wechat-live, sandbox: true }\n  sales: { platform: waiqin365, sandbox: true }\n',
  );
  writeFileSync(path.join(dir, 'catalog', 'p.yaml'), product);
  return loadCatalog(loadConfig(path.join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS).config!, WITH_PLATFORMS);
}

const PLATFORMS = `platforms:
  goofish: { itemBizType: 2, spBizType: 99, channelCatId: c1, stuffStatus: 100, shops: [s], district: { province: 1, city: 2, district: 3 } }
  xiaoliebian: { platformType: 1, link: { url: "https://x.example.com" }, banner: "https://x.example.com/b.jpg" }
  wechat-live: { url: pages/a }
`;

describe('per-target overrides', () => {
  test('each target gets its overrides; defaults that derive from an overridden field follow it', async () => {
    const { catalog, diagnostics } = await load(`kind: Product
key: phone
title: 二手 iPhone 13
description: base
originalPrice: 4299
images: ["https://x.example.com/a.jpg"]
skus:
  - { key: blue, options: { 颜色: 蓝色 }, price: 3499, stock: 1, overrides: { xianyu: { price: "3199.90" } } }
  - { key: red, options: { 颜色: 红色 }, price: 3599, stock: 2 }
overrides:
  xianyu: { onSale: false, title: 闲鱼特价 iPhone 13, description: 闲鱼专享描述文字 }
  live: { title: 直播价 iPhone, images: ["https://x.example.com/live.jpg"] }
${PLATFORMS}`);
    expect(diagnostics).toEqual([]);
    const base = catalog!.products[0]!;
    expect(base).toMatchObject({ title: '二手 iPhone 13', price: 349900, onSale: true });
    const xianyu = catalogForTarget(catalog!, 'xianyu').products[0]!;
    expect(xianyu).toMatchObject({ title: '闲鱼特价 iPhone 13', description: '闲鱼专享描述文字', onSale: false, price: 319990, targets: ['xianyu'] });
    expect(xianyu.skus.map((s) => s.price)).toEqual([319990, 359900]);
    // In the schema's order, not the written one (the same whether or not zod copied the document).
    expect(base.overrides!.xianyu!.fields).toEqual(['title', 'description', 'onSale', 'skus.blue.price']);
    const live = catalogForTarget(catalog!, 'live').products[0]!;
    // wechat-live's name and cover default to the title and first image: the overridden ones.
    expect(live.platforms['wechat-live']).toMatchObject({ name: '直播价 iPhone', coverImage: { kind: 'url', url: 'https://x.example.com/live.jpg' } });
    expect(catalogForTarget(catalog!, 'wecom').products[0]).toBe(base);
  });

  test('checked like the base fields, at the override: money exactness, the target platform limits, target names', async () => {
    const { diagnostics } = await load(`kind: Product
key: phone
title: T
price: 10
stock: 1
images: ["https://x.example.com/a.jpg"]
overrides:
  xianyu: { title: ${'很长'.repeat(20)} }
  wecom: { price: "9.999" }
  xianyou: { price: 1 }
  sales: { price: 2 }
${PLATFORMS}`);
    // Every mistake at once: the platform rules run on the override values too (the base has no description).
    expect(diagnostics.map((d) => [d.code, d.pos?.line])).toEqual([
      ['goofish.description-length', 1],
      ['goofish.title-width', 8],
      ['money.precision', 9],
      ['override.target', 10],
      ['override.target', 11],
    ]);
    const targetMistakes = diagnostics.filter((d) => d.code === 'override.target');
    expect(targetMistakes[0]!.hint).toContain('did you mean "xianyu"');
    expect(targetMistakes[1]!.hint).toContain('manages no products');
    const fixed = await load(`kind: Product\nkey: phone\ntitle: T\ndescription: 五个字以上的描述\nprice: 10\nstock: 1\nimages: ["https://x.example.com/a.jpg"]\noverrides:\n  xianyu: { title: ${'很长'.repeat(20)} }\n${PLATFORMS}`);
    expect(fixed.diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.col, d.message.endsWith('(goofish target xianyu)')])).toEqual([["goofish.title-width", 9, 20, true]]);
  });
});
