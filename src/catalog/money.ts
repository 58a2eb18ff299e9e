/**
 * Exact money: yuan as written by the user -> integer fen. No floating point is involved, so
 * "19.99" is 1999 and never 1998.99..., and "19.999" is refused instead of being rounded.
 */
import type { Fen } from './types.js';

export type MoneyErrorCode = 'money.invalid' | 'money.precision' | 'money.range';

export type MoneyResult = { fen: Fen } | { error: string; code: MoneyErrorCode };

const MONEY_TEXT = /^(\d+)(?:\.(\d+))?$/;
const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parse yuan written as decimal digits with at most 2 decimals ("19.99", "0.30", "5500", "007.5").
 * Refused: exponents ("1e3"), signs ("-1", "+1"), hex/octal, ".5", "5.", more than 2 decimals,
 * and amounts beyond Number.MAX_SAFE_INTEGER fen.
 */
export function parseMoney(text: string): MoneyResult {
  const trimmed = text.trim();
  if (trimmed.startsWith('-') && MONEY_TEXT.test(trimmed.slice(1))) {
    return { code: 'money.range', error: `amount ${trimmed} is negative; money must be 0 or more` };
  }
  const m = MONEY_TEXT.exec(trimmed);
  if (!m) {
    return {
      code: 'money.invalid',
      error: `"${trimmed}" is not an amount in yuan; write digits with at most 2 decimals, e.g. 19.99`,
    };
  }
  const whole = m[1]!;
  const decimals = m[2] ?? '';
  if (decimals.length > 2) {
    return {
      code: 'money.precision',
      error: `amount ${trimmed} has ${decimals.length} decimals; money has at most 2 (fen)`,
    };
  }
  const fen = BigInt(whole) * 100n + BigInt(decimals.padEnd(2, '0'));
  if (fen > MAX_FEN) {
    return { code: 'money.range', error: `amount ${trimmed} is too large (at most ${formatFen(Number.MAX_SAFE_INTEGER)} yuan)` };
  }
  return { fen: Number(fen) };
}

/** Integer fen -> yuan text with exactly 2 decimals: 1990 -> "19.90", 5 -> "0.05", -150 -> "-1.50". */
export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = BigInt(Math.abs(Math.trunc(fen)));
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
