/**
 * JSON reading that keeps big integers exact (docs/platforms/wechat-channels.md, "Conventions"):
 * product, SKU and template ids are uint64 and some replies send them as bare numbers beyond 2^53
 * (`"product_id": 23423523452345235`), which `JSON.parse` silently rounds.
 *
 * Contract of `parseJsonExact(text)`: the value `JSON.parse` would return, except that every integer
 * literal (no fraction, no exponent) outside strings that is not a safe integer becomes the string of
 * its digits, exactly as written. Everything else (strings with escapes, fractions, small integers)
 * is left to `JSON.parse`. Text that is not JSON throws like `JSON.parse` does. Linear in the length.
 */

/** JSON.parse with unsafe integer literals read as strings of their digits (see the header). */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteBigIntegers(text)) as unknown;
}

/** The JSON text with every unsafe integer literal outside strings quoted (other text unchanged). */
export function quoteBigIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string, honouring escapes.
      i += 1;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i += 2;
        else if (s === 0x22) break;
        else i += 1;
      }
      i += 1;
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i += 1;
      while (i < n && isNumberChar(text.charCodeAt(i))) i += 1;
      const literal = text.slice(start, i);
      // 16+ digits may exceed 2^53; shorter ones never do.
      if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copied, start)}"${literal}"`;
        copied = i;
      }
      continue;
    }
    i += 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e /* . */ || c === 0x65 /* e */ || c === 0x45 /* E */ || c === 0x2b /* + */ || c === 0x2d /* - */;
}
