/**
 * The git backend in process, against a bare repository in a temp folder: what one runner makes
 * durable is what another runner (its own cache folder) reads, the lock is refused naming its holder,
 * secrets are refused, and history says who did what. (test/e2e/state-backends.test.ts: the CLI.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { makeBareRemote } from '../../test/helpers/state-backends.js';
import { createBackend, type StateBackend } from './backend.js';
import { SecretInStateError } from './store.js';

const folders: string[] = [];
afterAll(async () => {
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

async function runner(remote: string): Promise<StateBackend> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'catalog-git-runner-'));
  folders.push(cacheDir);
  return createBackend({ backend: 'git', remote, branch: 'catalog-state' }, { cacheDir, configDir: cacheDir, env: { ...process.env, CATALOG_ACTOR: 'tester' } });
}

test('a pending create is on the remote when beginCreate resolves; the other runner reads it, is refused the lock, then sees the result', { timeout: 60_000 }, async () => {
  const remote = await makeBareRemote();
  folders.push(remote);
  const a = await runner(remote);
  const b = await runner(remote);

  const locked = await a.acquireLock('apply');
  if (!('lock' in locked)) throw new Error(locked.message);
  const store = await a.open();
  store.registerSecrets(['topsecret-value']);
  await Promise.all([store.beginCreate('xianyu', 'Product/a', { action: 'a1' }), store.beginCreate('xianyu', 'Product/b', { action: 'a2' })]);

  // Runner B, killed-runner style: nothing of A's process is needed to read what A made durable.
  const seen = await b.open();
  expect(seen.pendingCreates().map((p) => p.ref)).toEqual(['Product/a', 'Product/b']);
  await seen.close();
  const refused = await b.acquireLock('apply');
  expect('heldBy' in refused && refused.message).toMatch(/^git state \(remote .+, branch catalog-state\) is locked by "apply" \(pid \d+ on .+, since .+\)\. Wait for it to finish/);

  expect(() => store.set('xianyu', 'Product/c', { id: '1', note: 'x topsecret-value' })).toThrow(SecretInStateError);
  store.completeCreate('xianyu', 'Product/a', { id: '101' });
  store.abandonCreate('xianyu', 'Product/b');
  await store.close();
  await locked.lock.release();

  const after = await b.open();
  expect(after.get('xianyu', 'Product/a')).toEqual({ id: '101' });
  expect(after.pendingCreates()).toEqual([]);
  await after.close();
  expect(await b.readLock()).toBeUndefined();

  const log = execFileSync('git', ['--git-dir', remote, 'log', '--format=%an|%s', 'catalog-state'], { encoding: 'utf8' });
  expect(log).toMatch(/^tester on .+\|unlock: apply done/);
  expect(log).toMatch(/\|apply: 2 create started \(tester on /);
  expect(log).toMatch(/\|lock: apply \(tester on /);
  // git grep exits 1 when nothing matches.
  expect(spawnSync('git', ['--git-dir', remote, 'grep', '-c', 'topsecret', 'catalog-state']).status).toBe(1);
});
