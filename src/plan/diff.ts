/**
 * Field-level diff of two comparable objects (already normalised by the adapter to the same units
 * and shapes, so a value that only differs in format is equal here).
 *
 * Contract: a field absent on the live side is not compared (the platform does not return it);
 * plain objects are compared key by key and reported with dotted paths; arrays are compared whole.
 */
import { createHash } from 'node:crypto';
import type { FieldChange, Json } from './types.js';

export function diffFields(desired: { [k: string]: Json }, live: { [k: string]: Json }, prefix = ''): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const k of Object.keys(desired)) {
    const want = desired[k] as Json;
    const have = live[k];
    if (have === undefined) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(want) && isPlainObject(have)) {
      changes.push(...diffObjects(want, have, path));
    } else if (!jsonEqual(want, have)) {
      changes.push({ path, before: have, after: want });
    }
  }
  return changes;
}

/** Nested objects: keys missing on either side are additions/removals (e.g. a SKU added). */
function diffObjects(want: { [k: string]: Json }, have: { [k: string]: Json }, path: string): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const k of Object.keys(want)) {
    const w = want[k] as Json;
    const h = have[k];
    const p = `${path}.${k}`;
    if (h === undefined) changes.push({ path: p, after: w });
    else if (isPlainObject(w) && isPlainObject(h)) changes.push(...diffObjects(w, h, p));
    else if (!jsonEqual(w, h)) changes.push({ path: p, before: h, after: w });
  }
  for (const k of Object.keys(have)) {
    if (!(k in want)) changes.push({ path: `${path}.${k}`, before: have[k] as Json });
  }
  return changes;
}

export function isPlainObject(v: unknown): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => jsonEqual(a[k], (b as { [k: string]: Json })[k]));
}

/** JSON with object keys sorted: the same value always gives the same text (undefined, also inside, as null). */
export function stableStringify(v: Json | undefined): string {
  // One string built left to right: plans digest every desired and live object, and joining the
  // pieces of each level was most of that cost.
  let out = '';
  const write = (x: Json | undefined): void => {
    if (x === undefined || x === null) out += 'null';
    else if (typeof x !== 'object') out += JSON.stringify(x);
    else if (Array.isArray(x)) {
      out += '[';
      for (let i = 0; i < x.length; i++) {
        if (i > 0) out += ',';
        write(x[i]);
      }
      out += ']';
    } else {
      const keys = Object.keys(x).sort();
      out += '{';
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) out += ',';
        out += JSON.stringify(keys[i]) + ':';
        write(x[keys[i]!]);
      }
      out += '}';
    }
  };
  write(v);
  return out;
}

export function digestJson(v: Json): string {
  return createHash('sha256').update(stableStringify(v)).digest('hex').slice(0, 32);
}

/** A new object's fields as changes from nothing, nested objects flattened to dotted paths. */
export function creationChanges(fields: { [k: string]: Json }, prefix = ''): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [k, v] of Object.entries(fields)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v)) out.push(...creationChanges(v, path));
    else out.push({ path, after: v });
  }
  return out;
}
