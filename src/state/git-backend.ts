/**
 * The git state backend: the state lives on its own branch (default `catalog-state`) of a git remote
 * (default: the "origin" of the repository holding catalog.config.yaml). Uses the `git` CLI on a private
 * bare repository under the cache folder; never touches the user's work tree.
 *
 * The branch's tree:
 *   state.json                 the snapshot, as the store writes it
 *   journal-<n>.jsonl          the journal, one file per push (a group commit), replayed in order
 *   lock                       the lock owner as JSON, present while a command holds the lock
 *
 * Contract:
 *  - Every write is a commit whose parent is the branch tip this process last saw, pushed with
 *    `--force-with-lease=refs/heads/<branch>:<that tip>`: a compare-and-swap. Losing the race while
 *    taking the lock means someone else holds it (exit 4, naming the holder from the lock file);
 *    losing it while holding the lock means the lock was removed under us (`state unlock`), and
 *    every later write fails: nothing is overwritten.
 *  - The store's durable points (`sync` of the journal, the snapshot rename, close) push: a pending
 *    create is on the remote before `beginCreate()` resolves. Creates begun while a push runs share
 *    the next one (the store's group commit), so a push carries a batch, not one create. Entries
 *    written without sync (completed creates, updates) ride along with the next push; a runner killed
 *    before that leaves their creates pending, and the next apply adopts those objects by identity.
 *  - Commit messages say who (CATALOG_ACTOR, GITHUB_ACTOR, GITLAB_USER_LOGIN or the user, and the
 *    host) ran which command and what it recorded: `git log catalog-state` is the history of the state.
 *  - git never prompts (GIT_TERMINAL_PROMPT=0, ssh BatchMode): a missing credential is an error.
 *    When the remote is the default "origin", an `http.<url>.extraheader` of that repository (how
 *    actions/checkout passes its token) is passed on, through the environment, never on a command line.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { StateLocation } from '../config/model.js';
import { BaseBackend, redact, RemoteStateFs, StateBackendError, urlSecrets, type BackendContext, type StateTexts } from './backend.js';
import type { StateFile, StateFs } from './fs.js';
import { isStale, lockHeldMessage, parseOwner, type LockOwner, type LockResult } from './lock.js';
import { STATE_FILE } from './store.js';

const LOCK_ENTRY = 'lock';
const SEGMENT = /^journal-(\d+)\.jsonl$/;
/** Attempts at taking or clearing the lock when the branch moves under us (other commits, not a lock). */
const LOCK_ATTEMPTS = 5;

interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What this process knows of the branch while it holds the lock. */
interface Held {
  owner: LockOwner;
  tip: string;
  entries: Map<string, TreeEntry>;
}

export class GitBackend extends BaseBackend {
  readonly kind = 'git';
  readonly description: string;
  override readonly secrets: readonly string[];
  protected readonly root = 'git-state';
  private readonly repo: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly actor: string;
  private held: Held | undefined;
  private command = 'catalog';

  static async create(location: Extract<StateLocation, { backend: 'git' }>, ctx: BackendContext): Promise<GitBackend> {
    let remote = location.remote;
    const config: Array<[string, string]> = [];
    if (remote === undefined) {
      const what = `git state (remote "origin" of ${ctx.configDir}, branch ${location.branch})`;
      const origin = await runGit(['-C', ctx.configDir, 'remote', 'get-url', 'origin'], {}, ctx.env);
      if (origin.code !== 0) {
        throw new StateBackendError(what, 'this folder is not in a git repository with a remote "origin"', 'Set state.remote in catalog.config.yaml to the git URL or path that holds the state.');
      }
      remote = origin.stdout.trim();
      // actions/checkout keeps its token as an extra HTTP header in the repository's config.
      const headers = await runGit(['-C', ctx.configDir, 'config', '--get-regexp', '^http\\..*\\.extraheader$'], {}, ctx.env);
      for (const line of headers.stdout.split('\n').filter(Boolean)) {
        const space = line.indexOf(' ');
        config.push([line.slice(0, space), line.slice(space + 1)]);
      }
    }
    return new GitBackend(remote, location.branch, ctx, config);
  }

  private constructor(
    private readonly remote: string,
    private readonly branch: string,
    ctx: BackendContext,
    config: Array<[string, string]>,
  ) {
    super();
    const headerSecrets = config.map(([, value]) => value.replace(/^[^:]*:\s*(basic|bearer)?\s*/i, '')).filter((s) => s.length >= 8);
    this.secrets = [...urlSecrets(remote), ...headerSecrets];
    this.description = `git state (remote ${redact(remote, this.secrets)}, branch ${branch})`;
    const id = createHash('sha256').update(`${remote}\n${branch}`).digest('hex').slice(0, 12);
    this.repo = join(ctx.cacheDir, 'state-git', `${id}.git`);
    this.env = {
      ...ctx.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_SSH_COMMAND: ctx.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
      LC_ALL: 'C',
      GIT_CONFIG_COUNT: String(config.length),
      ...Object.fromEntries(config.flatMap(([key, value], i) => [[`GIT_CONFIG_KEY_${i}`, key], [`GIT_CONFIG_VALUE_${i}`, value]])),
    };
    const user = ctx.env.CATALOG_ACTOR ?? ctx.env.GITHUB_ACTOR ?? ctx.env.GITLAB_USER_LOGIN ?? safeUserName();
    this.actor = `${user} on ${hostname()}`;
  }

  // ---- lock ----

  async acquireLock(command: string): Promise<LockResult> {
    this.command = command;
    const owner: LockOwner = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
    for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      const tip = await this.fetchTip();
      const entries = tip ? await this.readTree(tip) : new Map<string, TreeEntry>();
      const current = entries.get(LOCK_ENTRY);
      if (current) return this.refusal(await this.readBlob(current.sha));
      entries.set(LOCK_ENTRY, { mode: '100644', type: 'blob', sha: await this.hashObject(`${JSON.stringify(owner)}\n`) });
      const commit = await this.commit(entries, tip, `lock: ${command} (${this.actor}, pid ${process.pid})`);
      if (await this.push(commit, tip)) {
        this.held = { owner, tip: commit, entries };
        return { lock: { path: this.description, owner, release: () => this.release() } };
      }
      // Lost the race: whoever won holds the lock now (the next round names them), or wrote something else.
    }
    throw new StateBackendError(this.description, `branch ${this.branch} kept changing while taking the lock`, 'Run the command again.');
  }

  async readLock(): Promise<LockOwner | undefined> {
    const tip = await this.fetchTip();
    if (!tip) return undefined;
    const entry = (await this.readTree(tip)).get(LOCK_ENTRY);
    return entry ? ownerOf(await this.readBlob(entry.sha)) : undefined;
  }

  async forceUnlock(): Promise<LockOwner | undefined> {
    for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      const tip = await this.fetchTip();
      if (!tip) return undefined;
      const entries = await this.readTree(tip);
      const entry = entries.get(LOCK_ENTRY);
      if (!entry) return undefined;
      const owner = ownerOf(await this.readBlob(entry.sha));
      entries.delete(LOCK_ENTRY);
      const commit = await this.commit(entries, tip, `unlock (forced, state unlock): removed the lock of "${owner.command}" (pid ${owner.pid} on ${owner.host}) (${this.actor})`);
      if (await this.push(commit, tip)) return owner;
    }
    throw new StateBackendError(this.description, `branch ${this.branch} kept changing while removing the lock`, 'Run the command again.');
  }

  private async release(): Promise<void> {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    held.entries.delete(LOCK_ENTRY);
    const commit = await this.commit(held.entries, held.tip, `unlock: ${held.owner.command} done (${this.actor}, pid ${process.pid})`);
    // Lost: the lock was removed under us (state unlock) and maybe taken since; it is not ours to clear.
    await this.push(commit, held.tip);
  }

  private refusal(text: string): LockResult {
    const owner = ownerOf(text);
    const stale = isStale(owner);
    return { heldBy: owner, stale, message: lockHeldMessage(this.description, owner, stale) };
  }

  // ---- the store's files ----

  protected async readTexts(): Promise<StateTexts> {
    const tip = await this.fetchTip();
    if (!tip) return { snapshot: undefined, journal: '' };
    return this.textsOf(await this.readTree(tip));
  }

  /** The store's texts in a tree (also read by GitStateFs). */
  async textsOf(entries: Map<string, TreeEntry>): Promise<StateTexts> {
    const segments = [...entries.keys()].filter((n) => SEGMENT.test(n)).sort();
    const snapshot = entries.get(STATE_FILE);
    const blobs = await this.readBlobs([...(snapshot ? [snapshot.sha] : []), ...segments.map((n) => entries.get(n)!.sha)]);
    return { snapshot: snapshot ? blobs.shift() : undefined, journal: blobs.join('') };
  }

  protected writableFs(): StateFs | undefined {
    return this.held ? new GitStateFs(this, this.held) : undefined;
  }

  /** Commits the tree and pushes it over the tip this process holds; the lock must be held. */
  async publish(held: Held, subject: string, body: string): Promise<void> {
    const commit = await this.commit(held.entries, held.tip, `${this.command}: ${subject} (${this.actor}, pid ${process.pid})${body ? `\n\n${body}` : ''}`);
    if (!(await this.push(commit, held.tip))) {
      throw new StateBackendError(
        this.description,
        `branch ${this.branch} was changed by someone else while this command held the lock (was "catalog state unlock" run?)`,
        'Nothing recorded before was lost; check `git log` of that branch, then run the command again',
      );
    }
    held.tip = commit;
  }

  hashObject(text: string): Promise<string> {
    return this.git(['hash-object', '-w', '--stdin'], text).then((r) => r.stdout.trim());
  }

  async close(): Promise<void> {}

  // ---- git plumbing ----

  /** The branch tip on the remote, fetched into the private repository; undefined when the branch does not exist. */
  private async fetchTip(): Promise<string | undefined> {
    await this.ensureRepo();
    const ref = `refs/catalog/${process.pid}`;
    const fetched = await runGit(['--git-dir', this.repo, 'fetch', '-q', '--no-tags', '--no-write-fetch-head', this.remote, `+refs/heads/${this.branch}:${ref}`], {}, this.env);
    if (fetched.code !== 0) {
      if (/couldn't find remote ref/i.test(fetched.stderr)) return undefined;
      throw this.failure('could not read the branch', fetched, 'Check the remote URL, that this machine can reach it, and its credentials (in CI: a token allowed to push to the repository)');
    }
    const tip = (await this.git(['rev-parse', ref])).stdout.trim();
    await this.git(['update-ref', '-d', ref]);
    return tip;
  }

  private async ensureRepo(): Promise<void> {
    if (await stat(join(this.repo, 'HEAD')).then(() => true, () => false)) return;
    await mkdir(join(this.repo, '..'), { recursive: true });
    const r = await runGit(['init', '-q', '--bare', this.repo], {}, this.env);
    if (r.code !== 0) throw this.failure('could not create its private repository', r, `Check that ${this.repo} is writable`);
  }

  private async readTree(commit: string): Promise<Map<string, TreeEntry>> {
    const out = (await this.git(['ls-tree', '-z', commit])).stdout;
    const entries = new Map<string, TreeEntry>();
    for (const item of out.split('\0').filter(Boolean)) {
      const tab = item.indexOf('\t');
      const [mode, type, sha] = item.slice(0, tab).split(' ') as [string, string, string];
      entries.set(item.slice(tab + 1), { mode, type, sha });
    }
    return entries;
  }

  private async readBlob(sha: string): Promise<string> {
    return (await this.git(['cat-file', 'blob', sha])).stdout;
  }

  /** Several blobs in one `git cat-file --batch`. */
  private async readBlobs(shas: string[]): Promise<string[]> {
    if (shas.length === 0) return [];
    const out = await runGitRaw(['--git-dir', this.repo, 'cat-file', '--batch'], `${shas.join('\n')}\n`, this.env);
    if (out.code !== 0) throw this.failure('could not read its private repository', { ...out, stdout: '', stderr: out.stderr }, `Delete ${this.repo} and run again`);
    const texts: string[] = [];
    let at = 0;
    for (let i = 0; i < shas.length; i++) {
      const eol = out.stdout.indexOf(0x0a, at);
      const size = Number(out.stdout.subarray(at, eol).toString('utf8').split(' ')[2]);
      texts.push(out.stdout.subarray(eol + 1, eol + 1 + size).toString('utf8'));
      at = eol + 1 + size + 1;
    }
    return texts;
  }

  private async commit(entries: Map<string, TreeEntry>, parent: string | undefined, message: string): Promise<string> {
    const listing = [...entries].map(([name, e]) => `${e.mode} ${e.type} ${e.sha}\t${name}\n`).join('');
    const tree = (await this.git(['mktree'], listing)).stdout.trim();
    const who = { GIT_AUTHOR_NAME: this.actor, GIT_AUTHOR_EMAIL: 'catalog@localhost', GIT_COMMITTER_NAME: this.actor, GIT_COMMITTER_EMAIL: 'catalog@localhost' };
    const r = await runGit(['--git-dir', this.repo, 'commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], { input: message, env: who }, this.env);
    if (r.code !== 0) throw this.failure('could not write a commit', r, `Check that ${this.repo} is writable`);
    return r.stdout.trim();
  }

  /** Pushes `commit` if the branch is still at `expected` (absent: undefined). False: lost the race. */
  private async push(commit: string, expected: string | undefined): Promise<boolean> {
    const r = await runGit(
      ['--git-dir', this.repo, 'push', '-q', '--porcelain', `--force-with-lease=refs/heads/${this.branch}:${expected ?? ''}`, this.remote, `${commit}:refs/heads/${this.branch}`],
      {},
      this.env,
    );
    if (r.code === 0) return true;
    const text = `${r.stdout}\n${r.stderr}`;
    // Lost the compare-and-swap: checked by the client (stale info...) or, when two pushes meet, by the server.
    if (/\[rejected\].*\((stale info|fetch first|non-fast-forward)\)|cannot lock ref .* but expected|incorrect old value provided/.test(text)) return false;
    if (/remote rejected|declined|protected/i.test(text)) {
      throw this.failure(`the remote refused the push to branch ${this.branch}`, r, `If the branch is protected, allow this job to push to ${this.branch} (or set state.branch to an unprotected one); check the token's write permission. Nothing recorded before was lost`);
    }
    throw this.failure(`could not push to branch ${this.branch}`, r, 'Check that the remote is reachable and that the credentials allow pushing. Nothing recorded before was lost');
  }

  private async git(args: string[], input?: string): Promise<GitResult> {
    const r = await runGit(['--git-dir', this.repo, ...args], input === undefined ? {} : { input }, this.env);
    if (r.code !== 0) throw this.failure(`git ${args[0]} failed in its private repository`, r, `Delete ${this.repo} and run again`);
    return r;
  }

  private failure(what: string, r: GitResult, check: string): StateBackendError {
    const detail = r.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('hint:')).slice(0, 3).join('; ');
    return new StateBackendError(this.description, redact(`${what}${detail ? ` (git: ${detail})` : ''}`, this.secrets), check);
  }
}

/**
 * The store's files on the branch. Journal writes are buffered and pushed as one new segment at the
 * store's durable points (journal `sync`, snapshot rename + `syncDir`, journal `close`).
 */
class GitStateFs extends RemoteStateFs {
  private pending = '';
  private dirty = false;

  constructor(
    private readonly backend: GitBackend,
    private readonly held: Held,
  ) {
    super();
  }

  protected async readSnapshot(): Promise<string | undefined> {
    return (await this.backend.textsOf(this.held.entries)).snapshot;
  }

  protected async readJournal(): Promise<string> {
    return (await this.backend.textsOf(this.held.entries)).journal;
  }

  protected journalFile(): StateFile {
    return {
      write: async (data) => {
        this.pending += data;
      },
      sync: () => this.publish(),
      truncate: async (length) => {
        // Segments hold whole lines, so the only truncate the store asks of a branch is emptying it.
        if (length !== 0) return;
        for (const n of [...this.held.entries.keys()]) if (SEGMENT.test(n)) this.held.entries.delete(n);
        this.pending = '';
        this.dirty = true;
      },
      close: () => this.publish(),
    };
  }

  protected async replaceSnapshot(text: string): Promise<void> {
    this.held.entries.set(STATE_FILE, { mode: '100644', type: 'blob', sha: await this.backend.hashObject(text) });
    this.dirty = true;
  }

  /** The snapshot is on the branch once pushed. */
  override syncDir(): Promise<void> {
    return this.publish();
  }

  private async publish(): Promise<void> {
    const lines = this.pending;
    if (lines === '' && !this.dirty) return;
    if (lines !== '') {
      const last = Math.max(0, ...[...this.held.entries.keys()].map((n) => Number(SEGMENT.exec(n)?.[1] ?? 0)));
      this.held.entries.set(`journal-${String(last + 1).padStart(8, '0')}.jsonl`, { mode: '100644', type: 'blob', sha: await this.backend.hashObject(lines) });
    }
    const { subject, body } = describeEntries(lines, this.held.entries.has(STATE_FILE) && this.dirty);
    await this.backend.publish(this.held, subject, body);
    // Only now: a failed push keeps what it carried for the store's error (the store stops on it).
    this.pending = '';
    this.dirty = false;
  }
}

const OP_WORDS: Record<string, string> = {
  pending: 'create started',
  complete: 'created',
  abandon: 'create abandoned',
  set: 'recorded',
  delete: 'forgotten',
  meta: 'meta updated',
};

/** A readable commit message for a batch of journal lines: counts per kind of change, then each change. */
function describeEntries(lines: string, snapshot: boolean): { subject: string; body: string } {
  const counts = new Map<string, number>();
  const details: string[] = [];
  for (const line of lines.split('\n').filter(Boolean)) {
    let entry: { op?: string; target?: string; ref?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    const word = OP_WORDS[entry.op ?? ''] ?? String(entry.op);
    counts.set(word, (counts.get(word) ?? 0) + 1);
    if (details.length < 100) details.push(`${word}: ${entry.target}${entry.ref ? ` ${entry.ref}` : ''}`);
  }
  const parts = Object.values(OP_WORDS).flatMap((word) => (counts.has(word) ? [`${counts.get(word)} ${word}`] : []));
  if (parts.length === 0) parts.push(snapshot ? 'snapshot' : 'journal compacted');
  return { subject: parts.join(', '), body: details.join('\n') };
}

function ownerOf(text: string): LockOwner {
  return parseOwner(text) ?? { pid: 0, host: 'unknown', command: 'unknown', since: new Date().toISOString() };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function runGit(args: string[], opts: { input?: string; env?: Record<string, string> }, env: Readonly<Record<string, string | undefined>>): Promise<GitResult> {
  const r = await runGitRaw(args, opts.input, { ...env, ...opts.env });
  return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
}

function runGitRaw(args: string[], input: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => reject(new StateBackendError('git state', `could not run git (${e.message})`, 'Install git and make sure it is on PATH')));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr }));
    child.stdin.on('error', () => {}); // git may exit before reading everything; its exit code says why
    child.stdin.end(input ?? '');
  });
}
