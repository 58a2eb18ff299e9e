import { describe, expect, test } from 'vitest';
import { error, warning } from '../diagnostics/diagnostics.js';
import { renderDiagnostics } from './diagnostics.js';

const diags = [
  warning('stock.info', 'stock differs', { file: 'catalog/b.yaml', line: 2, col: 1 }),
  error('money.precision', 'price: amount 19.999 has 3 decimals; money has at most 2 (fen)', { file: 'catalog/products/phones.yaml', line: 12, col: 10 }, 'round the amount, e.g. 19.99'),
  error('config.missing', 'config file not found', undefined, 'run `catalog init`'),
];

describe('renderDiagnostics', () => {
  test('text: position, severity, code, message, indented hint, summary', () => {
    expect(renderDiagnostics(diags, 'text', { color: false, fileCount: 14 })).toBe(
      [
        'error config.missing: config file not found',
        '  hint: run `catalog init`',
        'catalog/b.yaml:2:1 warning stock.info: stock differs',
        'catalog/products/phones.yaml:12:10 error money.precision: price: amount 19.999 has 3 decimals; money has at most 2 (fen)',
        '  hint: round the amount, e.g. 19.99',
        '2 errors, 1 warning in 14 files',
        '',
      ].join('\n'),
    );
  });

  test('text without colour has no escape codes; with colour it has', () => {
    expect(renderDiagnostics(diags, 'text', { color: false })).not.toContain('\u001b[');
    expect(renderDiagnostics(diags, 'text', { color: true })).toContain('\u001b[31merror');
  });

  test('singular summary and no file count', () => {
    expect(renderDiagnostics([diags[1]!], 'text', { color: false }).trim().split('\n').pop()).toBe('1 error, 0 warnings');
    expect(renderDiagnostics([], 'text', { color: false, fileCount: 1 })).toBe('0 errors, 0 warnings in 1 file\n');
  });

  test('json: valid flag, counts, flat positions', () => {
    const parsed = JSON.parse(renderDiagnostics(diags, 'json', { color: true }));
    expect(parsed).toMatchObject({ valid: false, errors: 2, warnings: 1 });
    expect(parsed.diagnostics[2]).toEqual({
      code: 'money.precision',
      severity: 'error',
      message: 'price: amount 19.999 has 3 decimals; money has at most 2 (fen)',
      hint: 'round the amount, e.g. 19.99',
      file: 'catalog/products/phones.yaml',
      line: 12,
      col: 10,
    });
    expect(JSON.parse(renderDiagnostics([diags[0]!], 'json', { color: false })).valid).toBe(true);
  });
});
