/**
 * Error recovery for the catalog loader ("all mistakes at once", docs/commands.md, `catalog validate`): a document
 * that fails its schema is still normalised and checked (references, SKU rules, platform limits),
 * from a repaired copy in which every value the schema refused is replaced by a neutral placeholder
 * of the expected shape, and every unknown field is dropped.
 *
 * Contract: the paths repaired (and money that could not be read) are *tainted*. A check whose
 * diagnostic would sit on a tainted value, inside one or around one, reports nothing (the mistake is
 * already reported, and the placeholder must never cause a diagnostic of its own); a check that
 * reads a value elsewhere asks `intact(path)` first. A repaired document never becomes part of a
 * Catalog: the load has errors.
 */
import type { z } from 'zod';
import { def, schemasAt, unwrap } from '../schema/zod-schema.js';
import type { InvalidValue } from '../schema/zod-issues.js';
import { CATALOG_OPAQUE_SCHEMAS } from './schema-issues.js';
import type { Path } from '../yaml/yaml-source.js';

/** The copy of `value` with every invalid value replaced (see the module contract). */
export function repairValue(schema: z.ZodType, value: unknown, invalid: readonly InvalidValue[]): unknown {
  const copy = structuredClone(value);
  for (const { path, drop } of invalid) {
    if (path.length === 0) return placeholderFor(schema);
    let parent: unknown = copy;
    for (const segment of path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown>)[segment];
    if (parent === null || typeof parent !== 'object') continue; // inside a value already replaced
    const last = path[path.length - 1]!;
    const record = parent as Record<PropertyKey, unknown>;
    if (drop) {
      delete record[last];
    } else {
      const expected = schemasAt(schema, path, CATALOG_OPAQUE_SCHEMAS)[0];
      record[last] = expected ? placeholderFor(expected) : null;
    }
  }
  return copy;
}

/**
 * The smallest value of a schema's shape: empty text, 0, false, the first allowed value, an object
 * with its required fields only, an empty list or mapping. It may break a length or pattern limit:
 * only its shape matters to the code that normalises it.
 */
export function placeholderFor(schema: z.ZodType): unknown {
  const s = unwrap(schema);
  const d = def(s) as ReturnType<typeof def> & { entries?: Record<string, unknown> };
  switch (d.type) {
    case 'string':
      return '';
    case 'number':
    case 'int':
      return 0;
    case 'boolean':
      return false;
    case 'literal':
      return d.values?.[0] ?? null;
    case 'enum':
      return Object.values(d.entries ?? {})[0] ?? null;
    case 'array':
      return [];
    case 'record':
      return {};
    case 'union':
      return d.options?.[0] ? placeholderFor(d.options[0]) : null;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, field] of Object.entries(d.shape ?? {})) {
        if (def(field).type !== 'optional') out[name] = placeholderFor(field);
      }
      return out;
    }
    default:
      return null;
  }
}

/** Whether one path is the other or lies inside it. */
export function overlaps(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The tainted paths of one document. */
export class Taint {
  constructor(private readonly values: readonly InvalidValue[]) {}
  /** No value at, inside or around any of `paths` is tainted. */
  intact(...paths: Path[]): boolean {
    return this.values.length === 0 || !paths.some((p) => this.values.some((t) => overlaps(p, t.path)));
  }
  /** The mapping at `parent` had an unknown field (perhaps a misspelt one: a "missing" field may be there). */
  droppedIn(parent: Path): boolean {
    return this.values.some((t) => t.drop && t.path.length === parent.length + 1 && overlaps(parent, t.path));
  }
}
