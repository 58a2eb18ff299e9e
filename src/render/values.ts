/** Shared value formatting for the plan renderers. */
import { diffLines } from 'diff';
import { formatFen } from '../catalog/money.js';
import type { FieldChange, Json, PlannedAction } from '../plan/types.js';

export const SYMBOL: Record<PlannedAction['op'], string> = {
  create: '+',
  update: '~',
  delete: '-',
  replace: '-/+',
  action: '>',
};

export function formatValue(v: Json | undefined, unit?: 'fen'): string {
  if (v === undefined) return '(none)';
  if (unit === 'fen' && typeof v === 'number') return formatFen(v);
  return JSON.stringify(v);
}

/** Long or multi-line text is shown as a line diff rather than before -> after. */
export function isLongText(c: FieldChange): boolean {
  const long = (v: Json | undefined) => typeof v === 'string' && (v.includes('\n') || v.length > 60);
  return long(c.before) || long(c.after);
}

export function textDiffLines(before: string, after: string): Array<{ sign: '+' | '-' | ' '; line: string }> {
  const out: Array<{ sign: '+' | '-' | ' '; line: string }> = [];
  for (const part of diffLines(before, after)) {
    const sign = part.added ? '+' : part.removed ? '-' : ' ';
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const line of lines) out.push({ sign, line });
  }
  return out;
}

export function summaryLine(plan: { summary: { create: number; update: number; replace: number; delete: number; action: number; apiCalls: number; audits?: { needed: number; left: number } } }): string {
  const s = plan.summary;
  let line = `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete`;
  if (s.action > 0) line += `, ${s.action} platform action${s.action === 1 ? '' : 's'}`;
  line += `; ${s.apiCalls} API call${s.apiCalls === 1 ? '' : 's'}`;
  if (s.audits) line += `; ${s.audits.needed} audit${s.audits.needed === 1 ? '' : 's'} (${s.audits.left} left today)`;
  return `${line}.`;
}

export interface ChangeLine {
  /** Set on the lines of a text diff: added, removed or unchanged. */
  sign?: '+' | '-' | ' ';
  text: string;
}

/** The lines of one field change: `path: before -> after`, or for long text a header and a line diff. */
export function changeLines(c: FieldChange): ChangeLine[] {
  if (isLongText(c)) {
    const diff = textDiffLines(typeof c.before === 'string' ? c.before : '', typeof c.after === 'string' ? c.after : '');
    return [{ text: `${c.path}:` }, ...diff.map((d) => ({ sign: d.sign, text: d.line }))];
  }
  if (c.before === undefined) return [{ text: `${c.path}: ${formatValue(c.after, c.unit)}` }];
  if (c.after === undefined) return [{ text: `${c.path}: ${formatValue(c.before, c.unit)} -> (removed)` }];
  return [{ text: `${c.path}: ${formatValue(c.before, c.unit)} -> ${formatValue(c.after, c.unit)}` }];
}
