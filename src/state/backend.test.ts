import { describe, expect, test } from 'vitest';
import { redact, redactUrl, urlSecrets } from './backend.js';

describe('backend secrets', () => {
  test('the password of a URL is a secret, redacted; user, host and database stay readable', () => {
    expect(urlSecrets('postgres://catalog:s3cr%40t@db.internal:5432/shop')).toEqual(['s3cr%40t', 's3cr@t']);
    expect(redactUrl('postgres://catalog:s3cr3t@db.internal:5432/shop')).toBe('postgres://catalog:***@db.internal:5432/shop');
    expect(redactUrl('postgres://db.internal/shop')).toBe('postgres://db.internal/shop');
  });

  test('a token used as the user name of an https git URL is a secret too; scp-like and paths have none', () => {
    expect(redactUrl('https://ghp_0123456789abcdefghijklmnop@github.com/acme/shop.git')).toBe('https://***@github.com/acme/shop.git');
    expect(redactUrl('https://x-access-token:ghs_abcdef012345@github.com/acme/shop.git')).toBe('https://x-access-token:***@github.com/acme/shop.git');
    expect(urlSecrets('git@github.com:acme/shop.git')).toEqual([]);
    expect(urlSecrets('/srv/state.git')).toEqual([]);
  });

  test('redact replaces every occurrence', () => {
    expect(redact('a pw b pw', ['pw'])).toBe('a *** b ***');
  });
});
