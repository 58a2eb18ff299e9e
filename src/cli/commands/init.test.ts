import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { loadCatalog } from '../../catalog/load.js';
import { formatCatalogFile, listCatalogFiles } from '../../catalog/format.js';
import { generateSchemas, serializeSchema } from '../../catalog/schema-gen.js';
import { runInProcess } from '../../../test/helpers/cli.js';

const run = (cwd: string, ...args: string[]) => runInProcess(cwd, args);

const tempDir = () => mkdtempSync(join(tmpdir(), 'catalog-init-'));

describe('catalog init', () => {
  it('scaffolds a config and a catalog that validate cleanly, in canonical format', async () => {
    const cwd = tempDir();
    const r = await run(cwd, 'init', 'my-shop');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created my-shop/catalog.config.yaml');
    expect(r.stdout).toContain('created my-shop/catalog/products.yaml');

    const root = join(cwd, 'my-shop');
    const { config, diagnostics } = loadConfig(join(root, 'catalog.config.yaml'), {});
    expect(diagnostics).toEqual([]);
    expect(config!.targets.every((t) => t.sandbox)).toBe(true);
    expect(config!.targets.map((t) => t.platform).sort()).toEqual(['goofish', 'waiqin365', 'wechat-live', 'wechat-store', 'xiaoliebian']);
    const loaded = await loadCatalog(config!);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.catalog!.products.length).toBeGreaterThanOrEqual(2);
    expect(loaded.catalog!.groups.length).toBeGreaterThanOrEqual(1);

    for (const file of listCatalogFiles(join(root, 'catalog'))) {
      const text = readFileSync(file, 'utf8');
      expect(formatCatalogFile(text, file)).toEqual({ text });
    }
    for (const [file, schema] of Object.entries(generateSchemas())) {
      expect(readFileSync(join(root, 'schemas', file), 'utf8')).toBe(serializeSchema(schema));
    }
  });

  it('initialises the current folder when it is empty (a .git folder is allowed)', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, '.git'));
    const r = await run(cwd, 'init');
    expect(r.code).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(['.git', 'catalog', 'catalog.config.yaml', 'schemas']);
  });

  it('refuses a non-empty folder with a clear message, exit 1, and writes nothing', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'notes.txt'), 'mine');
    const r = await run(cwd, 'init');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not empty (notes.txt)');
    expect(readdirSync(cwd)).toEqual(['notes.txt']);
  });

  it('refuses a path that is a file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'shop'), '');
    const r = await run(cwd, 'init', 'shop');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a folder');
  });
});
