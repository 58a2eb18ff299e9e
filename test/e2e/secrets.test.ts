/**
 * Secrets never leak: every target gets a recognisable secret from the environment (the in-process
 * simulators verify exactly those, so every signature and token is derived from them), then the CLI
 * runs validate, plan (text, markdown, json, --out), apply, a failing apply (faults), a --quiet
 * apply, import, and state list/show. All stdout/stderr and every file in the project (plan.json,
 * state, journal, caches, sandbox state, imported YAML) are scanned for each secret and for the
 * token formats the simulators hand out (WeChat access tokens, 小裂变 bearer tokens): zero hits.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { removeProject, runCli, type CliResult } from '../helpers/cli.js';
import { makeSyntheticProject } from '../helpers/reliability.js';

const SECRETS = {
  WX_STORE_SECRET: 'S3CR3T-store-7f3a9c1e5b2d4a60',
  WX_LIVE_SECRET: 'S3CR3T-live-0b8e2f6a9d4c1e73',
  GOOFISH_SECRET: 'S3CR3T-goofish-7f3a2b9c4e1d6a85',
  XLB_SECRET: 'S3CR3T-xlb-4d2c8e1f7a9b3c06',
  WQ_APPKEY: 'S3CR3T-WQ-9A7C5E3B1D2F4A68',
};
const TOKEN_FORMATS: Array<[string, RegExp]> = [
  ['WeChat access token', /\b\d{1,2}_[A-Za-z0-9_-]{80,}/],
  ['小裂变 access token', /xlb_[0-9a-f]{32}/],
];

let dir: string;
const outputs: Array<{ what: string; text: string }> = [];

async function run(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const r = await runCli(dir, args, { env: { ...SECRETS, ...env }, timeoutMs: 120_000 });
  outputs.push({ what: `catalog ${args.join(' ')} (stdout)`, text: r.stdout }, { what: `catalog ${args.join(' ')} (stderr)`, text: r.stderr });
  return r;
}

beforeAll(async () => {
  dir = await makeSyntheticProject(30, { concurrency: 8, ratePerSecond: 1000 });
  const config = await readFile(join(dir, 'catalog.config.yaml'), 'utf8');
  const credentials: Record<string, string> = {
    'platform: wechat-store': 'appId: wx-secret-test-store\n    secret: ${WX_STORE_SECRET}',
    'platform: wechat-live': 'appId: wx-secret-test-live\n    secret: ${WX_LIVE_SECRET}',
    'platform: goofish': 'appKey: "203874651029384"\n    appSecret: ${GOOFISH_SECRET}',
    'platform: xiaoliebian': 'appId: xlb-secret-test\n    secret: ${XLB_SECRET}',
    'platform: waiqin365': 'openid: wq-secret-test\n    appkey: ${WQ_APPKEY}',
  };
  let withSecrets = config;
  for (const [platform, fields] of Object.entries(credentials)) withSecrets = withSecrets.replace(`${platform}\n`, `${platform}\n    ${fields}\n`);
  for (const name of Object.keys(SECRETS)) expect(withSecrets).toContain(`\${${name}}`);
  await writeFile(join(dir, 'catalog.config.yaml'), withSecrets);
});
afterAll(async () => {
  if (dir) await removeProject(dir);
});

async function projectFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && !e.name.endsWith('.png')).map((e) => join(e.parentPath, e.name));
}

test('no secret or issued token in any output or file', { timeout: 240_000 }, async () => {
  expect((await run(['validate'])).code).toBe(0);
  expect((await run(['plan', '--out', 'plan.json'])).code).toBe(0);
  expect((await run(['plan', '--format', 'markdown'])).code).toBe(0);
  expect((await run(['plan', '--format', 'json'])).code).toBe(0);
  const applied = await run(['apply', '--auto-approve']);
  expect(applied.code, applied.stderr.slice(-2000)).toBe(0);

  // A failing apply: change every price, then apply with most requests failing.
  for (const file of (await projectFiles(join(dir, 'catalog'))).filter((f) => f.endsWith('.yaml') && f.includes('products'))) {
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^(\s*)originalPrice: (\d+)/gm, (_, indent: string, fen: string) => `${indent}originalPrice: ${Number(fen) + 1}`));
  }
  const failing = await run(['apply', '--auto-approve'], { CATALOG_SANDBOX_FAULTS: '5xx=0.3,busy=0.3,drop=0.2,lost=0.2,seed=3' });
  expect([1, 3], failing.stderr.slice(-2000)).toContain(failing.code);
  expect(failing.stderr).toMatch(/fail|error/i);
  const quiet = await run(['--quiet', 'apply', '--auto-approve']);
  expect(quiet.code, quiet.stderr.slice(-2000)).toBe(0);

  // Import adopts the seeded demo objects on every platform (their state records and YAML files are scanned too).
  for (const target of ['xianyu', 'store', 'wecom', 'sales', 'live']) {
    const imported = await run(['import', '--target', target]);
    expect(imported.code, imported.stderr.slice(-1000)).toBe(0);
  }
  expect((await run(['state', 'list'])).code).toBe(0);
  expect((await run(['state', 'list', '--format', 'json'])).code).toBe(0);
  expect((await run(['state', 'show', 'Product/p000001'])).code).toBe(0);

  const files = await projectFiles(dir);
  expect(files.some((f) => f.endsWith('plan.json'))).toBe(true);
  expect(files.some((f) => f.includes('.catalog/sandbox/'))).toBe(true);
  expect(files.some((f) => f.endsWith('journal.jsonl') || f.endsWith('state.json'))).toBe(true);
  for (const file of files) outputs.push({ what: file.slice(dir.length + 1), text: await readFile(file, 'latin1').then((t) => Buffer.from(t, 'latin1').toString('utf8')) });

  const hits: string[] = [];
  for (const { what, text } of outputs) {
    for (const [name, secret] of Object.entries(SECRETS)) if (text.includes(secret)) hits.push(`${what}: ${name}`);
    for (const [name, format] of TOKEN_FORMATS) {
      const m = format.exec(text);
      if (m) hits.push(`${what}: ${name} ${m[0].slice(0, 12)}…`);
    }
  }
  expect(hits).toEqual([]);
  expect(outputs.length).toBeGreaterThan(30);
});
