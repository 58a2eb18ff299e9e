/**
 * Bad input never crashes and never reaches the network: a seeded corpus of mutations of the example
 * catalog (wrong types, truncated files, invalid UTF-8, a huge file, alias bombs, custom tags, path
 * escapes, deleted required fields, random byte flips, broken configs) is planned with the CLI run
 * in-process (`main(argv, io)`). Every target points at a local HTTP server that counts requests.
 *
 * For each mutation: no exception escapes `main`, stderr holds no stack trace or JS error name, and
 * either the plan is refused with exit 1 and diagnostics and NO request was made, or the mutation
 * happens to be a valid catalog (then `catalog validate` accepts it, and reaching the server is fine).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copyExampleProject, removeProject, runInProcess } from '../helpers/cli.js';
import { seededRandom } from '../helpers/reliability.js';

let dir: string;
let server: Server;
let requests = 0;
const originals = new Map<string, Buffer>();

/** Credentials every platform's config needs; fake, since nothing may be sent. */
const FAKE_CREDENTIALS: Record<string, string> = {
  'wechat-store': 'appId: wx-fake, secret: fake-secret',
  'wechat-live': 'appId: wx-fake, secret: fake-secret',
  goofish: 'appKey: "1", appSecret: fake-secret',
  xiaoliebian: 'appId: fake, secret: fake-secret',
  waiqin365: 'openid: fake, appkey: FAKE',
};

beforeAll(async () => {
  server = createServer((req, res) => {
    requests += 1;
    req.resume();
    // A definite refusal (no retries), so a valid mutation that gets this far fails fast.
    res.writeHead(404).end('counting server: no request was expected');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await copyExampleProject();
  const shipped = await readFile(join(dir, 'catalog.config.yaml'), 'utf8');
  const targets = [...shipped.matchAll(/^  (\w+):\n    platform: ([\w-]+)/gm)].map((m) => [m[1]!, m[2]!] as const);
  expect(targets.length).toBe(6);
  await writeFile(
    join(dir, 'catalog.config.yaml'),
    [
      'catalog: ./catalog',
      'state: ./.catalog',
      'targets:',
      ...targets.map(([name, platform]) => `  ${name}: { platform: ${platform}, sandbox: false, baseUrl: "${url}/${name}", ${FAKE_CREDENTIALS[platform]} }`),
      '',
    ].join('\n'),
  );
  for (const file of await yamlFiles(dir)) originals.set(file, await readFile(join(dir, file)));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  if (dir) await removeProject(dir);
});

async function yamlFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, 'catalog'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.yaml')) out.push(relative(root, join(entry.parentPath, entry.name)));
  }
  out.push('catalog.config.yaml');
  return out.sort();
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; thrown?: unknown }> {
  try {
    return await runInProcess(dir, args, { env: { NO_COLOR: '1' } });
  } catch (thrown) {
    return { code: -1, stdout: '', stderr: '', thrown };
  }
}

interface Mutation {
  name: string;
  file: string;
  bytes: Buffer;
}

const STACK_TRACE = /^\s+at .+(\(|:\d+:\d+)/m;
const JS_ERROR = /\b(TypeError|ReferenceError|RangeError|InternalError)\b|Cannot read propert|is not a function|undefined is not/;

/** The corpus: a few of each family, per file where it makes sense. Deterministic for a seed. */
function corpus(seed: number): Mutation[] {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const files = [...originals.keys()];
  const catalogFiles = files.filter((f) => f !== 'catalog.config.yaml');
  const text = (f: string) => originals.get(f)!.toString('utf8');
  const out: Mutation[] = [];
  const add = (name: string, file: string, content: string | Buffer) => out.push({ name, file, bytes: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });

  for (const file of files) {
    const src = originals.get(file)!;
    // Truncated at random offsets.
    for (let i = 0; i < 3; i++) {
      const at = 1 + int(src.length - 2);
      add(`truncated at ${at}`, file, src.subarray(0, at));
    }
    // Invalid UTF-8: a lone continuation byte, an overlong form, a truncated multi-byte sequence.
    for (const bad of [[0x80], [0xc0, 0xaf], [0xe4, 0xb8]]) {
      const at = int(src.length);
      add(`invalid UTF-8 ${bad.map((b) => b.toString(16)).join(' ')} at ${at}`, file, Buffer.concat([src.subarray(0, at), Buffer.from(bad), src.subarray(at)]));
    }
    // Random byte flips.
    for (let i = 0; i < 4; i++) {
      const copy = Buffer.from(src);
      const flips = 1 + int(4);
      for (let k = 0; k < flips; k++) {
        const at = int(copy.length);
        copy[at] = copy[at]! ^ (1 << int(8));
      }
      add(`${flips} byte flips`, file, copy);
    }
  }

  for (const file of catalogFiles) {
    const src = text(file);
    // Wrong types: a scalar where a list/number/mapping is expected, and the reverse.
    const typeSwaps: Array<[RegExp, string]> = [
      [/^(\s*)price: .*$/m, '$1price: [1, 2]'],
      [/^(\s*)stock: .*$/m, '$1stock: "many"'],
      [/^(\s*)images:.*$/m, '$1images: 42'],
      [/^(\s*)targets: .*$/m, '$1targets: { a: 1 }'],
      [/^(\s*)key: .*$/m, '$1key: [x]'],
      [/^(\s*)onSale: .*$/m, '$1onSale: "yes please"'],
      [/^(\s*)skus:.*$/m, '$1skus: 3\n$1ignored:'],
    ];
    for (const [pattern, replacement] of typeSwaps) if (pattern.test(src)) add(`wrong type ${pattern.source}`, file, src.replace(pattern, replacement));
    // Deleted required fields.
    for (const field of ['kind', 'key', 'title', 'name', 'price']) {
      const pattern = new RegExp(`^${field}:.*\\n`, 'm');
      if (pattern.test(src)) add(`deleted ${field}`, file, src.replace(pattern, ''));
    }
    // Custom tags.
    add('custom tag !!js/function', file, src.replace(/^(title|name): .*$/m, '$1: !!js/function "function () { return 1 }"'));
    add('custom tag !include', file, `${src}\n---\nkind: Product\nkey: tagged\ntitle: !include /etc/passwd\n`);
    // Path escapes.
    // (Only in files that have images to point elsewhere: elsewhere the mutation would change nothing.)
    for (const escape of ['../../../../etc/passwd', '/etc/passwd', 'images/../../catalog.config.yaml', '..\\..\\secret.png', 'file:///etc/passwd']) {
      const escaped = src.replace(/^images:\n/m, `images:\n  - ${escape}\n`).replace(/^(\s*)coverImage: .*$/m, `$1coverImage: ${escape}`);
      if (escaped !== src) add(`path escape ${escape}`, file, escaped);
    }
  }

  const first = catalogFiles[0]!;
  // Alias bombs: nested aliases that expand exponentially, in a catalog file and in the config.
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
  add('alias bomb (catalog)', first, `kind: Product\nkey: bomb\ntitle: x\n${bomb}\ndescription: *i\n`);
  add('alias bomb (config)', 'catalog.config.yaml', `${text('catalog.config.yaml')}${bomb}\n`);
  // A self-referencing alias and a merge key loop.
  add('recursive alias', first, 'kind: Product\nkey: &k [*k]\n');
  add('merge-key alias chain', first, 'base: &b { kind: Product }\nx: { <<: *b, <<: *b, key: m }\n');
  // Huge files: over the size limit, and a long single line under it.
  add('huge file (5 MiB)', first, `${text(first)}\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
  add('huge scalar', first, `kind: Product\nkey: big\ntitle: ${'长'.repeat(1_000_000)}\n`);
  add('deeply nested flow', first, `kind: Product\nkey: deep\ntitle: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
  // Not YAML mappings at all.
  add('binary garbage', first, Buffer.from(Array.from({ length: 4096 }, () => int(256))));
  add('empty document list', first, '---\n---\n---\n');
  add('a bare scalar', first, 'hello\n');
  add('a list document', first, '- kind: Product\n- key: x\n');
  add('BOM + NUL bytes', first, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('kind: Product\u0000\nkey: nul\n')]));
  add('duplicate keys', first, 'kind: Product\nkey: dup\nkey: dup2\ntitle: t\n');
  add('duplicate object keys across files', first, text(catalogFiles[1]!));
  // Broken configs.
  const config = text('catalog.config.yaml');
  add('config: unknown platform', 'catalog.config.yaml', config.replace('platform: goofish', 'platform: taobao'));
  add('config: catalog folder escapes', 'catalog.config.yaml', config.replace('catalog: ./catalog', 'catalog: ../../../../../etc'));
  add('config: missing env variable', 'catalog.config.yaml', config.replace('secret: fake-secret', 'secret: ${NOT_SET_ANYWHERE_42}'));
  add('config: wrong policy type', 'catalog.config.yaml', `${config}defaults: { concurrency: "lots", maxDeletePercent: 500 }\n`);
  return out;
}

test('a mutated catalog never crashes and never reaches the network', { timeout: 240_000 }, async () => {
  const mutations = corpus(1337);
  expect(mutations.length).toBeGreaterThan(200);
  const crashes: string[] = [];
  const networked: string[] = [];
  let refused = 0;
  let valid = 0;
  try {
    for (const m of mutations) {
      await writeFile(join(dir, m.file), m.bytes);
      const before = requests;
      const r = await cli(['plan']);
      const label = `${m.file}: ${m.name}`;
      if (r.thrown !== undefined) crashes.push(`${label}: threw ${(r.thrown as Error)?.stack ?? String(r.thrown)}`);
      else if (STACK_TRACE.test(r.stderr) || JS_ERROR.test(r.stderr) || JS_ERROR.test(r.stdout)) crashes.push(`${label}: ${r.stderr.slice(0, 1500)}`);
      if (r.code === 1 && requests === before && /error/.test(r.stderr)) refused += 1;
      else {
        // Only a catalog that is in fact valid may get as far as the platforms.
        const check = await cli(['validate']);
        if (check.code === 0) valid += 1;
        else networked.push(`${label}: plan exit ${r.code}, ${requests - before} requests, validate exit ${check.code}\n${r.stderr.slice(0, 500)}`);
      }
      await writeFile(join(dir, m.file), originals.get(m.file)!);
    }
  } finally {
    for (const [file, bytes] of originals) await writeFile(join(dir, file), bytes);
  }
  expect(crashes).toEqual([]);
  expect(networked).toEqual([]);
  // The corpus must really be bad input, not mostly harmless edits.
  expect(refused).toBeGreaterThan(mutations.length * 0.75);
  console.log(`bad input: ${mutations.length} mutations, ${refused} refused with diagnostics and no request, ${valid} still valid`);
});
