import { expect, test } from 'vitest';
import { z } from 'zod';
import { def, fieldsAt, unwrap } from './zod-schema.js';

test('unwrap sees through every shape-preserving wrapper, pipes and lazy (validation and fmt share it)', () => {
  const inner = z.strictObject({ a: z.string(), b: z.number() });
  const wrapped = [
    inner.optional(),
    inner.nullable(),
    inner.default({ a: 'x', b: 1 }),
    inner.prefault({ a: 'x', b: 1 }),
    inner.optional().nonoptional(),
    inner.catch({ a: 'x', b: 1 }),
    inner.readonly(),
    inner.transform((v) => v.a),
    z.lazy(() => inner.optional()),
  ];
  for (const schema of wrapped) {
    expect(unwrap(schema)).toBe(inner);
    expect(def(unwrap(schema)).type).toBe('object');
  }
  expect(fieldsAt(z.strictObject({ x: z.lazy(() => inner).nullable() }), ['x'])).toEqual(['a', 'b']);
});
