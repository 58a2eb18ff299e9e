/**
 * Crash safety (soak, `npm run soak`): `catalog apply --auto-approve` on a 200-product catalog over all
 * five targets is killed with SIGKILL at seeded random moments, at least 50 times. The simulated
 * platforms run in a separate `catalog sandbox` process, so they keep everything the killed applies
 * did (including creates whose answer never arrived).
 *
 * Whenever an apply finishes before its kill, every product's originalPrice goes up by 1 yuan, so the
 * next applies have a full round of updates (on every target) to be killed in.
 *
 * After every kill: the state opens without error (what the next process reads); a held lock makes
 * the next apply refuse with exit 4 and the documented recovery (`catalog state unlock`), which is
 * then run. At the end applies converge (exit 0), a plan shows no changes, the platforms hold no
 * duplicate and every catalog object's id is in the state.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openState, readLock } from '../../src/state/index.js';
import { CLI, removeProject, runCli, type CliResult } from '../helpers/cli.js';
import { checkPlatforms, makeSyntheticProject, seededRandom, startSandboxServer, type SandboxServer } from '../helpers/reliability.js';

const PRODUCTS = 200;
const KILLS = Number(process.env.CRASH_KILLS ?? 50);
const SEED = Number(process.env.CRASH_SEED ?? 20_240_611);

let dir: string;
let server: SandboxServer | undefined;

beforeAll(async () => {
  // A modest rate stretches one apply over many seconds, so the kills land all over it.
  dir = await makeSyntheticProject(PRODUCTS, { concurrency: 4, ratePerSecond: 25 });
  server = await startSandboxServer(dir);
});
afterAll(async () => {
  await server?.stop();
  if (dir) await removeProject(dir);
});

/** New work for the next applies: every product's originalPrice + 1 yuan. */
async function raiseOriginalPrices(): Promise<void> {
  for (const entry of await readdir(join(dir, 'catalog', 'products'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/^(\s*)originalPrice: "?(\d+(?:\.\d+)?)"?$/gm, (_, indent: string, yuan: string) => `${indent}originalPrice: "${(Number(yuan) + 1).toFixed(2)}"`));
  }
}

interface KilledRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** How far it got: the plan was printed. */
  planned: boolean;
  afterMs: number;
  stderr: string;
}

/**
 * Starts an apply and SIGKILLs it `delayMs` after `anchor`: the spawn, or the moment the plan is
 * printed (the apply phase begins right after). It may finish on its own first.
 */
function applyAndKill(delayMs: number, anchor: 'spawn' | 'plan'): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, 'apply', '--auto-approve'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let planned = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => (timer = setTimeout(() => child.kill('SIGKILL'), delayMs));
    if (anchor === 'spawn') arm();
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!planned && /\nPlan: /.test(stdout)) {
        planned = true;
        if (anchor === 'plan') arm();
      }
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Safety net: never wait for a stuck apply.
    const cap = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(cap);
      resolve({ code, signal, planned, afterMs: Date.now() - started, stderr });
    });
  });
}

test(`apply killed ${KILLS} times at random moments: state stays readable, applies converge without duplicates`, { timeout: 30 * 60_000 }, async () => {
  const random = seededRandom(SEED);
  const stateDir = join(dir, '.catalog');
  let kills = 0;
  let finishedOnTheirOwn = 0;
  let locksCleared = 0;
  const log: string[] = [];
  for (let i = 0; i < KILLS; i++) {
    // A quarter of the kills anywhere from start-up on (config, refresh, lock); the rest during apply.
    const anchor = random() < 0.25 ? 'spawn' : 'plan';
    const delayMs = Math.floor(random() * (anchor === 'spawn' ? 2500 : 2000));
    const run = await applyAndKill(delayMs, anchor);
    if (run.signal === 'SIGKILL') kills += 1;
    else {
      finishedOnTheirOwn += 1;
      expect([0, 3], `run ${i}: apply exited ${run.code}\n${run.stderr.slice(-3000)}`).toContain(run.code);
      if (run.code === 0) await raiseOriginalPrices();
    }
    log.push(`${i}: ${anchor}+${delayMs}ms -> ${run.signal ?? `exit ${run.code}`}${run.planned ? ' (after plan)' : ''}`);

    // What the next process reads must open.
    const state = await openState(stateDir);
    await state.close();

    if (await readLock(stateDir)) {
      const refused: CliResult = await runCli(dir, ['apply', '--auto-approve']);
      expect(refused.code, `${log.at(-1)}\n${refused.stderr}`).toBe(4);
      expect(refused.stderr).toMatch(/is locked/);
      expect(refused.stderr).toContain('catalog state unlock');
      const unlocked = await runCli(dir, ['state', 'unlock']);
      expect(unlocked.code, unlocked.stderr).toBe(0);
      expect(unlocked.stdout).toMatch(/Removed the lock/);
      locksCleared += 1;
    }
  }
  // The kills must really have hit running applies, most of them after the plan, i.e. while applying.
  expect(kills, log.join('\n')).toBeGreaterThanOrEqual(Math.min(KILLS, 50) * 0.8);
  expect(locksCleared).toBeGreaterThan(0);

  const finals: CliResult[] = [];
  for (let run = 0; run < 3; run++) {
    const r = await runCli(dir, ['apply', '--auto-approve'], { timeoutMs: 180_000 });
    finals.push(r);
    if (r.code === 0) break;
  }
  const last = finals.at(-1)!;
  expect(last.code, `${finals.map((r) => `exit ${r.code}: ${r.stderr.slice(-1500)}`).join('\n---\n')}`).toBe(0);
  // No create was sent twice: the platforms would refuse a second object with the same identity.
  for (const r of finals) expect(r.stderr).not.toMatch(/已存在|already exists|duplicate/i);
  const plan = await runCli(dir, ['plan', '--detailed-exitcode'], { timeoutMs: 120_000 });
  expect(plan.code, plan.stdout.slice(-3000) + plan.stderr).toBe(0);

  await server!.stop();
  server = undefined;
  const check = await checkPlatforms(dir);
  expect(check.duplicates).toEqual([]);
  expect(check.unrecorded).toEqual([]);
  expect(check.checked).toBeGreaterThan(PRODUCTS);
  console.log(`crash soak: ${kills} kills, ${finishedOnTheirOwn} applies finished first, ${locksCleared} locks cleared, ${finals.length} final applies, ${check.checked} objects checked`);
});
