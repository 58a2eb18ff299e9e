import { spawn } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JOURNAL_FILE,
  openState,
  SecretInStateError,
  STATE_FILE,
  StateCorruptError,
  type StateStore,
} from './index.js';
import { modulesForChildProcess, recordingFs, tempDir } from '../../test/helpers/state-fs.js';

let dir: string;
let cleanup: () => Promise<void>;
const open: StateStore[] = [];
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => {});
  await cleanup();
});

async function openTracked(...args: Parameters<typeof openState>): Promise<StateStore> {
  const store = await openState(...args);
  open.push(store);
  return store;
}

/** Opens a second store on the same folder as if the first process had been killed (no close, no checkpoint). */
async function reopenAfterCrash(): Promise<StateStore> {
  return openTracked(dir);
}

const journalLines = async () =>
  (await readFile(join(dir, JOURNAL_FILE), 'utf8')).split('\n').filter((line) => line !== '');

describe('records and meta', () => {
  it('keeps records, meta and deletions across close and reopen', async () => {
    const store = await openState(dir);
    store.set('xianyu', 'Product/iphone12', { id: 'g-1', skus: { white: 's-1' } });
    store.set('xianyu', 'Product/pixel', { id: 'g-2' });
    store.set('live', 'Image/ab12', { id: 'media-9', url: 'https://x/y.jpg', expiresAt: '2030-01-01T00:00:00Z' });
    store.delete('xianyu', 'Product/pixel');
    store.setMeta('live', { auditsUsed: 3, day: '2024-05-01' });
    await store.close();

    const again = await openTracked(dir);
    expect(again.targets()).toEqual(['live', 'xianyu']);
    expect(again.get('xianyu', 'Product/iphone12')).toEqual({ id: 'g-1', skus: { white: 's-1' } });
    expect(again.get('xianyu', 'Product/pixel')).toBeUndefined();
    expect(again.entries('live')).toEqual([
      ['Image/ab12', { id: 'media-9', url: 'https://x/y.jpg', expiresAt: '2030-01-01T00:00:00Z' }],
    ]);
    expect(again.getMeta('live')).toEqual({ auditsUsed: 3, day: '2024-05-01' });
    expect(again.getMeta('nobody')).toEqual({});
    expect(again.warnings).toEqual([]);
  });

  it('copies what it stores, so later changes to the caller object do not leak in', async () => {
    const store = await openTracked(dir);
    const record = { id: 'a', tags: ['x'] };
    store.set('t', 'Group/g', record);
    record.tags.push('y');
    expect(store.get('t', 'Group/g')).toEqual({ id: 'a', tags: ['x'] });
  });

  it('refuses a record without a string id', async () => {
    const store = await openTracked(dir);
    expect(() => store.set('t', 'Group/g', { id: 5 } as never)).toThrow(/string id/);
  });
});

describe('journal replay', () => {
  it('replays the journal when the process died without a checkpoint', async () => {
    const first = await openTracked(dir);
    first.set('t', 'Product/a', { id: '1' });
    first.setMeta('t', { n: 1 });
    await first.flush();
    expect(await journalLines()).toHaveLength(2);

    const second = await reopenAfterCrash();
    expect(second.get('t', 'Product/a')).toEqual({ id: '1' });
    expect(second.getMeta('t')).toEqual({ n: 1 });
  });

  it('writes plain changes to the journal promptly without an fsync', async () => {
    const { fs, log } = recordingFs();
    const store = await openTracked(dir, { fs });
    for (let i = 0; i < 10; i++) store.set('t', `Product/p${i}`, { id: String(i) });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log.journalSyncs).toBe(0);
    expect(await journalLines()).toHaveLength(10);
    expect((await reopenAfterCrash()).entries('t')).toHaveLength(10);
  });

  it('ignores a torn last line, reports it, and cuts it off so later appends stay readable', async () => {
    const first = await openTracked(dir);
    first.set('t', 'Product/a', { id: '1' });
    await first.flush();
    await appendFile(join(dir, JOURNAL_FILE), '{"seq":2,"op":"set","target":"t","ref":"Product/b","rec');

    const second = await reopenAfterCrash();
    expect(second.warnings).toEqual([
      { file: JOURNAL_FILE, line: 2, message: expect.stringContaining('ignored an unreadable last journal line') },
    ]);
    expect(second.get('t', 'Product/a')).toEqual({ id: '1' });
    expect(second.get('t', 'Product/b')).toBeUndefined();
    second.set('t', 'Product/c', { id: '3' });
    await second.flush();

    const third = await reopenAfterCrash();
    expect(third.warnings).toEqual([]);
    expect(third.entries('t').map(([ref]) => ref)).toEqual(['Product/a', 'Product/c']);
  });

  it('refuses a journal damaged in the middle', async () => {
    const first = await openTracked(dir);
    first.set('t', 'Product/a', { id: '1' });
    await first.flush();
    const lines = await journalLines();
    await writeFile(join(dir, JOURNAL_FILE), `${lines[0]}\n{garbage\n${lines[0]!.replace('"seq":1', '"seq":2')}\n`);
    await expect(openState(dir)).rejects.toThrow(StateCorruptError);
    await expect(openState(dir)).rejects.toThrow(/journal\.jsonl:2: .*catalog state rebuild/);
  });

  it('skips journal entries the snapshot already covers (crash between snapshot and truncate)', async () => {
    const store = await openTracked(dir);
    store.set('t', 'Product/a', { id: 'old' });
    await store.flush();
    const staleJournal = await readFile(join(dir, JOURNAL_FILE), 'utf8');
    store.set('t', 'Product/a', { id: 'new' });
    await store.checkpoint();
    expect(await journalLines()).toEqual([]);
    await writeFile(join(dir, JOURNAL_FILE), staleJournal); // as if the truncate never happened

    const again = await reopenAfterCrash();
    expect(again.get('t', 'Product/a')).toEqual({ id: 'new' });
    again.set('t', 'Product/b', { id: 'b' }); // numbering continues after the snapshot
    await again.flush();
    expect((await reopenAfterCrash()).get('t', 'Product/b')).toEqual({ id: 'b' });
  });
});

describe('checkpoint', () => {
  it('writes the snapshot atomically: temp file, fsync, rename, fsync folder, then empties the journal', async () => {
    const { fs, log } = recordingFs();
    const store = await openTracked(dir, { fs });
    store.set('t', 'Product/a', { id: '1' });
    await store.flush();
    log.ops.length = 0;
    await store.checkpoint();
    expect(log.ops).toEqual([
      'write state.json.tmp',
      'sync state.json.tmp',
      'rename state.json.tmp -> state.json',
      'sync dir',
      'truncate journal.jsonl 0',
    ]);
    const snapshot = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8'));
    expect(snapshot).toEqual({
      formatVersion: 1,
      seq: 1,
      targets: { t: { objects: { 'Product/a': { id: '1' } }, meta: {}, pending: {} } },
    });
  });

  it('leaves the previous snapshot and the journal intact when the checkpoint fails midway', async () => {
    const first = await openState(dir);
    first.set('t', 'Product/a', { id: '1' });
    await first.close();

    const { fs } = recordingFs((op) => op.startsWith('rename'));
    const second = await openTracked(dir, { fs });
    second.set('t', 'Product/b', { id: '2' });
    await second.flush();
    await expect(second.checkpoint()).rejects.toThrow(/injected failure/);
    expect(() => second.set('t', 'Product/c', { id: '3' })).toThrow(/injected failure/);

    const third = await reopenAfterCrash();
    expect(third.entries('t').map(([ref]) => ref)).toEqual(['Product/a', 'Product/b']);
  });

  it('checkpoints by itself so the journal stays bounded', async () => {
    const store = await openTracked(dir, { checkpointEvery: 10 });
    for (let i = 0; i < 35; i++) store.set('t', `Product/p${i}`, { id: String(i) });
    await store.flush();
    expect((await journalLines()).length).toBeLessThan(35);
    const snapshot = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8'));
    expect(Object.keys(snapshot.targets.t.objects).length).toBeGreaterThan(0);
    expect((await reopenAfterCrash()).entries('t')).toHaveLength(35);
  });
});

describe('pending creates', () => {
  it('makes a begun create durable before beginCreate resolves and visible after reopen', async () => {
    const { fs, log } = recordingFs();
    const store = await openTracked(dir, { fs, now: () => new Date('2024-05-01T10:00:00Z') });
    await store.beginCreate('live', 'Product/a', { url: 'pages/goods/detail?key=a' });
    expect(log.journalSynced).toContain('"ref":"Product/a"');

    const again = await reopenAfterCrash();
    expect(again.pendingCreates()).toEqual([
      { target: 'live', ref: 'Product/a', info: { url: 'pages/goods/detail?key=a' }, since: '2024-05-01T10:00:00.000Z' },
    ]);
    expect(again.get('live', 'Product/a')).toBeUndefined();
  });

  it('completeCreate records the result and clears the pending create; abandonCreate only clears', async () => {
    const store = await openState(dir);
    await store.beginCreate('live', 'Product/a');
    await store.beginCreate('live', 'Product/b');
    await store.beginCreate('store', 'Group/g');
    store.completeCreate('live', 'Product/a', { id: 'goods-1', auditId: 'au-1' });
    store.abandonCreate('live', 'Product/b');
    expect(store.pendingCreates('live')).toEqual([]);
    expect(store.pendingCreates().map((p) => `${p.target} ${p.ref}`)).toEqual(['store Group/g']);
    await store.close(); // pending creates survive a checkpoint too

    const again = await openTracked(dir);
    expect(again.get('live', 'Product/a')).toEqual({ id: 'goods-1', auditId: 'au-1' });
    expect(again.get('live', 'Product/b')).toBeUndefined();
    expect(again.pendingCreates().map((p) => `${p.target} ${p.ref}`)).toEqual(['store Group/g']);
  });

  it('group-commits concurrent beginCreate calls into few fsyncs', async () => {
    const { fs, log } = recordingFs();
    const store = await openTracked(dir, { fs });
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        await store.beginCreate('t', `Product/p${i}`);
        // Resolved only once its own entry is durable:
        expect(log.journalSynced).toContain(`"ref":"Product/p${i}"`);
      }),
    );
    expect(log.journalSyncs).toBeLessThanOrEqual(2);
  });

  it('keeps fsyncs far below the number of creates for a pool of 8 concurrent workers', async () => {
    const { fs, log } = recordingFs();
    const store = await openTracked(dir, { fs });
    const creates = 400;
    let next = 0;
    const worker = async () => {
      while (next < creates) {
        const i = next++;
        const ref = `Product/p${i}`;
        await store.beginCreate('t', ref, { outerId: `p${i}` });
        await new Promise((resolve) => setImmediate(resolve)); // the create call
        store.completeCreate('t', ref, { id: `id-${i}` });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(store.entries('t')).toHaveLength(creates);
    expect(store.pendingCreates()).toEqual([]);
    expect(log.journalSyncs).toBeLessThan(creates / 4);
  });
});

describe('secrets guard', () => {
  it('refuses to write a record, info or meta holding a registered secret, without echoing it', async () => {
    const store = await openTracked(dir);
    store.registerSecrets(['sk_live_0123456789', 'ab']);
    const attempts = [
      () => store.set('t', 'Product/a', { id: '1', extra: { token: 'Bearer sk_live_0123456789' } }),
      () => store.setMeta('t', { cached: ['sk_live_0123456789'] }),
      () => store.completeCreate('t', 'Product/a', { id: 'sk_live_0123456789' }),
      () => store.beginCreate('t', 'Product/a', { sk_live_0123456789: true }),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        await attempt();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SecretInStateError);
      expect((error as Error).message).not.toContain('sk_live_0123456789');
      const stackHeader = (error as Error).stack!.split('\n    at ')[0]; // frames name the test's own code
      expect(stackHeader).toContain('refusing to write a secret');
      expect(stackHeader).not.toContain('sk_live_0123456789');
    }
    await store.flush();
    expect(await journalLines()).toEqual([]);
    // Short secrets are ignored rather than matching everything.
    store.set('t', 'Product/ab', { id: 'abc' });
    expect(store.get('t', 'Product/ab')).toEqual({ id: 'abc' });
  });
});

describe('crash at a random instant (SIGKILL)', () => {
  it('reopens readable with every acknowledged create present', async () => {
    const child = await modulesForChildProcess(['fs', 'store']);
    try {
      const script = `
        import { openState } from ${JSON.stringify(join(child.dir, 'store.js'))};
        const store = await openState(process.argv[1], { checkpointEvery: 50 });
        let i = 0;
        const worker = async () => {
          for (;;) {
            const n = i++;
            await store.beginCreate('t', 'Product/p' + n, { n });
            process.stdout.write('begun ' + n + '\\n');
            store.completeCreate('t', 'Product/p' + n, { id: 'id-' + n, note: 'x'.repeat(n % 50) });
            await new Promise((r) => setImmediate(r));
          }
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
      `;
      const proc = spawn(process.execPath, ['--input-type=module', '-e', script, dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const acknowledged: number[] = [];
      const exited = new Promise((resolve) => proc.on('exit', resolve));
      for await (const line of createInterface({ input: proc.stdout! })) {
        acknowledged.push(Number(line.split(' ')[1]));
        if (acknowledged.length === 300) proc.kill('SIGKILL');
      }
      await exited;

      const store = await openTracked(dir);
      const known = new Set([...store.entries('t').map(([ref]) => ref), ...store.pendingCreates('t').map((p) => p.ref)]);
      for (const n of acknowledged) expect(known.has(`Product/p${n}`)).toBe(true);
      expect(store.warnings.length).toBeLessThanOrEqual(1);
    } finally {
      await child.cleanup();
    }
  });
});
