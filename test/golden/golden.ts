/**
 * Golden files: committed expected outputs under test/golden/files/. A test compares its output
 * with the file; `UPDATE_GOLDEN=1 npx vitest run test/golden` rewrites them (review the git diff).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'files');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file test/golden/files/${name} is missing; create it with UPDATE_GOLDEN=1 npx vitest run test/golden`);
  const expected = readFileSync(file, 'utf8');
  expect(
    actual,
    `output differs from the golden file test/golden/files/${name}; if the change is intended, rewrite it with UPDATE_GOLDEN=1 npx vitest run test/golden and review the diff`,
  ).toBe(expected);
}
