/**
 * Markdown for PR comments: a summary table, one collapsible section per target, destructive
 * changes highlighted. The result stays under GitHub's comment limit (65,536 characters): when
 * the full text would not fit, target sections are shortened and a clear truncation note says
 * how to see the whole plan.
 */
import type { Plan, PlannedAction, TargetPlan } from '../plan/types.js';
import type { PlanRenderer } from './renderer.js';
import { byObject } from './plan-text.js';
import { formatValue, isLongText, summaryLine, SYMBOL, textDiffLines } from './values.js';

export const GITHUB_COMMENT_LIMIT = 65_536;
/** Room kept for the header, table, truncation note and the caller's own marker line. */
const RESERVE = 4_000;

export const markdownRenderer: PlanRenderer = {
  render(plan: Plan): string {
    return renderMarkdown(plan, GITHUB_COMMENT_LIMIT);
  },
};

export function renderMarkdown(plan: Plan, limit: number): string {
  const head = [
    '### catalog plan',
    '',
    `**${summaryLine(plan)}**`,
    '',
    '| target | platform | create | update | replace | delete | actions | API calls |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...plan.targets.map(tableRow),
    '',
  ];
  for (const g of plan.guards) head.push(`> [!CAUTION]`, `> Refused by guard **${g.guard}** on \`${g.target}\`: ${escapeMd(g.message)}`, '');
  const destructive = plan.targets.flatMap((t) => t.actions.filter((a) => a.destructive));
  if (destructive.length > 0) {
    head.push('> [!WARNING]', `> ${destructive.length} destructive change(s): ${destructive.slice(0, 10).map((a) => `\`${a.target}\` ${a.kind} \`${a.key}\` (${a.op})`).join(', ')}${destructive.length > 10 ? ', ...' : ''}`, '');
  }
  const headText = head.join('\n');
  const budget = limit - headText.length - RESERVE;
  const sections = plan.targets.map((t) => renderTargetSection(t));
  const full = sections.join('\n');
  if (full.length <= budget) return `${headText}\n${full}`;

  // Shorten: give every target an equal share, cutting at whole lines.
  const share = Math.max(200, Math.floor(budget / Math.max(1, sections.length)));
  const cut = sections.map((s) => (s.length <= share ? s : truncateSection(s, share)));
  const note = `\n> [!NOTE]\n> This plan is too long for one comment (${full.length.toLocaleString('en-US')} characters); each target's section is shortened. Run \`catalog plan\` (or download the plan artifact) to see every change.\n`;
  return `${headText}\n${cut.join('\n')}${note}`;
}

function tableRow(t: TargetPlan): string {
  const count = (op: PlannedAction['op']) => new Set(t.actions.filter((a) => a.op === op).map((a) => `${a.kind}/${a.key}`)).size;
  const calls = t.actions.reduce((n, a) => n + a.calls.length, 0);
  return `| \`${t.target}\` | ${t.platform} | ${count('create')} | ${count('update')} | ${count('replace')} | ${count('delete')} | ${count('action')} | ${calls} |`;
}

function renderTargetSection(t: TargetPlan): string {
  const lines: string[] = [];
  const n = t.actions.length;
  lines.push('<details>', `<summary><b>${t.target}</b> (${t.platform}): ${n === 0 ? 'no changes' : `${n} action${n === 1 ? '' : 's'}`}</summary>`, '', '```diff');
  for (const a of byObject(t.actions)) {
    const sym = SYMBOL[a.op];
    const lead = a.op === 'create' ? '+' : a.destructive ? '-' : a.op === 'update' ? '!' : '#';
    lines.push(`${lead} ${sym} ${a.kind} ${a.key}: ${a.label}${a.reason ? ` (${a.reason})` : ''}`);
    for (const c of a.changes) {
      if (isLongText(c)) {
        lines.push(`      ${c.path}:`);
        for (const d of textDiffLines(typeof c.before === 'string' ? c.before : '', typeof c.after === 'string' ? c.after : '')) lines.push(`${d.sign === ' ' ? ' ' : d.sign}         ${d.line}`);
      } else {
        lines.push(`      ${c.path}: ${c.before === undefined ? '' : `${formatValue(c.before, c.unit)} -> `}${formatValue(c.after, c.unit)}`);
      }
    }
  }
  lines.push('```');
  if (t.unmanaged.length > 0) lines.push('', `Unmanaged (never touched): ${t.unmanaged.length} — ${t.unmanaged.slice(0, 10).map((u) => `${u.kind} ${u.id}`).join(', ')}${t.unmanaged.length > 10 ? ', ...' : ''}`);
  if (t.orphaned.length > 0) lines.push('', `Orphaned (prune off): ${t.orphaned.map((o) => `\`${o.key}\``).join(', ')}`);
  for (const note of t.notes.slice(0, 50)) lines.push(`- ${note.level === 'warning' ? '**warning** ' : ''}${note.kind} \`${note.key}\`: ${escapeMd(note.message)}`);
  if (t.notes.length > 50) lines.push(`- ... and ${t.notes.length - 50} more notes`);
  lines.push('', '</details>', '');
  return lines.join('\n');
}

function truncateSection(s: string, max: number): string {
  const lines = s.split('\n');
  const kept: string[] = [];
  let size = 0;
  for (const l of lines) {
    if (size + l.length + 1 > max - 120) break;
    kept.push(l);
    size += l.length + 1;
  }
  const inFence = kept.filter((l) => l.startsWith('```')).length % 2 === 1;
  return [...kept, ...(inFence ? ['```'] : []), `_(section truncated: ${lines.length - kept.length} more lines)_`, '', '</details>', ''].join('\n');
}

function escapeMd(s: string): string {
  return s.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
