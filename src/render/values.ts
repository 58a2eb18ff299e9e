/**
 * Shared display model of the plan renderers (text and markdown show the same things):
 * - actions in execution order (the plan's order); consecutive uploads and consecutive identical
 *   platform actions are summarised in one line each (one line per action with --verbose);
 * - creates show what the merchant wrote: empty defaults ("" / false / 0 / [] / {} / null, money
 *   excepted) are left out unless --verbose, and a nested object (a SKU, a rate) is one line;
 * - money in yuan, nested values included (FieldChange.unit / moneyKeys);
 * - images named by their file; a value only known after an upload is shown as
 *   "<file> (known after upload)";
 * - notes sharing a topic are summarised in one line (each note with --verbose).
 */
import { diffLines } from 'diff';
import { formatFen, type Fen } from '../money/fen.js';
import { isPlainObject } from '../plan/diff.js';
import { batchCalls } from '../plan/summary.js';
import { UPLOAD_OPS, type FieldChange, type Json, type PlannedAction, type PlanNote, type PlanSummary, type TargetPlan } from '../plan/types.js';

export const SYMBOL: Record<PlannedAction['op'], string> = {
  create: '+',
  update: '~',
  delete: '-',
  replace: '-/+',
  action: '>',
};

/** Explains the symbols and the counts, printed above the plan. */
export const LEGEND =
  'Legend: + create   ~ update in place   - delete   -/+ replace (delete, then create)   > platform action (publish, shelf, audit, membership...)\n' +
  'Counts: objects to create/update/replace/delete (images apart, as uploads); platform actions = ">" lines; API calls = the write calls apply makes, uploads included.';

export function summaryLine(plan: { summary: PlanSummary }): string {
  const s = plan.summary;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  let line = `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete`;
  if (s.action > 0) line += `, ${n(s.action, 'platform action')}`;
  if (s.imageUploads) line += `, ${n(s.imageUploads, 'image upload')}`;
  line += `; ${n(s.apiCalls, 'API call')}`;
  if (s.audits) line += `; ${n(s.audits.needed, 'audit')} (${s.audits.left} left today)`;
  return `${line}.`;
}

/**
 * How a target's creates go out in batch calls (when two or more share one): the plan's call count
 * holds one call per batch, and this line says so, e.g. "4 creates in 1 product.batchCreate call
 * (up to 50 per call)".
 */
export function batchLines(t: TargetPlan): string[] {
  return batchCalls(t.actions)
    .filter((b) => b.creates >= 2)
    .map((b) => `${b.creates} creates in ${b.calls} ${b.op} call${b.calls === 1 ? '' : 's'} (up to ${b.max} per call)`);
}

export interface ChangeLine {
  /** Set on the lines of a text diff: added, removed or unchanged. */
  sign?: '+' | '-' | ' ';
  text: string;
}

/** One rendered action (or a summarised run of similar actions). */
export interface DisplayBlock {
  op: PlannedAction['op'];
  head: string;
  lines: ChangeLine[];
  destructive: boolean;
  protect: boolean;
  /** Plan actions this block stands for. */
  actions: number;
}

export interface DisplayOptions {
  verbose: boolean;
}

/** What a reference to an image shows: its file, and whether its upload is in this plan. */
interface ImageNames {
  byHash: Map<string, { file: string; uploaded: boolean }>;
}

const HASH_PLACEHOLDER = /^sha256:([0-9a-f]{16,64})$/;

function imageNames(t: TargetPlan): ImageNames {
  const byHash = new Map<string, { file: string; uploaded: boolean }>();
  const add = (sha: unknown, file: unknown) => {
    if (typeof sha === 'string' && typeof file === 'string') byHash.set(sha.slice(0, 16), { file, uploaded: true });
  };
  for (const a of t.actions) {
    for (const c of a.calls) {
      if (!UPLOAD_OPS.has(c.op) || !isPlainObject(c.args)) continue;
      const media = isPlainObject(c.args.$media) ? c.args.$media : c.args;
      add(media.sha256, media.file ?? media.path);
    }
  }
  return { byHash };
}

function imageFileOf(a: PlannedAction): string {
  for (const c of a.calls) {
    if (!isPlainObject(c.args)) continue;
    const media = isPlainObject(c.args.$media) ? c.args.$media : c.args;
    const file = media.file ?? media.path ?? media.url;
    if (typeof file === 'string') return file;
  }
  return a.key;
}

const isUploadOnly = (a: PlannedAction) => a.calls.length > 0 && a.calls.every((c) => UPLOAD_OPS.has(c.op));

/** The blocks of one target, in execution order. */
export function displayBlocks(t: TargetPlan, opts: DisplayOptions): DisplayBlock[] {
  const names = imageNames(t);
  const blocks: DisplayBlock[] = [];
  const actions = t.actions;
  for (let i = 0; i < actions.length; ) {
    const a = actions[i]!;
    if (!opts.verbose) {
      let j = i + 1;
      const similar = isUploadOnly(a) ? isUploadOnly : isSummarisable(a) ? (b: PlannedAction) => isSummarisable(b) && b.kind === a.kind && b.label === a.label && b.op === a.op : undefined;
      while (similar && j < actions.length && similar(actions[j]!)) j += 1;
      if (j - i > 1) {
        const run = actions.slice(i, j);
        const what = isUploadOnly(a) ? `Image upload (${run.length}): ${run.map(imageFileOf).join(', ')}` : `${a.kind} ${a.label} (${run.length}): ${run.map((b) => b.key).join(', ')}`;
        blocks.push({ op: a.op, head: what, lines: [], destructive: false, protect: false, actions: run.length });
        i = j;
        continue;
      }
    }
    blocks.push(actionBlock(a, names, opts));
    i += 1;
  }
  return blocks;
}

/** A platform action whose changes say no more than its label (e.g. on shelf: onShelf false -> true). */
function isSummarisable(a: PlannedAction): boolean {
  return a.op === 'action' && a.changes.every((c) => typeof c.after === 'boolean' || c.after === undefined);
}

function actionBlock(a: PlannedAction, names: ImageNames, opts: DisplayOptions): DisplayBlock {
  const upload = isUploadOnly(a);
  const title = upload ? `${a.kind} ${imageFileOf(a)}: upload` : `${a.kind} ${a.key}: ${a.label}`;
  const head = `${title}${a.reason ? ` (${a.reason})` : ''}`;
  const fmt = (c: FieldChange) => (v: Json | undefined) => formatValue(v, c, names);
  const text = (v: string) => imageName(v, names) ?? v;
  let lines: ChangeLine[];
  if (upload) lines = [];
  else if (a.op === 'create' && !opts.verbose) lines = creationLines(a.changes, names);
  else if (opts.verbose) lines = a.changes.flatMap((c) => changeLines(c, fmt(c), text));
  else {
    // Parts added by an update (e.g. a new SKU) read like a create: defaults left out, one line each.
    const added = (c: FieldChange) => c.before === undefined && c.path.includes('.') && !isLongText(c);
    lines = [...a.changes.filter((c) => !added(c)).flatMap((c) => changeLines(c, fmt(c), text)), ...creationLines(a.changes.filter(added), names)];
  }
  if (a.op === 'action' && !opts.verbose && lines.length === 1 && lines[0]!.sign === undefined && lines[0]!.text.length <= 80) {
    return { op: a.op, head: `${head} (${lines[0]!.text})`, lines: [], destructive: a.destructive, protect: a.protect === true, actions: 1 };
  }
  return { op: a.op, head, lines, destructive: a.destructive, protect: a.protect === true, actions: 1 };
}

/** An empty default the merchant did not need to write (money is always shown). */
function isEmptyDefault(c: FieldChange): boolean {
  const v = c.after;
  if (c.unit === 'fen') return false;
  return v === '' || v === false || v === 0 || v === null || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

/** A create: defaults left out, the leaves of one nested object (a SKU, a rate) on one line. */
function creationLines(changes: FieldChange[], names: ImageNames): ChangeLine[] {
  const lines: ChangeLine[] = [];
  const groups = new Map<string, string[]>();
  for (const c of changes) {
    if (isEmptyDefault(c)) continue;
    const cut = c.path.lastIndexOf('.');
    if (cut < 0 || isLongText(c)) {
      lines.push(...changeLines(c, (v) => formatValue(v, c, names), (v) => imageName(v, names) ?? v));
      continue;
    }
    const parent = c.path.slice(0, cut);
    let group = groups.get(parent);
    if (!group) {
      group = [];
      groups.set(parent, group);
      lines.push({ text: `\u0000${parent}` });
    }
    group.push(`${c.path.slice(cut + 1)} ${formatValue(c.after, c, names)}`);
  }
  return lines.map((l) => (l.text.startsWith('\u0000') ? { text: `${l.text.slice(1)}: ${groups.get(l.text.slice(1))!.join(', ')}` } : l));
}

/**
 * A value for people: money in yuan, image placeholders by file, other values as JSON. Inside
 * arrays and objects the same rules apply to every leaf (`moneyKeys` names the money in it).
 */
export function formatValue(v: Json | undefined, c: Pick<FieldChange, 'unit' | 'moneyKeys'> = {}, names?: ImageNames): string {
  if (v === undefined) return '(none)';
  if (c.unit === 'fen' && typeof v === 'number') return formatFen(v as Fen);
  const money = new Set(c.moneyKeys ?? []);
  const walk = (x: Json, rel: string): string => {
    if (Array.isArray(x)) return `[${x.map((y) => walk(y, rel)).join(',')}]`;
    if (isPlainObject(x)) return `{${Object.entries(x).map(([k, y]) => `${JSON.stringify(k)}:${walk(y, rel ? `${rel}.${k}` : k)}`).join(',')}}`;
    if (typeof x === 'number' && money.has(rel)) return formatFen(x as Fen);
    return (typeof x === 'string' ? imageName(x, names) : undefined) ?? JSON.stringify(x);
  };
  return walk(v, '');
}

/** An image placeholder ("sha256:<hash>") as its file, "(known after upload)" when uploaded by this plan. */
function imageName(v: string, names: ImageNames | undefined): string | undefined {
  const m = HASH_PLACEHOLDER.exec(v);
  const image = m ? names?.byHash.get(m[1]!.slice(0, 16)) : undefined;
  if (!image) return undefined;
  return image.uploaded ? `${image.file} (known after upload)` : image.file;
}

/** Long or multi-line text is shown as a line diff rather than before -> after. */
export function isLongText(c: FieldChange): boolean {
  const long = (v: Json | undefined) => typeof v === 'string' && (v.includes('\n') || v.length > 60);
  return long(c.before) || long(c.after);
}

function textDiffLines(before: string, after: string): Array<{ sign: '+' | '-' | ' '; line: string }> {
  const out: Array<{ sign: '+' | '-' | ' '; line: string }> = [];
  for (const part of diffLines(before, after)) {
    const sign = part.added ? '+' : part.removed ? '-' : ' ';
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const line of lines) out.push({ sign, line });
  }
  return out;
}

/** The lines of one field change: `path: before -> after`, or for long text a header and a line diff. */
export function changeLines(c: FieldChange, fmt: (v: Json | undefined) => string = (v) => formatValue(v, c), text: (v: string) => string = (v) => v): ChangeLine[] {
  if (isLongText(c)) {
    const diff = textDiffLines(typeof c.before === 'string' ? text(c.before) : '', typeof c.after === 'string' ? text(c.after) : '');
    return [{ text: `${c.path}:` }, ...diff.map((d) => ({ sign: d.sign, text: d.line }))];
  }
  if (c.before === undefined) return [{ text: `${c.path}: ${fmt(c.after)}` }];
  if (c.after === undefined) return [{ text: `${c.path}: ${fmt(c.before)} -> (removed)` }];
  return [{ text: `${c.path}: ${fmt(c.before)} -> ${fmt(c.after)}` }];
}

/** Notes as lines: one per topic (how many, on which objects), every note with --verbose. */
export function noteLines(notes: PlanNote[], opts: DisplayOptions): Array<{ warning: boolean; text: string }> {
  const out: Array<{ warning: boolean; text: string }> = [];
  const topics = new Map<string, PlanNote[]>();
  for (const n of notes) {
    if (opts.verbose || n.topic === undefined) {
      out.push({ warning: n.level === 'warning', text: `${n.kind} ${n.key}: ${n.message}` });
      continue;
    }
    const group = topics.get(n.topic);
    if (group) group.push(n);
    else {
      topics.set(n.topic, [n]);
      out.push({ warning: n.level === 'warning', text: `\u0000${n.topic}` });
    }
  }
  return out.map((l) => {
    if (!l.text.startsWith('\u0000')) return l;
    const topic = l.text.slice(1);
    const group = topics.get(topic)!;
    if (group.length === 1) return { warning: l.warning, text: `${group[0]!.kind} ${group[0]!.key}: ${group[0]!.message}` };
    const objects = [...new Set(group.map((n) => `${n.kind} ${n.key}`))];
    return { warning: l.warning, text: `${group.length} × ${topic}: ${objects.join(', ')} (each with --verbose)` };
  });
}
