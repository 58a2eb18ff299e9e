/**
 * Markdown for PR comments: the summary line, a table per target, guards and destructive changes
 * highlighted as callouts, then one collapsible section per target with a ```diff block (create
 * lines green, delete/replace lines red).
 *
 * Contract: the result is at most `limit` characters (GitHub's comment limit is 65,536). When the
 * whole plan does not fit, the sections are cut at whole actions (small targets are kept whole,
 * the large ones share what is left) and a truncation note near the top says how much is shown
 * and where the full plan is. Room is kept for a marker line the caller adds (e.g. the CI
 * workflow's `<!-- catalog-plan -->`).
 */
import type { Plan, PlannedAction, TargetPlan } from '../plan/types.js';
import { summarize } from '../plan/summary.js';
import { shanghaiTime } from '../plan/time.js';
import type { PlanRenderer, RenderOptions } from './renderer.js';
import { orphanedWhy } from './plan-text.js';
import { batchLines, displayBlocks, LEGEND, noteLines, summaryLine, SYMBOL, type DisplayBlock, type DisplayOptions } from './values.js';

export const GITHUB_COMMENT_LIMIT = 65_536;
/** Room kept for the truncation note and the caller's own marker line. */
const RESERVE = 1_500;
/** Caps on the per-target lists below the diff (they are summaries; the JSON plan has them all). */
const LIST_CAP = { unmanaged: 10, orphaned: 20, notes: 30, destructive: 10 } as const;

export const markdownRenderer: PlanRenderer = {
  render(plan: Plan, opts?: RenderOptions): string {
    return renderMarkdown(plan, GITHUB_COMMENT_LIMIT, { verbose: opts?.verbose === true });
  },
};

export function renderMarkdown(plan: Plan, limit: number = GITHUB_COMMENT_LIMIT, opts: DisplayOptions = { verbose: false }): string {
  const head = renderHead(plan);
  const sections = plan.targets.map((t) => renderTargetSection(t, Infinity, opts));
  const fullLength = sections.reduce((n, s) => n + s.text.length + 1, 0);
  const budget = limit - head.length - RESERVE;
  if (fullLength <= budget) return finish(`${head}\n${sections.map((s) => s.text).join('\n')}`, limit);

  const shares = shareBudget(
    sections.map((s) => s.text.length + 1),
    Math.max(0, budget),
  );
  const cut = plan.targets.map((t, i) => (sections[i]!.text.length + 1 <= shares[i]! ? sections[i]! : renderTargetSection(t, shares[i]! - 1, opts)));
  const total = plan.targets.reduce((n, t) => n + t.actions.length, 0);
  const shown = cut.reduce((n, s) => n + s.shownActions, 0);
  const note = [
    '> [!NOTE]',
    `> **Truncated:** the full plan is ${fullLength.toLocaleString('en-US')} characters, more than one comment holds (${limit.toLocaleString('en-US')}). ` +
      `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} actions are shown. ` +
      'The full plan is in the `plan.json` artifact of this run; `catalog plan` prints it locally.',
    '',
  ].join('\n');
  return finish(`${head}\n${note}\n${cut.map((s) => s.text).join('\n')}`, limit);
}

function renderHead(plan: Plan): string {
  const head = [
    '### catalog plan',
    '',
    `**${summaryLine(plan)}**`,
    '',
    `<sub>${LEGEND.replace('\n', '<br>')}</sub>`,
    '',
    '| target | platform | create | update | replace | delete | platform actions | image uploads | API calls |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...plan.targets.map(tableRow),
    '',
  ];
  // Quota guards do not refuse the plan (apply submits what fits, then stops): a warning.
  for (const g of plan.guards) {
    if (g.guard === 'quota') head.push('> [!WARNING]', `> **Quota warning** on \`${g.target}\`: ${escapeMd(g.message)}`, '');
    else head.push('> [!CAUTION]', `> **Refused by guard \`${g.guard}\`** on \`${g.target}\`: ${escapeMd(g.message)}`, '');
  }
  const destructive = uniqueObjects(plan.targets.flatMap((t) => t.actions.filter((a) => a.destructive)));
  if (destructive.length > 0) {
    const listed = destructive.slice(0, LIST_CAP.destructive).map((a) => `\`${a.target}\` ${a.kind} \`${a.key}\` (${a.op}${a.protect ? ', protected' : ''})`);
    const more = destructive.length > LIST_CAP.destructive ? `, and ${destructive.length - LIST_CAP.destructive} more` : '';
    head.push('> [!WARNING]', `> **${destructive.length} destructive change${destructive.length === 1 ? '' : 's'}** (delete or replace): ${listed.join(', ')}${more}.`, '');
  }
  return head.join('\n');
}

function tableRow(t: TargetPlan): string {
  const s = summarize([t]);
  const bold = (n: number) => (n > 0 ? `**${n}**` : `${n}`);
  return `| \`${t.target}\` | ${t.platform} | ${s.create} | ${s.update} | ${bold(s.replace)} | ${bold(s.delete)} | ${s.action} | ${s.imageUploads ?? 0} | ${s.apiCalls} |`;
}

interface Section {
  text: string;
  shownActions: number;
}

/**
 * One target as a collapsible section of at most `max` characters (Infinity: everything). Actions
 * are dropped whole from the end when they do not fit; the lists below the diff are capped.
 */
function renderTargetSection(t: TargetPlan, max: number, opts: DisplayOptions): Section {
  const n = t.actions.length;
  const destructive = uniqueObjects(t.actions.filter((a) => a.destructive)).length;
  const counts = n === 0 ? 'no changes' : `${n.toLocaleString('en-US')} action${n === 1 ? '' : 's'}${destructive > 0 ? `, ${destructive} destructive` : ''}`;
  const open = ['<details>', `<summary><b>${escapeMd(t.target)}</b> (${t.platform}): ${counts}</summary>`, ''];
  const footer = renderFooter(t, opts);
  const close = ['', '</details>', ''];

  if (n === 0) return { text: [...open, 'No changes.', ...footer, ...close].join('\n'), shownActions: 0 };

  const display = displayBlocks(t, opts);
  const blocks = display.map(blockLines);
  const fence = fenceFor(blocks);
  const fixed = [...open, `${fence}diff`, fence, ...footer, ...close].join('\n').length + 1;
  const room = max - fixed - 120; // 120: the "more actions not shown" line
  const shown: string[] = [];
  let size = 0;
  let count = 0;
  for (const [i, block] of blocks.entries()) {
    const blockSize = block.reduce((s, l) => s + l.length + 1, 0);
    if (max !== Infinity && size + blockSize > room) break;
    shown.push(...block);
    size += blockSize;
    count += display[i]!.actions;
  }
  const omitted = n - count;
  const body = [...open, `${fence}diff`, ...shown, fence];
  if (omitted > 0) body.push('', `_… ${omitted.toLocaleString('en-US')} more action${omitted === 1 ? '' : 's'} of \`${escapeMd(t.target)}\` not shown (see the truncation note)._`);
  return { text: [...body, ...footer, ...close].join('\n'), shownActions: count };
}

function blockLines(b: DisplayBlock): string[] {
  // The first character colours the line in a ```diff block: + green, - red, ! orange, # grey.
  const lead = b.op === 'create' ? '+' : b.destructive ? '-' : b.op === 'update' ? '!' : '#';
  const lines = [`${lead} ${SYMBOL[b.op]} ${b.head}${b.protect && b.destructive ? ' [protected]' : ''}`];
  for (const line of b.lines) lines.push(line.sign === undefined ? `      ${line.text}` : `${line.sign}         ${line.text}`);
  return lines;
}

function renderFooter(t: TargetPlan, opts: DisplayOptions): string[] {
  const lines: string[] = [];
  const more = (total: number, cap: number) => (total > cap ? `, and ${total - cap} more` : '');
  const batches = batchLines(t);
  if (batches.length > 0) lines.push('', `**Batched:** ${batches.join('; ')}.`);
  if (t.unmanaged.length > 0) {
    const listed = t.unmanaged.slice(0, LIST_CAP.unmanaged).map((u) => `${u.kind} ${u.id} “${escapeMd(u.name)}”`);
    lines.push('', `**Unmanaged** (not in the catalog and not ours; never touched): ${t.unmanaged.length} — ${listed.join(', ')}${more(t.unmanaged.length, LIST_CAP.unmanaged)}. Adopt them with \`catalog import --target ${t.target}\`.`);
  }
  if (t.orphaned.length > 0) {
    const listed = t.orphaned.slice(0, LIST_CAP.orphaned).map((o) => `${o.kind} \`${o.key}\``);
    lines.push('', `**Orphaned** (managed, no longer in the catalog; ${orphanedWhy(t)}): ${listed.join(', ')}${more(t.orphaned.length, LIST_CAP.orphaned)}.`);
  }
  for (const q of t.quotas) lines.push('', `**Quota ${q.name}:** this plan needs ${q.needed}; ${q.used} of ${q.limit} used today (resets ${shanghaiTime(q.resetsAt)}).`);
  const notes = noteLines(t.notes, opts);
  if (notes.length > 0) {
    lines.push('', '**Notes**', '');
    for (const note of notes.slice(0, LIST_CAP.notes)) lines.push(`- ${note.warning ? '**warning:** ' : ''}${escapeMd(note.text)}`);
    if (notes.length > LIST_CAP.notes) lines.push(`- … and ${notes.length - LIST_CAP.notes} more notes`);
  }
  return lines;
}

/**
 * Splits `budget` between sections of the given sizes: a section that fits in an equal share of
 * what is left gets its full size, the rest share the remainder equally.
 */
export function shareBudget(sizes: number[], budget: number): number[] {
  const shares = new Array<number>(sizes.length).fill(0);
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size);
  let left = budget;
  order.forEach(({ size, i }, rank) => {
    const equal = Math.floor(left / (order.length - rank));
    shares[i] = Math.min(size, equal);
    left -= shares[i]!;
  });
  return shares;
}

/** A fence longer than any backtick run inside the block, so plan text can never close it. */
function fenceFor(blocks: string[][]): string {
  let longest = 0;
  for (const block of blocks) for (const line of block) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function uniqueObjects(actions: PlannedAction[]): PlannedAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    const ref = `${a.target}:${a.kind}/${a.key}`;
    if (seen.has(ref)) return false;
    seen.add(ref);
    return true;
  });
}

/** Last line of defence for the contract; the budget above normally keeps far below the limit. */
function finish(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = '\n\n> [!NOTE]\n> **Truncated** to fit one comment; run `catalog plan` for the full plan.\n';
  return text.slice(0, limit - note.length) + note;
}

function escapeMd(s: string): string {
  return s.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
