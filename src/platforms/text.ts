/**
 * Text normalisation shared by every platform: trailing whitespace is not content. A YAML `|` block
 * ends with a newline, an editor may leave spaces, a platform may trim what it stores or keep it; none
 * of that is a change the merchant asked for. So trailing whitespace (incl. newlines and the
 * full-width space) is removed from every string of an object's comparable `fields`, on both sides of
 * the diff: from what the catalog asks (which is also what planners put on the wire) and from what
 * the platform answers. The engine applies it where it takes desired and live objects from an
 * adapter (refresh) and so does every other reader of them (the webhook); adapters need not.
 * Leading whitespace and whitespace inside a text are kept.
 */
import type { Json } from '../plan/types.js';

const TRAILING_WHITESPACE = /\s+$/u;

/** The value with trailing whitespace removed from every string in it (object keys are kept as they are). */
export function trimTrailingWhitespace<T extends Json>(value: T): T {
  if (typeof value === 'string') return value.replace(TRAILING_WHITESPACE, '') as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => trimTrailingWhitespace(v)) as T;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) out[k] = trimTrailingWhitespace(v as Json);
  return out as T;
}

/** A desired or live object whose comparable fields are normalised (see the header); the rest is kept. */
export function withNormalisedText<O extends { fields: { [k: string]: Json } }>(o: O): O {
  return { ...o, fields: trimTrailingWhitespace(o.fields) };
}
