/**
 * catalog state list|show|unlock end to end: the records apply wrote, one record by ref, and the
 * documented recovery from a lock left by a killed apply.
 */
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copyExampleProject, removeProject, runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await copyExampleProject();
  const applied = await runCli(dir, ['apply', '--target', 'xianyu', '--auto-approve']);
  expect(applied.code, applied.stderr).toBe(0);
});
afterAll(async () => {
  await removeProject(dir);
});

test('state list and show give the platform ids apply recorded', async () => {
  const list = await runCli(dir, ['state', 'list', '--target', 'xianyu', '--format', 'json']);
  expect(list.code).toBe(0);
  const objects = (JSON.parse(list.stdout) as { objects: Array<{ target: string; ref: string; id: string }> }).objects;
  const record = objects.find((o) => o.ref === 'Product/iphone13-128');
  expect(record?.id).toMatch(/^\d+$/);

  const show = await runCli(dir, ['state', 'show', 'Product/iphone13-128', '--target', 'xianyu']);
  expect(show.code).toBe(0);
  expect(JSON.parse(show.stdout)).toMatchObject({ target: 'xianyu', ref: 'Product/iphone13-128', record: { id: record!.id } });

  const badFormat = await runCli(dir, ['state', 'list', '--format', 'yaml']);
  expect(badFormat.code).toBe(1);
  expect(badFormat.stderr).toContain('Allowed choices are text, json');

  const missing = await runCli(dir, ['state', 'show', 'Product/no-such-key', '--target', 'xianyu']);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('no record "Product/no-such-key"');
});

test('a lock left by a dead apply refuses the next apply (exit 4) until `catalog state unlock`', async () => {
  const dead = { pid: 2 ** 22 + 12345, host: hostname(), command: 'apply', since: new Date(Date.now() - 60_000).toISOString() };
  await writeFile(join(dir, '.catalog', 'lock'), JSON.stringify(dead));

  const refused = await runCli(dir, ['apply', '--target', 'xianyu', '--auto-approve']);
  expect(refused.code).toBe(4);
  expect(refused.stderr).toContain(String(dead.pid));
  expect(refused.stderr).toContain('catalog state unlock');

  const unlock = await runCli(dir, ['state', 'unlock']);
  expect(unlock.code).toBe(0);
  expect(unlock.stdout).toContain(`pid ${dead.pid}`);
  expect((await runCli(dir, ['state', 'unlock'])).stdout).toContain('No lock is held.');

  const again = await runCli(dir, ['apply', '--target', 'xianyu', '--auto-approve']);
  expect(again.code, again.stderr).toBe(0);
});

test('a damaged state file is one clear error for plan and state list (exit 1), not a stack trace', async () => {
  const other = await copyExampleProject();
  try {
    await runCli(other, ['plan', '--target', 'sales']);
    await writeFile(join(other, '.catalog', 'state.json'), '{bad');
    for (const args of [['plan', '--target', 'sales'], ['state', 'list']]) {
      const r = await runCli(other, args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^error: .*state\.json/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  } finally {
    await removeProject(other);
  }
});
