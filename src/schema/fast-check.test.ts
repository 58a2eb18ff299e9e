import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { documentSchemas, KINDS, type Kind } from '../catalog/model.js';
import { PLATFORMS } from '../platforms/registry.js';
import { fastCheck } from './fast-check.js';

/** The contract: true only when zod accepts and gives back an equal value. */
function expectSound(schema: z.ZodType, value: unknown): boolean {
  const fast = fastCheck(schema)!(value);
  if (fast) {
    const parsed = schema.safeParse(value);
    expect(parsed.success, JSON.stringify(value)).toBe(true);
    expect(parsed.data).toEqual(value);
  }
  return fast;
}

describe('fast schema checks', () => {
  test('accept what zod accepts unchanged, for each kind of schema the catalog uses', () => {
    const schema = z.strictObject({
      key: z.string().regex(/^[a-z]+$/),
      name: z.string().min(1).max(4),
      price: z.union([z.number().min(0).multipleOf(0.01), z.string().regex(/^\d+$/)]),
      stock: z.number().int().min(0).optional(),
      on: z.boolean().optional(),
      kind: z.literal('Product'),
      payer: z.enum(['buyer', 'seller']).optional(),
      tags: z.array(z.string().min(1)).min(1).optional(),
      options: z.record(z.string().min(1), z.union([z.string(), z.number()])).optional(),
    });
    const valid = { key: 'abc', name: '手机', price: 19.99, stock: 3, on: true, kind: 'Product', payer: 'buyer', tags: ['a'], options: { 颜色: '白', 容量: 128 } };
    expect(expectSound(schema, valid)).toBe(true);
    expect(expectSound(schema, { key: 'abc', name: 'x', price: '20', kind: 'Product' })).toBe(true);
    // Where the cheap test of a check does not decide (one UTF-16 unit for min 1; more decimals), zod's check does.
    expect(expectSound(schema, { key: 'abc', name: 'x', price: 19.5, kind: 'Product', tags: ['😀'] })).toBe(true);
    expect(expectSound(schema, { ...valid, price: 0.1 + 0.2 })).toBe(schema.safeParse({ ...valid, price: 0.1 + 0.2 }).success); // 0.30000000000000004: zod decides
    const refused: Array<Record<string, unknown>> = [
      { key: 'ABC' },
      { name: '' },
      { name: '12345' },
      { price: -1 },
      { price: 0.001 },
      { price: '1.5' },
      { price: Infinity },
      { price: NaN },
      { stock: 1.5 },
      { stock: 2 ** 60 },
      { stock: -1 },
      { on: 'yes' },
      { kind: 'Group' },
      { payer: 'nobody' },
      { tags: [] },
      { tags: [''] },
      { tags: 'a' },
      { options: { '': 'x' } },
      { options: { a: true } },
      { options: [] },
      { extra: 1 },
      { key: undefined },
    ];
    for (const change of refused) {
      const value = { ...valid, ...change };
      expect(expectSound(schema, value), JSON.stringify(change)).toBe(false);
      expect(schema.safeParse(value).success, JSON.stringify(change)).toBe(false);
    }
    const withProto = { ...valid, options: Object.defineProperty({}, '__proto__', { value: 'x', enumerable: true }) };
    expect(expectSound(schema, withProto)).toBe(false); // zod drops such a key: not an equal value
    expect(expectSound(schema, [valid])).toBe(false);
    expect(expectSound(schema, null)).toBe(false);
  });

  test('an object that is not strict refuses fields it does not name (zod would drop them)', () => {
    const schema = z.object({ a: z.string() });
    expect(schema.safeParse({ a: 'x', b: 1 }).success).toBe(true);
    expect(fastCheck(schema)!({ a: 'x', b: 1 })).toBe(false);
    expect(fastCheck(schema)!({ a: 'x' })).toBe(true);
  });

  test('there is none for schemas that change values or that it does not know', () => {
    const unsupported: z.ZodType[] = [
      z.strictObject({ a: z.string().default('x') }),
      z.string().transform((s) => s.length),
      z.coerce.number(),
      z.string().trim(),
      z.xor([z.string(), z.string().min(2)]),
      z.record(z.enum(['a', 'b']), z.string()),
      z.lazy(() => z.string()),
      z.looseObject({ a: z.string() }),
      z.string().email(),
      z.nullable(z.string()),
    ];
    for (const schema of unsupported) expect(fastCheck(schema)).toBeUndefined();
  });

  test('on catalog documents changed at random: never accepts what zod refuses or would change', () => {
    const kinds = documentSchemas(PLATFORMS).kinds;
    expect(KINDS.every((k) => fastCheck(kinds[k]) !== undefined)).toBe(true);
    const docs = exampleDocuments();
    expect(docs.length).toBeGreaterThan(5);
    const random = seeded(17);
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < 3000; round++) {
      const original = docs[round % docs.length]!;
      const value = structuredClone(original.value);
      const changes = 1 + Math.floor(random() * 2);
      for (let c = 0; c < changes; c++) mutate(value, random);
      if (expectSound(kinds[original.kind], value)) accepted++;
      else refused++;
    }
    // Both answers are exercised: the mutations include harmless ones (e.g. another valid string).
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
    for (const { kind, value } of docs) expect(expectSound(kinds[kind], value)).toBe(true);
  });
});

/** The documents of the example catalog (catalog/ at the repository root). */
function exampleDocuments(): Array<{ kind: Kind; value: Record<string, unknown> }> {
  const root = path.resolve(import.meta.dirname, '../../catalog');
  const out: Array<{ kind: Kind; value: Record<string, unknown> }> = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        for (const doc of parseAllDocuments(readFileSync(p, 'utf8'))) {
          const value = doc.toJS() as Record<string, unknown> | null;
          if (value && (KINDS as readonly string[]).includes(value.kind as string)) out.push({ kind: value.kind as Kind, value });
        }
      }
    }
  };
  walk(root);
  return out;
}

const REPLACEMENTS: unknown[] = ['', 'x', 'abc-1', '手机', 'UPPER', ' 19.90 ', '19.999', 0, 1, -1, 1.5, 0.01, 19.99, 0.001, 2 ** 60, Infinity, NaN, true, false, null, undefined, [], ['x'], [1], {}, { a: 1 }];

/** One random change somewhere in `root`: a value replaced, a field removed, or an unknown field added. */
function mutate(root: Record<string, unknown>, random: () => number): void {
  let node: unknown = root;
  for (;;) {
    const keys = node !== null && typeof node === 'object' ? Object.keys(node) : [];
    if (keys.length === 0) return;
    const key = keys[Math.floor(random() * keys.length)]!;
    const container = node as Record<string, unknown>;
    const child = container[key];
    if (child !== null && typeof child === 'object' && random() < 0.6) {
      node = child;
      continue;
    }
    const what = random();
    if (what < 0.7) container[key] = structuredClone(REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)]);
    else if (what < 0.85 && !Array.isArray(container)) delete container[key];
    else if (!Array.isArray(container)) container[`unknown${Math.floor(random() * 3)}`] = 'x';
    return;
  }
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
