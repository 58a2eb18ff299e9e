import { describe, expect, test } from 'vitest';
import { trimTrailingWhitespace, withNormalisedText } from './text.js';

describe('trailing whitespace of text', () => {
  test('removed from every string, nested in objects and arrays; leading and inner whitespace kept; keys and other values untouched', () => {
    expect(trimTrailingWhitespace('说明\n')).toBe('说明');
    expect(trimTrailingWhitespace('  a  b \t\r\n\u3000')).toBe('  a  b');
    expect(trimTrailingWhitespace({ 'k ': ['x ', 1, true, null, { y: 'z\n\n' }] })).toEqual({ 'k ': ['x', 1, true, null, { y: 'z' }] });
  });

  test('the input is never changed, and what has nothing to trim comes back as it was (no copy)', () => {
    const input = { a: ['x', { b: 'y \n' }], c: { d: 'e' } };
    const out = trimTrailingWhitespace(input);
    expect(input.a[1]).toEqual({ b: 'y \n' });
    expect(out).toEqual({ a: ['x', { b: 'y' }], c: { d: 'e' } });
    expect(out.c).toBe(input.c);
    const clean = { a: ['x', 1], b: { c: 'd' } };
    expect(trimTrailingWhitespace(clean)).toBe(clean);
  });

  test('withNormalisedText normalises the comparable fields only', () => {
    const o = { kind: 'Product', id: '1', name: 'n ', fields: { title: 't\n' }, meta: { raw: 'm\n' } };
    expect(withNormalisedText(o)).toEqual({ kind: 'Product', id: '1', name: 'n ', fields: { title: 't' }, meta: { raw: 'm\n' } });
  });
});
