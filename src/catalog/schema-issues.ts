/**
 * From zod to diagnostics: validate a plain YAML value against a zod schema and report each issue
 * at the YAML node it concerns, with a stable code. Also walks schemas to find the field names
 * allowed at a path (for "did you mean") and the money fields of a value.
 */
import type { z } from 'zod';
import { error, type Diagnostic } from '../diagnostics/diagnostics.js';
import { KEY_PATTERN, money } from './model.js';
import { suggestHint } from '../diagnostics/suggest.js';
import type { Path, PathSegment, YamlDoc } from '../yaml/yaml-source.js';

type AnySchema = z.ZodType;
/** The parts of a zod schema's definition that this module and format.ts read. */
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
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  values?: unknown[];
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  pattern?: string;
  errors?: Issue[][];
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

/** The schemas a value at `path` may match (several when a union is on the way). */
export function schemasAt(schema: AnySchema, path: Path): AnySchema[] {
  let current = [unwrap(schema)];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const s of current.flatMap(expandUnion)) {
      const d = def(s);
      if (d.type === 'object' && d.shape && typeof segment === 'string' && d.shape[segment]) next.push(unwrap(d.shape[segment]));
      else if (d.type === 'array' && d.element) next.push(unwrap(d.element));
      else if (d.type === 'record' && d.valueType) next.push(unwrap(d.valueType));
    }
    current = next;
  }
  return current.flatMap(expandUnion);
}

function expandUnion(schema: AnySchema): AnySchema[] {
  const d = def(schema);
  return d.type === 'union' && d.options && schema !== money ? d.options.map(unwrap).flatMap(expandUnion) : [schema];
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

/** Every money field present in `value` (validated or not), with its path. */
export function moneyPaths(schema: AnySchema, value: unknown): Path[] {
  const found = new Map<string, Path>();
  const visit = (s: AnySchema, v: unknown, path: PathSegment[]): void => {
    const u = unwrap(s);
    if (u === money) {
      found.set(path.join('\u0000'), [...path]);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const d = def(u);
    if (d.type === 'object' && d.shape && !Array.isArray(v)) {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const fieldSchema = d.shape[k];
        if (fieldSchema) visit(fieldSchema, child, [...path, k]);
      }
    } else if (d.type === 'array' && d.element && Array.isArray(v)) {
      v.forEach((item, i) => visit(d.element!, item, [...path, i]));
    } else if (d.type === 'record' && d.valueType && !Array.isArray(v)) {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) visit(d.valueType, child, [...path, k]);
    } else if (d.type === 'union' && d.options) {
      for (const option of d.options) visit(option, v, path);
    }
  };
  visit(schema, value, []);
  return [...found.values()];
}

export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return `${typeof value} ${String(value)}`;
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

export interface IssueOptions {
  /** Code prefix for schema issues: "schema" for catalog files, "config" for the config file. */
  prefix: 'schema' | 'config';
  /** Paths handled elsewhere (money fields): issues under them are not reported here. */
  skip?: (path: Path) => boolean;
}

/**
 * A value the schema refused, by its path inside the validated value: `drop` for a field or record
 * entry that may not be there at all (unknown field, bad name), else a value of the wrong type,
 * range or format (including a missing required field). See repair.ts.
 */
export interface InvalidValue {
  path: Path;
  drop: boolean;
}

/**
 * Validate `value` with `schema`; every issue becomes one diagnostic at its node (issues under
 * `skip` paths are not reported, but still listed in `invalid`).
 */
export function validateWithSchema<T>(
  schema: z.ZodType<T>,
  value: unknown,
  doc: YamlDoc,
  options: IssueOptions,
  basePath: Path = [],
): { data?: T; diagnostics: Diagnostic[]; invalid: InvalidValue[] } {
  const result = schema.safeParse(value);
  if (result.success) return { data: result.data, diagnostics: [], invalid: [] };
  const diagnostics: Diagnostic[] = [];
  const invalid: InvalidValue[] = [];
  for (const issue of result.error.issues as unknown as Issue[]) {
    reportIssue(issue, schema, value, doc, options, basePath, diagnostics);
    const local = issue.path.filter((p): p is PathSegment => typeof p === 'string' || typeof p === 'number');
    if (issue.code === 'unrecognized_keys') invalid.push(...(issue.keys ?? []).map((k) => ({ path: [...local, k], drop: true })));
    else invalid.push({ path: local, drop: issue.code === 'invalid_key' });
  }
  return { diagnostics, invalid };
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

function reportIssue(
  issue: Issue,
  schema: AnySchema,
  root: unknown,
  doc: YamlDoc,
  options: IssueOptions,
  basePath: Path,
  out: Diagnostic[],
): void {
  const local = issue.path.filter((p): p is PathSegment => typeof p === 'string' || typeof p === 'number');
  const path = [...basePath, ...local];
  if (options.skip?.(path)) return;
  const prefix = options.prefix;
  const field = formatPath(path) || 'document';
  const value = valueAt(root, local);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = fieldsAt(schema, local);
      for (const key of issue.keys ?? []) {
        out.push(
          error(
            `${prefix}.unknown-field`,
            `unknown field "${key}"${local.length ? ` in ${field}` : ''}`,
            doc.keyPos([...path, key]),
            suggestHint(key, allowed, 'allowed fields'),
          ),
        );
      }
      return;
    }
    case 'invalid_type': {
      if (value === undefined) {
        out.push(
          error(
            `${prefix}.required`,
            `missing required field "${String(local[local.length - 1] ?? field)}"${local.length > 1 ? ` in ${formatPath(path.slice(0, -1))}` : ''}`,
            doc.pos(path),
            `add ${String(local[local.length - 1])}: ${EXPECTED_NAMES[issue.expected ?? ''] ?? issue.expected}`,
          ),
        );
      } else {
        const expected = EXPECTED_NAMES[issue.expected ?? ''] ?? issue.expected ?? 'another type';
        out.push(
          error(
            `${prefix}.type`,
            `${field} must be ${expected}, not ${describeValue(value)}`,
            doc.pos(path),
            issue.expected === 'string' ? 'quote the value to make it text, e.g. "123"' : `write ${expected} here`,
          ),
        );
      }
      return;
    }
    case 'invalid_value': {
      const allowed = (issue.values ?? []).map((v) => String(v));
      out.push(
        error(
          `${prefix}.enum`,
          `${field} must be ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`}, not ${describeValue(value)}`,
          doc.pos(path),
          suggestHint(String(value), allowed, 'allowed values'),
        ),
      );
      return;
    }
    case 'invalid_union': {
      const branches = issue.errors ?? [];
      const literals = branches.every((b) => b.length === 1 && b[0]!.code === 'invalid_value' && b[0]!.path.length === 0);
      if (literals) {
        reportIssue(
          { code: 'invalid_value', path: issue.path, message: issue.message, values: branches.flatMap((b) => b[0]!.values ?? []) },
          schema,
          root,
          doc,
          options,
          basePath,
          out,
        );
        return;
      }
      // Report the branch the value came closest to (fewest issues, type mismatches counting most).
      const score = (b: Issue[]): number => b.reduce((n, i) => n + (i.code === 'invalid_type' && i.path.length === 0 ? 100 : 1), 0);
      const best = [...branches].sort((a, b) => score(a) - score(b))[0];
      if (!best || score(best) >= 100) {
        out.push(error(`${prefix}.type`, `${field} has the wrong shape (${describeValue(value)})`, doc.pos(path), 'see the JSON Schema in schemas/ for the allowed forms'));
        return;
      }
      for (const inner of best) {
        reportIssue({ ...inner, path: [...issue.path, ...inner.path] }, schema, root, doc, options, basePath, out);
      }
      return;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const op = small ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
      let message: string;
      if (issue.origin === 'array') message = `${field} must have ${small ? 'at least' : 'at most'} ${String(bound)} item${Number(bound) === 1 ? '' : 's'}`;
      else if (issue.origin === 'string') message = Number(bound) === 1 && small ? `${field} must not be empty` : `${field} must be ${small ? 'at least' : 'at most'} ${String(bound)} characters`;
      else message = `${field} must be ${op} ${String(bound)}, not ${String(value)}`;
      out.push(error(`${prefix}.range`, message, doc.pos(path), 'change the value to fit the limit'));
      return;
    }
    case 'invalid_format': {
      if (issue.format === 'regex' && issue.pattern === String(KEY_PATTERN)) {
        out.push(
          error(
            'key.invalid',
            `${field} "${String(value)}" is not a valid key`,
            doc.pos(path),
            'keys are 1-48 characters: lowercase letters, digits, ".", "_", "-", starting with a letter or digit',
          ),
        );
      } else {
        out.push(
          error(`${prefix}.format`, `${field} ${describeValue(value)} is not a valid ${issue.format === 'regex' ? 'value' : issue.format}`, doc.pos(path), issue.format === 'url' ? 'write a full URL such as https://example.com' : `it must match ${issue.pattern ?? issue.format}`),
        );
      }
      return;
    }
    case 'invalid_key': {
      const key = local[local.length - 1];
      out.push(error(`${prefix}.format`, `name "${String(key)}" is not allowed in ${formatPath(path.slice(0, -1)) || 'document'}`, doc.keyPos(path), 'use letters, digits, "_" and "-"'));
      return;
    }
    default:
      out.push(error(`${prefix}.invalid`, `${field}: ${issue.message}`, doc.pos(path), 'see the JSON Schema in schemas/ for what is allowed here'));
  }
}
