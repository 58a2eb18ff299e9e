/**
 * Remote state backends end to end (README, "State backends"), each against the real thing: a bare git
 * repository in a temp folder, and a PostgreSQL server started for this file (test/helpers/state-backends.ts).
 * The simulated platforms run as a separate `catalog sandbox` process, so they outlive killed applies.
 *
 * For each backend, two runners (separate folders and caches, one shared backend):
 *  - B sees A's records without a rebuild (its plan shows no changes); git history says who did what;
 *  - two applies at once: one runs, the other exits 4 naming the holder;
 *  - applies SIGKILLed at seeded random moments, alternating runners, the next one from the other runner
 *    (git: after `state unlock`, since a killed holder's lock stays on the branch; postgres: the server
 *    dropped it): at the end one apply converges, zero duplicates, every object recorded.
 * Then: backend errors (unreachable, refused push, wrong password, session killed mid-apply), the
 * password never in any output or stored row, and `state migrate` between the three backends.
 */
import { spawn, execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, removeProject, runCli, type CliResult } from '../helpers/cli.js';
import { checkPlatforms, makeSyntheticProject, seededRandom, startSandboxServer, type SandboxServer } from '../helpers/reliability.js';
import { makeBareRemote, startPostgres, type TestPostgres } from '../helpers/state-backends.js';

const PRODUCTS = 20;
/** `npm run soak` runs this file with 20 kills (8 git, 12 postgres); `npm test` with 7, to keep the suite short. */
const SOAK = process.env.CATALOG_SOAK === '1';

let postgres: TestPostgres;
const cleanup: string[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 120_000);
afterAll(async () => {
  await postgres?.stop();
  for (const dir of cleanup) await removeProject(dir);
});

/** Sets the `state:` key of a runner's config. */
async function setState(dir: string, state: unknown): Promise<void> {
  const file = join(dir, 'catalog.config.yaml');
  const config = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, stringify({ ...config, state }));
}

/** A second runner: the same repository content (config + catalog) in another folder, its own cache. */
async function cloneRunner(dir: string): Promise<string> {
  const other = await mkdtemp(join(tmpdir(), 'catalog-runner-b-'));
  cleanup.push(other);
  await cp(join(dir, 'catalog'), join(other, 'catalog'), { recursive: true });
  await cp(join(dir, 'catalog.config.yaml'), join(other, 'catalog.config.yaml'));
  return other;
}

/** New work for the next applies, in both runners: every product's originalPrice + 1 yuan. */
async function raisePrices(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    for (const entry of await readdir(join(dir, 'catalog', 'products'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
      const file = join(entry.parentPath, entry.name);
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace(/^(\s*)originalPrice: "?(\d+(?:\.\d+)?)"?$/gm, (_, indent: string, yuan: string) => `${indent}originalPrice: "${(Number(yuan) + 1).toFixed(2)}"`));
    }
  }
}

function applyAndKill(dir: string, delayMs: number, env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'apply', '--auto-approve'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // Half the kills from the plan on (while applying), half from the start (lock, state, refresh).
      if (!timer && delayMs >= 0 && /\nPlan: /.test(stdout)) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    if (delayMs < 0) timer = setTimeout(() => child.kill('SIGKILL'), -delayMs);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const cap = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(cap);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

interface BackendCase {
  name: 'git' | 'postgres';
  /** SIGKILLed applies (postgres runs are cheaper: its lock needs no unlock run). */
  kills: number;
  /** A fresh shared backend: the `state:` value both runners use. */
  make(): Promise<Record<string, unknown>>;
  /** The holder's lock survives a SIGKILL (git) or dies with its session (postgres). */
  lockSurvivesKill: boolean;
}

const BACKENDS: BackendCase[] = [
  { name: 'git', kills: SOAK ? 8 : 3, make: async () => ({ backend: 'git', remote: await makeBareRemote(), branch: 'catalog-state' }), lockSurvivesKill: true },
  { name: 'postgres', kills: SOAK ? 12 : 4, make: async () => ({ backend: 'postgres', url: '${CATALOG_STATE_URL}' }), lockSurvivesKill: false },
];

describe.each(BACKENDS)('$name backend', (backend) => {
  let a: string;
  let b: string;
  let server: SandboxServer | undefined;
  let env: Record<string, string> = {};
  let state: Record<string, unknown>;

  beforeAll(async () => {
    a = await makeSyntheticProject(PRODUCTS, { concurrency: 4, ratePerSecond: 60 });
    cleanup.push(a);
    server = await startSandboxServer(a);
    state = await backend.make();
    if (backend.name === 'postgres') env = { CATALOG_STATE_URL: await postgres.database() };
    await setState(a, state);
    b = await cloneRunner(a);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  const cli = (dir: string, args: string[]) => runCli(dir, args, { env, timeoutMs: 120_000 });
  const noSecret = (...runs: CliResult[]) => {
    if (backend.name !== 'postgres') return;
    for (const r of runs) expect(r.stdout + r.stderr).not.toContain(postgres.password);
  };

  test('runner B sees what runner A applied, without a rebuild', { timeout: 120_000 }, async () => {
    const applied = await cli(a, ['apply', '--auto-approve']);
    expect(applied.code, applied.stderr.slice(-2000)).toBe(0);
    const listA = await cli(a, ['state', 'list', '--format', 'json']);
    const listB = await cli(b, ['state', 'list', '--format', 'json']);
    expect(listB.code, listB.stderr).toBe(0);
    const objects = (JSON.parse(listB.stdout) as { objects: unknown[] }).objects;
    expect(objects.length).toBeGreaterThan(PRODUCTS);
    expect(listB.stdout).toBe(listA.stdout);
    // No local state in B: its cache holds no state.json of its own, yet its plan has nothing to do.
    const plan = await cli(b, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout.slice(-2000) + plan.stderr).toBe(0);
    noSecret(applied, listA, listB, plan);
    if (backend.name === 'git') {
      const log = execFileSync('git', ['--git-dir', String(state.remote), 'log', '--format=%an|%s', 'catalog-state'], { encoding: 'utf8' });
      expect(log).toMatch(/^.+ on .+\|unlock: apply done/m);
      expect(log).toMatch(/\|apply: \d+ create started/m);
      expect(log).toMatch(/\|lock: apply \(/m);
    }
  });

  test('a second concurrent apply is refused with exit 4 naming the holder', { timeout: 120_000 }, async () => {
    await raisePrices([a, b]);
    const [ra, rb] = await Promise.all([cli(a, ['apply', '--auto-approve']), cli(b, ['apply', '--auto-approve'])]);
    expect([ra.code, rb.code].sort(), `${ra.stderr.slice(-1500)}\n---\n${rb.stderr.slice(-1500)}`).toEqual([0, 4]);
    const loser = ra.code === 4 ? ra : rb;
    expect(loser.stderr).toMatch(new RegExp(`${backend.name} state \\(.*\\) is locked by "apply" \\(pid \\d+ on `));
    expect(loser.stdout).not.toMatch(/Plan:|Apply/);
    const plan = await cli(b, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout.slice(-2000)).toBe(0);
    noSecret(ra, rb, plan);
  });

  test(`applies killed ${backend.kills} times, alternating runners: the other runner converges, zero duplicates`, { timeout: 600_000 }, async () => {
    const random = seededRandom(1313 + backend.name.length);
    const runners = [a, b];
    const log: string[] = [];
    let kills = 0;
    let unlocks = 0;
    await raisePrices(runners);
    // An apply that finishes before its kill lands counts as a plain run; the loop goes on until the
    // required number of kills happened (bounded), so the count never depends on the machine's speed.
    for (let i = 0; kills < backend.kills && i < backend.kills * 4; i++) {
      // Each apply runs on the other runner than the one killed before it.
      const here = runners[i % 2]!;
      const delay = random() < 0.3 ? -Math.floor(300 + random() * 1200) : Math.floor(random() * 1200);
      let run = await applyAndKill(here, delay, env);
      if (run.code === 4) {
        // The killed holder's lock is still on the backend: named, then cleared as the message says.
        expect(backend.lockSurvivesKill, run.stderr).toBe(true);
        expect(run.stderr).toMatch(/is locked by "apply" \(pid \d+ on /);
        expect(run.stderr).toContain('catalog state unlock');
        const unlocked = await cli(here, ['state', 'unlock']);
        expect(unlocked.code, unlocked.stderr).toBe(0);
        expect(unlocked.stdout).toMatch(/Removed the lock held by "apply"/);
        unlocks += 1;
        run = await applyAndKill(here, delay, env);
      }
      if (run.signal === 'SIGKILL') kills += 1;
      else {
        expect([0, 3], `${run.stderr.slice(-2000)}`).toContain(run.code);
        if (run.code === 0) await raisePrices(runners);
      }
      log.push(`${i}: ${delay}ms -> ${run.signal ?? `exit ${run.code}`}`);
    }
    expect(kills, log.join('\n')).toBe(backend.kills);
    if (backend.lockSurvivesKill) expect(unlocks).toBeGreaterThan(0);

    let final = await cli(b, ['apply', '--auto-approve']);
    if (final.code === 4 && backend.lockSurvivesKill) {
      expect((await cli(b, ['state', 'unlock'])).code).toBe(0); // the last kill's lock
      final = await cli(b, ['apply', '--auto-approve']);
    }
    expect(final.code, `${log.join('\n')}\n${final.stderr.slice(-3000)}`).toBe(0);
    expect(final.stderr).not.toMatch(/已存在|already exists|duplicate/i);
    const plan = await cli(a, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout.slice(-3000)).toBe(0);
    await server!.stop();
    server = undefined;
    const check = await checkPlatforms(a, { cacheDir: '.catalog-check', env });
    expect(check.duplicates).toEqual([]);
    expect(check.unrecorded).toEqual([]);
    expect(check.checked).toBeGreaterThan(PRODUCTS);
    console.log(`${backend.name} backend: ${kills} kills, ${unlocks} locks cleared`);
  });
});

describe('backend errors, secrets and migration', () => {
  /** A project on the in-process sandbox (its simulated accounts under .catalog/sandbox) with `state`. */
  async function project(state: unknown): Promise<string> {
    const dir = await makeSyntheticProject(4);
    cleanup.push(dir);
    await setState(dir, state);
    return dir;
  }

  test('an unreachable git remote: exit 1 naming the backend and what to check, before any platform call', async () => {
    const dir = await project({ backend: 'git', remote: '/nonexistent/catalog-state.git' });
    const r = await runCli(dir, ['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: git state \(remote \/nonexistent\/catalog-state\.git, branch catalog-state\): could not read the branch \(git: .+\)\. Check the remote URL/m);
    expect(r.stdout).not.toMatch(/Plan:/);
    const plan = await runCli(dir, ['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('could not read the branch');

    // The default remote is the repository's origin: outside a repository that is named too.
    await setState(dir, { backend: 'git' });
    const noOrigin = await runCli(dir, ['state', 'list']);
    expect(noOrigin.code).toBe(1);
    expect(noOrigin.stderr).toMatch(/^error: git state \(remote "origin" of .+, branch catalog-state\): this folder is not in a git repository with a remote "origin"\. Set state\.remote/m);
  });

  test('a push refused by the remote (branch protection): exit 1 saying what to allow, nothing applied', async () => {
    const remote = await makeBareRemote();
    await writeFile(join(remote, 'hooks', 'pre-receive'), '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/catalog-state." >&2\nexit 1\n');
    await chmod(join(remote, 'hooks', 'pre-receive'), 0o755);
    const dir = await project({ backend: 'git', remote });
    const r = await runCli(dir, ['apply', '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`git state (remote ${remote}, branch catalog-state): the remote refused the push to branch catalog-state`);
    expect(r.stderr).toContain('Protected branch update failed');
    expect(r.stderr).toContain('If the branch is protected, allow this job to push to catalog-state');
    expect(r.stdout).not.toMatch(/Plan:/);
  });

  test('postgres: a wrong password and an unreachable server are named, the password never shown', async () => {
    const good = new URL(await postgres.database());
    const wrong = new URL(good);
    wrong.password = 'not-the-password-4711';
    const dir = await project({ backend: 'postgres', url: '${CATALOG_STATE_URL}' });
    const r = await runCli(dir, ['apply', '--auto-approve'], { env: { CATALOG_STATE_URL: wrong.toString() } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: postgres state \(postgres:\/\/catalog:\*\*\*@127\.0\.0\.1:\d+\/catalog_test_\w+\): could not connect \(password authentication failed for user "catalog"\)\. Check the user and password/m);
    expect(r.stdout + r.stderr).not.toContain('not-the-password-4711');
    expect(r.stdout).not.toMatch(/Plan:/);

    const closed = new URL(good);
    closed.port = '1';
    const down = await runCli(dir, ['plan'], { env: { CATALOG_STATE_URL: closed.toString() } });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/postgres state \(postgres:\/\/catalog:\*\*\*@127\.0\.0\.1:1\/.*\): could not connect .*Check the host and port/);
    expect(down.stdout + down.stderr).not.toContain(postgres.password);
  });

  test('postgres: the session killed mid-apply fails the apply (exit 1); the next apply converges, nothing duplicated, the password stored nowhere', { timeout: 120_000 }, async () => {
    const url = await postgres.database();
    const dir = await makeSyntheticProject(20, { concurrency: 2, ratePerSecond: 20 });
    cleanup.push(dir);
    await setState(dir, { backend: 'postgres', url: '${CATALOG_STATE_URL}' });
    const env = { CATALOG_STATE_URL: url };
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      const child = spawn(process.execPath, [CLI, 'apply', '--auto-approve'], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let killed = false;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!killed && /\nPlan: /.test(out)) {
          killed = true;
          setTimeout(() => void admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [new URL(url).pathname.slice(1)]), 800);
        }
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, out.slice(-1500) + err.slice(-1500)).toBe(1);
      expect(err).toMatch(/error: postgres state \(postgres:\/\/catalog:\*\*\*@[^)]+\): (lost the connection|the database failed a state write or read)/);
      expect(out + err).not.toContain(postgres.password);

      const again = await runCli(dir, ['apply', '--auto-approve'], { env, timeoutMs: 120_000 });
      expect(again.code, again.stderr.slice(-2000)).toBe(0);
      expect((await runCli(dir, ['plan', '--detailed-exitcode'], { env })).code).toBe(0);
      const check = await checkPlatforms(dir, { simStateDir: '.catalog', cacheDir: '.catalog-check', env });
      expect(check.duplicates).toEqual([]);
      expect(check.unrecorded).toEqual([]);

      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const rows = await db.query(`SELECT (SELECT string_agg(body, '') FROM catalog_state_snapshot) || (SELECT coalesce(string_agg(line, ''), '') FROM catalog_state_journal) || (SELECT coalesce(string_agg(owner, ''), '') FROM catalog_state_lock) AS everything`);
        const everything = String(rows.rows[0].everything);
        expect(everything).toContain('Product/');
        expect(everything).not.toContain(postgres.password);
        expect((await db.query('SELECT version FROM catalog_state_schema')).rows).toEqual([{ version: 1 }]);
      } finally {
        await db.end();
      }
    } finally {
      await admin.end();
    }
  });

  test('state migrate moves the state local -> git -> postgres; every backend lists the same and plans nothing', { timeout: 120_000 }, async () => {
    const dir = await project('./.catalog');
    const env = { CATALOG_STATE_URL: await postgres.database() };
    expect((await runCli(dir, ['apply', '--auto-approve'])).code).toBe(0);
    const local = await runCli(dir, ['state', 'list', '--format', 'json']);
    const remote = await makeBareRemote();

    const toGit = await runCli(dir, ['state', 'migrate', '--to', `{ backend: git, remote: ${remote} }`], { env });
    expect(toGit.code, toGit.stderr).toBe(0);
    expect(toGit.stdout).toMatch(new RegExp(`^Copied the state \\(\\d+ records of 5 targets\\) from state folder .*\\.catalog to git state \\(remote ${remote}, branch catalog-state\\)`, 'm'));
    await setState(dir, { backend: 'git', remote });
    const viaGit = await runCli(dir, ['state', 'list', '--format', 'json']);
    expect(viaGit.stdout).toBe(local.stdout);
    expect((await runCli(dir, ['plan', '--detailed-exitcode'])).code).toBe(0);

    const to = '{ backend: postgres, url: "${CATALOG_STATE_URL}" }';
    const toPg = await runCli(dir, ['state', 'migrate', '--to', to], { env });
    expect(toPg.code, toPg.stderr).toBe(0);
    expect(toPg.stdout).toContain('to postgres state (postgres://catalog:***@');
    await setState(dir, { backend: 'postgres', url: '${CATALOG_STATE_URL}' });
    const viaPg = await runCli(dir, ['state', 'list', '--format', 'json'], { env });
    expect(viaPg.stdout).toBe(local.stdout);
    expect((await runCli(dir, ['plan', '--detailed-exitcode'], { env })).code).toBe(0);
    const first = (JSON.parse(viaPg.stdout) as { objects: Array<{ target: string; ref: string; id: string }> }).objects[0]!;
    const shown = await runCli(dir, ['state', 'show', first.ref, '--target', first.target], { env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(first.id);

    // The destination must be empty unless --force.
    const again = await runCli(dir, ['state', 'migrate', '--to', `{ backend: git, remote: ${remote} }`], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds state \(targets .*\); nothing was copied\. Use --force/);
    for (const r of [toGit, toPg, viaPg, shown, again]) expect(r.stdout + r.stderr).not.toContain(postgres.password);
  });
});
