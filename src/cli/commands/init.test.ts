import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { loadCatalog } from '../../catalog/load.js';
import { formatCatalogFile, listCatalogFiles } from '../../catalog/format.js';
import { REPO, runInProcess } from '../../../test/helpers/cli.js';
import { PLATFORMS, WITH_PLATFORMS } from '../../platforms/registry.js';

const run = (cwd: string, ...args: string[]) => runInProcess(cwd, args);

const tempDir = () => mkdtempSync(join(tmpdir(), 'catalog-init-'));

describe('catalog init', () => {
  it('scaffolds a merchant repository whose config and catalog validate cleanly, in canonical format', async () => {
    const cwd = tempDir();
    const r = await run(cwd, 'init', 'my-shop');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created my-shop/catalog.config.yaml');
    expect(r.stdout).toContain('created my-shop/catalog/products.yaml');

    const root = join(cwd, 'my-shop');
    const { config, diagnostics } = loadConfig(join(root, 'catalog.config.yaml'), {}, WITH_PLATFORMS);
    expect(diagnostics).toEqual([]);
    expect(config!.targets.every((t) => t.sandbox)).toBe(true);
    expect(config!.targets.map((t) => t.platform).sort()).toEqual(['goofish', 'waiqin365', 'wechat-channels', 'wechat-live', 'wechat-store', 'xiaoliebian']);
    const loaded = await loadCatalog(config!, WITH_PLATFORMS);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.catalog!.products.length).toBeGreaterThanOrEqual(2);
    expect(loaded.catalog!.groups.length).toBeGreaterThanOrEqual(1);
    expect(loaded.catalog!.shippingTemplates.length).toBeGreaterThanOrEqual(1);

    for (const file of listCatalogFiles(join(root, 'catalog'))) {
      const text = readFileSync(file, 'utf8');
      expect(formatCatalogFile(text, file, PLATFORMS)).toEqual({ text });
    }
  });

  it('names every credential as an environment reference, documented in a comment', () => {
    const cwd = tempDir();
    return run(cwd, 'init').then(() => {
      const text = readFileSync(join(cwd, 'catalog.config.yaml'), 'utf8');
      const refs = [...text.matchAll(/^\s+\w+: \$\{([A-Z_]+):-\}$/gm)].map((m) => m[1]!);
      expect(refs.sort()).toEqual(['GOOFISH_APPKEY', 'GOOFISH_SECRET', 'WQ_APPKEY', 'WQ_OPENID', 'WX_CHANNELS_APPID', 'WX_CHANNELS_SECRET', 'WX_MINI_APPID', 'WX_MINI_SECRET', 'WX_STORE_APPID', 'WX_STORE_SECRET', 'XLB_APPID', 'XLB_SECRET']);
      const comment = text.split('\n').filter((l) => l.startsWith('#')).join('\n');
      for (const name of [...refs, 'WQ_HOST']) expect(comment).toContain(name);
    });
  });

  it('pins this package, ignores local state, copies the CI workflow and associates the schemas with every catalog document', async () => {
    const cwd = tempDir();
    expect((await run(cwd, 'init')).code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'))).toMatchObject({ private: true, devDependencies: { [pkg.name]: pkg.version } });
    expect(readFileSync(join(cwd, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['.catalog/', 'node_modules/']));
    expect(readFileSync(join(cwd, '.github/workflows/catalog.yml'), 'utf8')).toBe(readFileSync(join(REPO, '.github/workflows/catalog.yml'), 'utf8'));
    const settings = JSON.parse(readFileSync(join(cwd, '.vscode/settings.json'), 'utf8')) as { 'yaml.schemas': Record<string, string[]> };
    expect(settings['yaml.schemas']).toEqual({
      [`./node_modules/${pkg.name}/schemas/catalog.schema.json`]: ['catalog/**/*.yaml', 'catalog/**/*.yml'],
      [`./node_modules/${pkg.name}/schemas/config.schema.json`]: ['catalog.config.yaml'],
    });
    // The schemas named there are the ones the package ships.
    for (const schema of Object.keys(settings['yaml.schemas'])) expect(existsSync(join(REPO, schema.replace(`./node_modules/${pkg.name}/`, '')))).toBe(true);
    expect(existsSync(join(cwd, '.gitlab-ci.yml'))).toBe(false);
  });

  it('--ci gitlab writes the .gitlab-ci.yml of docs/ci.md instead of the GitHub workflow', async () => {
    const cwd = tempDir();
    expect((await run(cwd, 'init', '--ci', 'gitlab')).code).toBe(0);
    const text = readFileSync(join(cwd, '.gitlab-ci.yml'), 'utf8');
    expect(text.startsWith('# .gitlab-ci.yml')).toBe(true);
    expect(readFileSync(join(REPO, 'docs', 'ci.md'), 'utf8')).toContain(text);
    expect(existsSync(join(cwd, '.github'))).toBe(false);
  });

  it('never overwrites an existing file: it lists what it skipped; --force overwrites', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, '.git'));
    writeFileSync(join(cwd, 'package.json'), '{"name":"mine"}\n');
    writeFileSync(join(cwd, 'notes.txt'), 'mine');
    const r = await run(cwd, 'init');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('skipped (already there; --force overwrites): package.json');
    expect(r.stdout).not.toContain('created package.json');
    expect(readFileSync(join(cwd, 'package.json'), 'utf8')).toBe('{"name":"mine"}\n');
    expect(readFileSync(join(cwd, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(cwd).sort()).toEqual(['.git', '.github', '.gitignore', '.vscode', 'catalog', 'catalog.config.yaml', 'notes.txt', 'package.json']);

    const again = await run(cwd, 'init');
    expect(again.stdout).not.toContain('created');
    const forced = await run(cwd, 'init', '--force');
    expect(forced.stdout).toContain('overwrote package.json');
    expect(JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'))).toHaveProperty('devDependencies');
    expect(readFileSync(join(cwd, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a path that is a file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'shop'), '');
    const r = await run(cwd, 'init', 'shop');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a folder');
  });
});
