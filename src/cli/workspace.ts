/**
 * The composition root for commands that talk to platforms: config -> catalog -> targets ->
 * in-process sandbox (for `sandbox: true` targets) -> state -> one client per target.
 * User mistakes come back as diagnostics already printed and an exit code, never as exceptions.
 */
import { resolve } from 'node:path';
import { hasErrors } from '../catalog/diagnostics.js';
import { loadCatalog } from '../catalog/load.js';
import type { Catalog } from '../catalog/types.js';
import { loadConfig } from '../config/load.js';
import type { Config, TargetConfig } from '../config/model.js';
import { SECRET_FIELDS } from '../config/model.js';
import { ADAPTERS } from '../platforms/registry.js';
import type { PlatformAdapter, PlatformClient, TargetState } from '../platforms/types.js';
import { renderDiagnostics } from '../render/diagnostics.js';
import { startTargetSandbox } from './commands/sandbox.js';
import { openState, type StateStore } from '../state/index.js';
import type { RefreshTarget } from '../engine/refresh.js';
import { EXIT } from './exit-codes.js';
import type { CommandContext } from './main.js';
import { join } from 'node:path';

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
}

export type Opened = { ws: Workspace } | { exit: number };

export async function loadInputs(ctx: CommandContext): Promise<{ config: Config; catalog: Catalog } | { exit: number }> {
  const g = ctx.globals();
  const file = resolve(ctx.io.cwd, g.config);
  const cfg = loadConfig(file, ctx.io.env);
  const diags = [...cfg.diagnostics];
  let catalog: Catalog | undefined;
  if (cfg.config && !hasErrors(diags)) {
    const loaded = await loadCatalog(cfg.config);
    diags.push(...loaded.diagnostics);
    catalog = loaded.catalog;
  }
  if (diags.length > 0 && (hasErrors(diags) || !g.quiet)) {
    ctx.io.stderr.write(renderDiagnostics(diags, 'text', { color: g.color }));
  }
  if (!cfg.config || !catalog || hasErrors(diags)) return { exit: EXIT.ERROR };
  return { config: cfg.config, catalog };
}

export function selectTargets(config: Config, only: string[], err: (s: string) => void, opts: { requireAdapter?: boolean } = {}): TargetConfig[] | undefined {
  const names = new Set(config.targets.map((t) => t.name));
  const unknown = only.filter((n) => !names.has(n));
  if (unknown.length > 0) {
    err(`error: unknown target ${unknown.map((u) => JSON.stringify(u)).join(', ')}; configured targets: ${[...names].join(', ')}\n`);
    return undefined;
  }
  const chosen = only.length > 0 ? config.targets.filter((t) => only.includes(t.name)) : config.targets;
  const unsupported = opts.requireAdapter === false ? [] : chosen.filter((t) => !ADAPTERS[t.platform]);
  if (unsupported.length > 0) {
    err(`error: platform ${unsupported.map((t) => `${t.platform} (target ${t.name})`).join(', ')} is not supported by this version; remove the target or choose others with --target\n`);
    return undefined;
  }
  return chosen;
}

export async function openWorkspace(ctx: CommandContext, opts: OpenOptions): Promise<Opened> {
  const inputs = await loadInputs(ctx);
  if ('exit' in inputs) return inputs;
  const { config, catalog } = inputs;
  const chosen = selectTargets(config, opts.only, (s) => ctx.io.stderr.write(s));
  if (!chosen) return { exit: EXIT.ERROR };

  // CATALOG_SANDBOX_FAULTS injects faults into the in-process simulators (tests, demos).
  const sandbox = await startTargetSandbox(config, chosen, ctx.io.env.CATALOG_SANDBOX_FAULTS ? { faults: ctx.io.env.CATALOG_SANDBOX_FAULTS } : {});
  const targets = sandbox.targets;

  const state = await openState(config.stateDir);
  state.registerSecrets(targets.flatMap((t) => SECRET_FIELDS[t.platform].map((f) => t.credentials[f]).filter((s): s is string => Boolean(s))));

  const calls = new Map<string, { reads: number; writes: number }>();
  const refreshTargets: RefreshTarget[] = targets.map((target) => {
    const adapter = ADAPTERS[target.platform] as PlatformAdapter;
    const counter = { reads: 0, writes: 0 };
    calls.set(target.name, counter);
    const client: PlatformClient = adapter.createClient(target, {
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      cacheDir: join(config.stateDir, 'cache', target.name),
      onEvent: (e) => {
        if (e.type === 'request') {
          if ((e as { safety?: string }).safety === 'read') counter.reads += 1;
          else counter.writes += 1;
        }
      },
    });
    return { target, adapter, client, state: targetStateView(state, target.name) };
  });

  return {
    ws: {
      config,
      catalog,
      targets: refreshTargets,
      state,
      calls,
      close: async () => {
        await Promise.all(refreshTargets.map((t) => t.client.close?.()));
        await state.close();
        await sandbox.close();
      },
    },
  };
}

export function targetStateView(store: StateStore, target: string): TargetState & {
  set(ref: string, record: { id: string; [k: string]: import('../plan/types.js').Json }): void;
  delete(ref: string): void;
  setMeta(meta: { [k: string]: import('../plan/types.js').Json }): void;
} {
  return {
    get: (ref) => store.get(target, ref) as ReturnType<TargetState['get']>,
    entries: () => store.entries(target) as ReturnType<TargetState['entries']>,
    getMeta: () => store.getMeta(target) as ReturnType<TargetState['getMeta']>,
    set: (ref, record) => store.set(target, ref, record),
    delete: (ref) => store.delete(target, ref),
    setMeta: (meta) => store.setMeta(target, meta),
  };
}
