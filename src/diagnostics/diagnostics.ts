/**
 * A user mistake, reported as a value (never thrown). Every diagnostic has a stable `code`
 * (documented in the README), a position when it comes from a file, a message that says what is
 * wrong, and a hint that says how to fix it.
 */
export interface SourcePos {
  /** Path relative to the folder the user works in (config folder), with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  hint?: string;
  pos?: SourcePos;
}

export function error(code: string, message: string, pos?: SourcePos, hint?: string): Diagnostic {
  return { code, severity: 'error', message, ...(hint ? { hint } : {}), ...(pos ? { pos } : {}) };
}

export function warning(code: string, message: string, pos?: SourcePos, hint?: string): Diagnostic {
  return { code, severity: 'warning', message, ...(hint ? { hint } : {}), ...(pos ? { pos } : {}) };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Stable order: by file, line, column, then code. */
export function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return diags.sort((a, b) => {
    const fa = a.pos?.file ?? '';
    const fb = b.pos?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.pos?.line ?? 0;
    const lb = b.pos?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.pos?.col ?? 0;
    const cb = b.pos?.col ?? 0;
    if (ca !== cb) return ca - cb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

export function formatPos(pos: SourcePos | undefined): string {
  return pos ? `${pos.file}:${pos.line}:${pos.col}` : '';
}
