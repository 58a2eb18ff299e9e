/**
 * State backends: where the state store's two files (snapshot and journal, store.ts) and the lock live.
 *
 *   local     a folder (fs.ts, lock.ts): the default, unchanged
 *   git       a branch of a git remote (git-backend.ts)
 *   postgres  tables in a PostgreSQL database (postgres-backend.ts)
 *
 * Contract, the same for every backend:
 *  - The store is the one in store.ts over the backend's `StateFs`, so every guarantee it states holds on
 *    every backend: a pending create is durable ON THE BACKEND before `beginCreate()` resolves (remote
 *    backends: pushed / committed, group-committed), the snapshot is replaced atomically, what was
 *    recorded is readable after a crash at any instant, and `registerSecrets()` refuses secrets. The
 *    backend stores the snapshot and journal texts as the store writes them: any field flows through.
 *  - `acquireLock(command)` never waits and never takes over a lock; refused, it names the holder.
 *  - A remote backend is written only by the holder of its lock: `open()` without the lock gives a
 *    read-only view (reads the backend now; whatever that store writes stays in this process).
 *  - Failures to reach or use the backend are `StateBackendError`s naming the backend and what to check,
 *    with every secret of the backend (a password in a URL) redacted. Backend secrets are never stored.
 *  - `close()` releases connections (and with them a postgres lock); call it last.
 */
import type { StateLocation } from '../config/model.js';
import { basename, join } from 'node:path';
import { nodeStateFs, type StateFile, type StateFs } from './fs.js';
import { acquireLock, forceUnlock, readLock, type LockOwner, type LockResult } from './lock.js';
import { memoryStateFs } from './memory-fs.js';
import { JOURNAL_FILE, openState, STATE_FILE, type OpenStateOptions, type StateStore } from './store.js';

export interface StateBackend {
  readonly kind: StateLocation['backend'];
  /** Names the backend in messages, secrets redacted: `state folder /p/.catalog`, `git state (...)`, `postgres state (...)`. */
  readonly description: string;
  /** Secrets of the backend itself (a password or token in its URL): never written, redacted from output. */
  readonly secrets: readonly string[];
  acquireLock(command: string): Promise<LockResult>;
  readLock(): Promise<LockOwner | undefined>;
  /** Removes (postgres: ends the session holding) the lock whoever holds it; returns that owner. */
  forceUnlock(): Promise<LockOwner | undefined>;
  /** The store; writable on a remote backend only while this backend object holds the lock. */
  open(options?: Omit<OpenStateOptions, 'fs'>): Promise<StateStore>;
  /** The whole state as one snapshot text (journal replayed), for `state migrate`. */
  exportSnapshot(): Promise<string>;
  /** Replaces the whole state with a snapshot text (`state migrate`); needs the lock. */
  importSnapshot(text: string): Promise<void>;
  close(): Promise<void>;
}

/** The backend could not be reached or refused (exit 1); the message names it and what to check. */
export class StateBackendError extends Error {
  override readonly name = 'StateBackendError';
  constructor(backend: string, what: string, check: string) {
    super(`${backend}: ${what}. ${check}`);
  }
}

/** The two texts a backend holds; what `open()` of a read-only view and `exportSnapshot()` start from. */
export interface StateTexts {
  snapshot: string | undefined;
  journal: string;
}

/**
 * What the backends share: reading through a memory copy, export, import. A backend supplies how to
 * read its texts and, while it holds the lock, the `StateFs` that writes to it.
 */
export abstract class BaseBackend implements StateBackend {
  abstract readonly kind: StateLocation['backend'];
  abstract readonly description: string;
  readonly secrets: readonly string[] = [];
  /** The folder name the store sees (a real folder for local, a label for remote backends). */
  protected abstract readonly root: string;
  abstract acquireLock(command: string): Promise<LockResult>;
  abstract readLock(): Promise<LockOwner | undefined>;
  abstract forceUnlock(): Promise<LockOwner | undefined>;
  protected abstract readTexts(): Promise<StateTexts>;
  /** The writing `StateFs`, or undefined when this object does not hold the lock (remote backends). */
  protected abstract writableFs(): StateFs | undefined;
  abstract close(): Promise<void>;

  async open(options: Omit<OpenStateOptions, 'fs'> = {}): Promise<StateStore> {
    const fs = this.writableFs() ?? (await this.memoryCopy()).fs;
    const store = await openState(this.root, { ...options, fs });
    store.registerSecrets(this.secrets);
    return store;
  }

  async exportSnapshot(): Promise<string> {
    const { fs, snapshotPath } = await this.memoryCopy();
    const store = await openState(this.root, { fs });
    await store.close(); // checkpoints into the memory copy: the journal replayed into one snapshot
    return fs.files.get(snapshotPath)!;
  }

  async importSnapshot(text: string): Promise<void> {
    const fs = this.writableFs();
    if (!fs) throw new Error(`bug: ${this.description}: importSnapshot without the lock`);
    await fs.mkdir(this.root);
    const snapshotPath = join(this.root, STATE_FILE);
    const tmp = await fs.open(`${snapshotPath}.tmp`, 'w');
    try {
      await tmp.write(text);
      await tmp.sync();
    } finally {
      await tmp.close();
    }
    await fs.rename(`${snapshotPath}.tmp`, snapshotPath);
    await fs.syncDir(this.root);
    const journal = await fs.open(join(this.root, JOURNAL_FILE), 'a');
    try {
      await journal.truncate(0);
      await journal.sync();
    } finally {
      await journal.close();
    }
  }

  private async memoryCopy() {
    const texts = await this.readTexts();
    const snapshotPath = join(this.root, STATE_FILE);
    const files: Record<string, string> = { [join(this.root, JOURNAL_FILE)]: texts.journal };
    if (texts.snapshot !== undefined) files[snapshotPath] = texts.snapshot;
    return { fs: memoryStateFs(files), snapshotPath };
  }
}

/**
 * The `StateFs` of a backend that keeps the two texts itself (git, postgres): the store's snapshot temp
 * file is buffered here and handed over whole when it is renamed over state.json (the atomic replace).
 */
export abstract class RemoteStateFs implements StateFs {
  private snapshotTmp = '';
  protected abstract readSnapshot(): Promise<string | undefined>;
  protected abstract readJournal(): Promise<string>;
  /** The journal, opened for appending. */
  protected abstract journalFile(): StateFile;
  protected abstract replaceSnapshot(text: string): Promise<void>;

  async mkdir(): Promise<void> {}

  async readText(path: string): Promise<string | undefined> {
    const name = basename(path);
    if (name === STATE_FILE) return this.readSnapshot();
    if (name === JOURNAL_FILE) return this.readJournal();
    return undefined;
  }

  async open(path: string): Promise<StateFile> {
    if (basename(path) === JOURNAL_FILE) return this.journalFile();
    this.snapshotTmp = '';
    return {
      write: async (data) => {
        this.snapshotTmp += data;
      },
      sync: async () => {},
      truncate: async () => {},
      close: async () => {},
    };
  }

  async rename(_from: string, to: string): Promise<void> {
    if (basename(to) !== STATE_FILE) throw new Error(`bug: unexpected rename to ${to}`);
    const text = this.snapshotTmp;
    this.snapshotTmp = '';
    await this.replaceSnapshot(text);
  }

  async syncDir(): Promise<void> {}
}

/** The state folder (docs/state.md): the store and lock on the local file system, as always. */
class LocalBackend extends BaseBackend {
  readonly kind = 'local';
  readonly description: string;
  protected readonly root: string;
  constructor(dir: string) {
    super();
    this.root = dir;
    this.description = `state folder ${dir}`;
  }
  acquireLock(command: string): Promise<LockResult> {
    return acquireLock(this.root, { command });
  }
  readLock(): Promise<LockOwner | undefined> {
    return readLock(this.root);
  }
  forceUnlock(): Promise<LockOwner | undefined> {
    return forceUnlock(this.root);
  }
  protected async readTexts(): Promise<StateTexts> {
    return {
      snapshot: await nodeStateFs.readText(join(this.root, STATE_FILE)),
      journal: (await nodeStateFs.readText(join(this.root, JOURNAL_FILE))) ?? '',
    };
  }
  protected writableFs(): StateFs {
    return nodeStateFs; // the local folder is written by unlocked commands too, as before backends existed
  }
  async close(): Promise<void> {}
}

/** `url` with the password (or token) of its userinfo replaced by ***. Not a URL: returned unchanged. */
export function redactUrl(url: string): string {
  return redact(url, urlSecrets(url));
}

/** The secret parts of a URL's userinfo: the password, and a lone token used as the user name (https://<token>@host). */
export function urlSecrets(url: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(url);
  if (!m) return [];
  const [user, password] = m[1]!.split(':', 2) as [string, string | undefined];
  const secrets = password !== undefined ? [password, decodeURIComponentSafe(password)] : user.length > 20 ? [user] : [];
  return [...new Set(secrets.filter((s) => s.length > 0))];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Replaces every secret in `text` with ***. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('***');
  return out;
}

export interface BackendContext {
  /** Folder for local caches (the git backend's private clone lives under it). */
  cacheDir: string;
  /** Folder of the config file (the git backend's default remote is this repository's "origin"). */
  configDir: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** The backend of a resolved `state:` config. Nothing is contacted yet. */
export async function createBackend(location: StateLocation, ctx: BackendContext): Promise<StateBackend> {
  switch (location.backend) {
    case 'local':
      return new LocalBackend(location.dir);
    case 'git': {
      const { GitBackend } = await import('./git-backend.js');
      return GitBackend.create(location, ctx);
    }
    case 'postgres': {
      const { PostgresBackend } = await import('./postgres-backend.js');
      return new PostgresBackend(location.url, ctx);
    }
  }
}
