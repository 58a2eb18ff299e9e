/**
 * A platform refusal whose cause is a catalog field (an unknown category, a frozen field) points at
 * that field's file:line:col and says what to change in the catalog, not "contact the platform".
 * The scaffold of `catalog init` is applied with two mistakes the sandbox refuses.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeProject, removeProject, runCli, type CliResult } from '../helpers/cli.js';

let dir: string;
let plan: CliResult;
let apply: CliResult;
let lines: string[];
let original: string;

beforeAll(async () => {
  dir = await makeProject({});
  expect((await runCli(dir, ['init'])).code).toBe(0);
  const file = join(dir, 'catalog', 'products.yaml');
  original = await readFile(file, 'utf8');
  // Not a goofish category: the plan-time check against the account's category list finds it.
  const badCategory = original.replace(/channelCatId: \S+/, 'channelCatId: "0000"');
  await writeFile(file, badCategory);
  lines = badCategory.split('\n');
  plan = await runCli(dir, ['plan'], { timeoutMs: 120_000 });
  // The sandbox store's demo product usb-c-cable has been on shelf: its name is frozen, which only
  // the platform's refusal tells.
  await writeFile(file, original.replace('key: braided-cable-1m', 'key: usb-c-cable'));
  apply = await runCli(dir, ['apply', '--auto-approve'], { timeoutMs: 120_000 });
}, 240_000);
afterAll(() => removeProject(dir));

const failure = (target: string) => apply.stderr.split('\n').find((l) => l.startsWith(`  - ${target}:`)) ?? '';
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

it('an unknown goofish category stops the plan at channelCatId, before any write', () => {
  expect(plan.code, plan.stderr).toBe(1);
  const out = plan.stdout + plan.stderr;
  expect(out).toContain(`catalog/products.yaml:${lineOf(lines.join('\n'), 'channelCatId:')}:19`);
  expect(out).toContain('goofish.category-unknown');
  expect(out).toContain('catalog lookup');
  expect(out).not.toContain('contact the platform');
});

it('a frozen wechat-store name fails apply (exit 3) and points at the title', () => {
  expect(apply.code, apply.stderr).toBe(3);
  const line = failure('store');
  expect(line).toContain('code 40097');
  expect(line).toContain('title is frozen');
  expect(line).not.toContain('contact the platform');
  // The object list under the grouped failure names the field and where it is written.
  const objects = apply.stderr.split('\n')[apply.stderr.split('\n').indexOf(line) + 1] ?? '';
  expect(objects).toMatch(new RegExp(`Product usb-c-cable \\(title at catalog/products\\.yaml:${lineOf(original, 'title: USB-C')}:8\\)`));
});
