import { describe, expect, it } from 'vitest';
import { parseJsonExact, quoteBigIntegers } from './json.js';

describe('parseJsonExact', () => {
  it('keeps integers beyond 2^53 exact, as strings', () => {
    const v = parseJsonExact('{"errcode":0,"data":{"product_id":23423523452345235,"create_time":1700000000}}') as any;
    expect(v.data.product_id).toBe('23423523452345235');
    expect(v.data.create_time).toBe(1700000000);
    expect(String(JSON.parse('{"a":23423523452345235}').a)).not.toBe('23423523452345235'); // what JSON.parse loses
  });

  it('leaves safe integers, fractions, exponents and negatives as numbers', () => {
    expect(parseJsonExact('[9007199254740991, -1, 1.5, 1e21, 12345678901234567.5, -9007199254740993]')).toEqual([
      9007199254740991, -1, 1.5, 1e21, 12345678901234567.5, '-9007199254740993',
    ]);
  });

  it('does not touch digits inside strings, escaped quotes included', () => {
    const text = '{"a":"x\\"23423523452345235","b":"23423523452345235","c":[18446744073709551615]}';
    expect(parseJsonExact(text)).toEqual({ a: 'x"23423523452345235', b: '23423523452345235', c: ['18446744073709551615'] });
  });

  it('returns the same text when nothing needs quoting, and throws on bad JSON', () => {
    const text = '{"errcode":-1,"errmsg":"system error rid: 1-2-3"}';
    expect(quoteBigIntegers(text)).toBe(text);
    expect(() => parseJsonExact('{"a":')).toThrow(SyntaxError);
  });
});
