/**
 * Diagnostics as text (for people) or JSON (for tools). Shared by validate, plan and apply.
 */
import { formatPos, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostics.js';

export interface RenderDiagnosticsOptions {
  color: boolean;
  /** Files read, for the summary line ("in 14 files"). */
  fileCount?: number;
}

const ANSI = { red: '\u001b[31m', yellow: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The summary line: "2 errors, 1 warning in 14 files". */
export function diagnosticsSummary(diags: readonly Diagnostic[], fileCount?: number): string {
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}${fileCount === undefined ? '' : ` in ${plural(fileCount, 'file')}`}`;
}

export function renderDiagnostics(diags: readonly Diagnostic[], format: 'text' | 'json', opts: RenderDiagnosticsOptions): string {
  const sorted = sortDiagnostics([...diags]);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  if (format === 'json') {
    return `${JSON.stringify(
      {
        valid: errors === 0,
        errors,
        warnings: sorted.length - errors,
        diagnostics: sorted.map((d) => ({
          code: d.code,
          severity: d.severity,
          message: d.message,
          ...(d.hint ? { hint: d.hint } : {}),
          ...(d.pos ? { file: d.pos.file, line: d.pos.line, col: d.pos.col } : {}),
        })),
      },
      null,
      2,
    )}\n`;
  }
  const paint = (style: keyof typeof ANSI, s: string): string => (opts.color ? `${ANSI[style]}${s}${ANSI.reset}` : s);
  const lines: string[] = [];
  for (const d of sorted) {
    const where = d.pos ? `${formatPos(d.pos)} ` : '';
    const severity = d.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    lines.push(`${paint('bold', where)}${severity} ${d.code}: ${d.message}`);
    if (d.hint) lines.push(`  ${paint('dim', `hint: ${d.hint}`)}`);
  }
  lines.push(diagnosticsSummary(sorted, opts.fileCount));
  return `${lines.join('\n')}\n`;
}
