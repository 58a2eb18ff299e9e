/**
 * A validate-only check compiled from a zod schema, for the common case of a value that is valid.
 *
 * Contract: `fastCheck(schema)` is a function that answers true only when `schema.safeParse(value)`
 * would succeed and give back a value equal to `value` (the same fields with the same values; zod
 * copies objects, so key order may differ), for values made of plain data as the YAML readers make
 * them (objects whose fields are their own enumerable properties). It answers false whenever it is
 * not sure, and the caller then runs zod, which decides and words the mistakes. It is undefined for
 * a schema it cannot check (anything that changes the value: defaults, transforms, coercion, pipes;
 * or that it does not know: lazy, intersections, ...), and then zod always runs.
 *
 * Why: zod allocates a result object per field it parses. Reading 10,000 products, that was a sixth
 * of a cold `validate` and much of its garbage collection (docs/benchmarks.md). This checks the
 * types itself, and each of zod's checks with a cheap condition that implies it, else with zod's own
 * check function on one reused payload: a valid value allocates nothing here.
 */
import type { AnySchema } from './zod-schema.js';

export type FastCheck = (value: unknown) => boolean;

/** What this module reads of a zod schema or check (zod v4's `_zod` internals). */
interface ZodInternals {
  def: {
    type: string;
    coerce?: boolean;
    checks?: ZodCheckInstance[];
    shape?: Record<string, AnySchema>;
    catchall?: AnySchema;
    element?: AnySchema;
    keyType?: AnySchema;
    valueType?: AnySchema;
    options?: AnySchema[];
    /** false for z.xor: exactly one option must match. */
    inclusive?: boolean;
    innerType?: AnySchema;
    values?: unknown[];
    entries?: Record<string, unknown>;
  };
  values?: ReadonlySet<unknown>;
}
interface ZodCheckInstance {
  _zod: { def: { check: string; format?: string }; check: (payload: CheckPayload) => unknown };
}
interface CheckPayload {
  value: unknown;
  issues: unknown[];
}

const internals = (schema: AnySchema): ZodInternals => (schema as unknown as { _zod: ZodInternals })._zod;

/** Checks that only test the value (never change it); see checkTest. */
const TESTING_CHECKS: ReadonlySet<string> = new Set(['min_length', 'max_length', 'length_equals', 'greater_than', 'less_than', 'multiple_of', 'number_format']);
/** String formats among them: only patterns (other formats are not used by our schemas). */
const TESTING_FORMATS: ReadonlySet<string> = new Set(['regex']);

/** Thrown while compiling to give up on a schema; never escapes this module. */
const UNSUPPORTED = Symbol('unsupported');

const compiled = new WeakMap<AnySchema, FastCheck | null>();

/** The fast check of `schema` (see the header), compiled once per schema; undefined when it has none. */
export function fastCheck(schema: AnySchema): FastCheck | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    try {
      const inner = compile(schema);
      check = (value) => {
        try {
          return inner(value);
        } catch {
          return false; // a zod check that throws on this value: zod decides
        }
      };
    } catch (e) {
      if (e !== UNSUPPORTED) throw e;
      check = null;
    }
    compiled.set(schema, check);
  }
  return check ?? undefined;
}

/** One payload for every check run (checks are synchronous: nothing else uses it in between). */
const payload: CheckPayload = { value: undefined, issues: [] };

/** Whether `value` passes a zod check, run by zod's own implementation. */
function zodPasses(check: ZodCheckInstance, value: unknown): boolean {
  payload.value = value;
  payload.issues.length = 0;
  check._zod.check(payload);
  payload.value = undefined;
  return payload.issues.length === 0;
}

/**
 * A check as a test: a cheap condition that implies zod's check passes, and zod's own check when it
 * does not hold. Cheap, for the checks the catalog uses on every value: lengths (zod counts code
 * points when a string's UTF-16 length is near the bound), bounds, patterns, safe integers, and
 * multiples of a decimal step (zod compares decimal strings, about a microsecond a value; a number
 * whose shortest form has at most that many decimals is such a multiple).
 */
function checkTest(check: ZodCheckInstance): FastCheck {
  const cheap = cheapTest(check._zod.def as CheckDef);
  return cheap === undefined ? (v) => zodPasses(check, v) : (v) => cheap(v) || zodPasses(check, v);
}

interface CheckDef {
  check: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  value?: unknown;
  inclusive?: boolean;
  pattern?: RegExp;
}

function cheapTest(cd: CheckDef): FastCheck | undefined {
  const { minimum, maximum, value, pattern } = cd;
  switch (cd.check) {
    case 'min_length':
      return typeof minimum === 'number' ? (v) => (typeof v === 'string' ? v.length >= 2 * minimum : Array.isArray(v) && v.length >= minimum) : undefined;
    case 'max_length':
      return typeof maximum === 'number' ? (v) => (typeof v === 'string' || Array.isArray(v)) && v.length <= maximum : undefined;
    case 'greater_than':
      return typeof value === 'number' ? (v) => typeof v === 'number' && (cd.inclusive ? v >= value : v > value) : undefined;
    case 'less_than':
      return typeof value === 'number' ? (v) => typeof v === 'number' && (cd.inclusive ? v <= value : v < value) : undefined;
    case 'number_format':
      return cd.format === 'safeint' ? (v) => Number.isSafeInteger(v) : undefined;
    case 'string_format':
      return cd.format === 'regex' && pattern ? (v) => typeof v === 'string' && ((pattern.lastIndex = 0), pattern.test(v)) : undefined;
    case 'multiple_of': {
      const decimals = /^0\.(0*)1$/.exec(String(value))?.[1]?.length;
      if (typeof value !== 'number' || decimals === undefined) return undefined;
      const shortForm = new RegExp(`^-?\\d+(?:\\.\\d{1,${decimals + 1}})?$`);
      return (v) => typeof v === 'number' && shortForm.test(String(v));
    }
    default:
      return undefined;
  }
}

function compile(schema: AnySchema): FastCheck {
  const z = internals(schema);
  const d = z.def;
  if (d.coerce) throw UNSUPPORTED;
  const checks = d.checks ?? [];
  for (const c of checks) {
    const cd = c._zod.def;
    if (!TESTING_CHECKS.has(cd.check) && !(cd.check === 'string_format' && cd.format !== undefined && TESTING_FORMATS.has(cd.format))) throw UNSUPPORTED;
  }
  const tests = checks.map(checkTest);
  const withChecks = (typeTest: FastCheck): FastCheck =>
    tests.length === 0
      ? typeTest
      : (v) => {
          if (!typeTest(v)) return false;
          for (const test of tests) if (!test(v)) return false;
          return true;
        };
  switch (d.type) {
    case 'string':
      return withChecks((v) => typeof v === 'string');
    case 'number':
      return withChecks((v) => typeof v === 'number' && Number.isFinite(v));
    case 'boolean':
      return withChecks((v) => typeof v === 'boolean');
    case 'literal':
    case 'enum': {
      const values = z.values;
      if (!values) throw UNSUPPORTED;
      return withChecks((v) => values.has(v));
    }
    case 'optional': {
      const inner = compile(d.innerType!);
      return withChecks((v) => v === undefined || inner(v));
    }
    case 'array': {
      const element = compile(d.element!);
      return withChecks((v) => {
        if (!Array.isArray(v)) return false;
        for (const item of v) if (!element(item)) return false;
        return true;
      });
    }
    case 'union': {
      if (d.inclusive === false) throw UNSUPPORTED;
      const options = d.options!.map(compile);
      return withChecks((v) => options.some((option) => option(v)));
    }
    case 'record': {
      if (internals(d.keyType!).values !== undefined) throw UNSUPPORTED; // enum keys: zod requires every one of them
      const key = compile(d.keyType!);
      const value = compile(d.valueType!);
      return withChecks((v) => {
        if (!isPlainRecord(v)) return false;
        for (const k of Object.keys(v)) {
          if (k === '__proto__' || !key(k) || !value(v[k])) return false; // zod drops a "__proto__" key: not equal
        }
        return true;
      });
    }
    case 'object': {
      // Strict (catchall never) or not: a value with a field the shape does not name is left to zod.
      if (d.catchall !== undefined && internals(d.catchall).def.type !== 'never') throw UNSUPPORTED;
      const fields = new Map(Object.entries(d.shape!).map(([name, field]) => [name, { check: compile(field), required: internals(field).def.type !== 'optional' }]));
      const required = [...fields.values()].filter((f) => f.required).length;
      // By the value's fields, not the shape's: most of a shape is optional and absent.
      return withChecks((v) => {
        if (!isPlainRecord(v)) return false;
        let requiredSeen = 0;
        for (const name in v) {
          const field = fields.get(name);
          if (field === undefined || !field.check(v[name])) return false;
          if (field.required) requiredSeen++;
        }
        return requiredSeen === required;
      });
    }
    default:
      throw UNSUPPORTED;
  }
}

/** An object made by the YAML readers (a plain object, not an array). */
function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
