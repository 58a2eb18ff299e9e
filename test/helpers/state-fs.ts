/**
 * Test helpers for src/state (not part of the public API): temp folders, an fs wrapper that counts and
 * orders operations, and a way to run this folder's modules in a child process (for lock contention and
 * SIGKILL tests) by transpiling them next to node_modules so their imports resolve.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeStateFs, type StateFs } from '../../src/state/fs.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const stateSources = join(repoRoot, 'src', 'state');

export async function tempDir(prefix = 'catalog-state-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface FsLog {
  /** Operations in order, e.g. "write journal.jsonl", "sync state.json.tmp", "rename state.json.tmp -> state.json". */
  ops: string[];
  /** Journal fsyncs so far. */
  journalSyncs: number;
  /** Journal text written so far / known durable (as of the last journal fsync). */
  journalWritten: string;
  journalSynced: string;
}

/** Wraps the real fs, logging operations; `failOn` makes a matching operation throw. */
export function recordingFs(failOn?: (op: string) => boolean): { fs: StateFs; log: FsLog } {
  const log: FsLog = { ops: [], journalSyncs: 0, journalWritten: '', journalSynced: '' };
  const note = (op: string) => {
    if (failOn?.(op)) throw Object.assign(new Error(`injected failure: ${op}`), { code: 'EIO' });
    log.ops.push(op);
  };
  const fs: StateFs = {
    mkdir: (dir) => nodeStateFs.mkdir(dir),
    readText: (path) => nodeStateFs.readText(path),
    async open(path, flags) {
      const name = basename(path);
      const file = await nodeStateFs.open(path, flags);
      const isJournal = name === 'journal.jsonl';
      return {
        async write(data) {
          note(`write ${name}`);
          await file.write(data);
          if (isJournal) log.journalWritten += data;
        },
        async sync() {
          note(`sync ${name}`);
          await file.sync();
          if (isJournal) {
            log.journalSyncs++;
            log.journalSynced = log.journalWritten;
          }
        },
        async truncate(length) {
          note(`truncate ${name} ${length}`);
          await file.truncate(length);
          if (isJournal) log.journalWritten = log.journalSynced = log.journalWritten.slice(0, length);
        },
        close: () => file.close(),
      };
    },
    async rename(from, to) {
      note(`rename ${basename(from)} -> ${basename(to)}`);
      await nodeStateFs.rename(from, to);
    },
    async syncDir(dir) {
      note('sync dir');
      await nodeStateFs.syncDir(dir);
    },
  };
  return { fs, log };
}

/**
 * Transpiles the given src/state modules into a fresh folder under node_modules/.cache (so `zod` resolves)
 * and returns that folder; a child `node` process can import `<dir>/<name>.js`.
 */
export async function modulesForChildProcess(names: string[]): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const cache = join(repoRoot, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, 'catalog-state-child-'));
  await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
  const ts = (await import('typescript')).default; // a dev dependency: loaded only by tests
  for (const name of names) {
    const source = await readFile(join(stateSources, `${name}.ts`), 'utf8');
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    await writeFile(join(dir, `${name}.js`), output);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
