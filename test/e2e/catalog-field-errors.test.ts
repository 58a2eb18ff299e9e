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
let apply: CliResult;
let lines: string[];

beforeAll(async () => {
  dir = await makeProject({});
  expect((await runCli(dir, ['init'])).code).toBe(0);
  const file = join(dir, 'catalog', 'products.yaml');
  const text = (await readFile(file, 'utf8'))
    // Not a goofish category.
    .replace(/channelCatId: \S+/, 'channelCatId: "0000"')
    // The sandbox store's demo product usb-c-cable has been on shelf: its name is frozen.
    .replace('key: braided-cable-1m', 'key: usb-c-cable');
  await writeFile(file, text);
  lines = text.split('\n');
  apply = await runCli(dir, ['apply', '--auto-approve'], { timeoutMs: 120_000 });
}, 180_000);
afterAll(() => removeProject(dir));

const failure = (target: string) => apply.stderr.split('\n').find((l) => l.startsWith(`  - ${target}:`)) ?? '';
const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;

it('apply exits 3 with both failures', () => {
  expect(apply.code, apply.stderr).toBe(3);
});

it('an unknown goofish category points at channelCatId and says what to write there', () => {
  const line = failure('xianyu');
  expect(line).toContain('code 2007');
  expect(line).toContain(`(platforms.goofish.channelCatId at catalog/products.yaml:${lineOf('channelCatId:')}:19)`);
  expect(line).toContain('change it in the catalog to a channel_cat_id');
  expect(line).not.toContain('contact the platform');
});

it('a frozen wechat-store name points at the title', () => {
  const line = failure('store');
  expect(line).toContain('code 40097');
  expect(line).toMatch(new RegExp(`\\(title at catalog/products\\.yaml:${lineOf('title: USB-C')}:8\\)$`));
  expect(line).not.toContain('contact the platform');
});
