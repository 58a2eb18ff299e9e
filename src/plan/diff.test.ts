import { describe, expect, test } from 'vitest';
import { digestJson, stableStringify } from './diff.js';

describe('stableStringify', () => {
  test('sorts object keys at every level; arrays keep their order; the rest is JSON', () => {
    expect(stableStringify({ b: 1, a: { d: [3, { z: 'é"\n', y: null }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"y":null,"z":"é\\"\\n"}]},"b":1}');
    expect(stableStringify({ x: 1, y: 2 })).toBe(stableStringify({ y: 2, x: 1 }));
    expect(stableStringify([])).toBe('[]');
    expect(stableStringify({})).toBe('{}');
    expect(stableStringify('s')).toBe('"s"');
    expect(stableStringify(1.5)).toBe('1.5');
  });

  test('undefined, at the top or inside, is null (never a missing key)', () => {
    expect(stableStringify(undefined)).toBe('null');
    expect(stableStringify({ a: undefined } as unknown as { a: null })).toBe('{"a":null}');
    expect(stableStringify([undefined] as unknown as null[])).toBe('[null]');
  });

  test('digestJson: equal values digest alike whatever their key order', () => {
    expect(digestJson({ a: 1, b: [1, 2] })).toBe(digestJson({ b: [1, 2], a: 1 }));
    expect(digestJson({ a: 1, b: [1, 2] })).not.toBe(digestJson({ a: 1, b: [2, 1] }));
  });
});
