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

const KILLS_PER_BACKEND = Number(process.env.BACKEND_KILLS ?? 10);
const PRODUCTS = 20;

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
  /** A fresh shared backend: the `state:` value both runners use. */
  make(): Promise<Record<string, unknown>>;
  /** The holder's lock survives a SIGKILL (git) or dies with its session (postgres). */
  lockSurvivesKill: boolean;
}

const BACKENDS: BackendCase[] = [
  { name: 'git', make: async () => ({ backend: 'git', remote: await makeBareRemote(), branch: 'catalog-state' }), lockSurvivesKill: true },
  { name: 'postgres', make: async () => ({ backend: 'postgres', url: '${CATALOG_STATE_URL}' }), lockSurvivesKill: false },
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

  test(`applies killed ${KILLS_PER_BACKEND} times, alternating runners: the other runner converges, zero duplicates`, { timeout: 600_000 }, async () => {
    const random = seededRandom(1313 + backend.name.length);
    const runners = [a, b];
    const log: string[] = [];
    let kills = 0;
    let unlocks = 0;
    await raisePrices(runners);
    for (let i = 0; i < KILLS_PER_BACKEND; i++) {
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
    expect(kills, log.join('\n')).toBeGreaterThanOrEqual(Math.ceil(KILLS_PER_BACKEND * 0.7));
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
