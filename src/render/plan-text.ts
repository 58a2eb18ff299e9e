/**
 * Human plan output: a legend, then per target the actions in execution order with their symbol,
 * field-level before -> after (long text as a line diff; see values.ts for what is summarised),
 * then unmanaged, orphaned, notes, quotas; then guards and the summary line.
 */
import { hasChanges, type Plan, type TargetPlan } from '../plan/types.js';
import { shanghaiTime } from '../plan/time.js';
import type { PlanRenderer, RenderOptions } from './renderer.js';
import { batchLines, displayBlocks, LEGEND, noteLines, summaryLine, SYMBOL, type DisplayBlock } from './values.js';

const COLORS: Record<string, number> = { '+': 32, '~': 33, '-': 31, '-/+': 35, '>': 36 };
const paint = (on: boolean, code: number, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export const textRenderer: PlanRenderer = {
  render(plan: Plan, opts: RenderOptions): string {
    const out: string[] = [];
    if (hasChanges(plan)) out.push(LEGEND, '');
    // Not `push(...lines)`: a large plan has more lines than a call may take arguments.
    for (const t of plan.targets) {
      for (const line of renderTarget(t, opts)) out.push(line);
      out.push('');
    }
    for (const g of plan.guards) out.push(paint(opts.color, 31, guardLine(g)));
    if (plan.guards.length > 0) out.push('');
    out.push(summaryLine(plan));
    return `${out.join('\n')}\n`;
  },
};

/** Quota guards do not refuse: apply submits what fits and stops (exit 4). */
export function guardLine(g: Plan['guards'][number]): string {
  return g.guard === 'quota' ? `Quota warning on ${g.target}: ${g.message}` : `Refused by guard (${g.guard}) on ${g.target}: ${g.message}`;
}

/** The quota line of a target, its reset time in China time. */
export function quotaText(q: TargetPlan['quotas'][number]): string {
  return `Quota ${q.name}: this plan needs ${q.needed}; ${q.used} of ${q.limit} used today; resets ${shanghaiTime(q.resetsAt)}.`;
}

function renderTarget(t: TargetPlan, opts: RenderOptions): string[] {
  const lines: string[] = [];
  const header = `Target ${t.target} (${t.platform})`;
  lines.push(opts.color ? `\x1b[1m${header}\x1b[0m` : header);
  if (t.actions.length === 0) lines.push('  No changes.');
  for (const b of displayBlocks(t, { verbose: opts.verbose === true })) lines.push(...renderBlock(b, opts));
  const batches = batchLines(t);
  if (batches.length > 0) lines.push('', `  Batched: ${batches.join('; ')}.`);
  if (t.unmanaged.length > 0) {
    lines.push('', `  Unmanaged (not in the catalog and not ours; never touched): ${t.unmanaged.length}`);
    for (const u of t.unmanaged.slice(0, 20)) lines.push(`    ${u.kind} ${u.id} ${JSON.stringify(u.name)}`);
    if (t.unmanaged.length > 20) lines.push(`    ... and ${t.unmanaged.length - 20} more`);
  }
  if (t.orphaned.length > 0) {
    lines.push('', `  Orphaned (managed, no longer in the catalog; ${orphanedWhy(t)}): ${t.orphaned.length}`);
    for (const o of t.orphaned) lines.push(`    ${o.kind} ${o.key} (id ${o.id})`);
  }
  if (t.notes.length > 0) {
    lines.push('', '  Notes:');
    for (const n of noteLines(t.notes, { verbose: opts.verbose === true })) lines.push(`    ${n.warning ? 'warning: ' : ''}${n.text}`);
  }
  for (const q of t.quotas) lines.push('', `  ${quotaText(q)}`);
  return lines;
}

function renderBlock(b: DisplayBlock, opts: RenderOptions): string[] {
  const sym = SYMBOL[b.op];
  const lines = [`  ${paint(opts.color, COLORS[sym] ?? 0, sym.padEnd(3))} ${b.head}`];
  for (const line of b.lines) {
    if (line.sign === undefined) lines.push(`        ${line.text}`);
    else {
      const text = `          ${line.sign} ${line.text}`;
      lines.push(line.sign === '+' ? paint(opts.color, 32, text) : line.sign === '-' ? paint(opts.color, 31, text) : text);
    }
  }
  return lines;
}

/**
 * Why orphans are kept: prune is off, or (prune on) the adapter planned no removal and left a note on
 * the object saying why (e.g. a xiaoliebian group that still holds products we do not manage).
 */
export function orphanedWhy(t: TargetPlan): string {
  const noted = t.orphaned.some((o) => t.notes.some((n) => n.kind === o.kind && n.key === o.key));
  return noted ? 'not removed, see the notes' : 'prune is off, so kept';
}
