/**
 * Human plan output: grouped by target, one block per object with its symbol, field-level
 * before -> after (long text as a line diff), then unmanaged, orphaned, notes, guards and the
 * summary line.
 */
import type { Plan, PlannedAction, TargetPlan } from '../plan/types.js';
import type { PlanRenderer, RenderOptions } from './renderer.js';
import { changeLines, summaryLine, SYMBOL } from './values.js';

const COLORS: Record<string, number> = { '+': 32, '~': 33, '-': 31, '-/+': 35, '>': 36 };
const paint = (on: boolean, code: number, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export const textRenderer: PlanRenderer = {
  render(plan: Plan, opts: RenderOptions): string {
    const out: string[] = [];
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

function renderTarget(t: TargetPlan, opts: RenderOptions): string[] {
  const lines: string[] = [];
  const header = `Target ${t.target} (${t.platform})`;
  lines.push(opts.color ? `\x1b[1m${header}\x1b[0m` : header);
  if (t.actions.length === 0) lines.push('  No changes.');
  for (const a of byObject(t.actions)) lines.push(...renderAction(a, opts));
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
    for (const n of t.notes) lines.push(`    ${n.level === 'warning' ? 'warning: ' : ''}${n.kind} ${n.key}: ${n.message}`);
  }
  for (const q of t.quotas) {
    lines.push('', `  Quota ${q.name}: this plan needs ${q.needed}; ${q.used} of ${q.limit} used today; resets ${q.resetsAt}.`);
  }
  return lines;
}

/** Display order: the actions of one object together (the plan itself keeps execution order). */
export function byObject(actions: PlannedAction[]): PlannedAction[] {
  const groups = new Map<string, PlannedAction[]>();
  for (const a of actions) {
    const k = `${a.kind}/${a.key}`;
    const group = groups.get(k);
    if (group) group.push(a);
    else groups.set(k, [a]);
  }
  return [...groups.values()].flat();
}

function renderAction(a: PlannedAction, opts: RenderOptions): string[] {
  const sym = SYMBOL[a.op];
  const head = `  ${paint(opts.color, COLORS[sym] ?? 0, sym.padEnd(3))} ${a.kind} ${a.key}: ${a.label}${a.reason ? ` (${a.reason})` : ''}`;
  const lines = [head];
  for (const line of a.changes.flatMap(changeLines)) {
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
