import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, PlatformError } from '../../http/index.js';
import { createWechatAuth } from './token.js';
import { testTarget } from '../../../test/helpers/target.js';

/** One call `x` at /x, as a read and as a non-idempotent write. */
const READ_X = { x: { method: 'POST', path: '/x', safety: 'read' } } as const;
const UNSAFE_X = { x: { method: 'POST', path: '/x', safety: 'unsafe' } } as const;

const BASE = 'https://wx.example.test';
const SECRET = 'app-secret-value-123';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const target = testTarget({
  name: 'live',
  platform: 'wechat-live',
  baseUrl: BASE,
  credentials: { appId: 'wx123', secret: SECRET },
});

function setup() {
  const sleeps: number[] = [];
  const transport = createTransport({ fetch: globalThis.fetch, sleep: async (ms) => void sleeps.push(ms) });
  const auth = createWechatAuth({ target, transport });
  return { auth, sleeps };
}

/** A stable_token endpoint handing out tok-1, tok-2, ... and counting fetches. */
function tokenHandler(counter: { n: number; bodies: unknown[] }) {
  return http.post(`${BASE}/cgi-bin/stable_token`, async ({ request }) => {
    counter.bodies.push(await request.json());
    counter.n += 1;
    return HttpResponse.json({ access_token: `token-number-${counter.n}-abcdefghijklmnop`, expires_in: 7200 });
  });
}

describe('createWechatAuth', () => {
  it('fetches one stable token, shares it between concurrent calls and caches it', async () => {
    const fetched = { n: 0, bodies: [] as unknown[] };
    const seen: string[] = [];
    server.use(
      tokenHandler(fetched),
      http.post(`${BASE}/x`, ({ request }) => {
        seen.push(new URL(request.url).searchParams.get('access_token')!);
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', v: 1 });
      }),
    );
    const { auth } = setup();
    await Promise.all([1, 2, 3].map(() => auth.call({ op: 'x', endpoints: READ_X, json: {} })));
    expect(fetched.n).toBe(1);
    expect(fetched.bodies[0]).toEqual({ grant_type: 'client_credential', appid: 'wx123', secret: SECRET, force_refresh: false });
    expect(new Set(seen)).toEqual(new Set(['token-number-1-abcdefghijklmnop']));
  });

  it.each([40001, 40014, 42001])('re-authenticates once on %i and retries with the new token', async (code) => {
    const fetched = { n: 0, bodies: [] as unknown[] };
    const seen: string[] = [];
    server.use(
      tokenHandler(fetched),
      http.post(`${BASE}/x`, ({ request }) => {
        const token = new URL(request.url).searchParams.get('access_token')!;
        seen.push(token);
        return HttpResponse.json(token.includes('-1-') ? { errcode: code, errmsg: 'expired' } : { errcode: 0, errmsg: 'ok' });
      }),
    );
    const { auth } = setup();
    await expect(auth.call({ op: 'x', endpoints: UNSAFE_X, json: {} })).resolves.toMatchObject({ errcode: 0 });
    expect(fetched.n).toBe(2);
    expect(seen).toEqual(['token-number-1-abcdefghijklmnop', 'token-number-2-abcdefghijklmnop']);
  });

  it('gives up after one re-authentication, without leaking the token or secret', async () => {
    const fetched = { n: 0, bodies: [] as unknown[] };
    // The errmsg echoes the token it was sent (and the app secret), in a form the name=value patterns
    // of redact() do not catch: only the registered secrets can keep them out of the error.
    server.use(
      tokenHandler(fetched),
      http.post(`${BASE}/x`, ({ request }) => {
        const token = new URL(request.url).searchParams.get('access_token')!;
        return HttpResponse.json({ errcode: 42001, errmsg: `access_token expired: ${token} (app ${SECRET})` });
      }),
    );
    const { auth } = setup();
    const error = await auth.call({ op: 'x', endpoints: READ_X, json: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(fetched.n).toBe(2);
    expect((error as PlatformError).code).toBe(42001);
    expect((error as PlatformError).platformMessage).toContain('access_token expired: ***');
    expect(String((error as Error).stack)).not.toContain('token-number');
    expect(String((error as Error).stack)).not.toContain(SECRET);
    expect((error as PlatformError).platformMessage).not.toContain('token-number');
    expect((error as PlatformError).platformMessage).not.toContain(SECRET);
  });

  it('does not leak the secret a refused token request echoes', async () => {
    server.use(
      http.post(`${BASE}/cgi-bin/stable_token`, async ({ request }) => {
        const { secret } = (await request.json()) as { secret: string };
        return HttpResponse.json({ errcode: 40125, errmsg: `invalid appsecret ${secret}` });
      }),
    );
    const { auth } = setup();
    const error = await auth.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).code).toBe(40125);
    expect((error as PlatformError).platformMessage).toBe('invalid appsecret ***');
    expect(String((error as Error).stack)).not.toContain(SECRET);
  });

  it('backs off and retries on -1 and 45011', async () => {
    const fetched = { n: 0, bodies: [] as unknown[] };
    let calls = 0;
    server.use(
      tokenHandler(fetched),
      http.post(`${BASE}/x`, () => {
        calls += 1;
        if (calls === 1) return HttpResponse.json({ errcode: -1, errmsg: 'system error' });
        if (calls === 2) return HttpResponse.json({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' });
      }),
    );
    const { auth, sleeps } = setup();
    await auth.call({ op: 'x', endpoints: UNSAFE_X, json: {} });
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(fetched.n).toBe(1);
  });

  it('stops at once on 45009 with the midnight hint', async () => {
    const fetched = { n: 0, bodies: [] as unknown[] };
    let calls = 0;
    server.use(
      tokenHandler(fetched),
      http.post(`${BASE}/x`, () => {
        calls += 1;
        return HttpResponse.json({ errcode: 45009, errmsg: 'reach max api daily quota limit' });
      }),
    );
    const { auth } = setup();
    const error = (await auth.call({ op: 'x', endpoints: READ_X, json: {}, objectKey: 'Product/a' }).catch((e: unknown) => e)) as PlatformError;
    expect(calls).toBe(1);
    expect(error.code).toBe(45009);
    expect(error.message).toContain('daily quota exhausted; try after midnight Beijing time');
    expect(error.message).toContain('product a');
  });

  it('reports wrong credentials as a PlatformError without re-fetching', async () => {
    let tokenCalls = 0;
    server.use(
      http.post(`${BASE}/cgi-bin/stable_token`, () => {
        tokenCalls += 1;
        return HttpResponse.json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      }),
    );
    const { auth } = setup();
    const error = (await auth.token().catch((e: unknown) => e)) as PlatformError;
    expect(tokenCalls).toBe(1);
    expect(error.hint).toContain('check appId and secret');
    expect(error.message).not.toContain(SECRET);
  });

  it('drops a token before it expires and invalidate(token) only drops that token', async () => {
    let clock = 0;
    const fetched = { n: 0, bodies: [] as unknown[] };
    server.use(tokenHandler(fetched));
    const transport = createTransport({ fetch: globalThis.fetch });
    const auth = createWechatAuth({ target, transport, now: () => clock });
    const first = await auth.token();
    clock = 7000 * 1000; // within the safety margin of 7200 s
    const second = await auth.token();
    expect(second).not.toBe(first);
    auth.invalidate(first);
    expect(await auth.token()).toBe(second);
    auth.invalidate();
    expect(await auth.token()).not.toBe(second);
  });
});
