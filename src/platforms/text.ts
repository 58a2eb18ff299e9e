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

/**
 * The value with trailing whitespace removed from every string in it (object keys are kept as they
 * are). `trimEnd` removes exactly what `\s` matches (white space and line terminators, the
 * full-width space included). Containers are copied only where something changed: a plan compares
 * thousands of objects, most with nothing to trim.
 */
export function trimTrailingWhitespace<T extends Json>(value: T): T {
  if (typeof value === 'string') return value.trimEnd() as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: Json[] | undefined;
    value.forEach((v, i) => {
      const t = trimTrailingWhitespace(v);
      if (t !== v) (out ??= value.slice())[i] = t;
    });
    return (out ?? value) as T;
  }
  let out: { [k: string]: Json } | undefined;
  for (const k of Object.keys(value)) {
    const v = (value as { [k: string]: Json })[k]!;
    const t = trimTrailingWhitespace(v);
    if (t !== v) (out ??= { ...(value as { [k: string]: Json }) })[k] = t;
  }
  return (out ?? value) as T;
}

/** A desired or live object whose comparable fields are normalised (see the header); the rest is kept. */
export function withNormalisedText<O extends { fields: { [k: string]: Json } }>(o: O): O {
  return { ...o, fields: trimTrailingWhitespace(o.fields) };
}
