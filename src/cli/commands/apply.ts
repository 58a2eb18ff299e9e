/**
 * catalog apply [plan.json]: make the planned calls, in order, and record what was done.
 *
 * With a saved plan it executes exactly that plan, after refusing it (exit 4) when the catalog or
 * any object it touches changed since. Without one it plans, shows the plan and asks (or needs
 * --auto-approve without a terminal). One apply at a time per state folder (lock, exit 4).
 * The workflow is the engine's (src/engine/apply-workflow.ts); this parses arguments, wires
 * progress output and prints the outcome with its exit code.
 */
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { ApplyResult } from '../../engine/apply.js';
import { runApplyWorkflow } from '../../engine/apply-workflow.js';
import type { Plan } from '../../plan/types.js';
import { readSavedPlan } from '../../plan/saved-plan.js';
import { PLAN_RENDERERS } from '../../render/index.js';
import { QuotaExhaustedError } from '../../http/index.js';
import { shanghaiTime } from '../../plan/time.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../main.js';
import { describeFailure, formatFailureGroups, isUserFacing } from '../errors.js';
import { locateCatalogField } from '../catalog-field.js';
import { createProgress } from '../progress.js';
import { planWithProgress, refreshWithProgress, withWorkspace } from '../workspace.js';
import { collect } from './plan.js';

interface ApplyOptions {
  target: string[];
  autoApprove: boolean;
  allowMassDelete: boolean;
  verbose: boolean;
  stopAfterFailures?: number;
}

const nonNegativeInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
};

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('apply [planFile]')
    .description('Make the planned calls in dependency order and record the results.')
    .option('-t, --target <name>', 'only this target (repeatable; not with a plan file)', collect, [])
    .option('--auto-approve', 'do not ask for confirmation (required without a terminal)', false)
    .option('--allow-mass-delete', 'allow a plan that deletes more than maxDeletePercent of a target', false)
    .option('--stop-after-failures <n>', 'stop a target after n consecutive identical refusals (overrides stopAfterFailures; 0 never stops)', nonNegativeInt)
    .option('--verbose', 'show the plan with every action, default value and note on its own line', false)
    .addHelpText(
      'after',
      `
Examples:
  catalog apply                       plan, show, ask, apply
  catalog apply --auto-approve        the same without asking (CI)
  catalog plan --out plan.json && catalog apply plan.json
                                      apply exactly the reviewed plan (refused if stale)`,
    )
    .action(async (planFile: string | undefined, opts: ApplyOptions) => {
      ctx.exitCode = await runApply(ctx, planFile, opts);
    });
}

async function runApply(ctx: CommandContext, planFile: string | undefined, opts: ApplyOptions): Promise<number> {
  const { io } = ctx;
  const g = ctx.globals();
  if (!planFile && !opts.autoApprove && !io.isTTY) {
    io.stderr.write('error: no terminal to confirm on; pass --auto-approve, or apply a saved plan (`catalog plan --out plan.json` then `catalog apply plan.json`)\n');
    return EXIT.ERROR;
  }
  let saved: Plan | undefined;
  if (planFile) {
    if (opts.target.length > 0) {
      io.stderr.write('error: --target cannot be combined with a plan file (the plan already names its targets)\n');
      return EXIT.ERROR;
    }
    const r = await readSavedPlan(resolve(io.cwd, planFile), planFile);
    if ('error' in r) {
      io.stderr.write(`error: ${r.error}\n`);
      return EXIT.ERROR;
    }
    saved = r.plan;
  }

  // The lock is taken before any read, so the plan we check or build is the one we execute.
  const only = saved ? saved.targetNames : opts.target;
  return withWorkspace(ctx, { only, lock: planFile ? `apply ${planFile}` : 'apply' }, async (ws) => {
    const bar = createProgress(io, g.quiet);
    const say = (s: string) => g.quiet || io.stderr.write(s);
    const outcome = await runApplyWorkflow(
      {
        catalog: ws.catalog,
        targets: ws.targets,
        store: ws.state,
        refresh: (targets, o) => refreshWithProgress(ctx, { ...ws, targets }, o),
        plan: (targets) => planWithProgress(ctx, { ...ws, targets }),
        isReportable: isUserFacing,
        hooks: {
          onPlanned: (plan) => io.stdout.write(PLAN_RENDERERS.text.render(plan, { color: g.color, verbose: opts.verbose })),
          onResumed: (n) => say(`Continuing ${planFile}: ${n} action${n === 1 ? '' : 's'} done by an earlier run of this plan ${n === 1 ? 'is' : 'are'} skipped.\n`),
          onRoundStart: (p) => bar.begin('apply', p.targets.map((t) => t.target), new Map(p.targets.map((t) => [t.target, t.actions.length]))),
          onRoundEnd: () => bar.end(),
          // A refusal about a catalog field names the line to change (catalog-field.ts).
          apply: { ...bar.apply, onActionFailed: (a, e) => (locateCatalogField(e, ws.catalog, ws.config.dir), bar.apply.onActionFailed?.(a, e)) },
          onSettling: (names, n) => say(`Some outcomes are unknown; reading ${names.join(', ')} again to settle ${n} object${n === 1 ? '' : 's'}.\n`),
          onSettleReadFailed: (e) => io.stderr.write(`Could not read again to settle unknown outcomes: ${describeFailure(e)}\n`),
          onReadBackFailed: (e) => io.stderr.write(`Could not read the changed objects back (${describeFailure(e)}); running this plan again will find them stale.\n`),
        },
      },
      {
        ...(saved ? { saved } : {}),
        allowMassDelete: opts.allowMassDelete,
        ...(opts.stopAfterFailures === undefined ? {} : { stopAfterFailures: opts.stopAfterFailures }),
        ...(opts.autoApprove ? {} : { confirm: async () => (await io.prompt('Apply these changes? Only "yes" is accepted: ')).trim() === 'yes' }),
      },
    );
    switch (outcome.kind) {
      case 'stale':
        io.stderr.write(`error: the saved plan is stale and was not applied:\n${outcome.reasons.map((r) => `  - ${r}`).join('\n')}\nMake a new plan with \`catalog plan --out ${planFile}\` and review it.\n`);
        return EXIT.REFUSED;
      case 'guarded':
        for (const gv of outcome.violations) io.stderr.write(`error: refused by guard ${gv.guard} on ${gv.target}: ${gv.message}\n`);
        return EXIT.REFUSED;
      case 'no-changes':
        io.stdout.write('No changes. The platforms match the catalog.\n');
        return EXIT.OK;
      case 'cancelled':
        io.stderr.write('Apply cancelled.\n');
        return EXIT.ERROR;
      case 'applied':
        return reportApply(ctx, outcome.result, [...ws.calls.values()].reduce((n, c) => n + c.writes, 0));
    }
  });
}

function reportApply(ctx: CommandContext, result: ApplyResult, writes: number): number {
  const { io } = ctx;
  const failed = result.failures.length;
  const notAttempted = result.skipped.filter((s) => s.notAttempted).length;
  const skipped = `${result.skipped.length} skipped${notAttempted > 0 ? ` (${notAttempted} not attempted)` : ''}`;
  io.stdout.write(
    `Apply ${failed > 0 ? 'finished with failures' : 'complete'}: ${result.done} done, ${failed} failed, ${skipped}; ${writes} write call${writes === 1 ? '' : 's'}.\n`,
  );
  if (failed === 0) return EXIT.OK;
  io.stderr.write(formatFailureGroups(result));
  const quota = result.failures.map((f) => f.error).find((e): e is QuotaExhaustedError => e instanceof QuotaExhaustedError);
  if (quota) {
    io.stderr.write(`Apply stopped submitting: the ${quota.quota} quota is exhausted until ${shanghaiTime(quota.resetsAt)}. Everything that succeeded is recorded; run \`catalog apply\` again after that.\n`);
    return EXIT.REFUSED;
  }
  io.stderr.write('Everything that succeeded is recorded; run `catalog apply` again to converge.\n');
  return EXIT.PARTIAL;
}
