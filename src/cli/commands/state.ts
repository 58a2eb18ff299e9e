/**
 * catalog state list|show|unlock|rebuild: look at and repair the local state (docs/state.md).
 * The platforms are the source of truth for identity; `rebuild` re-derives the identity map from
 * them, then lets each adapter re-derive the other facts its platform can give back (`recover`:
 * uploaded images matched by content, audit usage). Facts a platform cannot give back (wechat-live
 * audit ids, ...) are kept as they are when the state still has them.
 */
import { Option, type Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { resolveStateAndCache } from '../../config/load.js';
import { stateSchema, type Config } from '../../config/model.js';
import { recordIdentities } from '../../engine/identities.js';
import type { StateBackend, StateStore } from '../../state/index.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../main.js';
import { loadInputs, openBackend, refreshWithProgress, reportFailure, selectTargets, targetStateView, withWorkspace } from '../workspace.js';
import { collect } from './plan.js';

export function register(program: Command, ctx: CommandContext): void {
  const state = program
    .command('state')
    .description('Inspect, repair and move the state (local folder, git branch or postgres database).')
    .addHelpText(
      'after',
      `
Examples:
  catalog state list                              every record, per target
  catalog state show Product/iphone12 --target xianyu
  catalog state unlock                            after an apply was killed
  catalog state rebuild                           after .catalog/ was lost
  catalog state migrate --to '{ backend: git, remote: git@github.com:acme/shop.git }'`,
    );

  state
    .command('list')
    .description('List the objects the state knows, per target, with their platform ids.')
    .option('-t, --target <name>', 'only this target (repeatable)', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { target: string[]; format: 'text' | 'json' }) => {
      ctx.exitCode = await withState(ctx, opts.target, async (store, targets) => {
        const rows = targets.flatMap((t) => store.entries(t).map(([ref, rec]) => ({ target: t, ref, id: rec.id })));
        const pending = store.pendingCreates().filter((p) => targets.includes(p.target));
        if (opts.format === 'json') {
          ctx.io.stdout.write(`${JSON.stringify({ objects: rows, pendingCreates: pending }, null, 2)}\n`);
          return EXIT.OK;
        }
        for (const r of rows) ctx.io.stdout.write(`${r.target}\t${r.ref}\t${r.id}\n`);
        for (const p of pending) ctx.io.stdout.write(`${p.target}\t${p.ref}\t(create pending since ${p.since}: outcome unknown, adopted or retried by the next apply)\n`);
        if (rows.length === 0 && pending.length === 0) ctx.io.stderr.write('The state is empty.\n');
        return EXIT.OK;
      });
    });

  state
    .command('show <ref>')
    .description('Show the record of one object, e.g. `catalog state show Product/iphone12 --target xianyu`.')
    .option('-t, --target <name>', 'only this target (repeatable)', collect, [])
    .action(async (ref: string, opts: { target: string[] }) => {
      ctx.exitCode = await withState(ctx, opts.target, async (store, targets) => {
        const found = targets.flatMap((t) => {
          const rec = store.get(t, ref);
          return rec ? [{ target: t, ref, record: rec }] : [];
        });
        if (found.length === 0) {
          ctx.io.stderr.write(`error: no record ${JSON.stringify(ref)} in ${targets.join(', ') || 'the state'}; refs look like Product/<key>, Group/<key> (see \`catalog state list\`)\n`);
          return EXIT.ERROR;
        }
        ctx.io.stdout.write(`${JSON.stringify(found.length === 1 ? found[0] : found, null, 2)}\n`);
        return EXIT.OK;
      });
    });

  state
    .command('unlock')
    .description('Remove the apply lock left by a crashed or killed apply. Make sure no apply is running.')
    .action(async () => {
      ctx.exitCode = await unlock(ctx);
    });

  state
    .command('rebuild')
    .description('Re-derive the identity map from the platforms (after .catalog/ was lost or damaged).')
    .option('-t, --target <name>', 'only this target (repeatable)', collect, [])
    .action(async (opts: { target: string[] }) => {
      ctx.exitCode = await rebuild(ctx, opts.target);
    });

  state
    .command('migrate')
    .description('Copy the whole state to another backend (it must be empty, unless --force), e.g. from .catalog/ to a git branch.')
    .requiredOption('--to <state>', 'the destination, written as the `state:` config key: a folder, or e.g. \'{ backend: postgres, url: "${CATALOG_STATE_URL}" }\'')
    .option('--force', 'replace state the destination already holds')
    .action(async (opts: { to: string; force?: boolean }) => {
      ctx.exitCode = await migrate(ctx, opts.to, opts.force ?? false);
    });
}

/** Runs `fn` with the config's state backend, closed afterwards; backend failures are exit 1. */
async function withBackend(ctx: CommandContext, fn: (backend: StateBackend, config: Config) => Promise<number>): Promise<number> {
  const inputs = await loadInputs(ctx);
  if ('exit' in inputs) return inputs.exit;
  let backend: StateBackend;
  try {
    backend = await openBackend(ctx, inputs.config);
  } catch (e) {
    return reportFailure(ctx, e);
  }
  try {
    return await fn(backend, inputs.config).catch((e: unknown) => reportFailure(ctx, e));
  } finally {
    await backend.close();
  }
}

function unlock(ctx: CommandContext): Promise<number> {
  return withBackend(ctx, async (backend) => {
    const owner = await backend.forceUnlock();
    if (!owner) {
      ctx.io.stdout.write('No lock is held.\n');
      return EXIT.OK;
    }
    const how = backend.kind === 'postgres' ? 'Ended the database session holding the lock of' : 'Removed the lock held by';
    ctx.io.stdout.write(`${how} "${owner.command}" (pid ${owner.pid} on ${owner.host} since ${owner.since}) on ${backend.description}.\n`);
    return EXIT.OK;
  });
}

/**
 * Copies the state as one snapshot (journal replayed, every field as written) to the backend `--to`
 * names, holding both locks. The source is left as it was; the config still names it until edited.
 */
function migrate(ctx: CommandContext, to: string, force: boolean): Promise<number> {
  return withBackend(ctx, async (source, config) => {
    const location = parseStateOption(to, ctx.io.env);
    if ('error' in location) {
      ctx.io.stderr.write(`error: --to: ${location.error}\n`);
      return EXIT.ERROR;
    }
    const target = await openBackend(ctx, { ...config, ...resolveStateAndCache(config.dir, location.value, undefined), cacheDir: config.cacheDir });
    try {
      if (target.description === source.description) {
        ctx.io.stderr.write(`error: --to names the state the config already uses (${source.description})\n`);
        return EXIT.ERROR;
      }
      const locks = [];
      for (const backend of [source, target]) {
        const locked = await backend.acquireLock('state migrate');
        if ('heldBy' in locked) {
          ctx.io.stderr.write(`error: ${locked.message}\n`);
          for (const lock of locks) await lock.release();
          return EXIT.REFUSED;
        }
        locks.push(locked.lock);
      }
      try {
        const existing = await target.open();
        const held = existing.targets();
        await existing.close();
        if (held.length > 0 && !force) {
          ctx.io.stderr.write(`error: ${target.description} already holds state (targets ${held.join(', ')}); nothing was copied. Use --force to replace it.\n`);
          return EXIT.ERROR;
        }
        await target.importSnapshot(await source.exportSnapshot());
        const copied = await target.open();
        const summary = describeState(copied);
        await copied.close();
        ctx.io.stdout.write(
          `Copied the state (${summary}) from ${source.description} to ${target.description}.\n` +
            `Now set \`state:\` in ${config.file} to ${to} and commit it; the old state was left as it was.\n`,
        );
        return EXIT.OK;
      } finally {
        for (const lock of locks.reverse()) await lock.release();
      }
    } finally {
      await target.close();
    }
  });
}

function describeState(store: StateStore): string {
  const targets = store.targets();
  const records = targets.reduce((n, t) => n + store.entries(t).length, 0);
  const pending = store.pendingCreates().length;
  return `${records} record${records === 1 ? '' : 's'} of ${targets.length} target${targets.length === 1 ? '' : 's'}${pending ? `, ${pending} pending create(s)` : ''}`;
}

/** `--to` as the `state:` key: YAML (a folder, or a flow mapping), with ${VAR} taken from the environment. */
function parseStateOption(text: string, env: Readonly<Record<string, string | undefined>>): { value: ReturnType<typeof stateSchema.parse> } | { error: string } {
  const missing: string[] = [];
  const substituted = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = env[name];
    if (value === undefined) missing.push(name);
    return value ?? '';
  });
  if (missing.length > 0) return { error: `environment variable ${missing.join(', ')} is not set` };
  let doc: unknown;
  try {
    doc = parseYaml(substituted);
  } catch (e) {
    return { error: `not YAML (${(e as Error).message.split('\n')[0]})` };
  }
  const parsed = stateSchema.safeParse(doc);
  if (!parsed.success) return { error: 'write a folder, { backend: git, remote: <url or path>, branch: <name> } or { backend: postgres, url: <url> }' };
  return { value: parsed.data };
}

async function withState(
  ctx: CommandContext,
  only: string[],
  fn: (store: StateStore, targets: string[]) => Promise<number>,
): Promise<number> {
  return withBackend(ctx, async (backend, config) => {
    const chosen = selectTargets(config, only, (s) => ctx.io.stderr.write(s));
    if (!chosen) return EXIT.ERROR;
    const store = await backend.open();
    try {
      return await fn(store, chosen.map((t) => t.name));
    } finally {
      await store.close();
    }
  });
}

async function rebuild(ctx: CommandContext, only: string[]): Promise<number> {
  return withWorkspace(ctx, { only, lock: 'state rebuild' }, async (ws) => {
    const fresh = await refreshWithProgress(ctx, ws);
    for (const [i, input] of fresh.entries()) {
      const c = recordIdentities(ws.state, input, { dropGone: true });
      const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
      ctx.io.stdout.write(`${input.target.name}: ${n(c.managed, 'managed object')} found; ${n(c.recorded, 'record')} added or corrected, ${c.dropped} dropped (gone from the platform), ${c.adopted} pending create(s) adopted.\n`);
      // Facts other than identities (uploaded images, audit usage): each adapter re-derives what its platform gives back.
      const client = ws.targets[i]!.client;
      const r = await client.recover?.({ target: input.target, state: targetStateView(ws.state, input.target.name), desired: input.desired, live: input.live });
      for (const f of r?.recovered ?? []) ctx.io.stdout.write(`${input.target.name}: ${f.count} ${f.what} re-derived.\n`);
      for (const l of r?.lost ?? []) ctx.io.stdout.write(`${input.target.name}: not recoverable: ${l}.\n`);
    }
    await ws.state.checkpoint();
    return EXIT.OK;
  });
}
