/**
 * catalog plan: refresh every target, diff against the catalog, print the plan. Read-only: no
 * lock, no state writes. `--out` saves the plan for `catalog apply plan.json`.
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { hasChanges } from '../../plan/types.js';
import type { RefreshMode } from '../../platforms/types.js';
import { PLAN_RENDERERS, type PlanFormat } from '../../render/index.js';
import { saveSavedPlan } from '../../plan/saved-plan.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../main.js';
import { planWithProgress, withWorkspace } from '../workspace.js';

export const collect = (v: string, prev: string[]) => [...prev, v];

/** `--refresh=full`: read every object again, trusting no cache and no incremental read (plan and apply). */
export const refreshOption = () =>
  new Option('--refresh <mode>', 'auto: use the read caches and incremental reads; full: read everything again').choices(['auto', 'full']).default('auto');

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('Read every target, diff it against the catalog and print the calls apply would make.')
    .option('-t, --target <name>', 'only this target (repeatable)', collect, [])
    .option('--out <file>', 'save the plan as JSON for `catalog apply <file>`')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are', false)
    .addOption(refreshOption())
    .option('--verbose', 'every action, default value and note on its own line', false)
    .addHelpText(
      'after',
      `
Examples:
  catalog plan                                 plan every target
  catalog plan --target xianyu --out plan.json save a plan for one target
  catalog plan --format markdown > comment.md  a pull-request comment
  catalog plan --detailed-exitcode             drift check: 0 no changes, 2 changes, 1 error
  catalog plan --refresh=full                  read everything again, trusting no cache`,
    )
    .action(async (opts: PlanOptions) => {
      ctx.exitCode = await runPlan(ctx, opts);
    });
}

interface PlanOptions {
  target: string[];
  out?: string;
  format: PlanFormat;
  detailedExitcode: boolean;
  refresh: RefreshMode;
  verbose: boolean;
}

async function runPlan(ctx: CommandContext, opts: PlanOptions): Promise<number> {
  return withWorkspace(ctx, { only: opts.target, refresh: { mode: opts.refresh } }, async (ws) => {
    const { plan } = await planWithProgress(ctx, ws);
    ctx.io.stdout.write(PLAN_RENDERERS[opts.format].render(plan, { color: ctx.globals().color, verbose: opts.verbose }));
    if (opts.out) {
      const file = resolve(ctx.io.cwd, opts.out);
      await saveSavedPlan(file, plan);
      if (!ctx.globals().quiet) ctx.io.stderr.write(`Saved the plan to ${opts.out}; apply it with: catalog apply ${opts.out}\n`);
    }
    if (opts.detailedExitcode) return hasChanges(plan) ? EXIT.CHANGES : EXIT.OK;
    return EXIT.OK;
  });
}
