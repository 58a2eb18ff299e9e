import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { goofishSign } from '../../sandbox/goofish/sign.js';
import type { CliIO } from '../io.js';
import { main, type CommandContext } from '../main.js';
import { redirectToSandbox, serveSandbox, startTargetSandbox } from './sandbox.js';
import { platformSpec, WITH_PLATFORMS } from '../../platforms/registry.js';

const CONFIG = `catalog: ./catalog
state: ./.catalog
targets:
  xianyu: { platform: goofish, sandbox: true }
  sales: { platform: waiqin365, sandbox: true }
  real: { platform: goofish, appKey: "1", appSecret: "s" }
`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function workspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'catalog-sandbox-cmd-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'catalog'));
  await writeFile(join(dir, 'catalog.config.yaml'), CONFIG);
  return dir;
}

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const cliIO: CliIO = { stdout, stderr, env: {}, cwd, isTTY: false, prompt: async () => '' };
  const ctx: CommandContext = { io: cliIO, exitCode: 0, globals: () => ({ config: 'catalog.config.yaml', color: false, quiet: false }) };
  return { ctx, cliIO, out: () => out.join(''), err: () => err.join('') };
}

/** Runs `catalog sandbox` until `body` has finished with the printed base URLs. */
async function serving(dir: string, opts: Parameters<typeof serveSandbox>[1], body: (urls: Map<string, string>) => Promise<void>) {
  const t = io(dir);
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let announced!: () => void;
  const listening = new Promise<void>((resolve) => (announced = resolve));
  t.cliIO.stdout.on('data', (c: Buffer) => {
    if (c.toString().includes('Sandbox listening on')) announced();
  });
  const exit = serveSandbox(t.ctx, opts, async () => {
    announced();
    await stopped;
  });
  await Promise.race([listening, exit]);
  const urls = new Map<string, string>();
  for (const m of t.out().matchAll(/^ {2}(\S+)\s+\S+\s+(http:\/\/\S+)$/gm)) urls.set(m[1]!, m[2]!);
  try {
    await body(urls);
  } finally {
    stop();
  }
  return { code: await exit, out: t.out(), err: t.err() };
}

async function goofishList(baseUrl: string) {
  const creds = platformSpec('goofish').sandboxCredentials;
  const body = JSON.stringify({ page_no: 1, page_size: 100 });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const sign = goofishSign(creds.appKey!, creds.appSecret!, timestamp, new TextEncoder().encode(body));
  const res = await fetch(`${baseUrl}/api/open/product/list?appid=${creds.appKey}&timestamp=${timestamp}&sign=${sign}`, { method: 'POST', body });
  return (await res.json()) as { code: number; data: { count: number } };
}

describe('catalog sandbox', () => {
  it('serves every configured target under its name with the demo data, and saves state on stop', async () => {
    const dir = await workspace();
    const result = await serving(dir, {}, async (urls) => {
      expect([...urls.keys()].sort()).toEqual(['real', 'sales', 'xianyu']);
      const listed = await goofishList(urls.get('xianyu')!);
      expect(listed.code).toBe(0);
      expect(listed.data.count).toBeGreaterThan(0);
    });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Sandbox listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(result.out).toContain('Sandbox stopped; state saved.');
    expect(result.out).not.toContain(platformSpec('goofish').sandboxCredentials.appSecret);
    await stat(join(dir, '.catalog', 'sandbox', 'xianyu.json'));
  });

  it('--reset deletes the persisted state first', async () => {
    const dir = await workspace();
    await mkdir(join(dir, '.catalog', 'sandbox'), { recursive: true });
    await writeFile(join(dir, '.catalog', 'sandbox', 'xianyu.json'), '{broken');
    const result = await serving(dir, { reset: true }, async (urls) => {
      expect((await goofishList(urls.get('xianyu')!)).code).toBe(0);
    });
    expect(result.code).toBe(0);
    expect(result.out).toContain('Sandbox state reset');
  });

  it('refuses a bad fault spec and a bad port before starting', async () => {
    const dir = await workspace();
    const t = io(dir);
    expect(await serveSandbox(t.ctx, { faults: 'busy=2' }, async () => undefined)).toBe(1);
    expect(t.err()).toMatch(/invalid --faults "busy=2": busy must be a probability/);
    expect(await serveSandbox(t.ctx, { port: 'abc' }, async () => undefined)).toBe(1);
    expect(t.err()).toContain('--port must be a port number');
  });

  it('is wired into the CLI', async () => {
    const dir = await workspace();
    const t = io(dir);
    expect(await main(['node', 'catalog', 'sandbox', '--faults', 'nope=1'], t.cliIO)).toBe(1);
    expect(t.err()).toContain('unknown fault "nope"');
  });
});

describe('startTargetSandbox', () => {
  it('serves the sandbox targets in-process and sets their baseUrl; other targets are unchanged', async () => {
    const dir = await workspace();
    const { config } = loadConfig(join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS);
    expect(config).toBeDefined();
    const started = await startTargetSandbox(config!, config!.targets);
    cleanups.push(() => started.close());
    const baseUrls = new Map(started.targets.filter((t) => t.sandbox).map((t) => [t.name, t.baseUrl]));
    expect([...baseUrls.keys()].sort()).toEqual(['sales', 'xianyu']);
    const xianyu = started.targets.find((t) => t.name === 'xianyu')!;
    expect(xianyu.baseUrl).toBe(baseUrls.get('xianyu'));
    expect(xianyu.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/xianyu$/);
    expect(started.targets.find((t) => t.name === 'real')!.baseUrl).toBe('https://open.goofish.pro');
    expect((await goofishList(xianyu.baseUrl)).code).toBe(0);
  });

  it('starts nothing without sandbox targets', async () => {
    const dir = await workspace();
    const { config } = loadConfig(join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS);
    const nonSandbox = config!.targets.filter((t) => !t.sandbox);
    const started = await startTargetSandbox(config!, nonSandbox);
    expect(started.targets).toEqual(nonSandbox);
    expect(started.targets.filter((t) => t.sandbox).length).toBe(0);
    await started.close();
  });
});

describe('redirectToSandbox (the fetch of sandbox targets)', () => {
  it('sends URLs an earlier run issued (another port of the loopback host) to this run, and never leaves the machine', async () => {
    const seen: string[] = [];
    const base = (async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response('ok');
    }) as typeof fetch;
    const f = redirectToSandbox('http://127.0.0.1:4000', base);
    await f('http://127.0.0.1:4000/store/merchant/get?x=1');
    await f('http://127.0.0.1:39999/store/img/abc?y=2');
    const outside = await f('https://mmbiz.qpic.cn/img/abc');
    expect(seen).toEqual(['http://127.0.0.1:4000/store/merchant/get?x=1', 'http://127.0.0.1:4000/store/img/abc?y=2']);
    expect(outside.status).toBe(502);
  });
});
