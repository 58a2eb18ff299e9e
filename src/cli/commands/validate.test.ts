import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runInProcess } from '../../../test/helpers/cli.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');

const run = (cwd: string, ...args: string[]) => runInProcess(cwd, args);

describe('catalog validate', () => {
  test('a valid catalog: exit 0 and one summary line', async () => {
    const r = await run(path.join(FIXTURES, 'validate-ok'), 'validate');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Catalog valid: 2 products (2 SKUs), 2 groups, 1 shipping template, 1 shelf in 2 files; 5 targets.\n');
    expect(r.code).toBe(0);
  });

  test('--config resolves from the working directory', async () => {
    const r = await run(FIXTURES, '--config', 'validate-ok/catalog.config.yaml', 'validate');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Catalog valid: /);
  });

  test('an invalid catalog: every diagnostic, a summary, exit 1', async () => {
    const r = await run(path.join(FIXTURES, 'broken', 'multiple-errors-one-file'), 'validate');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('catalog/products.yaml:4:8 error money.precision: price: amount 19.999 has 3 decimals; money has at most 2 (fen)');
    expect(lines[1]).toMatch(/^ {2}hint: /);
    expect(lines.at(-1)).toBe('7 errors, 0 warnings in 1 file');
  });

  test('--format json', async () => {
    const r = await run(path.join(FIXTURES, 'broken', 'duplicate-key-across-files'), 'validate', '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ valid: false, errors: 2, warnings: 0 });
    expect(out.diagnostics.map((d: { code: string; file: string }) => `${d.code} ${d.file}`)).toEqual([
      'key.duplicate catalog/a.yaml',
      'key.duplicate catalog/sub/b.yaml',
    ]);
    const ok = await run(path.join(FIXTURES, 'validate-ok'), 'validate', '--format', 'json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ valid: true, errors: 0, warnings: 0, diagnostics: [] });
  });

  test('config mistakes do not stop the catalog checks (everything at once), exit 1', async () => {
    const r = await run(path.join(FIXTURES, 'broken', 'config-env-missing'), 'validate');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('config.env-missing');
    expect(r.stderr.trim().split('\n').at(-1)).toBe('2 errors, 0 warnings in 1 file');
    const typo = await run(path.join(FIXTURES, 'broken', 'config-target-field-typo'), 'validate');
    expect(typo.stderr).toContain('catalog.config.yaml:4:5 error config.unknown-field');
    expect(typo.stderr).toContain('catalog/groups.yaml:4:18 error ref.target');
  });

  test('a missing config file', async () => {
    const r = await run(path.join(FIXTURES, 'broken'), 'validate');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('catalog init');
  });

  test('an unknown format is a usage error', async () => {
    const r = await run(path.join(FIXTURES, 'validate-ok'), 'validate', '--format', 'yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--format must be text or json');
  });
});
