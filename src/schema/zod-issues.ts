/**
 * From zod to diagnostics: validate a plain YAML value against a zod schema and report each issue
 * at the YAML node it concerns, with a stable code and a "did you mean" for unknown names. Names no
 * domain: what is special to one (the catalog's key pattern, its money paths) comes in IssueOptions.
 */
import type { z } from 'zod';
import { error, type Diagnostic } from '../diagnostics/diagnostics.js';
import { suggestHint } from '../diagnostics/suggest.js';
import type { Path, PathSegment, YamlDoc } from '../yaml/yaml-source.js';
import { fastCheck } from './fast-check.js';
import { fieldsAt, formatPath, valueAt, type AnySchema } from './zod-schema.js';

/**
 * Whether validateWithSchema may accept a value with the schema's fast check (fast-check.ts). Tests
 * switch it off to compare the two ways (the results must be identical); nothing else changes it.
 */
export const fastChecks = { enabled: true };

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
  /** Paths handled elsewhere (the catalog's money fields): issues under them are not reported here. */
  skip?: (path: Path) => boolean;
  /** Patterns whose mismatch has a diagnostic of its own (e.g. the catalog's keys), instead of `<prefix>.format`. */
  patterns?: readonly PatternIssue[];
}

/** The diagnostic for a value that does not match `pattern` (a `.regex()` of the schema). */
export interface PatternIssue {
  pattern: RegExp;
  code: string;
  message: (field: string, value: unknown) => string;
  hint: string;
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
  // A valid value is checked without zod's copy (fast-check.ts); zod decides the rest and words it.
  if (fastChecks.enabled && fastCheck(schema)?.(value)) return { data: value as T, diagnostics: [], invalid: [] };
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
      const named = issue.format === 'regex' ? options.patterns?.find((p) => String(p.pattern) === issue.pattern) : undefined;
      if (named) {
        out.push(error(named.code, named.message(field, value), doc.pos(path), named.hint));
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
