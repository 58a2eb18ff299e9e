/**
 * What the catalog adds to the generic schema reading (src/schema/): its money fields, found by
 * walking a schema with a value, and the diagnostic for an invalid key.
 */
import { KEY_PATTERN, money } from './model.js';
import { def, unwrap, type AnySchema } from '../schema/zod-schema.js';
import type { IssueOptions } from '../schema/zod-issues.js';
import { pathKey, type Path, type PathSegment } from '../yaml/yaml-source.js';

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

/** Every money field present in `value` (validated or not): its path, by pathKey. */
export function moneyPaths(schema: AnySchema, value: unknown): Map<string, Path> {
  const found = new Map<string, Path>();
  const path: PathSegment[] = []; // where the walk is: segments are pushed on the way in, popped on the way out
  const into = (s: AnySchema, v: unknown, segment: PathSegment): void => {
    path.push(segment);
    visit(s, v);
    path.pop();
  };
  const visit = (s: AnySchema, v: unknown): void => {
    const walk = moneyWalk(s);
    if (walk === undefined) return; // most of a document (texts, images, platform ids): nothing to find
    if (walk.kind === 'money') {
      found.set(pathKey(path), [...path]);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (walk.kind === 'object') {
      if (Array.isArray(v)) return;
      for (const [k, child] of walk.fields) if (Object.hasOwn(v, k)) into(child, (v as Record<string, unknown>)[k], k);
    } else if (walk.kind === 'array') {
      if (Array.isArray(v)) v.forEach((item, i) => into(walk.element, item, i));
    } else if (walk.kind === 'record') {
      if (!Array.isArray(v)) for (const [k, child] of Object.entries(v as Record<string, unknown>)) into(walk.value, child, k);
    } else {
      for (const option of walk.options) visit(option, v);
    }
  };
  visit(schema, value);
  return found;
}

/** How moneyPaths walks a value of one schema that may hold money: only into what may hold it. */
type MoneyWalk =
  | { kind: 'money' }
  | { kind: 'object'; fields: Array<[key: string, schema: AnySchema]> }
  | { kind: 'array'; element: AnySchema }
  | { kind: 'record'; value: AnySchema }
  | { kind: 'union'; options: AnySchema[] };

const moneyWalks = new WeakMap<AnySchema, MoneyWalk | null>();

/** The walk for `schema`, worked out once per schema; undefined when its values cannot hold money. */
function moneyWalk(schema: AnySchema): MoneyWalk | undefined {
  let walk = moneyWalks.get(schema);
  if (walk === undefined) {
    walk = null;
    if (mayHoldMoney(schema)) {
      const u = unwrap(schema);
      const d = def(u);
      if (u === money) walk = { kind: 'money' };
      else if (d.type === 'object' && d.shape) walk = { kind: 'object', fields: Object.entries(d.shape).filter(([, child]) => mayHoldMoney(child)) };
      else if (d.type === 'array' && d.element) walk = { kind: 'array', element: d.element };
      else if (d.type === 'record' && d.valueType) walk = { kind: 'record', value: d.valueType };
      else if (d.type === 'union' && d.options) walk = { kind: 'union', options: d.options };
    }
    moneyWalks.set(schema, walk);
  }
  return walk ?? undefined;
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
