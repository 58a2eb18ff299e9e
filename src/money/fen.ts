/**
 * Money with its unit in the type system, and the one place that converts between fen and yuan.
 *
 * Inside catalog every amount is integer fen, typed `Fen` (a branded number: a plain number, e.g. an
 * amount in yuan, is not a `Fen` until one of the functions below says so). Yuan exists only at the
 * edges: the catalog's YAML (text, "19.99"), import documents (text) and the platforms' wires (text,
 * or a JSON number for wechat-live). Every conversion goes through the decimal text of the amount,
 * never through floating-point arithmetic: "19.99" is 1999 fen and never 1998.99..., "19.999" is
 * refused instead of being rounded, and 1999 fen is 19.99 yuan on the wire.
 *
 * Imported by catalog (loading), platforms (wires, imports) and render (display): it imports nothing.
 */

declare const FEN_UNIT: unique symbol;

/** An amount of money in integer fen (1 yuan = 100 fen). */
export type Fen = number & { readonly [FEN_UNIT]: 'fen' };

/** A number known to be integer fen (a value read from a field whose unit is fen, a test amount). */
export function asFen(amount: number): Fen {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`bug: ${amount} is not an amount in integer fen`);
  return amount as Fen;
}

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
    return { code: 'money.range', error: `amount ${trimmed} is too large (at most ${formatFen(asFen(Number.MAX_SAFE_INTEGER))} yuan)` };
  }
  return { fen: Number(fen) as Fen };
}

/** Integer fen -> yuan text with exactly 2 decimals: 1990 -> "19.90", 5 -> "0.05", -150 -> "-1.50". */
export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = BigInt(Math.abs(Math.trunc(fen)));
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Fen -> yuan as a JSON number for wires that take one (1999 -> 19.99, the double nearest 19.99). */
export function fenToYuanNumber(fen: Fen): number {
  return Number(formatFen(fen));
}

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Yuan received as a JSON number -> fen, read from the number's shortest decimal text (19.99 ->
 * "19.99" -> 1999), so 4.35 is 435 fen where 4.35 * 100 is 434.99999999999994. More than 2
 * decimals (not expected from a platform) round to the nearest fen, halves away from zero.
 * Throws RangeError for amounts that are not finite or do not fit in safe-integer fen.
 */
export function yuanNumberToFen(yuan: number): Fen {
  if (!Number.isFinite(yuan)) throw new RangeError(`${yuan} is not an amount in yuan`);
  // Numbers below 1e-6 print with an exponent; they are 0 fen.
  if (Math.abs(yuan) < 1e-6) return 0 as Fen;
  const m = PLAIN_DECIMAL.exec(String(yuan));
  if (!m) throw new RangeError(`${yuan} yuan does not fit in fen`);
  const decimals = m[3] ?? '';
  let fen = BigInt(m[2]!) * 100n + BigInt(decimals.slice(0, 2).padEnd(2, '0'));
  if (decimals.length > 2 && decimals[2]! >= '5') fen += 1n;
  if (fen > MAX_FEN) throw new RangeError(`${yuan} yuan does not fit in fen`);
  return (m[1] === '-' && fen !== 0n ? -Number(fen) : Number(fen)) as Fen;
}
