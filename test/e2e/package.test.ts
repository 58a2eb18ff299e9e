/**
 * The published package, used as a merchant's team would: `npm pack`, `npm install -g <tarball>`
 * into a fresh prefix, then the installed `catalog` bin: --version, --help, init in an empty folder,
 * validate, plan, apply against the sandbox, and a plan with nothing left to do.
 *
 * npm resolves the tool's dependencies from a local registry serving the versions package-lock.json
 * pins (test/helpers/local-registry.ts), so this runs offline on a fresh CI machine. The pack runs
 * with --ignore-scripts because `npm test` has just built dist/; that `prepack` builds is checked
 * on package.json.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { startLocalRegistry, type LocalRegistry } from '../helpers/local-registry.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; files: string[]; scripts: Record<string, string> };

describe('the packed package, installed globally into a fresh prefix', () => {
  const work = mkdtempSync(join(tmpdir(), 'catalog-pack-'));
  const prefix = join(work, 'prefix');
  const bin = join(prefix, 'bin', 'catalog');
  let registry: LocalRegistry;
  let tarball: string;
  let installed: { stdout: string; stderr: string };

  const npm = (args: string[]) =>
    run('npm', [...args, '--registry', registry.url, '--cache', join(work, 'npm-cache'), '--no-audit', '--no-fund', '--no-update-notifier'], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: work },
      timeout: 120_000,
    });
  const catalogWith = async (env: Record<string, string>, cwd: string, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run(bin, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: work, NO_COLOR: '1', ...env }, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
  const catalog = (cwd: string, ...args: string[]) => catalogWith({}, cwd, ...args);

  beforeAll(async () => {
    registry = await startLocalRegistry(REPO);
    await npm(['pack', '--ignore-scripts', '--pack-destination', work]);
    tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    installed = await npm(['install', '--global', '--prefix', prefix, tarball]);
  }, 180_000);
  afterAll(() => registry?.close());

  it('is named for npm (not the taken name "catalog"), keeps the bin, builds on prepack, and has no install scripts', () => {
    // prepare/install scripts would run (or, with npm 11, be reported as blocked) in every merchant's install.
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[script], script).toBeUndefined();
    expect(installed.stdout + installed.stderr).not.toMatch(/install.scripts/i);
    expect(pkg.name).not.toBe('catalog');
    expect(pkg.bin).toEqual({ catalog: 'bin/catalog.js' });
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(tarball.endsWith(`${pkg.name}-${pkg.version}.tgz`)).toBe(true);
  });

  it('ships the bundled CLI, schemas, the CI workflow init copies, README and LICENSE, and no sources, tests or unbundled modules', () => {
    const installed = join(prefix, 'lib', 'node_modules', pkg.name);
    const bundle = ['main.js', 'load-worker.js', 'registry.js', 'thread-worker.js'].map((f) => `dist/bundle/${f}`);
    for (const file of [...bundle, 'schemas/catalog.schema.json', '.github/workflows/catalog.yml', 'README.md', 'docs/ci.md', 'LICENSE']) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(installed, 'test'))).toBe(false);
    expect(existsSync(join(installed, 'dist', 'cli'))).toBe(false);
    // Libraries the bundle holds are not installed; those it loads on first use are.
    expect(Object.keys((pkg as unknown as { dependencies: Record<string, string> }).dependencies).sort()).toEqual(['listr2', 'pg', 'undici']);
  });

  it('runs: --version, --help', async () => {
    const version = await catalog(work, '--version');
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = await catalog(work, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('init');
    expect(help.stdout).toContain('apply');
  });

  it('init in an empty folder, validate, plan, apply --auto-approve, then plan --detailed-exitcode exits 0', async () => {
    const shop = mkdtempSync(join(tmpdir(), 'catalog-shop-'));
    const init = await catalog(shop, 'init');
    expect(init.code, init.stderr).toBe(0);
    const validated = await catalog(shop, 'validate');
    expect(validated).toMatchObject({ code: 0 });
    // Read again on three threads (a large catalog is; forced here): the workers load the bundle's load-worker.js and registry.js.
    rmSync(join(shop, '.catalog', 'cache'), { recursive: true, force: true });
    expect(await catalogWith({ CATALOG_WORKERS: '3' }, shop, 'validate')).toEqual(validated);
    const plan = await catalog(shop, 'plan', '--detailed-exitcode');
    expect(plan.code, plan.stderr).toBe(2);
    const apply = await catalog(shop, 'apply', '--auto-approve');
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const again = await catalog(shop, 'plan', '--detailed-exitcode');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    // The scaffold pins the package it came from.
    const scaffolded = JSON.parse(readFileSync(join(shop, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(scaffolded.devDependencies).toEqual({ [pkg.name]: pkg.version });
  }, 300_000);
});
