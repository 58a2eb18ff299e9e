/**
 * `catalog sandbox [--port N] [--faults SPEC] [--reset]`: serve the platform simulators on localhost,
 * one account per configured target (its platform and credentials), until SIGINT/SIGTERM; the state
 * is flushed before exit. Also `startTargetSandbox`, which plan/apply use for `sandbox: true` targets.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostics.js';
import { loadConfig } from '../../config/load.js';
import { WITH_PLATFORMS } from '../../platforms/registry.js';
import type { Config, TargetConfig } from '../../config/model.js';
import { renderDiagnostics } from '../../render/diagnostics.js';
import { resetSandboxState, type SandboxAccount } from '../../sandbox/accounts.js';
import { parseFaults, type FaultSpec } from '../../sandbox/faults.js';
import { SIMULATORS } from '../../sandbox/registry.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/server.js';
import { startSandboxThread } from '../../sandbox/thread.js';
import { EXIT } from '../exit-codes.js';
import { parsePort } from '../port.js';
import type { CommandContext } from '../main.js';
import { untilSignal } from '../signals.js';

export interface TargetSandboxOptions {
  /** Fault spec (see src/sandbox/faults.ts); a bad spec text rejects with a clear message. */
  faults?: string | FaultSpec;
  /** New accounts start from the demo data (default true). */
  seed?: boolean;
}

export interface TargetSandbox {
  /** The given targets, sandbox ones with their baseUrl set to the in-process server. */
  targets: TargetConfig[];
  /** Stops the server and flushes the simulated accounts (no-op without sandbox targets). */
  close(): Promise<void>;
  /**
   * The fetch for a sandbox target's downloads (ClientDeps.downloadFetch): URLs the simulators handed out in an earlier run (e.g.
   * uploaded image URLs, `http://127.0.0.1:<that run's port>/<account>/img/...`) reach this run's
   * server. Other hosts are answered 502 without a request: a sandbox target never leaves the machine.
   */
  fetchFor(base?: typeof fetch): typeof fetch;
}

function accountOf(target: TargetConfig): SandboxAccount {
  // The simulator learns the target's path overrides so it answers where the adapter calls.
  const options = { ...(target.sandboxOptions ?? {}), ...(Object.keys(target.paths).length > 0 ? { paths: target.paths } : {}) };
  return { name: target.name, platform: target.platform, credentials: target.credentials, options };
}

/**
 * Starts the in-process sandbox for the targets with `sandbox: true` (state in
 * `<config.cacheDir>/sandbox/`), on a free localhost port, on a worker thread (thread.ts). Rejects when such a
 * target's platform has no simulator.
 */
export async function startTargetSandbox(config: Config, targets: TargetConfig[], opts: TargetSandboxOptions = {}): Promise<TargetSandbox> {
  const sandboxTargets = targets.filter((t) => t.sandbox);
  if (sandboxTargets.length === 0) return { targets, close: async () => undefined, fetchFor: (base) => base ?? ((...a) => globalThis.fetch(...a)) };
  const running = await startSandboxThread({
    accounts: sandboxTargets.map(accountOf),
    stateDir: config.cacheDir,
    ...(opts.faults !== undefined ? { faults: opts.faults } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  return {
    targets: targets.map((t) => (t.sandbox ? { ...t, baseUrl: running.accountUrl(t.name) } : t)),
    close: () => running.close(),
    fetchFor: (base) => redirectToSandbox(new URL(running.accountUrl('x')).origin, base),
  };
}

/**
 * Requests to another port of the sandbox's loopback host go to the sandbox's current origin; other
 * hosts get a 502 (sandbox targets never reach the internet). `base` is read at call time.
 */
export function redirectToSandbox(origin: string, base?: typeof fetch): typeof fetch {
  const host = new URL(origin).hostname;
  return async (input, init) => {
    const send = base ?? globalThis.fetch;
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.hostname !== host) return new Response(`sandbox targets do not reach other hosts (${url.host})`, { status: 502 });
    if (url.origin === origin) return send(input, init);
    return send(`${origin}${url.pathname}${url.search}`, init);
  };
}

export interface SandboxCommandOptions {
  port?: string;
  faults?: string;
  reset?: boolean;
}


/** The command body; serving ends when `untilStopped()` resolves (tests pass their own). Returns the exit code. */
export async function serveSandbox(ctx: CommandContext, opts: SandboxCommandOptions, untilStopped: () => Promise<unknown>): Promise<number> {
  const { io } = ctx;
  const globals = ctx.globals();
  const fail = (message: string) => {
    io.stderr.write(`catalog sandbox: ${message}\n`);
    return EXIT.ERROR;
  };
  const port = parsePort(opts.port);
  if (port === undefined) return fail(`--port must be a port number 0..65535, not "${opts.port}"`);
  if (opts.faults !== undefined) {
    const parsed = parseFaults(opts.faults);
    if (!parsed.ok) return fail(parsed.message);
  }

  const loaded = loadConfig(path.resolve(io.cwd, globals.config), io.env, WITH_PLATFORMS);
  if (loaded.diagnostics.length > 0 && (hasErrors(loaded.diagnostics) || !globals.quiet)) {
    io.stderr.write(renderDiagnostics(loaded.diagnostics, 'text', { color: globals.color }));
  }
  const config = loaded.config;
  if (!config || hasErrors(loaded.diagnostics)) return EXIT.ERROR;

  const served = config.targets.filter((t) => SIMULATORS[t.platform]);
  for (const t of config.targets.filter((x) => !SIMULATORS[x.platform])) {
    io.stderr.write(`catalog sandbox: no simulator for platform ${t.platform} yet; target ${t.name} is not served\n`);
  }
  if (served.length === 0) return fail('no configured target has a simulator');

  if (opts.reset) {
    await resetSandboxState(config.cacheDir);
    if (!globals.quiet) io.stdout.write(`Sandbox state reset (${path.join(config.cacheDir, 'sandbox')})\n`);
  }

  let running: RunningSandbox;
  try {
    running = await startSandbox({
      accounts: served.map(accountOf),
      stateDir: config.cacheDir,
      port,
      ...(opts.faults !== undefined ? { faults: opts.faults } : {}),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') return fail(`port ${port} is already in use; choose another with --port, or --port 0 for a free one`);
    return fail(err.message);
  }

  const nameWidth = Math.max(...served.map((t) => t.name.length));
  const platformWidth = Math.max(...served.map((t) => t.platform.length));
  const lines = [
    `Sandbox listening on ${running.url}`,
    ...served.map((t) => `  ${t.name.padEnd(nameWidth)}  ${t.platform.padEnd(platformWidth)}  ${running.accountUrl(t.name)}`),
  ];
  if (opts.faults) lines.push(`Faults: ${opts.faults}`);
  if (!globals.quiet) lines.push(`State: ${path.join(config.cacheDir, 'sandbox')}`, 'Press Ctrl+C to stop.');
  io.stdout.write(`${lines.join('\n')}\n`);

  await untilStopped();
  await running.close();
  if (!globals.quiet) io.stdout.write('Sandbox stopped; state saved.\n');
  return EXIT.OK;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('sandbox')
    .description('serve the platform simulators on localhost, one account per configured target')
    .option('--port <n>', 'port to listen on (default: a free port)')
    .option('--faults <spec>', 'inject faults: 5xx=P,busy=P,drop=P,lost=P,latency=MS|MIN-MAX,seed=N (P in 0..1)')
    .option('--reset', 'delete the persisted sandbox state first', false)
    .addHelpText(
      'after',
      [
        '',
        'Each target is served under its name: http://127.0.0.1:PORT/<target>, its baseUrl.',
        'State persists in <state>/sandbox/<target>.json, shared with plan/apply on sandbox targets.',
        '',
        'Faults: 5xx = HTTP 500/502/503; busy = the platform\'s busy code; drop = connection closed before',
        'processing; lost = a write is committed, then the connection is closed (the answer is lost).',
        '',
        'Examples:',
        '  catalog sandbox',
        '  catalog sandbox --port 8787 --reset',
        '  catalog sandbox --faults 5xx=0.1,busy=0.1,lost=0.05,latency=20-80,seed=1',
      ].join('\n'),
    )
    .action(async (opts: SandboxCommandOptions) => {
      ctx.exitCode = await serveSandbox(ctx, opts, untilSignal);
    });
}
