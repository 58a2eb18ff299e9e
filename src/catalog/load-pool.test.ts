import { expect, test } from 'vitest';
import { readerThreads } from './load-pool.js';

const MB = 1024 * 1024;

test('two cores or fewer: one thread below 48 MB (a second one was slower or even there, measured), then one per core', () => {
  expect(readerThreads(203, 8.8 * MB, 2)).toBe(1); // 10,000 products
  expect(readerThreads(1000, 44 * MB, 2)).toBe(1); // 50,000 products
  expect(readerThreads(1200, 50 * MB, 2)).toBe(2);
  expect(readerThreads(1200, 50 * MB, 1)).toBe(1);
});

test('more cores: threads from 2 MB, one per core, at most 4 and at most one per file', () => {
  expect(readerThreads(203, 8.8 * MB, 4)).toBe(4);
  expect(readerThreads(203, 8.8 * MB, 16)).toBe(4);
  expect(readerThreads(203, 1.9 * MB, 8)).toBe(1);
  expect(readerThreads(3, 8.8 * MB, 8)).toBe(3);
  expect(readerThreads(1, 30 * MB, 8)).toBe(1);
});

test('CATALOG_WORKERS sets the count whatever the size (at least 1, at most one per file); anything but digits is ignored', () => {
  expect(readerThreads(203, 1 * MB, 2, '3')).toBe(3);
  expect(readerThreads(2, 1 * MB, 2, '3')).toBe(2);
  expect(readerThreads(203, 50 * MB, 2, '0')).toBe(1);
  expect(readerThreads(203, 50 * MB, 2, 'many')).toBe(2);
});
