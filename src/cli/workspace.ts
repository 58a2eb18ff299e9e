/**
 * The composition root for commands that talk to platforms: config -> catalog -> targets ->
 * in-process sandbox (for `sandbox: true` targets) -> state -> one client per target.
 * User mistakes come back as diagnostics already printed and an exit code, never as exceptions.
 */
import { join, resolve } from 'node:path';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostics.js';
import { loadCatalog } from '../catalog/load.js';
import type { Catalog } from '../catalog/types.js';
import { loadConfig } from '../config/load.js';
import type { Config, TargetConfig } from '../config/model.js';
import { adapterFor, WITH_PLATFORMS } from '../platforms/registry.js';
import { targetSecrets } from '../platforms/transport.js';
import type { PlatformClient } from '../platforms/types.js';
import { renderDiagnostics } from '../render/diagnostics.js';
import { startTargetSandbox } from './commands/sandbox.js';
import { parseFaults } from '../sandbox/faults.js';
import { createBackend, type StateBackend, type StateStore } from '../state/index.js';
import { refreshAndPlan, refreshTargets, type RefreshHooks, type RefreshTarget } from '../engine/refresh.js';
import type { Plan } from '../plan/types.js';
import type { TargetPlanInput } from '../engine/plan.js';
import { checkReferences, referencesToResolve } from '../engine/references.js';
import { targetStateView } from '../engine/apply-state.js';
import { CatalogReferenceError, describeFailure, isUserFacing } from './errors.js';
import { createProgress } from './progress.js';
import { EXIT } from './exit-codes.js';
import type { CommandContext } from './main.js';

export interface Workspace {
  config: Config;
  catalog: Catalog;
  targets: RefreshTarget[];
  state: StateStore;
  /** API calls made, by target (counted from transport events). */
  calls: Map<string, { reads: number; writes: number }>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Target names chosen with --target (empty: all). */
  only: string[];
  /** Fetch for platform clients (tests). */
  fetch?: typeof fetch;
  /** How targets are read (`--refresh=full`; `catalog import` completes unmanaged objects too). */
  refresh?: RefreshTarget['refresh'];
}

export type Opened = { ws: Workspace } | { exit: number };
type Inputs = { config: Config; catalog: Catalog };

/**
 * Runs a command body with an open workspace: inputs loaded once, the state folder's lock held
 * when `lock` names the command (refused: exit 4), everything closed afterwards, and failures the
 * user can act on (platform, network, response shape) printed as one message with exit 1.
 */
export async function withWorkspace(
  ctx: CommandContext,
  opts: OpenOptions & { lock?: string },
  body: (ws: Workspace) => Promise<number>,
): Promise<number> {
  const inputs = await loadInputs(ctx);
  if ('exit' in inputs) return inputs.exit;
  let backend: StateBackend;
  try {
    backend = await openBackend(ctx, inputs.config);
  } catch (e) {
    return reportFailure(ctx, e); // e.g. the git backend's default remote: no "origin"
  }
  let lock: { release(): Promise<void> } | undefined;
  try {
    if (opts.lock) {
      let locked;
      try {
        locked = await backend.acquireLock(opts.lock);
      } catch (e) {
        return reportFailure(ctx, e);
      }
      if ('heldBy' in locked) {
        ctx.io.stderr.write(`error: ${locked.message}\n`);
        return EXIT.REFUSED;
      }
      lock = locked.lock;
    }
    let opened: Opened;
    try {
      opened = await openWorkspace(ctx, opts, inputs, backend);
    } catch (e) {
      return reportFailure(ctx, e);
    }
    if ('exit' in opened) return opened.exit;
    let code: number;
    let reported: unknown;
    try {
      code = await body(opened.ws);
    } catch (e) {
      reported = e;
      code = reportFailure(ctx, e);
    }
    try {
      await opened.ws.close();
    } catch (e) {
      // The store's last write failed (its backend went away): nothing recorded before it is lost.
      if (e !== reported) code = reportFailure(ctx, e);
    }
    return code;
  } finally {
    await lock?.release().catch(() => {}); // a remote lock that cannot be released says so on the next run
    await backend.close();
  }
}

/** The state backend the config names (nothing is contacted yet). */
export function openBackend(ctx: CommandContext, config: Config): Promise<StateBackend> {
  return createBackend(config.state, { cacheDir: config.cacheDir, configDir: config.dir, env: ctx.io.env });
}

/** A failure the user can act on is printed as one message (exit 1); anything else is a bug and is rethrown. */
export function reportFailure(ctx: CommandContext, e: unknown): number {
  if (!isUserFacing(e)) throw e;
  ctx.io.stderr.write(`error: ${describeFailure(e)}\n`);
  return EXIT.ERROR;
}

/**
 * Refreshes the workspace's targets with progress output (stderr). With `resolveReferences` (apply
 * of a saved plan), references written by name are resolved as `plan` resolved them, unchecked.
 */
export async function refreshWithProgress(ctx: CommandContext, ws: Pick<Workspace, 'config' | 'catalog' | 'targets'>, opts: { resolveReferences?: boolean } = {}): Promise<TargetPlanInput[]> {
  const catalog = opts.resolveReferences && referencesToResolve(ws.catalog, ws.targets) ? (await checkReferences(ws.catalog, ws.targets, referenceCaches(ws.config))).catalog : ws.catalog;
  return withRefreshProgress(ctx, ws.targets, (hooks) => refreshTargets(catalog, ws.targets, hooks));
}

/**
 * Checks the catalog's references to platform data (printed as diagnostics; errors throw
 * CatalogReferenceError before anything is planned), then refreshes and plans the workspace's
 * targets (each planned as soon as it is read), with progress output.
 */
export async function planWithProgress(ctx: CommandContext, ws: Pick<Workspace, 'config' | 'catalog' | 'targets'>): Promise<{ plan: Plan; inputs: TargetPlanInput[] }> {
  const checking = checkReferences(ws.catalog, ws.targets, referenceCaches(ws.config));
  // The targets are read while their reference lists are checked, unless a reference must be
  // resolved first (channelPv by name); a failed check still stops before anything is written.
  const resolveFirst = referencesToResolve(ws.catalog, ws.targets);
  const catalog = resolveFirst ? (await checking).catalog : ws.catalog;
  const meta = { catalogDigest: ws.catalog.digest, now: new Date().toISOString() };
  const planned = withRefreshProgress(ctx, ws.targets, (hooks) => refreshAndPlan(catalog, ws.targets, meta, hooks));
  const [checkedR, plannedR] = await Promise.allSettled([checking, planned]);
  if (checkedR.status === 'rejected') throw checkedR.reason;
  const checked = checkedR.value;
  if (checked.diagnostics.length > 0) {
    const g = ctx.globals();
    if (hasErrors(checked.diagnostics) || !g.quiet) ctx.io.stderr.write(renderDiagnostics(sortDiagnostics(checked.diagnostics), 'text', { color: g.color }));
    if (hasErrors(checked.diagnostics)) throw new CatalogReferenceError(checked.diagnostics.filter((d) => d.severity === 'error').length);
  }
  if (plannedR.status === 'rejected') throw plannedR.reason;
  return plannedR.value;
}

/** The platform caches' folder of each target (clients' caches and the reference lists). */
export function targetCacheDir(config: Config, target: string): string {
  return join(config.cacheDir, 'cache', target);
}

function referenceCaches(config: Config): { cacheDir(target: string): string } {
  return { cacheDir: (target) => targetCacheDir(config, target) };
}

function withRefreshProgress<T>(ctx: CommandContext, targets: RefreshTarget[], run: (hooks: RefreshHooks) => Promise<T>): Promise<T> {
  const progress = createProgress(ctx.io, ctx.globals().quiet);
  progress.begin('refresh', targets.map((t) => t.target.name));
  return run(progress.refresh).finally(() => progress.end());
}

export async function loadInputs(ctx: CommandContext): Promise<Inputs | { exit: number }> {
  const g = ctx.globals();
  const file = resolve(ctx.io.cwd, g.config);
  const cfg = loadConfig(file, ctx.io.env, WITH_PLATFORMS);
  const diags = [...cfg.diagnostics];
  let catalog: Catalog | undefined;
  if (cfg.config && !hasErrors(diags)) {
    const loaded = await loadCatalog(cfg.config, WITH_PLATFORMS);
    diags.push(...loaded.diagnostics);
    catalog = loaded.catalog;
  }
  if (diags.length > 0 && (hasErrors(diags) || !g.quiet)) {
    ctx.io.stderr.write(renderDiagnostics(diags, 'text', { color: g.color }));
  }
  if (!cfg.config || !catalog || hasErrors(diags)) return { exit: EXIT.ERROR };
  return { config: cfg.config, catalog };
}

export function selectTargets(config: Config, only: string[], err: (s: string) => void): TargetConfig[] | undefined {
  const names = new Set(config.targets.map((t) => t.name));
  const unknown = only.filter((n) => !names.has(n));
  if (unknown.length > 0) {
    err(`error: unknown target ${unknown.map((u) => JSON.stringify(u)).join(', ')}; configured targets: ${[...names].join(', ')}\n`);
    return undefined;
  }
  return only.length > 0 ? config.targets.filter((t) => only.includes(t.name)) : config.targets;
}

export async function openWorkspace(ctx: CommandContext, opts: OpenOptions, inputs: Inputs, backend: StateBackend): Promise<Opened> {
  const { config, catalog } = inputs;
  const chosen = selectTargets(config, opts.only, (s) => ctx.io.stderr.write(s));
  if (!chosen) return { exit: EXIT.ERROR };

  // CATALOG_SANDBOX_FAULTS injects faults into the in-process simulators (tests, demos).
  const faults = ctx.io.env.CATALOG_SANDBOX_FAULTS ? parseFaults(ctx.io.env.CATALOG_SANDBOX_FAULTS, 'CATALOG_SANDBOX_FAULTS: invalid') : undefined;
  if (faults && !faults.ok) {
    ctx.io.stderr.write(`error: ${faults.message}\n`);
    return { exit: EXIT.ERROR };
  }
  let sandbox: Awaited<ReturnType<typeof startTargetSandbox>>;
  try {
    sandbox = await startTargetSandbox(config, chosen, faults ? { faults: faults.spec } : {});
  } catch (e) {
    // A simulated account's state file that cannot be read; the message says how to reset it.
    ctx.io.stderr.write(`error: could not start the sandbox: ${(e as Error).message}\n`);
    return { exit: EXIT.ERROR };
  }
  const targets = sandbox.targets;

  let state: StateStore;
  try {
    state = await backend.open();
  } catch (e) {
    await sandbox.close();
    throw e;
  }
  state.registerSecrets(targets.flatMap(targetSecrets));

  const calls = new Map<string, { reads: number; writes: number }>();
  const clients: RefreshTarget[] = targets.map((target) => {
    const adapter = adapterFor(target.platform);
    const counter = { reads: 0, writes: 0 };
    calls.set(target.name, counter);
    const client: PlatformClient = adapter.createClient(target, {
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(target.sandbox ? { downloadFetch: sandbox.fetchFor(opts.fetch) } : {}),
      cacheDir: targetCacheDir(config, target.name),
      onEvent: (e) => {
        if (e.type === 'request') {
          if ((e as { safety?: string }).safety === 'read') counter.reads += 1;
          else counter.writes += 1;
        }
      },
    });
    return { target, adapter, client, state: targetStateView(state, target.name), ...(opts.refresh ? { refresh: opts.refresh } : {}) };
  });

  return {
    ws: {
      config,
      catalog,
      targets: clients,
      state,
      calls,
      close: async () => {
        await Promise.all(clients.map((t) => t.client.close?.()));
        try {
          await state.close();
        } finally {
          await sandbox.close();
        }
      },
    },
  };
}

export { targetStateView };
