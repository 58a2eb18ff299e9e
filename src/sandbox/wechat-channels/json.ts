/**
 * JSON with uint64 ids, as the Channels store API speaks it (platform-docs/wechat-channels.md §0):
 * ids are typed `string(uint64)`, but the samples answer `product_id` / `sku_id` as bare integers
 * larger than 2^53 (`"product_id": 23423523452345235`). The simulator keeps every id as a decimal
 * string and, by default, writes product and SKU ids back as bare integer literals, so a client
 * that reads answers with plain `JSON.parse` gets a rounded id and fails to find the product again.
 *
 * - `parseJsonKeepingBigIntegers`: JSON.parse, except that integer literals beyond
 *   Number.MAX_SAFE_INTEGER become their exact decimal strings (requests may send ids either way).
 * - `bareInteger(id)` marks a decimal string to be written as a bare number by `stringifyWithBareIntegers`.
 */
import { randomBytes } from 'node:crypto';

/** Per process, so no stored text can look like a marker. */
const MARKER = `@bare-integer-${randomBytes(8).toString('hex')}@`;
const MARKED = new RegExp(`"${MARKER}(\\d+)"`, 'g');

/** A uint64 id written as a bare JSON integer literal. */
export class BareInteger {
  constructor(readonly digits: string) {
    if (!/^\d+$/.test(digits)) throw new Error(`not a decimal id: ${digits}`);
  }
  toJSON(): string {
    return `${MARKER}${this.digits}`;
  }
}

export function bareInteger(digits: string): BareInteger {
  return new BareInteger(digits);
}

export function stringifyWithBareIntegers(value: unknown): string {
  return JSON.stringify(value).replace(MARKED, '$1');
}

/**
 * JSON.parse that keeps integers beyond 2^53 exact, as decimal strings. Only number tokens outside
 * strings are rewritten; a malformed text throws like JSON.parse.
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const token = text.slice(i, j);
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(last, i)}"${token}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return JSON.parse(out + text.slice(last));
}
