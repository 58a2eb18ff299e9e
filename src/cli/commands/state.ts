/**
 * catalog state list|show|unlock|rebuild: look at and repair the local state (DESIGN.md section 7).
 * The platforms are the source of truth for identity; `rebuild` re-derives the identity map from
 * them, then lets each adapter re-derive the other facts its platform can give back (`recover`:
 * uploaded images matched by content, audit usage). Facts a platform cannot give back (wechat-live
 * audit ids, ...) are kept as they are when the state still has them.
 */
import { Option, type Command } from 'commander';
import { recordIdentities } from '../../engine/identities.js';
import { forceUnlock, openState, readLock } from '../../state/index.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../main.js';
import { loadInputs, refreshWithProgress, reportFailure, selectTargets, targetStateView, withWorkspace } from '../workspace.js';
import { collect } from './plan.js';

export function register(program: Command, ctx: CommandContext): void {
  const state = program
    .command('state')
    .description('Inspect and repair the local state (.catalog/).')
    .addHelpText(
      'after',
      `
Examples:
  catalog state list                              every record, per target
  catalog state show Product/iphone12 --target xianyu
  catalog state unlock                            after an apply was killed
  catalog state rebuild                           after .catalog/ was lost`,
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
      const inputs = await loadInputs(ctx);
      if ('exit' in inputs) {
        ctx.exitCode = inputs.exit;
        return;
      }
      const owner = await readLock(inputs.config.stateDir);
      if (!owner) {
        ctx.io.stdout.write('No lock is held.\n');
        ctx.exitCode = EXIT.OK;
        return;
      }
      await forceUnlock(inputs.config.stateDir);
      ctx.io.stdout.write(`Removed the lock held by "${owner.command}" (pid ${owner.pid} on ${owner.host} since ${owner.since}).\n`);
      ctx.exitCode = EXIT.OK;
    });

  state
    .command('rebuild')
    .description('Re-derive the identity map from the platforms (after .catalog/ was lost or damaged).')
    .option('-t, --target <name>', 'only this target (repeatable)', collect, [])
    .action(async (opts: { target: string[] }) => {
      ctx.exitCode = await rebuild(ctx, opts.target);
    });
}

async function withState(
  ctx: CommandContext,
  only: string[],
  fn: (store: Awaited<ReturnType<typeof openState>>, targets: string[]) => Promise<number>,
): Promise<number> {
  const inputs = await loadInputs(ctx);
  if ('exit' in inputs) return inputs.exit;
  const chosen = selectTargets(inputs.config, only, (s) => ctx.io.stderr.write(s));
  if (!chosen) return EXIT.ERROR;
  let store: Awaited<ReturnType<typeof openState>>;
  try {
    store = await openState(inputs.config.stateDir);
  } catch (e) {
    return reportFailure(ctx, e);
  }
  try {
    return await fn(store, chosen.map((t) => t.name));
  } finally {
    await store.close();
  }
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
