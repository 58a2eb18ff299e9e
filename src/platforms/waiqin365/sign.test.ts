import { describe, expect, test } from 'vitest';
import { waiqin365Digest, waiqin365Timestamp } from './sign.js';

describe('waiqin365 signing', () => {
  test('matches the published example', () => {
    const body = '{"org_id":"ORG001","org_name":"南京掌控网络","org_parent_id":"","org_sequence":001}';
    expect(waiqin365Digest(body, 'BFCO0PAgIUgd50c0l6', '20150806142836')).toBe('74267bf0cae0998a719879ec9b3c7780');
  });

  test('a different body, key or timestamp gives a different digest', () => {
    const base = waiqin365Digest('{}', 'k', '20240101000000');
    expect(waiqin365Digest('{ }', 'k', '20240101000000')).not.toBe(base);
    expect(waiqin365Digest('{}', 'K', '20240101000000')).not.toBe(base);
    expect(waiqin365Digest('{}', 'k', '20240101000001')).not.toBe(base);
  });

  test('timestamp is China time yyyyMMddHHmmss', () => {
    expect(waiqin365Timestamp(Date.UTC(2015, 7, 6, 6, 28, 36))).toBe('20150806142836');
    expect(waiqin365Timestamp(Date.UTC(2023, 11, 31, 16, 0, 0))).toBe('20240101000000');
  });
});
