import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { accountStateFile, resetSandboxState, type SandboxAccount } from './accounts.js';
import { createSandbox, ManualClock, type Sandbox, type SandboxOptions } from './core.js';
import { goofishSign } from './goofish/sign.js';
import { goofishSimulator } from './goofish/simulator.js';
import type { GoofishState } from './goofish/state.js';
import { sandboxHandlers } from './msw.js';
import { startSandbox } from './server.js';
import type { Simulator } from './types.js';

/** A minimal simulator: POST /inc increments a counter (a write), GET /count reads it. */
interface CounterState {
  count: number;
}
const counterSimulator: Simulator<CounterState> = {
  platform: 'xiaoliebian',
  initialState: (seed) => ({ count: seed ? 100 : 0 }),
  handle(req, ctx) {
    if (req.path === '/inc' && req.method === 'POST') {
      ctx.state.count += 1;
      ctx.changed();
      return { status: 200, body: { count: ctx.state.count, seen: req.text, baseUrl: ctx.baseUrl } };
    }
    if (req.path === '/count') return { status: 200, body: { count: ctx.state.count, q: req.query.get('q') } };
    return { status: 404, body: { error: 'not found' } };
  },
  busyResponse: () => ({ status: 200, body: { busy: true } }),
  isWrite: (req) => req.method === 'POST',
};
const SIMULATORS = { xiaoliebian: counterSimulator } as SandboxOptions['simulators'];
const COUNTER: SandboxAccount = { name: 'acct', platform: 'xiaoliebian', credentials: { secret: 'top-secret-value' } };
const GOOFISH: SandboxAccount = { name: 'xianyu', platform: 'goofish', credentials: { appKey: '1001', appSecret: 'goofish-secret-value' } };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-fw-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function counterSandbox(stateDir: string, extra: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const sandbox = await createSandbox({ accounts: [COUNTER], stateDir, simulators: SIMULATORS, seed: false, ...extra });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

const inc = (sandbox: Sandbox, body = 'x') => sandbox.handleSandboxRequest(new Request('http://sandbox.test/acct/inc', { method: 'POST', body }));
const count = async (sandbox: Sandbox) =>
  ((await (await sandbox.handleSandboxRequest(new Request('http://sandbox.test/acct/count'))).json()) as { count: number }).count;

function signedGoofishUrl(base: string, path: string, body: string, now = Date.now()): string {
  const timestamp = String(Math.floor(now / 1000));
  const sign = goofishSign(GOOFISH.credentials.appKey!, GOOFISH.credentials.appSecret!, timestamp, new TextEncoder().encode(body));
  return `${base}/api/open${path}?appid=${GOOFISH.credentials.appKey}&timestamp=${timestamp}&sign=${sign}`;
}

describe('sandbox core routing', () => {
  it('routes /<account>/<rest> with the prefix removed, the query and the raw body', async () => {
    const sandbox = await counterSandbox(await tempDir());
    const res = await inc(sandbox, '{"a":1}');
    expect(await res.json()).toEqual({ count: 1, seen: '{"a":1}', baseUrl: 'http://sandbox.test/acct' });
    const read = await sandbox.handleSandboxRequest(new Request('http://sandbox.test/acct/count?q=hello'));
    expect(await read.json()).toEqual({ count: 1, q: 'hello' });
  });

  it('answers unknown accounts with 404 and lists accounts at / without credentials', async () => {
    const sandbox = await counterSandbox(await tempDir());
    const missing = await sandbox.handleSandboxRequest(new Request('http://sandbox.test/nobody/inc', { method: 'POST' }));
    expect(missing.status).toBe(404);
    const index = await sandbox.handleSandboxRequest(new Request('http://sandbox.test/'));
    const text = await index.text();
    expect(JSON.parse(text)).toEqual({ accounts: [{ name: 'acct', platform: 'xiaoliebian', baseUrl: 'http://sandbox.test/acct' }] });
    expect(text).not.toContain('top-secret-value');
  });

  it('refuses bad account sets and bad fault specs with clear errors', async () => {
    const dir = await tempDir();
    await expect(createSandbox({ accounts: [COUNTER, COUNTER], stateDir: dir, simulators: SIMULATORS })).rejects.toThrow(/given twice/);
    await expect(createSandbox({ accounts: [{ ...COUNTER, name: 'a/b' }], stateDir: dir, simulators: SIMULATORS })).rejects.toThrow(/must match/);
    await expect(createSandbox({ accounts: [{ ...COUNTER, platform: 'waiqin365' }], stateDir: dir, simulators: SIMULATORS })).rejects.toThrow(
      /no sandbox simulator for platform "waiqin365"/,
    );
    await expect(createSandbox({ accounts: [COUNTER], stateDir: dir, simulators: SIMULATORS, faults: 'busy=7' })).rejects.toThrow(/invalid --faults/);
  });
});

describe('sandbox persistence', () => {
  it('starts from initialState(seed) when no file exists', async () => {
    expect(await count(await counterSandbox(await tempDir(), { seed: true }))).toBe(100);
    expect(await count(await counterSandbox(await tempDir(), { seed: false }))).toBe(0);
  });

  it('shares one world between two sandbox instances on one stateDir', async () => {
    const dir = await tempDir();
    const first = await counterSandbox(dir);
    await inc(first);
    await inc(first);
    await first.close();
    const second = await counterSandbox(dir, { seed: true });
    expect(await count(second)).toBe(2);
    const file = await readFile(accountStateFile(dir, 'acct'), 'utf8');
    expect(JSON.parse(file)).toEqual({ formatVersion: 1, platform: 'xiaoliebian', state: { count: 2 } });
    expect(file).not.toContain('top-secret-value');
  });

  it('never writes per request: only after the debounce window or on flush', async () => {
    const dir = await tempDir();
    const file = accountStateFile(dir, 'acct');
    const slow = await counterSandbox(dir, { saveDebounceMs: 600_000 });
    for (let i = 0; i < 20; i++) await inc(slow);
    await expect(stat(file)).rejects.toThrow();
    await slow.flush();
    expect(JSON.parse(await readFile(file, 'utf8')).state.count).toBe(20);
  });

  it('a failed write loses nothing: the next flush writes the state once the folder is writable again', async () => {
    const dir = await tempDir();
    const sandbox = await counterSandbox(dir, { saveDebounceMs: 600_000 });
    for (let i = 0; i < 3; i++) await inc(sandbox);
    await writeFile(join(dir, 'sandbox'), 'a file where the folder should be');
    await expect(sandbox.flush()).rejects.toThrow();
    await rm(join(dir, 'sandbox'));
    await sandbox.flush();
    expect(JSON.parse(await readFile(accountStateFile(dir, 'acct'), 'utf8')).state.count).toBe(3);
  });

  it('writes in the background once the debounce window has passed', async () => {
    const dir = await tempDir();
    const file = accountStateFile(dir, 'acct');
    const sandbox = await counterSandbox(dir, { saveDebounceMs: 20 });
    for (let i = 0; i < 5; i++) await inc(sandbox);
    await vi.waitFor(async () => expect(JSON.parse(await readFile(file, 'utf8')).state.count).toBe(5), { timeout: 5000, interval: 20 });
  });

  it('persists goofish products across instances', async () => {
    const dir = await tempDir();
    const clock = new ManualClock(Date.UTC(2025, 5, 1));
    const open = async () => {
      const s = await createSandbox({ accounts: [GOOFISH], stateDir: dir, seed: false, clock });
      cleanups.push(() => s.close());
      return s;
    };
    const first = await open();
    const body = JSON.stringify({
      item_biz_type: 2,
      sp_biz_type: 1,
      channel_cat_id: '4d8b31d719602249ac899d2620c5df2b',
      price: 100,
      outer_id: 'k1',
      publish_shop: [{ user_name: 'sandbox-shop', province: 1, city: 1, district: 1, title: 't', content: '12345', images: ['https://x/1.jpg'] }],
    });
    const created = await first.handleSandboxRequest(
      new Request(signedGoofishUrl('http://sandbox.test/xianyu', '/product/create', body, clock.now()), { method: 'POST', body }),
    );
    const { code, data } = (await created.json()) as { code: number; data: { product_id: number } };
    expect(code).toBe(0);
    await first.close();
    const second = await open();
    const product = second.stateOf<GoofishState>('xianyu').products[String(data.product_id)];
    expect(product?.outer_id).toBe('k1');
    // The outer_id index is rebuilt from the loaded state: a duplicate is still refused.
    const again = await second.handleSandboxRequest(
      new Request(signedGoofishUrl('http://sandbox.test/xianyu', '/product/create', body, clock.now()), { method: 'POST', body }),
    );
    expect(((await again.json()) as { code: number }).code).toBe(2002);
  });

  it('refuses a corrupt or foreign state file, and reset removes the files', async () => {
    const dir = await tempDir();
    const file = accountStateFile(dir, 'acct');
    await mkdir(join(dir, 'sandbox'), { recursive: true });
    await writeFile(file, '{oops');
    await expect(counterSandbox(dir)).rejects.toThrow(/not valid JSON.*--reset/);
    await writeFile(file, JSON.stringify({ formatVersion: 1, platform: 'goofish', state: {} }));
    await expect(counterSandbox(dir)).rejects.toThrow(/does not hold a xiaoliebian account/);
    await resetSandboxState(dir);
    await expect(stat(file)).rejects.toThrow();
    expect(await count(await counterSandbox(dir))).toBe(0);
  });
});

describe('sandbox fault injection', () => {
  it('5xx: an HTTP 500/502/503 without touching state', async () => {
    const sandbox = await counterSandbox(await tempDir(), { faults: '5xx=1,seed=1' });
    const res = await inc(sandbox);
    expect([500, 502, 503]).toContain(res.status);
    expect(sandbox.stateOf<CounterState>('acct').count).toBe(0);
  });

  it("busy: the simulator's busy reply without touching state", async () => {
    const sandbox = await counterSandbox(await tempDir(), { faults: 'busy=1' });
    const res = await inc(sandbox);
    expect(await res.json()).toEqual({ busy: true });
    expect(sandbox.stateOf<CounterState>('acct').count).toBe(0);
  });

  it('drop: a network error, the request is not processed', async () => {
    const sandbox = await counterSandbox(await tempDir(), { faults: 'drop=1' });
    expect((await inc(sandbox)).type).toBe('error');
    expect(sandbox.stateOf<CounterState>('acct').count).toBe(0);
  });

  it('lost: a write is committed but the answer is a network error; reads are unaffected', async () => {
    const sandbox = await counterSandbox(await tempDir(), { faults: 'lost=1' });
    expect((await inc(sandbox)).type).toBe('error');
    expect(sandbox.stateOf<CounterState>('acct').count).toBe(1);
    expect(await count(sandbox)).toBe(1);
  });

  it('is deterministic with a seed', async () => {
    const outcomes = async () => {
      const sandbox = await counterSandbox(await tempDir(), { faults: '5xx=0.2,busy=0.2,drop=0.2,lost=0.2,seed=9' });
      const seen: string[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await inc(sandbox);
        seen.push(res.type === 'error' ? 'error' : String(res.status) + JSON.stringify(await res.json()));
      }
      return { seen, count: sandbox.stateOf<CounterState>('acct').count };
    };
    const a = await outcomes();
    expect(await outcomes()).toEqual(a);
    expect(new Set(a.seen).size).toBeGreaterThan(3);
  });
});

describe('sandbox node server', () => {
  it('serves accounts over HTTP with keep-alive, flushes on close', async () => {
    const dir = await tempDir();
    const running = await startSandbox({ accounts: [COUNTER], stateDir: dir, simulators: SIMULATORS, seed: false });
    cleanups.push(() => running.close());
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.accountUrl('acct')).toBe(`${running.url}/acct`);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${running.accountUrl('acct')}/inc`, { method: 'POST', body: 'hi' });
      expect(await res.json()).toEqual({ count: i + 1, seen: 'hi', baseUrl: running.accountUrl('acct') });
    }
    await running.close();
    expect(JSON.parse(await readFile(accountStateFile(dir, 'acct'), 'utf8')).state.count).toBe(3);
  });

  it('serves the goofish simulator end to end with global fetch', async () => {
    const dir = await tempDir();
    const running = await startSandbox({ accounts: [GOOFISH, COUNTER], stateDir: dir, seed: true, simulators: { ...SIMULATORS, goofish: goofishSimulator } });
    cleanups.push(() => running.close());
    const body = JSON.stringify({ page_no: 1, page_size: 10 });
    const res = await fetch(signedGoofishUrl(running.accountUrl('xianyu'), '/product/list', body), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { code: number; data: { count: number } };
    expect(json.code).toBe(0);
    expect(json.data.count).toBeGreaterThan(0);
    const counter = await fetch(`${running.accountUrl('acct')}/inc`, { method: 'POST', body: 'x' });
    expect(((await counter.json()) as { count: number }).count).toBe(101);
    await running.close();
    expect(JSON.parse(await readFile(accountStateFile(dir, 'acct'), 'utf8')).state.count).toBe(101);
  });

  it('drops the connection for drop and lost; lost still commits', async () => {
    const dropDir = await tempDir();
    const dropping = await startSandbox({ accounts: [COUNTER], stateDir: dropDir, simulators: SIMULATORS, seed: false, faults: 'drop=1' });
    cleanups.push(() => dropping.close());
    await expect(fetch(`${dropping.accountUrl('acct')}/inc`, { method: 'POST', body: 'x' })).rejects.toThrow();
    expect(dropping.sandbox.stateOf<CounterState>('acct').count).toBe(0);

    const lostDir = await tempDir();
    const losing = await startSandbox({ accounts: [COUNTER], stateDir: lostDir, simulators: SIMULATORS, seed: false, faults: 'lost=1' });
    cleanups.push(() => losing.close());
    await expect(fetch(`${losing.accountUrl('acct')}/inc`, { method: 'POST', body: 'x' })).rejects.toThrow();
    expect(losing.sandbox.stateOf<CounterState>('acct').count).toBe(1);
    const read = await fetch(`${losing.accountUrl('acct')}/count`);
    expect(((await read.json()) as { count: number }).count).toBe(1);
  });

  it('applies latency before answering', async () => {
    const running = await startSandbox({ accounts: [COUNTER], stateDir: await tempDir(), simulators: SIMULATORS, seed: false, faults: 'latency=30' });
    cleanups.push(() => running.close());
    const timer = vi.spyOn(globalThis, 'setTimeout');
    await fetch(`${running.accountUrl('acct')}/count`);
    expect(timer.mock.calls.some((c) => c[1] === 30)).toBe(true);
    timer.mockRestore();
  });
});

describe('sandbox msw handlers', () => {
  it('answers global fetch through setupServer without a socket, including faults', async () => {
    const sandbox = await counterSandbox(await tempDir());
    const server = setupServer(...sandboxHandlers('http://sandbox.test', sandbox));
    server.listen({ onUnhandledRequest: 'error' });
    cleanups.push(async () => server.close());
    const res = await fetch('http://sandbox.test/acct/inc', { method: 'POST', body: 'via-msw' });
    expect(await res.json()).toEqual({ count: 1, seen: 'via-msw', baseUrl: 'http://sandbox.test/acct' });
    const index = await fetch('http://sandbox.test/');
    expect(((await index.json()) as { accounts: unknown[] }).accounts).toHaveLength(1);

    const lossy = await counterSandbox(await tempDir(), { faults: 'lost=1' });
    server.use(...sandboxHandlers('http://lossy.test', lossy));
    await expect(fetch('http://lossy.test/acct/inc', { method: 'POST', body: 'x' })).rejects.toThrow();
    expect(lossy.stateOf<CounterState>('acct').count).toBe(1);
  });
});
