/**
 * catalog apply [plan.json]: make the planned calls, in order, and record what was done.
 *
 * With a saved plan it executes exactly that plan, after refusing it (exit 4) when the catalog or
 * any object it touches changed since. Without one it plans, shows the plan and asks (or needs
 * --auto-approve without a terminal). One apply at a time per state folder (lock, exit 4).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { applyPlan, type ApplyResult, type ApplyState, type ApplyTarget } from '../../engine/apply.js';
import type { TargetConfig } from '../../config/model.js';
import { recordIdentities } from '../../engine/identities.js';
import { MAX_SETTLE_ROUNDS, mergeRounds, restrictToUnsettled, unsettledWork } from '../../engine/settle.js';
import { observedIdentities, staleReasons } from '../../engine/refresh.js';
import { clearProgress, openProgress, recordTouched, type SavedProgress } from '../../engine/progress.js';
import { refOf, type TargetPlanInput } from '../../engine/plan.js';
import { PLAN_FORMAT_VERSION, hasChanges, planSchema, type Plan } from '../../plan/types.js';
import { PLAN_RENDERERS } from '../../render/index.js';
import { QuotaExhaustedError } from '../../http/index.js';
import { shanghaiTime } from '../../plan/time.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../main.js';
import { describeFailure, formatFailureGroups, isUserFacing } from '../errors.js';
import { locateCatalogField } from '../catalog-field.js';
import { createProgress } from '../progress.js';
import { planWithProgress, refreshWithProgress, targetStateView, withWorkspace, type Workspace } from '../workspace.js';
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

async function readSavedPlan(ctx: CommandContext, file: string): Promise<Plan | string> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (e) {
    return `cannot read plan file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return `${file} is not valid JSON; make a new plan with \`catalog plan --out ${file}\``;
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return `${file} is not a plan of format version ${PLAN_FORMAT_VERSION} (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}); make a new one with \`catalog plan --out ${file}\``;
  }
  return parsed.data;
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
    const r = await readSavedPlan(ctx, planFile);
    if (typeof r === 'string') {
      io.stderr.write(`error: ${r}\n`);
      return EXIT.ERROR;
    }
    saved = r;
  }

  // The lock is taken before any read, so the plan we check or build is the one we execute.
  const only = saved ? saved.targetNames : opts.target;
  return withWorkspace(ctx, { only, lock: planFile ? `apply ${planFile}` : 'apply' }, async (ws) => {
    let plan: Plan;
    let fresh: TargetPlanInput[];
    // A saved plan run before (it ended with failures) continues: what it did is skipped, and the
    // objects only it changed are not stale. Any other plan's leftover progress is dropped.
    const progress = openProgress(ws.state, ws.targets.map((t) => t.target.name), saved);
    if (saved) {
      fresh = await refreshWithProgress(ctx, ws, { resolveReferences: true });
      const reasons = staleReasons(saved, ws.catalog.digest, fresh, progress?.touched);
      if (reasons.length > 0) {
        io.stderr.write(`error: the saved plan is stale and was not applied:\n${reasons.map((r) => `  - ${r}`).join('\n')}\nMake a new plan with \`catalog plan --out ${planFile}\` and review it.\n`);
        return EXIT.REFUSED;
      }
      plan = saved;
    } else {
      ({ plan, inputs: fresh } = await planWithProgress(ctx, ws));
      io.stdout.write(PLAN_RENDERERS.text.render(plan, { color: g.color, verbose: opts.verbose }));
    }

    const blocking = plan.guards.filter((gv) => gv.guard === 'protected' || (gv.guard === 'mass-delete' && !opts.allowMassDelete));
    if (blocking.length > 0) {
      for (const gv of blocking) io.stderr.write(`error: refused by guard ${gv.guard} on ${gv.target}: ${gv.message}\n`);
      return EXIT.REFUSED;
    }

    // Record what refresh observed: adopt creates whose outcome was unknown, and cache identities.
    for (const input of fresh) recordIdentities(ws.state, input, { dropGone: false });

    if (progress && progress.resumed > 0 && !g.quiet) {
      io.stderr.write(`Continuing ${planFile}: ${progress.resumed} action${progress.resumed === 1 ? '' : 's'} done by an earlier run of this plan ${progress.resumed === 1 ? 'is' : 'are'} skipped.\n`);
    }
    if (!hasChanges(plan)) {
      await ws.state.checkpoint();
      io.stdout.write('No changes. The platforms match the catalog.\n');
      return EXIT.OK;
    }
    if (!saved && !opts.autoApprove) {
      const answer = await io.prompt('Apply these changes? Only "yes" is accepted: ');
      if (answer.trim() !== 'yes') {
        io.stderr.write('Apply cancelled.\n');
        return EXIT.ERROR;
      }
    }

    const targets = new Map<string, ApplyTarget>(
      ws.targets.map((t, i) => [t.target.name, { config: withStopOverride(t.target, opts.stopAfterFailures), client: t.client, liveIds: observedIdentities(fresh[i]!) }]),
    );
    const bar = createProgress(io, g.quiet);
    const applyRound = (p: Plan): Promise<ApplyResult> => {
      bar.begin('apply', p.targets.map((t) => t.target), new Map(p.targets.map((t) => [t.target, t.actions.length])));
      return applyPlan(p, {
        targets,
        state: { ...bindStore(ws.state), target: (name) => targetStateView(ws.state, name) },
        catalogRoot: ws.catalog.root,
        // A refusal about a catalog field names the line to change (catalog-field.ts).
        hooks: { ...bar.apply, onActionFailed: (a, e) => (locateCatalogField(e, ws.catalog, ws.config.dir), bar.apply.onActionFailed?.(a, e)) },
        ...(p === plan && progress ? { progress } : {}),
      }).finally(() => bar.end());
    };
    const rounds = [await applyRound(plan)];
    // Unknown outcomes (a 5xx, a dropped connection or a lost answer on a create) are settled now:
    // re-read those targets, adopt, and finish the approved work that is left (src/engine/settle.ts).
    for (let round = 0, unsettled = unsettledWork(plan, rounds[0]!); unsettled && round < MAX_SETTLE_ROUNDS; round++) {
      const { targets: names, objects } = unsettled;
      await ws.state.checkpoint();
      if (!g.quiet) io.stderr.write(`Some outcomes are unknown; reading ${names.join(', ')} again to settle ${objects.size} object${objects.size === 1 ? '' : 's'}.\n`);
      const reread = ws.targets.filter((t) => names.includes(t.target.name));
      let again;
      try {
        again = await planWithProgress(ctx, { ...ws, targets: reread });
      } catch (e) {
        // What was done is recorded; the next run reads again. Report this run's outcome, not the read.
        if (!isUserFacing(e)) throw e;
        io.stderr.write(`Could not read again to settle unknown outcomes: ${describeFailure(e)}\n`);
        break;
      }
      for (const [i, input] of again.inputs.entries()) {
        recordIdentities(ws.state, input, { dropGone: false });
        targets.get(reread[i]!.target.name)!.liveIds = observedIdentities(input);
      }
      const rest = restrictToUnsettled(again.plan, unsettled);
      if (!hasChanges(rest)) break;
      const next = await applyRound(rest);
      rounds.push(next);
      // An object settled in a later round is done for the saved plan too.
      for (const a of rest.targets.flatMap((t) => t.actions)) if (next.status.get(a.id) === 'done') progress?.objectDone(a.target, refOf(a.kind, a.key));
      unsettled = unsettledWork(rest, next);
    }
    const result = mergeRounds(rounds);
    if (progress) await settleProgress(ctx, ws, progress, result.failures.length > 0);
    await ws.state.checkpoint();
    return reportApply(ctx, result, [...ws.calls.values()].reduce((n, c) => n + c.writes, 0));
  });
}

/**
 * A saved plan that finished leaves no progress. One with failures remembers how its own calls left
 * each object it changed (one more read of those targets), so that running it again continues it.
 */
async function settleProgress(ctx: CommandContext, ws: Workspace, progress: SavedProgress, failed: boolean): Promise<void> {
  const names = ws.targets.map((t) => t.target.name);
  if (!failed) return clearProgress(ws.state, names);
  const changed = progress.changedRefs();
  const reread = ws.targets.filter((t) => (changed.get(t.target.name)?.size ?? 0) > 0);
  if (reread.length === 0) return;
  try {
    recordTouched(ws.state, progress, await refreshWithProgress(ctx, { ...ws, targets: reread }));
  } catch (e) {
    // Without them the next run of this plan finds those objects stale (exit 4): safe, never a repeat.
    if (!isUserFacing(e)) throw e;
    ctx.io.stderr.write(`Could not read the changed objects back (${describeFailure(e)}); running this plan again will find them stale.\n`);
  }
}

/** The store's journaling calls, bound (the executor calls them as plain functions). */
function bindStore(store: Workspace['state']): Omit<ApplyState, 'target'> {
  return {
    beginCreate: (t, ref, info) => store.beginCreate(t, ref, info),
    completeCreate: (t, ref, rec) => store.completeCreate(t, ref, rec),
    abandonCreate: (t, ref) => store.abandonCreate(t, ref),
  };
}

/** `--stop-after-failures` applies to every target. */
function withStopOverride(target: TargetConfig, stopAfterFailures: number | undefined): TargetConfig {
  return stopAfterFailures === undefined ? target : { ...target, policy: { ...target.policy, stopAfterFailures } };
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
