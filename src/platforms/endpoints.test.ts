import { describe, expect, test } from 'vitest';
import { endpointOf, type EndpointTable } from './endpoints.js';
import { ENDPOINTS as GOOFISH } from './goofish/wire.js';
import { ENDPOINTS as WAIQIN365 } from './waiqin365/wire.js';
import { ENDPOINTS as WECHAT_LIVE } from './wechat-live/wire.js';
import { ENDPOINTS as WECHAT_STORE } from './wechat-store/wire.js';
import { ENDPOINTS as XIAOLIEBIAN } from './xiaoliebian/wire.js';

const TABLES: Record<string, EndpointTable> = { goofish: GOOFISH, waiqin365: WAIQIN365, 'wechat-live': WECHAT_LIVE, 'wechat-store': WECHAT_STORE, xiaoliebian: XIAOLIEBIAN };

describe('endpointOf', () => {
  const table = { 'thing.add': { method: 'POST', path: '/thing/add', safety: 'unsafe' } } as const satisfies EndpointTable;

  test('the documented call, unless the target overrides its path', () => {
    expect(endpointOf(table, 'thing.add', { paths: {} })).toEqual({ method: 'POST', path: '/thing/add', safety: 'unsafe' });
    expect(endpointOf(table, 'thing.add', { paths: { 'thing.add': '/v2/thing/add' } })).toEqual({ method: 'POST', path: '/v2/thing/add', safety: 'unsafe' });
  });

  test('an override without a leading "/" gets one; an empty one is no override', () => {
    expect(endpointOf(table, 'thing.add', { paths: { 'thing.add': 'v2/add' } }).path).toBe('/v2/add');
    expect(endpointOf(table, 'thing.add', { paths: { 'thing.add': '' } }).path).toBe('/thing/add');
  });

  test('an unknown call is a bug', () => {
    expect(() => endpointOf(table, 'thing.remove', { paths: {} })).toThrow(/unknown call thing.remove/);
  });
});

describe.each(Object.entries(TABLES))('%s endpoint table', (_platform, table) => {
  test('every call has a method, a path from the base URL and a retry safety', () => {
    for (const [call, e] of Object.entries(table)) {
      expect(['GET', 'POST'], call).toContain(e.method);
      expect(e.path, call).toMatch(/^\/[^\s?]+$/);
      expect(['read', 'idempotent', 'unsafe'], call).toContain(e.safety);
    }
  });

  test('a GET is a read (it carries no body to repeat)', () => {
    for (const [call, e] of Object.entries(table)) if (e.method === 'GET') expect(e.safety, call).toBe('read');
  });
});
