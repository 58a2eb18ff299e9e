import { spawn, spawnSync } from 'node:child_process';
import { access, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, forceUnlock, isStale, LOCK_FILE, readLock, type LockResult } from './index.js';
import { modulesForChildProcess, tempDir } from '../../test/helpers/state-fs.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('catalog-lock-'));
});
afterEach(() => cleanup());

function expectLock(result: LockResult) {
  if (!('lock' in result)) throw new Error(`expected the lock, got: ${result.message}`);
  return result.lock;
}
function expectRefusal(result: LockResult) {
  if ('lock' in result) throw new Error('expected a refusal, got the lock');
  return result;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('acquireLock', () => {
  it('writes the owner and refuses a second taker until released', async () => {
    const lock = expectLock(await acquireLock(dir, { command: 'catalog apply' }));
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toEqual({
      pid: process.pid,
      host: hostname(),
      command: 'catalog apply',
      since: lock.owner.since,
    });

    const refused = expectRefusal(await acquireLock(dir, { command: 'catalog plan' }));
    expect(refused.heldBy).toEqual(lock.owner);
    expect(refused.stale).toBe(false);
    expect(refused.message).toContain('locked by "catalog apply"');
    expect(refused.message).toContain(`pid ${process.pid}`);

    await lock.release();
    await lock.release(); // harmless twice
    expect(await readLock(dir)).toBeUndefined();
    expectLock(await acquireLock(dir, { command: 'catalog plan' }));
  });

  it('lets exactly one of two simultaneous callers win', async () => {
    const results = await Promise.all([
      acquireLock(dir, { command: 'a' }),
      acquireLock(dir, { command: 'b' }),
    ]);
    expect(results.filter((r) => 'lock' in r)).toHaveLength(1);
    expect(results.filter((r) => 'heldBy' in r)).toHaveLength(1);
  });

  it('creates the state folder when missing', async () => {
    const nested = join(dir, 'a', 'b');
    expectLock(await acquireLock(nested, { command: 'x' }));
    await access(join(nested, LOCK_FILE));
  });

  it('reports a lock whose process is dead as stale, still refuses it, and says how to unlock', async () => {
    const owner = { pid: deadPid(), host: hostname(), command: 'catalog apply', since: '2024-05-01T10:00:00.000Z' };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(owner));
    const refused = expectRefusal(await acquireLock(dir, { command: 'catalog apply' }));
    expect(refused.stale).toBe(true);
    expect(refused.heldBy).toEqual(owner);
    expect(refused.message).toContain('no longer running');
    expect(refused.message).toContain('catalog state unlock');
  });

  it('cannot judge an owner on another host, so never calls it stale', async () => {
    const owner = { pid: deadPid(), host: `not-${hostname()}`, command: 'catalog apply', since: new Date().toISOString() };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(owner));
    expect(expectRefusal(await acquireLock(dir, { command: 'x' })).stale).toBe(false);
  });

  it('treats a lock file without a readable owner as held, and stale only once it is old', async () => {
    await writeFile(join(dir, LOCK_FILE), '');
    const refused = expectRefusal(await acquireLock(dir, { command: 'x' }));
    expect(refused.stale).toBe(false);
    expect(refused.message).toContain('owner not recorded');
    expect(isStale(refused.heldBy, new Date(Date.parse(refused.heldBy.since) + 120_000))).toBe(true);
  });

  it('release does not remove a lock someone else took after a forced unlock', async () => {
    const first = expectLock(await acquireLock(dir, { command: 'first' }));
    expect(await forceUnlock(dir)).toEqual(first.owner);
    const second = expectLock(await acquireLock(dir, { command: 'second' }));
    await first.release();
    expect(await readLock(dir)).toEqual(second.owner);
  });
});

describe('forceUnlock', () => {
  it('removes a stale lock so the next command can run, and reports who held it', async () => {
    const owner = { pid: deadPid(), host: hostname(), command: 'catalog apply', since: '2024-05-01T10:00:00.000Z' };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(owner));
    expect(await forceUnlock(dir)).toEqual(owner);
    expect(await forceUnlock(dir)).toBeUndefined();
    expectLock(await acquireLock(dir, { command: 'catalog apply' }));
  });
});

describe('another process', () => {
  it('holds the lock against us while alive, and leaves a stale lock when killed', async () => {
    const modules = await modulesForChildProcess(['lock']);
    try {
      const script = `
        import { acquireLock } from ${JSON.stringify(join(modules.dir, 'lock.js'))};
        const result = await acquireLock(process.argv[1], { command: 'catalog apply (child)' });
        process.stdout.write(('lock' in result ? 'locked' : 'refused') + '\\n');
        setInterval(() => {}, 1000);
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      expect((await lines.next()).value).toBe('locked');

      const whileAlive = expectRefusal(await acquireLock(dir, { command: 'catalog apply' }));
      expect(whileAlive.heldBy).toMatchObject({ pid: child.pid, command: 'catalog apply (child)' });
      expect(whileAlive.stale).toBe(false);

      child.kill('SIGKILL');
      await exited;
      const afterKill = expectRefusal(await acquireLock(dir, { command: 'catalog apply' }));
      expect(afterKill.stale).toBe(true);
      expect(afterKill.message).toContain('catalog state unlock');

      await forceUnlock(dir);
      expectLock(await acquireLock(dir, { command: 'catalog apply' }));
    } finally {
      await modules.cleanup();
    }
  });
});
