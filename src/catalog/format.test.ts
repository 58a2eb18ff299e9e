import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatCatalogFile, listCatalogFiles } from './format.js';
import { PLATFORMS } from '../platforms/registry.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function format(text: string): string {
  const result = formatCatalogFile(text, 'test.yaml', PLATFORMS);
  if ('error' in result) throw new Error(JSON.stringify(result.error));
  return result.text;
}

const values = (text: string): unknown[] => parseAllDocuments(text).map((d) => d.toJS());

const messy = `# yaml-language-server: $schema=../schemas/catalog.schema.json
# 手机分组
platforms:
    waiqin365:
        types: [{ name: 手机 }]
        code: PH   # 外勤365 编码
name: 手机
key: phones
kind: Group
---
---
targets: [store]
skus:
    -   stock: 5
        price: "19.90"
        options: { 容量: 128G, 颜色: 白色 }
        key: white-128
title: iPhone 12
key: iphone12
kind: Product
platforms:
    wechat-live: { url: pages/a, name: 苹果 }
    goofish:
        district: { district: 440305, city: 440300, province: 440000 }
        shops: [a]
        stuffStatus: 100
        channelCatId: "42"
        spBizType: 1
        itemBizType: 2
    xiaoliebian:
        link: { path: pages/a, appId: wx1 }
        platformType: 1
description: |
    国行正品，
    电池健康 90%。
mystery: 1
price: 19.90
`;

describe('formatCatalogFile', () => {
  const out = format(messy);

  it('orders keys as the zod schemas declare them, at every depth, with 2-space indentation', () => {
    expect(out).toBe(`# yaml-language-server: $schema=../schemas/catalog.schema.json
# 手机分组
kind: Group
key: phones
name: 手机
platforms:
  waiqin365:
    code: PH # 外勤365 编码
    types: [{ name: 手机 }]
---
kind: Product
key: iphone12
title: iPhone 12
description: |
  国行正品，
  电池健康 90%。
price: 19.90
skus:
  - key: white-128
    options: { 容量: 128G, 颜色: 白色 }
    price: "19.90"
    stock: 5
targets: [store]
platforms:
  goofish:
    itemBizType: 2
    spBizType: 1
    channelCatId: "42"
    stuffStatus: 100
    shops: [a]
    district: { province: 440000, city: 440300, district: 440305 }
  wechat-live: { name: 苹果, url: pages/a }
  xiaoliebian:
    platformType: 1
    link: { appId: wx1, path: pages/a }
mystery: 1
`);
  });

  it('never changes a value (money text included)', () => {
    expect(values(out)).toEqual(values(messy).filter((v) => v !== null));
    expect(out).toContain('price: 19.90\n');
  });

  it('is idempotent', () => {
    expect(format(out)).toBe(out);
  });

  it('reports a syntax error with its position and formats nothing', () => {
    const result = formatCatalogFile('kind: Group\nkey: [a\nname: x\n', 'bad.yaml', PLATFORMS);
    expect('error' in result).toBe(true);
    if ('error' in result) expect(result.error[0]!.pos).toMatchObject({ file: 'bad.yaml', line: expect.any(Number) });
  });

  it('reports duplicate keys instead of dropping one', () => {
    const result = formatCatalogFile('kind: Group\nkey: a\nkey: b\nname: x\n', 'dup.yaml', PLATFORMS);
    expect('error' in result).toBe(true);
  });

  it('the example catalog is in canonical format', () => {
    const changed = listCatalogFiles(join(repoRoot, 'catalog')).filter((file) => {
      const text = readFileSync(file, 'utf8');
      return format(text) !== text;
    });
    expect(changed.map((f) => relative(repoRoot, f))).toEqual([]);
  });
});
