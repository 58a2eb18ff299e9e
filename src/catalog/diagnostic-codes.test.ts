/**
 * Every code the loaders can emit is documented in DIAGNOSTIC_CODES: the codes are read from the
 * source (dotted string literals and the prefixed schema/config codes).
 * The broken-catalog corpus also checks every code it actually produces.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { DIAGNOSTIC_CODES, PLATFORM_CHECK_CODES } from '../platforms/registry.js';

/** The loaders, and each platform's offline rules and block normalisation (its spec.ts only lists the codes). */
const PLATFORM_SOURCES = readdirSync('src/platforms', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => ['rules.ts', 'catalog.ts'].map((f) => path.join('src/platforms', d.name, f)))
  .filter((f) => existsSync(f));
const SOURCES = ['src/catalog', 'src/config'];
/** Any single-dotted lowercase string literal: error(...) / report(...) arguments and `code: '...'` values. */
const CODE_LITERAL = /'([a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*)'/g;
/** File names look dotted too, but are not codes. */
const FILE_NAME = /\.(jsonl?|ya?ml|js|ts)$/;
const PREFIXED = /`\$\{prefix\}\.([a-z-]+)`/g;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return files(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [p] : [];
  });
}

test('every emitted code is documented, and every documented code is emitted', () => {
  const emitted = new Set<string>();
  for (const file of [...SOURCES.flatMap(files), ...PLATFORM_SOURCES]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(CODE_LITERAL)) if (!FILE_NAME.test(m[1]!)) emitted.add(m[1]!);
    for (const m of text.matchAll(PREFIXED)) for (const prefix of ['schema', 'config']) emitted.add(`${prefix}.${m[1]}`);
  }
  // (diagnostic-codes.ts itself holds the plan-time codes below: not the loaders')
  expect([...emitted].filter((c) => !(c in DIAGNOSTIC_CODES) && !(c in PLATFORM_CHECK_CODES)).sort()).toEqual([]);
  expect(Object.keys(DIAGNOSTIC_CODES).filter((c) => !emitted.has(c)).sort()).toEqual([]);
});

test('every plan-time check code the adapters emit is documented, and every documented one is emitted', () => {
  const emitted = new Set<string>();
  for (const dir of readdirSync('src/platforms', { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const file = path.join('src/platforms', dir.name, 'references.ts');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/referenceError\(\s*'([^']+)'/g)) emitted.add(m[1]!);
  }
  expect([...emitted].filter((c) => !(c in PLATFORM_CHECK_CODES)).sort()).toEqual([]);
  expect(Object.keys(PLATFORM_CHECK_CODES).filter((c) => !emitted.has(c)).sort()).toEqual([]);
  expect(Object.keys(PLATFORM_CHECK_CODES).filter((c) => c in DIAGNOSTIC_CODES)).toEqual([]);
});

test('codes are lowercase dotted and each has a one-line description', () => {
  for (const [code, description] of Object.entries({ ...DIAGNOSTIC_CODES, ...PLATFORM_CHECK_CODES })) {
    expect(code).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
    expect(description).not.toContain('\n');
    expect(description.length).toBeGreaterThan(10);
  }
});
