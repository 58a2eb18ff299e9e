/**
 * Reading zod schemas as data: the schema that describes a written value (unwrap), the schemas and
 * field names allowed at a path, and paths into plain values. Shared by the config and catalog
 * loaders, `catalog fmt` (key order) and the catalog's repair of refused values; names no domain.
 */
import type { z } from 'zod';
import type { Path } from '../yaml/yaml-source.js';

export type AnySchema = z.ZodType;
/** The parts of a zod schema's definition that this module, zod-issues.ts and catalog/format.ts read. */
export interface SchemaDef {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  valueType?: AnySchema;
  in?: AnySchema;
  getter?: () => AnySchema;
  values?: unknown[];
}
export function def(schema: AnySchema): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/**
 * Wrappers that accept what their inner schema accepts (the written value has the inner schema's
 * shape): unwrap() looks through them to the schema that describes the value.
 */
const WRAPPERS: ReadonlySet<string> = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'catch', 'readonly', 'success']);

/**
 * The schema that describes a written value: strips the WRAPPERS, a pipe's output side (a
 * transform or refinement after the input schema) and lazy indirection. Used by validation here and
 * by key ordering in format.ts, so both see the same schema.
 */
export function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (WRAPPERS.has(d.type) && d.innerType) {
      current = d.innerType;
    } else if (d.type === 'pipe' && d.in) {
      current = d.in;
    } else if (d.type === 'lazy' && d.getter) {
      current = d.getter();
    } else {
      return current;
    }
  }
}

/**
 * The schemas a value at `path` may match (several when a union is on the way). Unions in `opaque`
 * are kept whole (e.g. the catalog's money, a number or a string that is one value to its readers).
 */
export function schemasAt(schema: AnySchema, path: Path, opaque: ReadonlySet<AnySchema> = NO_SCHEMAS): AnySchema[] {
  let current = [unwrap(schema)];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const s of current.flatMap((c) => expandUnion(c, opaque))) {
      const d = def(s);
      if (d.type === 'object' && d.shape && typeof segment === 'string' && d.shape[segment]) next.push(unwrap(d.shape[segment]));
      else if (d.type === 'array' && d.element) next.push(unwrap(d.element));
      else if (d.type === 'record' && d.valueType) next.push(unwrap(d.valueType));
    }
    current = next;
  }
  return current.flatMap((c) => expandUnion(c, opaque));
}

const NO_SCHEMAS: ReadonlySet<AnySchema> = new Set();

function expandUnion(schema: AnySchema, opaque: ReadonlySet<AnySchema>): AnySchema[] {
  const d = def(schema);
  return d.type === 'union' && d.options && !opaque.has(schema) ? d.options.map(unwrap).flatMap((o) => expandUnion(o, opaque)) : [schema];
}

/** Field names allowed in the object at `path`. */
export function fieldsAt(schema: AnySchema, path: Path): string[] {
  const names = new Set<string>();
  for (const s of schemasAt(schema, path)) {
    const d = def(s);
    if (d.type === 'object' && d.shape) for (const k of Object.keys(d.shape)) names.add(k);
  }
  return [...names];
}

export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}

/** The value at `path` inside a parsed YAML value (undefined when the path leaves it). */
export function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
