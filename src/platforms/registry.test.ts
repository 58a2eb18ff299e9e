/**
 * The platform registry: every platform has a simulator (and no simulator lacks a platform), and
 * every spec is complete beyond what the type checker sees: its codes are its own and documented,
 * its adapter and simulator carry its name, its planner uses only the phases it declares, its docs
 * page exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { PHASES } from '../plan/types.js';
import { SIMULATORS } from '../sandbox/registry.js';
import { DIAGNOSTIC_CODES, PLATFORM_CHECK_CODES, PLATFORM_NAMES, PLATFORMS } from './registry.js';

const DOCS = readFileSync('docs/diagnostics.md', 'utf8');
const DOCS_ZH = readFileSync('docs/zh-CN/diagnostics.md', 'utf8');

test('the platform registry and the simulator registry cover the same platforms', () => {
  expect(Object.keys(SIMULATORS).sort()).toEqual([...PLATFORM_NAMES].sort());
  for (const [name, simulator] of Object.entries(SIMULATORS)) expect(simulator!.platform).toBe(name);
});

test('platform names are unique ids', () => {
  expect(new Set(PLATFORM_NAMES).size).toBe(PLATFORM_NAMES.length);
  for (const name of PLATFORM_NAMES) expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
});

describe.each(PLATFORMS.map((p) => [p.name, p] as const))('%s spec', (name, spec) => {
  test('its adapter, folders and docs page carry its name', () => {
    expect(spec.adapter.platform).toBe(name);
    expect(existsSync(path.join('src/platforms', name, 'spec.ts'))).toBe(true);
    expect(existsSync(path.join('src/sandbox', name))).toBe(true);
    expect(spec.docs).toBe(`docs/platforms/${name}.md`);
    expect(existsSync(spec.docs)).toBe(true);
  });

  test('its diagnostic codes are its own, documented in both editions, and composed into the lists', () => {
    for (const code of [...Object.keys(spec.ruleCodes), ...Object.keys(spec.checkCodes)]) {
      expect(code.startsWith(`${name}.`), code).toBe(true);
      expect(DOCS.includes(`| \`${code}\` |`), `${code} in docs/diagnostics.md`).toBe(true);
      expect(DOCS_ZH.includes(`\`${code}\``), `${code} in docs/zh-CN/diagnostics.md`).toBe(true);
    }
    for (const [code, text] of Object.entries(spec.ruleCodes)) expect(DIAGNOSTIC_CODES[code]).toBe(text);
    for (const [code, text] of Object.entries(spec.checkCodes)) expect(PLATFORM_CHECK_CODES[code]).toBe(text);
  });

  test('it manages kinds, has a block only for kinds it manages, and its credentials are consistent', () => {
    expect(spec.kinds.length).toBeGreaterThan(0);
    for (const kind of Object.keys(spec.blocks)) expect(spec.kinds).toContain(kind);
    for (const field of spec.secretCredentials) expect([...spec.credentials, ...spec.optionalCredentials]).toContain(field);
    expect(Object.keys(spec.sandboxCredentials).sort()).toEqual([...spec.credentials].sort());
    expect(spec.defaultBaseUrl).toMatch(/^https:\/\/[^/]/);
  });

  test('its planner uses only the phases it declares', () => {
    for (const phase of spec.phases) expect(PHASES).toContain(phase);
    const dir = path.join('src/platforms', name);
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/[pP]hase: '([a-z-]+)'/g)) used.add(m[1]!);
    }
    expect([...used].filter((p) => !spec.phases.includes(p as never)).sort()).toEqual([]);
  });

  test('its scaffold target is of this platform', () => {
    expect(spec.scaffold.target.yaml).toContain(`    platform: ${name}\n    sandbox: true\n`);
  });
});
