import { describe, expect, test } from 'vitest';
import { asFen, fenToYuanNumber, formatFen, parseMoney, yuanNumberToFen } from './fen.js';

describe('parseMoney', () => {
  test.each([
    ['19.99', 1999],
    ['0.30', 30],
    ['0.3', 30],
    ['0.1', 10],
    ['0.2', 20],
    ['0.07', 7],
    ['1.10', 110],
    ['5500', 550000],
    ['5500.00', 550000],
    ['007.50', 750],
    ['0', 0],
    [' 12.5 ', 1250],
    ['4.35', 435], // 4.35 * 100 is 434.99999999999994 in floating point
    ['1.005'.slice(0, 4), 100],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('%s yuan is %i fen', (text, fen) => {
    expect(parseMoney(text)).toEqual({ fen });
  });

  test('0.1 + 0.2 style amounts add up exactly in fen', () => {
    const a = parseMoney('0.1');
    const b = parseMoney('0.2');
    expect('fen' in a && 'fen' in b && a.fen + b.fen).toBe(30);
    expect(parseMoney('0.30')).toEqual({ fen: 30 });
  });

  test.each([
    ['19.999', 'money.precision'],
    ['1.005', 'money.precision'],
    ['0.001', 'money.precision'],
    ['19.990', 'money.precision'],
    ['1e3', 'money.invalid'],
    ['1E-2', 'money.invalid'],
    ['0x10', 'money.invalid'],
    ['+5', 'money.invalid'],
    ['.5', 'money.invalid'],
    ['5.', 'money.invalid'],
    ['12,50', 'money.invalid'],
    ['', 'money.invalid'],
    ['.inf', 'money.invalid'],
    ['NaN', 'money.invalid'],
    ['-1', 'money.range'],
    ['-0.01', 'money.range'],
    ['90071992547409.92', 'money.range'],
    ['99999999999999999999', 'money.range'],
  ])('%s is refused with %s', (text, code) => {
    const result = parseMoney(text);
    expect(result).toMatchObject({ code });
    expect('error' in result && result.error.length).toBeGreaterThan(0);
  });

  test('never rounds: 19.999 is an error, not 2000', () => {
    expect(parseMoney('19.999')).not.toHaveProperty('fen');
  });
});

describe('formatFen', () => {
  test.each([
    [1990, '19.90'],
    [1999, '19.99'],
    [5, '0.05'],
    [0, '0.00'],
    [550000, '5500.00'],
    [-150, '-1.50'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%i fen is %s', (fen, text) => {
    expect(formatFen(asFen(fen))).toBe(text);
  });

  test('round-trips with parseMoney', () => {
    for (const fen of [0, 1, 10, 99, 100, 101, 1999, 123456789]) expect(parseMoney(formatFen(asFen(fen)))).toEqual({ fen });
  });
});

describe('yuanNumberToFen (a wire that sends yuan as a JSON number)', () => {
  test.each([
    [19.99, 1999],
    [4.35, 435], // 4.35 * 100 is 434.99999999999994
    [0.07, 7],
    [1.1, 110],
    [129, 12900],
    [0, 0],
    [1e-7, 0],
    [123456.78, 12345678],
    [19.995, 2000],
    [19.994, 1999],
    [-1.5, -150],
  ])('%s yuan is %i fen', (yuan, fen) => {
    expect(yuanNumberToFen(yuan)).toBe(fen);
  });

  test('refuses what is not an amount that fits', () => {
    expect(() => yuanNumberToFen(Number.NaN)).toThrow(RangeError);
    expect(() => yuanNumberToFen(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => yuanNumberToFen(1e21)).toThrow(RangeError);
  });
});

describe('fenToYuanNumber', () => {
  test.each([
    [1999, 19.99],
    [435, 4.35],
    [7, 0.07],
    [12900, 129],
    [0, 0],
  ])('%i fen is %s yuan', (fen, yuan) => {
    expect(fenToYuanNumber(asFen(fen))).toBe(yuan);
  });

  test('round-trips with yuanNumberToFen', () => {
    for (let fen = 0; fen < 20_000; fen += 7) expect(yuanNumberToFen(fenToYuanNumber(asFen(fen)))).toBe(fen);
  });
});

test('asFen refuses what is not integer fen', () => {
  expect(() => asFen(19.9)).toThrow(RangeError);
  expect(asFen(1990)).toBe(1990);
});
