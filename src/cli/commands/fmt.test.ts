import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../../test/helpers/cli.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const run = (cwd: string, ...args: string[]) => runInProcess(cwd, args);

const unformatted = `# 首页分组
name: 手机
key: phones   # stable
kind: Group
`;
const formatted = `# 首页分组
kind: Group
key: phones # stable
name: 手机
`;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-fmt-'));
  mkdirSync(join(dir, 'catalog', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'catalog.config.yaml'), 'targets:\n  store:\n    platform: wechat-store\n    appId: ${WX_APPID}\n    secret: ${WX_SECRET}\n');
  writeFileSync(join(dir, 'catalog', 'sub', 'groups.yaml'), unformatted);
  writeFileSync(join(dir, 'catalog', 'ok.yml'), formatted);
  return dir;
}

describe('catalog fmt', () => {
  it('--check lists the files that would change, exits 1 and writes nothing (no secrets needed)', async () => {
    const dir = workspace();
    const r = await run(dir, 'fmt', '--check');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('catalog/sub/groups.yaml\n');
    expect(r.stderr).toContain('1 of 2 file(s) would be reformatted');
    expect(readFileSync(join(dir, 'catalog', 'sub', 'groups.yaml'), 'utf8')).toBe(unformatted);
  });

  it('needs no credentials: empty secrets (as CI passes unset ones) do not stop it', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'catalog.config.yaml'), 'targets:\n  store:\n    platform: wechat-store\n    appId: ""\n    secret: ${WX_SECRET}\n');
    const r = await runInProcess(dir, ['fmt', '--check'], { env: { WX_SECRET: '' } });
    expect(r.stderr).not.toContain('config.');
    expect(r.stdout).toBe('catalog/sub/groups.yaml\n');
    expect(r.code).toBe(1);
  });

  it('rewrites the files that change and says which; then --check passes', async () => {
    const dir = workspace();
    const r = await run(dir, 'fmt');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('formatted catalog/sub/groups.yaml\n');
    expect(readFileSync(join(dir, 'catalog', 'sub', 'groups.yaml'), 'utf8')).toBe(formatted);
    expect((await run(dir, 'fmt', '--check')).code).toBe(0);
  });

  it('reports a YAML syntax error as file:line:col and leaves that file untouched', async () => {
    const dir = workspace();
    const broken = 'kind: Group\nkey: [phones\nname: 手机\n';
    writeFileSync(join(dir, 'catalog', 'broken.yaml'), broken);
    const r = await run(dir, 'fmt');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^catalog\/broken\.yaml:\d+:\d+ error yaml\.syntax/m);
    expect(readFileSync(join(dir, 'catalog', 'broken.yaml'), 'utf8')).toBe(broken);
    expect(readFileSync(join(dir, 'catalog', 'sub', 'groups.yaml'), 'utf8')).toBe(formatted);
  });

  it('accepts explicit files and folders', async () => {
    const dir = workspace();
    const r = await run(dir, 'fmt', '--check', 'catalog/ok.yml');
    expect(r.code).toBe(0);
    expect((await run(dir, 'fmt', '--check', 'nope')).code).toBe(1);
  });

  it('passes on the shipped example catalog', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-fmt-example-'));
    cpSync(join(repoRoot, 'catalog'), join(dir, 'catalog'), { recursive: true });
    cpSync(join(repoRoot, 'catalog.config.yaml'), join(dir, 'catalog.config.yaml'));
    const r = await run(dir, 'fmt', '--check');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });
});
