/**
 * catalog apply [plan.json]: make the planned calls, in order, and record what was done.
 *
 * With a saved plan it executes exactly that plan, after refusing it (exit 4) when the catalog or
 * any object it touches changed since. Without one it plans, shows the plan and asks (or needs
 * --auto-approve without a terminal). One apply at a time per state folder (lock, exit 4).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { applyPlan, type ApplyTarget } from '../../engine/apply.js';
import { buildPlan } from '../../engine/plan.js';
import { recordIdentities } from '../../engine/identities.js';
import { observedIdentities, refreshTargets, staleReasons } from '../../engine/refresh.js';
import { PLAN_FORMAT_VERSION, hasChanges, planSchema, type Plan } from '../../plan/types.js';
import { PLAN_RENDERERS } from '../../render/index.js';
import { QuotaExhaustedError } from '../../http/index.js';
import { acquireLock } from '../../state/index.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../main.js';
import { describeFailure, isUserFacing } from '../errors.js';
import { createProgress } from '../progress.js';
import { loadInputs, openWorkspace, targetStateView } from '../workspace.js';
import { collect } from './plan.js';

interface ApplyOptions {
  target: string[];
  autoApprove: boolean;
  allowMassDelete: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('apply [planFile]')
    .description('Make the planned calls in dependency order and record the results.')
    .option('-t, --target <name>', 'only this target (repeatable; not with a plan file)', collect, [])
    .option('--auto-approve', 'do not ask for confirmation (required without a terminal)', false)
    .option('--allow-mass-delete', 'allow a plan that deletes more than maxDeletePercent of a target', false)
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

  // The lock comes before any read, so the plan we check or build is the one we execute.
  const inputs = await loadInputs(ctx);
  if ('exit' in inputs) return inputs.exit;
  const locked = await acquireLock(inputs.config.stateDir, { command: planFile ? `apply ${planFile}` : 'apply' });
  if ('heldBy' in locked) {
    io.stderr.write(`error: ${locked.message}\n`);
    return EXIT.REFUSED;
  }
  try {
    const opened = await openWorkspace(ctx, { only: saved ? saved.targetNames : opts.target });
    if ('exit' in opened) return opened.exit;
    const { ws } = opened;
    try {
      const progress = createProgress(io, g.quiet);
      progress.begin('refresh', ws.targets.map((t) => t.target.name));
      const fresh = await refreshTargets(ws.catalog, ws.targets, progress.refresh).finally(() => progress.end());
      let plan: Plan;
      if (saved) {
        const reasons = staleReasons(saved, ws.catalog.digest, fresh);
        if (reasons.length > 0) {
          io.stderr.write(`error: the saved plan is stale and was not applied:\n${reasons.map((r) => `  - ${r}`).join('\n')}\nMake a new plan with \`catalog plan --out ${planFile}\` and review it.\n`);
          return EXIT.REFUSED;
        }
        plan = saved;
      } else {
        plan = buildPlan({ catalogDigest: ws.catalog.digest, targets: fresh, now: new Date().toISOString() });
        io.stdout.write(PLAN_RENDERERS.text.render(plan, { color: g.color }));
      }

      const blocking = plan.guards.filter((gv) => gv.guard === 'protected' || (gv.guard === 'mass-delete' && !opts.allowMassDelete));
      if (blocking.length > 0) {
        for (const gv of blocking) io.stderr.write(`error: refused by guard ${gv.guard} on ${gv.target}: ${gv.message}\n`);
        return EXIT.REFUSED;
      }

      // Record what refresh observed: adopt creates whose outcome was unknown, and cache identities.
      for (const input of fresh) recordIdentities(ws.state, input, { dropGone: false });

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

      const targets = new Map<string, ApplyTarget>();
      for (const [i, t] of ws.targets.entries()) {
        targets.set(t.target.name, { config: t.target, client: t.client, liveIds: observedIdentities(fresh[i]!) });
      }
      progress.begin('apply', plan.targets.map((t) => t.target), new Map(plan.targets.map((t) => [t.target, t.actions.length])));
      const result = await applyPlan(plan, {
        targets,
        state: {
          target: (name) => targetStateView(ws.state, name),
          beginCreate: (t, ref, info) => ws.state.beginCreate(t, ref, info),
          completeCreate: (t, ref, rec) => ws.state.completeCreate(t, ref, rec),
          abandonCreate: (t, ref) => ws.state.abandonCreate(t, ref),
        },
        catalogRoot: ws.catalog.root,
        hooks: progress.apply,
      }).finally(() => progress.end());
      await ws.state.checkpoint();

      const writes = [...ws.calls.values()].reduce((n, c) => n + c.writes, 0);
      const failed = result.failures.length;
      io.stdout.write(
        `Apply ${failed > 0 ? 'finished with failures' : 'complete'}: ${result.done} done, ${failed} failed, ${result.skipped.length} skipped; ${writes} write call${writes === 1 ? '' : 's'}.\n`,
      );
      if (failed > 0) {
        io.stderr.write('Failures:\n');
        for (const f of result.failures) io.stderr.write(`  - ${f.action.target}: ${f.action.kind} ${f.action.key} (${f.action.label}): ${describeFailure(f.error)}\n`);
        const quota = result.failures.map((f) => f.error).find((e): e is QuotaExhaustedError => e instanceof QuotaExhaustedError);
        if (quota) {
          io.stderr.write(`Apply stopped submitting: the ${quota.quota} quota is exhausted until ${quota.resetsAt}. Everything that succeeded is recorded; run \`catalog apply\` again after that.\n`);
          return EXIT.REFUSED;
        }
        io.stderr.write('Everything that succeeded is recorded; run `catalog apply` again to converge.\n');
        return EXIT.PARTIAL;
      }
      return EXIT.OK;
    } catch (e) {
      if (!isUserFacing(e)) throw e;
      io.stderr.write(`error: ${describeFailure(e)}\n`);
      return EXIT.ERROR;
    } finally {
      await ws.close();
    }
  } finally {
    await locked.lock.release();
  }
}
