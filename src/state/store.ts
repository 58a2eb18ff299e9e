/**
 * State store: what the platforms cannot give back, kept in the state folder (docs/state.md).
 *
 *   <stateDir>/state.json     snapshot: { formatVersion, seq, targets: { <target>: { objects, meta, pending } } }
 *   <stateDir>/journal.jsonl  append-only, one JSON entry per line, each with a sequence number `seq`
 *   <stateDir>/lock           see lock.ts
 *
 * Model: per target name, per object ref "<Kind>/<key>" (e.g. "Product/iphone12", "Image/<sha256>"), a record
 * `{ id, ...extra JSON fields }` (platform ids, wechat-live auditId, image urls with expiry); per target a
 * free-form `meta` object (e.g. audit quota used today); and per target the creates that were started but
 * whose result is not recorded ("pending").
 *
 * Records hold ids and platform facts only, NEVER secrets (app secrets, tokens, signatures). As a bug check,
 * `registerSecrets()` makes every write that contains a registered secret throw `SecretInStateError`.
 *
 * Durability contract:
 *  - `beginCreate()` resolves only once its "pending" entry is fsynced. Make the create call after it resolves;
 *    a crash after that leaves the create visible in `pendingCreates()` on the next open, so the engine looks
 *    the object up by identity and adopts it (or abandons the pending record) instead of creating a duplicate.
 *  - Concurrent `beginCreate()` calls are group-committed: all entries appended while one fsync runs share
 *    the next one.
 *  - `set`, `delete`, `setMeta`, `completeCreate`, `abandonCreate` take effect in memory at once and are
 *    written to the journal promptly (so they survive the process being killed) and fsynced with the next
 *    group commit, `flush()`, checkpoint or `close()`.
 *  - On open, the snapshot is loaded and the journal entries with a higher `seq` are replayed. A torn last
 *    line (crash mid-append) is dropped, cut off the file, and reported in `warnings`; any other unreadable
 *    line is a `StateCorruptError`.
 *  - `checkpoint()` writes the snapshot atomically (temp file, fsync, rename, fsync folder) recording the
 *    `seq` it covers, then empties the journal. It runs by itself once the journal holds
 *    `max(checkpointEvery, half the objects in state)` entries, so the journal stays bounded and the cost of
 *    rewriting the snapshot stays proportional to the changes (amortised).
 *  - If a write to disk fails, the store stops accepting changes: every later call throws that error.
 *
 * One process at a time per folder: take the lock (lock.ts) before opening for writing.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { nodeStateFs, type StateFile, type StateFs } from './fs.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What the state keeps for one object: its platform id plus adapter-specific JSON fields. */
export interface StateRecord {
  id: string;
  [field: string]: JsonValue;
}

export interface PendingCreate {
  target: string;
  ref: string;
  /** What the caller recorded to find the object later (e.g. its identity on the platform). */
  info: JsonObject;
  /** ISO time the create began. */
  since: string;
}

export interface StateWarning {
  file: string;
  line: number;
  message: string;
}

export interface StateStore {
  readonly dir: string;
  /** Problems found on open that did not prevent it, e.g. a torn last journal line. */
  readonly warnings: readonly StateWarning[];
  /** Target names that hold any record, meta or pending create, sorted. */
  targets(): string[];
  get(target: string, ref: string): Readonly<StateRecord> | undefined;
  set(target: string, ref: string, record: StateRecord): void;
  delete(target: string, ref: string): void;
  /** [ref, record] pairs of one target, sorted by ref. */
  entries(target: string): Array<[ref: string, record: Readonly<StateRecord>]>;
  getMeta(target: string): Readonly<JsonObject>;
  setMeta(target: string, meta: JsonObject): void;
  /** Creates begun and neither completed nor abandoned, of one target or all. */
  pendingCreates(target?: string): PendingCreate[];
  /** Records a pending create and resolves once it is durable (fsynced). */
  beginCreate(target: string, ref: string, info?: JsonObject): Promise<void>;
  /** Records the created object's record and clears its pending create. */
  completeCreate(target: string, ref: string, record: StateRecord): void;
  /** Clears a pending create (it provably failed, or the object was adopted). */
  abandonCreate(target: string, ref: string): void;
  /** Strings that must never be written (bug check); secrets shorter than 4 characters are ignored. */
  registerSecrets(secrets: readonly string[]): void;
  /** Writes and fsyncs everything recorded so far, after any disk work already queued. */
  flush(): Promise<void>;
  checkpoint(): Promise<void>;
  /** Checkpoints and closes the journal. The store is unusable afterwards. */
  close(): Promise<void>;
}

export interface OpenStateOptions {
  fs?: StateFs;
  /** Minimum journal length (entries) that triggers an automatic checkpoint. Default 4096. */
  checkpointEvery?: number;
  /** Clock for `since` of pending creates. */
  now?: () => Date;
}

export const STATE_FILE = 'state.json';
export const JOURNAL_FILE = 'journal.jsonl';
export const STATE_FORMAT_VERSION = 1;
const DEFAULT_CHECKPOINT_EVERY = 4096;
const MIN_SECRET_LENGTH = 4;

export class StateCorruptError extends Error {
  override readonly name = 'StateCorruptError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(
      `${file}${line === undefined ? '' : `:${line}`}: ${detail}. ` +
        'The state folder is damaged; move it aside and run "catalog state rebuild".',
    );
  }
}

export class SecretInStateError extends Error {
  override readonly name = 'SecretInStateError';
  constructor(
    readonly target: string,
    readonly ref: string,
    readonly path: string,
  ) {
    super(
      `bug: refusing to write a secret into state (target "${target}", ${ref}, field ${path || '(root)'}); ` +
        'state records hold ids only',
    );
  }
}

// ---- on-disk formats ----------------------------------------------------------------------------------

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
const jsonObject = z.record(z.string(), jsonValue);
const stateRecord = z.looseObject({ id: z.string() }) as unknown as z.ZodType<StateRecord>;
const pendingInfo = z.object({ info: jsonObject, since: z.string() });

const snapshotSchema = z.object({
  formatVersion: z.literal(STATE_FORMAT_VERSION),
  seq: z.number().int().nonnegative(),
  targets: z.record(
    z.string(),
    z.object({
      objects: z.record(z.string(), stateRecord),
      meta: jsonObject,
      pending: z.record(z.string(), pendingInfo),
    }),
  ),
});
type Snapshot = z.infer<typeof snapshotSchema>;

const entryBase = { seq: z.number().int().positive(), target: z.string() };
const journalEntrySchema = z.discriminatedUnion('op', [
  z.object({ ...entryBase, op: z.literal('set'), ref: z.string(), record: stateRecord }),
  z.object({ ...entryBase, op: z.literal('delete'), ref: z.string() }),
  z.object({ ...entryBase, op: z.literal('meta'), meta: jsonObject }),
  z.object({ ...entryBase, op: z.literal('pending'), ref: z.string(), info: jsonObject, since: z.string() }),
  z.object({ ...entryBase, op: z.literal('complete'), ref: z.string(), record: stateRecord }),
  z.object({ ...entryBase, op: z.literal('abandon'), ref: z.string() }),
]);
type JournalEntry = z.infer<typeof journalEntrySchema>;
/** An entry before it is numbered. */
type Change = JournalEntry extends infer E ? (E extends JournalEntry ? Omit<E, 'seq'> : never) : never;

// ---- in-memory model ----------------------------------------------------------------------------------

interface TargetState {
  objects: Map<string, StateRecord>;
  meta: JsonObject;
  pending: Map<string, { info: JsonObject; since: string }>;
}

/** The one place a change is applied, used both live and when replaying the journal. */
function applyChange(model: Map<string, TargetState>, change: Change): void {
  let t = model.get(change.target);
  if (!t) {
    t = { objects: new Map(), meta: {}, pending: new Map() };
    model.set(change.target, t);
  }
  switch (change.op) {
    case 'set':
      t.objects.set(change.ref, change.record);
      break;
    case 'delete':
      t.objects.delete(change.ref);
      break;
    case 'meta':
      t.meta = change.meta;
      break;
    case 'pending':
      t.pending.set(change.ref, { info: change.info, since: change.since });
      break;
    case 'complete':
      t.objects.set(change.ref, change.record);
      t.pending.delete(change.ref);
      break;
    case 'abandon':
      t.pending.delete(change.ref);
      break;
  }
}

function modelFromSnapshot(snapshot: Snapshot): Map<string, TargetState> {
  const model = new Map<string, TargetState>();
  for (const [name, t] of Object.entries(snapshot.targets)) {
    model.set(name, {
      objects: new Map(Object.entries(t.objects)),
      meta: t.meta,
      pending: new Map(Object.entries(t.pending)),
    });
  }
  return model;
}

function snapshotFromModel(model: Map<string, TargetState>, seq: number): Snapshot {
  const targets: Snapshot['targets'] = {};
  for (const name of [...model.keys()].sort()) {
    const t = model.get(name)!;
    targets[name] = {
      objects: Object.fromEntries([...t.objects.entries()].sort(byKey)),
      meta: t.meta,
      pending: Object.fromEntries([...t.pending.entries()].sort(byKey)),
    };
  }
  return { formatVersion: STATE_FORMAT_VERSION, seq, targets };
}

function byKey(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

// ---- opening ------------------------------------------------------------------------------------------

export async function openState(stateDir: string, options: OpenStateOptions = {}): Promise<StateStore> {
  const fs = options.fs ?? nodeStateFs;
  await fs.mkdir(stateDir);
  const snapshotPath = join(stateDir, STATE_FILE);
  const journalPath = join(stateDir, JOURNAL_FILE);

  const snapshotText = await fs.readText(snapshotPath);
  let snapshot: Snapshot = { formatVersion: STATE_FORMAT_VERSION, seq: 0, targets: {} };
  if (snapshotText !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(snapshotText);
    } catch (error) {
      throw new StateCorruptError(STATE_FILE, undefined, `not valid JSON (${(error as Error).message})`);
    }
    const result = snapshotSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new StateCorruptError(STATE_FILE, undefined, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    snapshot = result.data;
  }

  const model = modelFromSnapshot(snapshot);
  const replay = readJournal((await fs.readText(journalPath)) ?? '');
  let seq = snapshot.seq;
  for (const entry of replay.entries) {
    if (entry.seq <= snapshot.seq) continue; // already in the snapshot (crash between checkpoint and truncate)
    applyChange(model, entry);
    seq = Math.max(seq, entry.seq);
  }

  const journal = await fs.open(journalPath, 'a');
  if (replay.torn) {
    // Cut the torn tail so the next append starts on a fresh line.
    await journal.truncate(replay.validBytes);
    await journal.sync();
  }
  return new JournaledStateStore({
    dir: stateDir,
    fs,
    journal,
    model,
    seq,
    journalEntries: replay.entries.length,
    warnings: replay.torn ? [{ file: JOURNAL_FILE, line: replay.torn.line, message: replay.torn.message }] : [],
    checkpointEvery: options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY,
    now: options.now ?? (() => new Date()),
  });
}

interface JournalReplay {
  entries: JournalEntry[];
  /** Byte length of the readable prefix. */
  validBytes: number;
  torn?: { line: number; message: string };
}

/**
 * Parses journal text. Unreadable lines are tolerated only as a tail (what a crash mid-append leaves);
 * an unreadable line followed by a readable one means the file was damaged otherwise.
 */
function readJournal(text: string): JournalReplay {
  const entries: JournalEntry[] = [];
  let validBytes = 0;
  let firstBad: { line: number; message: string } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const complete = i < lines.length - 1; // the last segment has no newline after it
    if (line === '' && !complete) break;
    const problem = complete ? parseEntry(line) : { error: 'incomplete last line' };
    if ('error' in problem) {
      firstBad ??= { line: i + 1, message: `ignored an unreadable last journal line (${problem.error})` };
      continue;
    }
    if (firstBad) {
      throw new StateCorruptError(JOURNAL_FILE, firstBad.line, 'unreadable line in the middle of the journal');
    }
    entries.push(problem.entry);
    validBytes += Buffer.byteLength(line, 'utf8') + 1;
  }
  return firstBad ? { entries, validBytes, torn: firstBad } : { entries, validBytes };
}

function parseEntry(line: string): { entry: JournalEntry } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { error: 'not JSON' };
  }
  const result = journalEntrySchema.safeParse(json);
  return result.success ? { entry: result.data } : { error: 'not a journal entry' };
}

// ---- the store ----------------------------------------------------------------------------------------

interface StoreInit {
  dir: string;
  fs: StateFs;
  journal: StateFile;
  model: Map<string, TargetState>;
  seq: number;
  journalEntries: number;
  warnings: StateWarning[];
  checkpointEvery: number;
  now: () => Date;
}

class JournaledStateStore implements StateStore {
  readonly dir: string;
  readonly warnings: readonly StateWarning[];
  private readonly fs: StateFs;
  private readonly journal: StateFile;
  private readonly model: Map<string, TargetState>;
  private readonly checkpointEvery: number;
  private readonly now: () => Date;
  private readonly secrets = new Set<string>();

  private seq: number;
  /** Entries in the journal file plus the buffer, i.e. not covered by the snapshot. */
  private journalEntries: number;
  private objectCount = 0;
  /** Serialised entries not yet written to the journal file. */
  private buffer: string[] = [];
  /** Bytes written to the journal since its last fsync. */
  private unsynced = false;
  /** The write step that has not started yet; later requests join it (group commit). */
  private queuedWrite: { promise: Promise<void>; sync: boolean } | null = null;
  private checkpointQueued = false;
  /** Every disk step runs after the previous one: this is the end of that chain. */
  private tail: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private closed = false;

  constructor(init: StoreInit) {
    this.dir = init.dir;
    this.fs = init.fs;
    this.journal = init.journal;
    this.model = init.model;
    this.seq = init.seq;
    this.journalEntries = init.journalEntries;
    this.warnings = init.warnings;
    this.checkpointEvery = init.checkpointEvery;
    this.now = init.now;
    for (const t of this.model.values()) this.objectCount += t.objects.size;
  }

  targets(): string[] {
    return [...this.model.keys()].sort();
  }

  get(target: string, ref: string): Readonly<StateRecord> | undefined {
    return this.model.get(target)?.objects.get(ref);
  }

  entries(target: string): Array<[string, Readonly<StateRecord>]> {
    return [...(this.model.get(target)?.objects.entries() ?? [])].sort(byKey);
  }

  getMeta(target: string): Readonly<JsonObject> {
    return this.model.get(target)?.meta ?? {};
  }

  pendingCreates(target?: string): PendingCreate[] {
    const names = target === undefined ? this.targets() : [target];
    return names.flatMap((name) =>
      [...(this.model.get(name)?.pending.entries() ?? [])]
        .sort(byKey)
        .map(([ref, p]) => ({ target: name, ref, info: p.info, since: p.since })),
    );
  }

  set(target: string, ref: string, record: StateRecord): void {
    this.record({ op: 'set', target, ref, record: this.copyRecord(target, ref, record) });
    this.scheduleWrite(false);
  }

  delete(target: string, ref: string): void {
    this.record({ op: 'delete', target, ref });
    this.scheduleWrite(false);
  }

  setMeta(target: string, meta: JsonObject): void {
    this.record({ op: 'meta', target, meta: this.copyJson(target, 'meta', meta) });
    this.scheduleWrite(false);
  }

  async beginCreate(target: string, ref: string, info: JsonObject = {}): Promise<void> {
    const since = this.now().toISOString();
    this.record({ op: 'pending', target, ref, info: this.copyJson(target, ref, info), since });
    await this.scheduleWrite(true);
  }

  completeCreate(target: string, ref: string, record: StateRecord): void {
    this.record({ op: 'complete', target, ref, record: this.copyRecord(target, ref, record) });
    this.scheduleWrite(false);
  }

  abandonCreate(target: string, ref: string): void {
    this.record({ op: 'abandon', target, ref });
    this.scheduleWrite(false);
  }

  registerSecrets(secrets: readonly string[]): void {
    for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
  }

  async flush(): Promise<void> {
    this.assertUsable();
    const write = this.scheduleWrite(true);
    await this.tail; // also lets a queued automatic checkpoint finish
    await write;
    if (this.failure) throw this.failure;
  }

  checkpoint(): Promise<void> {
    this.assertUsable();
    return this.runExclusive(() => this.writeCheckpoint());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.checkpoint();
    } finally {
      this.closed = true;
      await this.journal.close();
    }
  }

  // ---- internals ----

  /** Applies a change in memory and queues its journal line. */
  private record(change: Change): void {
    this.assertUsable();
    const before = this.model.get(change.target)?.objects.size ?? 0;
    const entry = { seq: this.seq + 1, ...change } as JournalEntry;
    const line = `${JSON.stringify(entry)}\n`;
    applyChange(this.model, change);
    this.seq = entry.seq;
    this.objectCount += (this.model.get(change.target)?.objects.size ?? 0) - before;
    this.buffer.push(line);
    this.journalEntries++;
    if (!this.checkpointQueued && this.journalEntries >= Math.max(this.checkpointEvery, this.objectCount / 2)) {
      this.checkpointQueued = true;
      this.runExclusive(() => this.writeCheckpoint()).catch(() => {}); // failure is kept in this.failure
    }
  }

  /**
   * Queues a write of the buffer (and an fsync when `sync`). Requests made before the queued step starts
   * join it; that is the group commit: one fsync for every entry appended while the previous one ran.
   */
  private scheduleWrite(sync: boolean): Promise<void> {
    if (this.queuedWrite) {
      this.queuedWrite.sync ||= sync;
      return this.queuedWrite.promise;
    }
    const step = { sync, promise: Promise.resolve() };
    step.promise = this.runExclusive(async () => {
      this.queuedWrite = null;
      await this.writeBuffer(step.sync);
    });
    this.queuedWrite = step;
    if (!sync) step.promise.catch(() => {}); // nobody awaits a plain write; its failure is kept in this.failure
    return step.promise;
  }

  private async writeBuffer(sync: boolean): Promise<void> {
    const lines = this.buffer;
    this.buffer = [];
    if (lines.length > 0) {
      await this.journal.write(lines.join(''));
      this.unsynced = true;
    }
    if (sync && this.unsynced) {
      await this.journal.sync();
      this.unsynced = false;
    }
  }

  private async writeCheckpoint(): Promise<void> {
    // The snapshot covers every change made so far, including the buffered ones, which are dropped.
    const snapshot = snapshotFromModel(this.model, this.seq);
    this.buffer = [];
    const snapshotPath = join(this.dir, STATE_FILE);
    const tmpPath = `${snapshotPath}.tmp`;
    const tmp = await this.fs.open(tmpPath, 'w');
    try {
      await tmp.write(`${JSON.stringify(snapshot, null, 1)}\n`);
      await tmp.sync();
    } finally {
      await tmp.close();
    }
    await this.fs.rename(tmpPath, snapshotPath);
    await this.fs.syncDir(this.dir);
    // Entries up to snapshot.seq are now redundant; replay would skip them even if this truncate is lost.
    await this.journal.truncate(0);
    this.unsynced = false;
    this.journalEntries = this.buffer.length; // entries recorded while the snapshot was being written
    this.checkpointQueued = false;
  }

  private runExclusive(step: () => Promise<void>): Promise<void> {
    const run = this.tail.then(async () => {
      if (this.failure) throw this.failure;
      try {
        await step();
      } catch (error) {
        this.failure ??= error as Error;
        throw error;
      }
    });
    this.tail = run.catch(() => {});
    return run;
  }

  private assertUsable(): void {
    if (this.closed) throw new Error(`state store ${this.dir} is closed`);
    if (this.failure) throw this.failure;
  }

  private copyRecord(target: string, ref: string, record: StateRecord): StateRecord {
    if (typeof record?.id !== 'string') throw new TypeError(`state record for ${ref} needs a string id`);
    return this.copyJson(target, ref, record) as StateRecord;
  }

  /** A deep copy (callers may keep mutating theirs), refused if it holds a registered secret. */
  private copyJson<T extends JsonObject>(target: string, ref: string, value: T): T {
    if (this.secrets.size > 0) {
      const path = findSecret(value, [...this.secrets], '');
      if (path !== undefined) throw new SecretInStateError(target, ref, path);
    }
    return JSON.parse(JSON.stringify(value)) as T;
  }
}

/** The path of the first string (key or value) containing a secret, or undefined. */
function findSecret(value: JsonValue, secrets: string[], path: string): string | undefined {
  if (typeof value === 'string') return secrets.some((s) => value.includes(s)) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const items: Array<[string, JsonValue]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  for (const [key, item] of items) {
    const itemPath = path === '' ? key : `${path}.${key}`;
    if (secrets.some((s) => key.includes(s))) return `${path || '(root)'} (a key)`;
    const found = findSecret(item, secrets, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}
