/**
 * The shipped example catalog (catalog/) is documentation users copy from: every document must match
 * the catalog format, and together they must use every kind and every platform.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { documentSchemas, type CatalogDoc } from './model.js';
import { listCatalogFiles } from './format.js';
import { loadCatalog } from './load.js';
import { loadConfig } from '../config/load.js';
import { PLATFORMS, WITH_PLATFORMS } from '../platforms/registry.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const catalogDir = join(repoRoot, 'catalog');

const exampleCatalogFiles = (): string[] => listCatalogFiles(catalogDir);

function exampleDocs(): { file: string; doc: CatalogDoc }[] {
  return exampleCatalogFiles().flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((d) => {
      const parsed = documentSchemas(PLATFORMS).document.safeParse(d.toJS());
      if (!parsed.success) throw new Error(`${relative(repoRoot, file)}: ${parsed.error.message}`);
      return { file, doc: parsed.data };
    }),
  );
}

describe('example catalog', () => {
  it('every document matches the catalog format', () => {
    expect(exampleDocs().length).toBeGreaterThan(15);
  });

  it('every file starts with the yaml-language-server schema line pointing at schemas/', () => {
    for (const file of exampleCatalogFiles()) {
      const first = readFileSync(file, 'utf8').split('\n')[0] ?? '';
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, file).not.toBeNull();
      expect(join(file, '..', m![1]!)).toBe(join(repoRoot, 'schemas', 'catalog.schema.json'));
    }
  });

  it('is a realistic merchant catalog: >= 12 products, several multi-SKU, every kind and platform', () => {
    const docs = exampleDocs().map((d) => d.doc);
    const products = docs.filter((d) => d.kind === 'Product');
    expect(products.length).toBeGreaterThanOrEqual(12);
    expect(products.filter((p) => (p.skus?.length ?? 0) > 1).length).toBeGreaterThanOrEqual(3);
    expect(docs.filter((d) => d.kind === 'Group').length).toBeGreaterThanOrEqual(3);
    expect(docs.filter((d) => d.kind === 'ShippingTemplate')).toHaveLength(2);
    expect(docs.filter((d) => d.kind === 'Shelf')).toHaveLength(1);
    const targets = new Set(docs.flatMap((d) => d.targets ?? []));
    expect([...targets].sort()).toEqual(['channels', 'live', 'store', 'wecom', 'xianyu']);
    const groups = docs.filter((d) => d.kind === 'Group');
    expect(groups.some((g) => g.platforms?.waiqin365?.brands)).toBe(true);
    expect(groups.some((g) => g.platforms?.waiqin365?.types)).toBe(true);
  });

  it('validates cleanly with the shipped config: no errors, no warnings', async () => {
    const { config, diagnostics } = loadConfig(join(repoRoot, 'catalog.config.yaml'), {}, WITH_PLATFORMS);
    expect(diagnostics).toEqual([]);
    const result = await loadCatalog(config!, WITH_PLATFORMS);
    expect(result.diagnostics).toEqual([]);
    expect(result.catalog?.products.length).toBeGreaterThanOrEqual(12);
  });
});
