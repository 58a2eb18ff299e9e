/**
 * Redaction: the one function every message, event and error text passes through before it can reach
 * a user, a log, a file or a stack trace.
 *
 * Contract: `redact(text, secrets)` returns `text` with
 *  - every occurrence of each registered secret (raw and URL-encoded) replaced by `***`;
 *  - the value of every URL query / form parameter whose name is in `SECRET_PARAM_NAMES`
 *    (`?sign=...`, `&access_token=...`) replaced by `***`;
 *  - the value of every JSON string property with such a name (`"access_token":"..."`) replaced by `***`.
 * Names are matched case-insensitively, so `appSecret`, `APPSECRET` and `app_secret` are all caught.
 */

/** Parameter names whose values are credentials wherever they appear (query strings, forms, JSON). */
export const SECRET_PARAM_NAMES: readonly string[] = [
  'sign',
  'signature',
  'access_token',
  'accesstoken',
  'token',
  'secret',
  'appsecret',
  'app_secret',
  'client_secret',
  'digest',
  'password',
];

export const REDACTED = '***';

const namesPattern = SECRET_PARAM_NAMES.map(escapeRegExp).join('|');
/** `name=value` in a query string, form body or text; the value ends at `&`, `#`, whitespace or a quote. */
const queryParam = new RegExp(`((?:^|[^A-Za-z0-9_])(?:${namesPattern})=)[^&#\\s"'<>]*`, 'gi');
/** `"name": "value"` in JSON text. */
const jsonProperty = new RegExp(`("(?:${namesPattern})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*(")`, 'gi');

/** Secrets shorter than this are not replaced: replacing "1" everywhere would only garble text. */
const MIN_SECRET_LENGTH = 4;

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secretVariants(secrets)) out = out.split(secret).join(REDACTED);
  out = out.replace(queryParam, `$1${REDACTED}`);
  out = out.replace(jsonProperty, `$1${REDACTED}$2`);
  return out;
}

/** Each usable secret in the forms it may appear in text, longest first so overlaps are fully covered. */
function secretVariants(secrets: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...variants].sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
