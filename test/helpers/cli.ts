/**
 * End-to-end harness: a throwaway project folder (config + catalog files) and the BUILT CLI run in
 * it as a child process (`npm test` builds first), exactly as a user runs it. Sandbox targets start
 * the simulators in-process; their state persists under <dir>/.catalog/sandbox/, so consecutive
 * runs see one world and tests can inspect it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO, 'bin', 'catalog.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Creates a temp project from a map of relative path -> file content. */
export async function makeProject(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'catalog-e2e-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = join(dir, rel);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

/**
 * The shipped config's request rate, and what end-to-end tests use instead: at 10 calls a second
 * every run against the sandbox waits 0.1 s per call, which was half of the suite's time and tests
 * nothing (the limiter has its own tests in src/http; `npm run bench` measures the default limits).
 */
const SHIPPED_RATE = /^( {2}ratePerSecond: )10( .*)$/m;
const E2E_RATE_PER_SECOND = 1000;

/** A temp project holding a copy of the repository's example catalog and shipped config, its request rate raised to E2E_RATE_PER_SECOND. */
export async function copyExampleProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'catalog-e2e-'));
  await cp(join(REPO, 'catalog'), join(dir, 'catalog'), { recursive: true });
  const config = await readFile(join(REPO, 'catalog.config.yaml'), 'utf8');
  if (!SHIPPED_RATE.test(config)) throw new Error('catalog.config.yaml: `  ratePerSecond: 10` not found under defaults (update SHIPPED_RATE)');
  await writeFile(join(dir, 'catalog.config.yaml'), config.replace(SHIPPED_RATE, `$1${E2E_RATE_PER_SECOND}$2`));
  await cp(join(REPO, 'schemas'), join(dir, 'schemas'), { recursive: true });
  return dir;
}

export function runCli(dir: string, args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** The persisted simulator state of one sandbox target (see src/sandbox/accounts.ts). */
export async function readSandboxState<S = any>(dir: string, target: string): Promise<S> {
  const raw = JSON.parse(await readFile(join(dir, '.catalog', 'sandbox', `${target}.json`), 'utf8')) as { state: S };
  return raw.state;
}

export async function removeProject(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Runs the CLI in this process (no build, no spawn) with captured streams: for tests of commands
 * that make no network call, where a process per run would be slow.
 */
export async function runInProcess(cwd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { Writable } = await import('node:stream');
  const { main } = await import('../../src/cli/main.js');
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    return { stream, text: () => chunks.join('') };
  };
  const out = sink();
  const err = sink();
  const code = await main(['node', 'catalog', ...args], { stdout: out.stream, stderr: err.stream, env: opts.env ?? {}, cwd, isTTY: false, prompt: async () => '' });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** `catalog apply --auto-approve` that must exit `code`; a mismatch fails with both streams. */
export async function applyExpecting(dir: string, code = 0, args: string[] = []): Promise<CliResult> {
  const r = await runCli(dir, ['apply', '--auto-approve', ...args]);
  if (r.code !== code) throw new Error(`apply exited ${r.code}, expected ${code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** `catalog plan --detailed-exitcode` that must exit `code` (0: no changes, 2: changes). */
export async function planExpecting(dir: string, code: number, args: string[] = []): Promise<CliResult> {
  const r = await runCli(dir, ['plan', '--detailed-exitcode', ...args]);
  if (r.code !== code) throw new Error(`plan exited ${r.code}, expected ${code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The platforms match the catalog: plan exits 0 and plans no call. */
export async function expectNoChanges(dir: string, args: string[] = []): Promise<CliResult> {
  const r = await planExpecting(dir, 0, args);
  if (!r.stdout.includes('Plan: 0 to create, 0 to update, 0 to replace, 0 to delete; 0 API calls')) throw new Error(`plan shows changes\n${r.stdout}`);
  return r;
}

/** The core end-to-end contract: apply succeeds, then a plan shows no changes. */
export async function applyConverges(dir: string, args: string[] = []): Promise<{ applied: CliResult; plan: CliResult }> {
  const applied = await applyExpecting(dir, 0, args);
  if (/failed:|Error/.test(applied.stdout + applied.stderr)) throw new Error(`apply reported a failure\n${applied.stdout}\n${applied.stderr}`);
  return { applied, plan: await expectNoChanges(dir, args) };
}

/** Edits a simulated account's persisted state (what the platform would do on its own, or time passing). */
export async function editSandboxState(dir: string, target: string, edit: (state: any) => void): Promise<void> {
  const file = join(dir, '.catalog', 'sandbox', `${target}.json`);
  const raw = JSON.parse(await readFile(file, 'utf8'));
  edit(raw.state);
  await writeFile(file, JSON.stringify(raw));
}
