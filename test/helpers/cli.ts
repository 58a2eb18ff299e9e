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

/** A temp project holding a copy of the repository's example catalog and shipped config. */
export async function copyExampleProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'catalog-e2e-'));
  await cp(join(REPO, 'catalog'), join(dir, 'catalog'), { recursive: true });
  await cp(join(REPO, 'catalog.config.yaml'), join(dir, 'catalog.config.yaml'));
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
