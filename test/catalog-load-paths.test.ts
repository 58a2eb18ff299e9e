/**
 * The loader's fast paths change nothing a user sees: every project below (the broken-catalog
 * corpus, the valid fixtures, the example catalog, a generated catalog) loads to the same normalised
 * catalog and the same diagnostics, byte for byte, whether files are read by the line reader and the
 * CST reader (the default) or by `yaml`'s Document API alone (src/yaml/yaml-source.ts), and whether
 * valid documents pass the schemas' fast checks (the default, src/schema/fast-check.ts) or zod alone.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { loadConfig } from '../src/config/load.js';
import { WITH_PLATFORMS } from '../src/platforms/registry.js';
import { fastChecks } from '../src/schema/zod-issues.js';
import { yamlReaders } from '../src/yaml/yaml-source.js';

/** Which fast paths a load may take. */
interface Paths {
  lines: boolean;
  cst: boolean;
  fastChecks: boolean;
}

const repoRoot = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'load-paths-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** loadConfig + loadCatalog as `catalog validate` runs them, with an empty file cache, as one JSON text. */
async function load(configFile: string, paths: Paths): Promise<string> {
  const saved = { ...yamlReaders };
  Object.assign(yamlReaders, { lines: paths.lines, cst: paths.cst });
  fastChecks.enabled = paths.fastChecks;
  try {
    const loaded = loadConfig(configFile, {}, WITH_PLATFORMS);
    const config = loaded.config ?? loaded.offlineConfig;
    if (!config) return JSON.stringify(loaded);
    const result = await loadCatalog({ ...config, cacheDir: mkdtempSync(path.join(work, 'cache-')) }, WITH_PLATFORMS);
    return JSON.stringify({ config: loaded.diagnostics, ...result });
  } finally {
    Object.assign(yamlReaders, saved);
    fastChecks.enabled = true;
  }
}

async function expectSameOnEveryPath(configFile: string): Promise<void> {
  const slowest = await load(configFile, { lines: false, cst: false, fastChecks: false });
  expect(await load(configFile, { lines: true, cst: true, fastChecks: true }), configFile).toBe(slowest);
  expect(await load(configFile, { lines: false, cst: true, fastChecks: false }), configFile).toBe(slowest);
  expect(await load(configFile, { lines: true, cst: true, fastChecks: false }), configFile).toBe(slowest);
}

const fixtureProjects = ['broken', 'validate-ok'].flatMap((group) =>
  readdirSync(path.join(repoRoot, 'test/fixtures', group), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join('test/fixtures', group, d.name, 'catalog.config.yaml')),
);

describe('the same catalog and diagnostics from every reading path', () => {
  test.each(fixtureProjects)('%s', async (config) => {
    await expectSameOnEveryPath(path.join(repoRoot, config));
  });

  test('the example catalog', async () => {
    await expectSameOnEveryPath(path.join(repoRoot, 'catalog.config.yaml'));
  });

  test('a generated catalog', async () => {
    const { generateCatalog } = (await import(path.join(repoRoot, 'bench/generate.mjs'))) as {
      generateCatalog: (dir: string, options: { products: number; files: number }) => { configFile: string };
    };
    const { configFile } = generateCatalog(path.join(work, 'generated'), { products: 600, files: 12 });
    await expectSameOnEveryPath(configFile);
  }, 60_000);
});
