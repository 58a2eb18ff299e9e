/**
 * Real state backends for tests (and the bench): a bare git repository in a temp folder as the remote,
 * and a throwaway PostgreSQL server (Debian's binaries, /usr/lib/postgresql/<v>/bin; `.ci/run` installs
 * them when missing) on a free loopback port, with a generated password, run as the `postgres` user
 * when we are root (the server refuses to run as root). Stop it with `stop()`.
 *
 * CATALOG_TEST_PG_URL (a superuser URL of a server someone else runs) skips starting one: each
 * `database()` is then created on that server.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const run = promisify(execFile);

/** A bare repository to serve as a git remote; its path is the remote URL. */
export async function makeBareRemote() {
  const dir = await mkdtemp(join(tmpdir(), 'catalog-remote-'));
  await run('git', ['init', '-q', '--bare', dir]);
  return dir;
}

/**
 * @typedef {object} TestPostgres
 * @property {string} url Superuser URL of the server's `postgres` database (holds the password).
 * @property {string} password
 * @property {() => Promise<string>} database A URL of a new, empty database.
 * @property {() => Promise<void>} stop
 */

/** @returns {string | undefined} */
export function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** @returns {Promise<number>} */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {{ port: number }} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

let databases = 0;

/** @param {{ fsync?: boolean }} opts  @returns {Promise<TestPostgres>} */
export async function startPostgres(opts = {}) {
  const given = process.env.CATALOG_TEST_PG_URL;
  if (given) {
    const password = new URL(given).password;
    return { url: given, password, database: () => createDatabase(given), stop: async () => {} };
  }
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql; .ci/run does it)');
  const dir = await mkdtemp(join(tmpdir(), 'catalog-pg-'));
  const asRoot = process.getuid?.() === 0;
  // The server refuses to run as root: run it as the `postgres` user the Debian package creates.
  const as = (/** @type {string} */ cmd, /** @type {string[]} */ args) => (asRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args));
  if (asRoot) await chown(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pw');
  await writeFile(pwfile, `${password}\n`, { mode: 0o644 });
  if (asRoot) await run('chown', ['postgres', pwfile]);
  await as(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'catalog', '--pwfile', pwfile, '--auth', 'scram-sha-256', '--no-sync', '--no-instructions', '-E', 'UTF8']);
  await rm(pwfile);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${opts.fsync ? 'on' : 'off'} -c max_connections=50`;
  await as(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  const url = `postgres://catalog:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    password,
    database: () => createDatabase(url),
    stop: async () => {
      await as(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** @param {string} url */
async function createDatabase(url) {
  const name = `catalog_test_${process.pid}_${++databases}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
