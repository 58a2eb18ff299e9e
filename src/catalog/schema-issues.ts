/**
 * What the catalog adds to the generic schema reading (src/schema/): its money fields, found by
 * walking a schema with a value, and the diagnostic for an invalid key.
 */
import { KEY_PATTERN, money } from './model.js';
import { def, unwrap, type AnySchema } from '../schema/zod-schema.js';
import type { IssueOptions } from '../schema/zod-issues.js';
import type { Path, PathSegment } from '../yaml/yaml-source.js';

/** Money is one value (a number or a string) to every reader of a schema: its union is not expanded. */
export const CATALOG_OPAQUE_SCHEMAS: ReadonlySet<AnySchema> = new Set([money]);

/** How catalog documents are validated: `schema.*` codes, and `key.invalid` for a key that breaks KEY_PATTERN. */
export const CATALOG_ISSUES: IssueOptions = {
  prefix: 'schema',
  patterns: [
    {
      pattern: KEY_PATTERN,
      code: 'key.invalid',
      message: (field, value) => `${field} "${String(value)}" is not a valid key`,
      hint: 'keys are 1-48 characters: lowercase letters, digits, ".", "_", "-", starting with a letter or digit',
    },
  ],
};

/** Every money field present in `value` (validated or not), with its path. */
export function moneyPaths(schema: AnySchema, value: unknown): Path[] {
  const found = new Map<string, Path>();
  const visit = (s: AnySchema, v: unknown, path: PathSegment[]): void => {
    if (!mayHoldMoney(s)) return; // most of a document (texts, images, platform ids): nothing to find
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

const holdsMoney = new WeakMap<AnySchema, boolean>();

/** Whether a value of `schema` can contain a money field (what moneyPaths walks into); per schema, once. */
function mayHoldMoney(schema: AnySchema): boolean {
  const known = holdsMoney.get(schema);
  if (known !== undefined) return known;
  holdsMoney.set(schema, true); // a recursive schema: assume it may, while it is being looked at
  const u = unwrap(schema);
  const d = def(u);
  let holds: boolean;
  if (u === money) holds = true;
  else if (d.type === 'object' && d.shape) holds = Object.values(d.shape).some(mayHoldMoney);
  else if (d.type === 'array' && d.element) holds = mayHoldMoney(d.element);
  else if (d.type === 'record' && d.valueType) holds = mayHoldMoney(d.valueType);
  else if (d.type === 'union' && d.options) holds = d.options.some(mayHoldMoney);
  else holds = false;
  holdsMoney.set(schema, holds);
  return holds;
}
