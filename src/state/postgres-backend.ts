/**
 * The postgres state backend: the state in a PostgreSQL database (`state: { backend: postgres, url }`),
 * through the `pg` client on one connection per command.
 *
 * Tables (created on first use, in one transaction, under a transaction-level advisory lock so that two
 * first users do not race; `catalog_state_schema.version` says which layout a database holds):
 *   catalog_state_snapshot  one row: the snapshot text as the store writes it, when and by whom
 *   catalog_state_journal   one row per journal entry (the store's JSON line), in order of `n`
 *   catalog_state_lock      one row: the lock holder's description, for messages only
 *
 * Contract:
 *  - Every write is its own transaction (autocommit), committed (and so durable: the server's
 *    synchronous commit) before the call resolves: a pending create is in the database before
 *    `beginCreate()` resolves. The snapshot row is replaced in one statement.
 *  - The lock is a session-level advisory lock (`pg_try_advisory_lock`) on this connection: the server
 *    releases it when the process dies, so there is never a stale lock; `state unlock` ends the holding
 *    session (`pg_terminate_backend`). A refusal names the holder from `catalog_state_lock`.
 *  - The URL's password is a secret: it is redacted from every message and never written anywhere.
 *  - A connection lost mid-command fails the store (store.ts: every later call throws), exit 1.
 */
import { hostname } from 'node:os';
import pg from 'pg';
import { BaseBackend, redact, redactUrl, RemoteStateFs, StateBackendError, urlSecrets, type BackendContext, type StateTexts } from './backend.js';
import type { StateFile, StateFs } from './fs.js';
import { lockHeldMessage, parseOwner, type LockOwner, type LockResult } from './lock.js';

const POSTGRES_SCHEMA_VERSION = 1;
/** The advisory lock key of the state (below 2^31: pg_locks shows it as objid with classid 0). */
const STATE_LOCK_KEY = 1_305_132_013;
/** Serialises creating the tables. */
const SCHEMA_LOCK_KEY = 1_305_132_014;

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS catalog_state_schema (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS catalog_state_snapshot (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  body text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
CREATE TABLE IF NOT EXISTS catalog_state_journal (
  n bigserial PRIMARY KEY,
  line text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS catalog_state_lock (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  owner text NOT NULL,
  backend_pid integer NOT NULL
);`;

const HOLDER_SQL = `
SELECT k.pid, l.owner FROM pg_locks k LEFT JOIN catalog_state_lock l ON l.backend_pid = k.pid
WHERE k.locktype = 'advisory' AND k.granted AND k.classid = 0 AND k.objid = $1 AND k.objsubid = 1`;

export class PostgresBackend extends BaseBackend {
  readonly kind = 'postgres';
  readonly description: string;
  override readonly secrets: readonly string[];
  protected readonly root = 'postgres-state';
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  /** Set when the connection breaks; every later query fails with it. */
  private broken: Error | undefined;
  private held: LockOwner | undefined;

  constructor(
    private readonly url: string,
    private readonly ctx: BackendContext,
  ) {
    super();
    this.secrets = urlSecrets(url);
    this.description = `postgres state (${redactUrl(url)})`;
  }

  // ---- lock ----

  async acquireLock(command: string): Promise<LockResult> {
    const owner: LockOwner = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
    const got = await this.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [STATE_LOCK_KEY]);
    if (!got.rows[0]!.locked) {
      const heldBy = (await this.readLock()) ?? { pid: 0, host: 'unknown', command: 'unknown', since: owner.since };
      // The server ends a dead holder's session and its lock with it: a held lock is never stale.
      return { heldBy, stale: false, message: lockHeldMessage(this.description, heldBy, false) };
    }
    await this.query(
      `INSERT INTO catalog_state_lock (id, owner, backend_pid) VALUES (true, $1, pg_backend_pid())
       ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, backend_pid = EXCLUDED.backend_pid`,
      [JSON.stringify(owner)],
    );
    this.held = owner;
    return {
      lock: {
        path: this.description,
        owner,
        release: async () => {
          if (!this.held || this.broken) return;
          this.held = undefined;
          await this.query('SELECT pg_advisory_unlock($1)', [STATE_LOCK_KEY]);
        },
      },
    };
  }

  async readLock(): Promise<LockOwner | undefined> {
    const holder = (await this.query<{ pid: number; owner: string | null }>(HOLDER_SQL, [STATE_LOCK_KEY])).rows[0];
    if (!holder) return undefined;
    const unknown = { pid: 0, host: `postgres session ${holder.pid}`, command: 'unknown', since: new Date().toISOString() };
    return (holder.owner ? parseOwner(holder.owner) : undefined) ?? unknown;
  }

  async forceUnlock(): Promise<LockOwner | undefined> {
    const holder = (await this.query<{ pid: number }>(HOLDER_SQL, [STATE_LOCK_KEY])).rows[0];
    if (!holder) return undefined;
    const owner = await this.readLock();
    await this.query('SELECT pg_terminate_backend($1)', [holder.pid]);
    return owner;
  }

  // ---- the store's files ----

  protected async readTexts(): Promise<StateTexts> {
    const snapshot = await this.query<{ body: string }>('SELECT body FROM catalog_state_snapshot');
    const journal = await this.query<{ line: string }>('SELECT line FROM catalog_state_journal ORDER BY n');
    return { snapshot: snapshot.rows[0]?.body, journal: journal.rows.map((r) => `${r.line}\n`).join('') };
  }

  protected writableFs(): StateFs | undefined {
    return this.held ? new PostgresStateFs(this) : undefined;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.connecting = undefined;
    await client?.end().catch(() => {});
  }

  /** Runs one statement (its own transaction); any failure is a StateBackendError. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    const client = await this.connect();
    if (this.broken) throw this.broken;
    try {
      return await client.query<R>(sql, params);
    } catch (e) {
      throw this.failure(e, 'the database failed a state write or read', 'Check that the server is up and reachable; nothing recorded before was lost. Run the command again');
    }
  }

  updatedBy(): string {
    return this.held ? `${this.held.command} (pid ${this.held.pid} on ${this.held.host})` : 'catalog';
  }

  private connect(): Promise<pg.Client> {
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000, application_name: 'catalog' });
      client.on('error', (e) => {
        this.broken ??= this.failure(e, 'lost the connection to the server', 'Check that the server is up; nothing recorded before was lost. Run the command again');
      });
      try {
        await client.connect();
      } catch (e) {
        await client.end().catch(() => {});
        this.connecting = undefined;
        throw this.failure(e, 'could not connect', connectHint(e));
      }
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
        await client.query(SCHEMA_SQL);
        const version = await client.query<{ version: number }>('SELECT version FROM catalog_state_schema');
        const found = version.rows[0]?.version;
        if (found === undefined) await client.query('INSERT INTO catalog_state_schema (version) VALUES ($1)', [POSTGRES_SCHEMA_VERSION]);
        await client.query('COMMIT');
        if (found !== undefined && found > POSTGRES_SCHEMA_VERSION) {
          throw new StateBackendError(this.description, `the database holds state tables of layout ${found}, newer than this catalog version knows (${POSTGRES_SCHEMA_VERSION})`, 'Upgrade catalog');
        }
      } catch (e) {
        await client.end().catch(() => {});
        this.connecting = undefined;
        if (e instanceof StateBackendError) throw e;
        throw this.failure(e, 'could not create or read the state tables', 'Check that the user in the URL may create tables in this database (or create them as README says)');
      }
      this.client = client;
      return client;
    })();
    return this.connecting;
  }

  private failure(e: unknown, what: string, check: string): StateBackendError {
    if (e instanceof StateBackendError) return e;
    const err = e as Error & { code?: string };
    const detail = err.message || err.code || String(e);
    return new StateBackendError(this.description, redact(`${what} (${detail})`, this.secrets), check);
  }
}

/** What to check for a failed connection, by the error's code. */
function connectHint(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === '28P01' || code === '28000') return 'Check the user and password in the URL (CATALOG_STATE_URL)';
  if (code === '3D000') return 'Check the database name in the URL; create the database first';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT') {
    return 'Check the host and port in the URL, that the server runs and that this machine may connect (firewall, allow-list)';
  }
  return 'Check the URL (postgres://user:password@host:port/database), that the server runs and accepts this user';
}

/** The store's files as rows; only the lock holder gets one. */
class PostgresStateFs extends RemoteStateFs {
  constructor(private readonly backend: PostgresBackend) {
    super();
  }

  protected async readSnapshot(): Promise<string | undefined> {
    return (await this.backend.query<{ body: string }>('SELECT body FROM catalog_state_snapshot')).rows[0]?.body;
  }

  protected async readJournal(): Promise<string> {
    const rows = (await this.backend.query<{ line: string }>('SELECT line FROM catalog_state_journal ORDER BY n')).rows;
    return rows.map((r) => `${r.line}\n`).join('');
  }

  protected journalFile(): StateFile {
    return {
      write: async (data) => {
        const lines = data.split('\n').filter((l) => l !== '');
        if (lines.length > 0) await this.backend.query('INSERT INTO catalog_state_journal (line) SELECT unnest($1::text[])', [lines]);
      },
      sync: async () => {}, // every write above is already a committed transaction
      truncate: async (length) => {
        // Rows hold whole lines, so the only truncate the store asks of the table is emptying it.
        if (length === 0) await this.backend.query('DELETE FROM catalog_state_journal');
      },
      close: async () => {},
    };
  }

  protected async replaceSnapshot(text: string): Promise<void> {
    await this.backend.query(
      `INSERT INTO catalog_state_snapshot (id, body, updated_at, updated_by) VALUES (true, $1, now(), $2)
       ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [text, this.backend.updatedBy()],
    );
  }
}
