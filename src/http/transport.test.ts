import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeUnknownError, TransportError } from './errors.js';
import {
  backoffDelay,
  createTransport,
  DEFAULT_RETRY,
  parseRetryAfter,
  type OutgoingRequest,
  type Transport,
  type TransportEvent,
  type TransportOptions,
} from './transport.js';

const BASE = 'https://api.example.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A transport on msw's fetch with a recorded, instant sleep. */
function testTransport(extra: TransportOptions = {}) {
  const sleeps: number[] = [];
  const events: TransportEvent[] = [];
  const transport = createTransport({
    fetch: globalThis.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { transport, sleeps, events };
}

function request(overrides: Partial<OutgoingRequest> = {}): OutgoingRequest {
  return {
    endpoint: 'test thing/get',
    method: 'POST',
    safety: 'read',
    build: () => ({ url: `${BASE}/thing`, headers: { 'content-type': 'application/json' }, body: '{}' }),
    ...overrides,
  };
}

/** Answers with the given responses in order, the last one repeating; counts hits. */
function sequence(...responses: Array<() => Response | Promise<Response>>) {
  const hits = { count: 0 };
  server.use(
    http.post(`${BASE}/thing`, async () => {
      const respond = responses[Math.min(hits.count, responses.length - 1)]!;
      hits.count++;
      return respond();
    }),
  );
  return hits;
}

const ok = () => HttpResponse.json({ code: 0, data: { id: 'x1' } });
const unavailable = () => new HttpResponse('upstream down', { status: 503 });
const dropped = () => HttpResponse.error();
const busyBody = () => HttpResponse.json({ code: 'BUSY', msg: 'system busy' });
const busyClassify: OutgoingRequest['classify'] = (res) =>
  (res.json as { code?: unknown } | undefined)?.code === 'BUSY' ? 'busy' : res.status < 400 ? 'ok' : 'fail';

describe('retries', () => {
  it('retries a read on 503 and returns the eventual answer', async () => {
    const hits = sequence(unavailable, unavailable, ok);
    const { transport, sleeps } = testTransport();
    const res = await transport.send(request());
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ code: 0, data: { id: 'x1' } });
    expect(res.attempts).toBe(3);
    expect(res.verdict).toBe('ok');
    expect(hits.count).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it('retries a read on a dropped connection', async () => {
    const hits = sequence(dropped, ok);
    const { transport } = testTransport();
    const res = await transport.send(request());
    expect(res.status).toBe(200);
    expect(hits.count).toBe(2);
  });

  it('retries an idempotent write on a timeout', async () => {
    const hits = sequence(async () => {
      await delay(2_000);
      return ok();
    }, ok);
    const { transport } = testTransport({ timeoutMs: 30 });
    const res = await transport.send(request({ safety: 'idempotent' }));
    expect(res.attempts).toBe(2);
    expect(hits.count).toBe(2);
  });

  it('throws TransportError naming endpoint, status and attempts when retries run out', async () => {
    const hits = sequence(unavailable);
    const { transport, sleeps } = testTransport({ retry: { maxAttempts: 4 } });
    const error = await transport.send(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ endpoint: 'test thing/get', status: 503, attempts: 4 });
    expect((error as Error).message).toContain('test thing/get failed after 4 attempts: HTTP 503');
    expect(hits.count).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it('retries platform busy answers and returns the last one when attempts run out', async () => {
    const hits = sequence(busyBody);
    const { transport } = testTransport({ retry: { maxAttempts: 3 } });
    const res = await transport.send(request({ classify: busyClassify }));
    expect(res.verdict).toBe('busy');
    expect(res.attempts).toBe(3);
    expect(hits.count).toBe(3);
  });

  it('returns a fail verdict at once without retrying', async () => {
    const hits = sequence(() => HttpResponse.json({ code: 40001, msg: '参数错误' }, { status: 400 }));
    const { transport } = testTransport();
    const res = await transport.send(request());
    expect(res.verdict).toBe('fail');
    expect(res.status).toBe(400);
    expect(hits.count).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    sequence(() => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3' } }), ok);
    const { transport, sleeps } = testTransport();
    await transport.send(request());
    expect(sleeps).toEqual([3000]);
  });

  it('calls build() afresh for every attempt', async () => {
    const signatures: Array<string | null> = [];
    server.use(
      http.post(`${BASE}/thing`, ({ request: r }) => {
        signatures.push(r.headers.get('x-sign'));
        return signatures.length < 3 ? unavailable() : ok();
      }),
    );
    const builtFor: number[] = [];
    const { transport } = testTransport();
    await transport.send(
      request({
        build: (attempt) => {
          builtFor.push(attempt);
          return { url: `${BASE}/thing`, headers: { 'x-sign': `sig-${attempt}` }, body: '{"a":1}' };
        },
      }),
    );
    expect(builtFor).toEqual([1, 2, 3]);
    expect(signatures).toEqual(['sig-1', 'sig-2', 'sig-3']);
  });
});

describe('backoff', () => {
  it('grows exponentially with full jitter and stays within maxDelayMs', async () => {
    sequence(unavailable);
    const { transport, sleeps } = testTransport({
      random: () => 0.999999,
      retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 500 },
    });
    await expect(transport.send(request())).rejects.toBeInstanceOf(TransportError);
    expect(sleeps).toEqual([99, 199, 399, 499, 499]);
  });

  it('is uniform from zero (full jitter)', () => {
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0)).toBe(0);
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0.5)).toBe(400);
    expect(backoffDelay(30, DEFAULT_RETRY, () => 0.5)).toBe(5000);
  });

  it('uses a server Retry-After instead, capped', () => {
    expect(backoffDelay(1, DEFAULT_RETRY, () => 0, 1500)).toBe(1500);
    expect(backoffDelay(1, DEFAULT_RETRY, () => 0, 10 * 60_000)).toBe(60_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('unsafe writes', () => {
  const unsafe = (extra: Partial<OutgoingRequest> = {}) =>
    request({ endpoint: 'test product/create', safety: 'unsafe', classify: busyClassify, ...extra });

  it('never retries a 5xx: the outcome is unknown', async () => {
    const hits = sequence(unavailable, ok);
    const { transport, events } = testTransport();
    const error = await transport.send(unsafe()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toMatchObject({ endpoint: 'test product/create', reason: 'HTTP 503', attempts: 1 });
    expect(hits.count).toBe(1);
    expect(events.at(-1)).toMatchObject({ type: 'error', outcomeUnknown: true });
  });

  it('never retries a dropped connection', async () => {
    const hits = sequence(dropped, ok);
    const { transport } = testTransport();
    await expect(transport.send(unsafe())).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(hits.count).toBe(1);
  });

  it('never retries a timeout', async () => {
    const hits = sequence(async () => {
      await delay(2_000);
      return ok();
    }, ok);
    const { transport } = testTransport({ timeoutMs: 30 });
    const error = await transport.send(unsafe()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as OutcomeUnknownError).reason).toBe('timed out after 30 ms');
    expect(hits.count).toBe(1);
  });

  it('retries 429 and platform busy answers, which prove the request was not processed', async () => {
    const hits = sequence(() => new HttpResponse(null, { status: 429 }), busyBody, ok);
    const { transport } = testTransport();
    const res = await transport.send(unsafe());
    expect(res.verdict).toBe('ok');
    expect(hits.count).toBe(3);
  });

  it('retries when the connection was refused before sending', async () => {
    let calls = 0;
    const refusingOnce: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) {
        const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
        throw new TypeError('fetch failed', { cause });
      }
      return globalThis.fetch(input, init);
    };
    sequence(ok);
    const { transport } = testTransport({ fetch: refusingOnce });
    const res = await transport.send(unsafe());
    expect(res.attempts).toBe(2);
  });

  it('treats a connection reset as possibly processed', async () => {
    const resetting: typeof fetch = async () => {
      const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      throw new TypeError('fetch failed', { cause });
    };
    const { transport } = testTransport({ fetch: resetting });
    const error = await transport.send(unsafe()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).message).toContain('ECONNRESET');
  });
});

describe('re-authentication', () => {
  const authClassify: OutgoingRequest['classify'] = (res) =>
    (res.json as { code?: unknown } | undefined)?.code === 42001 ? 'auth' : 'ok';
  const expired = () => HttpResponse.json({ code: 42001, msg: 'access_token expired' });

  it('calls reauth() and retries once with a freshly built request', async () => {
    const tokens: Array<string | null> = [];
    server.use(
      http.post(`${BASE}/thing`, ({ request: r }) => {
        const token = new URL(r.url).searchParams.get('access_token');
        tokens.push(token);
        return token === 'fresh' ? ok() : expired();
      }),
    );
    let token = 'stale';
    let reauths = 0;
    const { transport } = testTransport();
    const res = await transport.send(
      request({
        safety: 'unsafe',
        classify: authClassify,
        build: () => ({ url: `${BASE}/thing?access_token=${token}`, body: '{}' }),
        reauth: () => {
          reauths++;
          token = 'fresh';
        },
      }),
    );
    expect(res.verdict).toBe('ok');
    expect(reauths).toBe(1);
    expect(tokens).toEqual(['stale', 'fresh']);
  });

  it('returns a second auth answer as is, without a reauth loop', async () => {
    const hits = sequence(expired);
    let reauths = 0;
    const { transport } = testTransport();
    const res = await transport.send(request({ classify: authClassify, reauth: () => void reauths++ }));
    expect(res.verdict).toBe('auth');
    expect(reauths).toBe(1);
    expect(hits.count).toBe(2);
  });

  it('returns an auth answer at once when the request has no reauth hook', async () => {
    const hits = sequence(expired);
    const { transport } = testTransport();
    const res = await transport.send(request({ classify: authClassify }));
    expect(res.verdict).toBe('auth');
    expect(hits.count).toBe(1);
  });
});

describe('limits', () => {
  it('never has more than `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server.use(
      http.post(`${BASE}/thing`, async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await delay(5);
        inFlight--;
        return ok();
      }),
    );
    const { transport } = testTransport({ concurrency: 3 });
    await Promise.all(Array.from({ length: 20 }, () => transport.send(request())));
    expect(maxInFlight).toBe(3);
  });

  it('frees the slot while a request waits to retry', async () => {
    let hits = 0;
    server.use(
      http.post(`${BASE}/thing`, () => {
        hits++;
        return hits === 1 ? unavailable() : ok();
      }),
    );
    let releaseSleep!: () => void;
    const sleeping = new Promise<void>((resolve) => (releaseSleep = resolve));
    const transport = createTransport({ fetch: globalThis.fetch, concurrency: 1, sleep: () => sleeping });
    const first = transport.send(request());
    // The second request completes while the first one is still backing off.
    await transport.send(request());
    releaseSleep();
    await first;
    expect(hits).toBe(3);
  });

  it('lets send() called from inside build() bypass the concurrency limit (no deadlock)', async () => {
    server.use(
      http.post(`${BASE}/thing`, () => ok()),
      http.get(`${BASE}/token`, () => HttpResponse.json({ access_token: 't' })),
    );
    const { transport } = testTransport({ concurrency: 1 });
    let token: Promise<string> | undefined;
    const getToken = () =>
      (token ??= transport
        .send({ endpoint: 'test token', method: 'GET', safety: 'read', build: () => ({ url: `${BASE}/token` }) })
        .then((r) => (r.json as { access_token: string }).access_token));
    const results = await Promise.all(
      Array.from({ length: 3 }, () =>
        transport.send(request({ build: async () => ({ url: `${BASE}/thing?access_token=${await getToken()}` }) })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('spaces attempts evenly at ratePerSecond (injected clock)', async () => {
    sequence(ok);
    let clock = 0;
    const sleeps: number[] = [];
    const transport = createTransport({
      fetch: globalThis.fetch,
      concurrency: 10,
      ratePerSecond: 10,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await Promise.all(Array.from({ length: 5 }, () => transport.send(request())));
    // All five asked at t=0: the first starts at once, the others 100 ms apart.
    expect(sleeps).toEqual([100, 200, 300, 400]);

    clock = 10_000; // long idle: no burst credit beyond one request
    sleeps.length = 0;
    await Promise.all(Array.from({ length: 2 }, () => transport.send(request())));
    expect(sleeps).toEqual([100]);
  });

  it('treats ratePerSecond 0 and Infinity as unlimited', async () => {
    sequence(ok);
    for (const ratePerSecond of [0, Infinity]) {
      const { transport, sleeps } = testTransport({ ratePerSecond, now: () => 0 });
      await Promise.all(Array.from({ length: 5 }, () => transport.send(request())));
      expect(sleeps).toEqual([]);
    }
  });
});

describe('events', () => {
  it('reports request, attempts, retries and the response without URL or body', async () => {
    sequence(unavailable, ok);
    const { transport, events } = testTransport();
    await transport.send(
      request({ build: () => ({ url: `${BASE}/thing?sign=abcdef123456`, body: '{"secret":"s3cr3t-body"}' }) }),
    );
    expect(events.map((e) => e.type)).toEqual(['request', 'attempt', 'retry', 'attempt', 'response']);
    expect(events[1]).toMatchObject({ type: 'attempt', endpoint: 'test thing/get', attempt: 1, status: 503 });
    expect(events[4]).toMatchObject({ type: 'response', status: 200, attempts: 2, verdict: 'ok' });
    const text = JSON.stringify(events);
    expect(text).not.toContain('abcdef123456');
    expect(text).not.toContain('s3cr3t-body');
    expect(text).not.toContain(BASE);
  });
});

describe('redaction', () => {
  const SECRET = 'APP-SECRET-0123456789';
  const TOKEN = 'tok_ABCDEFGHIJ';

  function expectNoSecret(value: unknown) {
    const error = value as Error;
    for (const text of [error.message, error.stack ?? '', JSON.stringify(error)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
    }
  }

  it('keeps secrets out of TransportError when the server echoes them', async () => {
    sequence(() => new HttpResponse(`bad request, you sent secret ${SECRET} and token=${TOKEN}`, { status: 500 }));
    const { transport, events } = testTransport({ secrets: [SECRET], retry: { maxAttempts: 2 } });
    const error = await transport.send(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toContain('***');
    expectNoSecret(error);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('keeps secrets out of network failure messages and OutcomeUnknownError', async () => {
    const leaky: typeof fetch = async (input) => {
      throw new TypeError(`request to ${String(input)} failed`, {
        cause: Object.assign(new Error(`socket hang up (key ${SECRET})`), { code: 'ECONNRESET' }),
      });
    };
    const { transport, events } = testTransport({ fetch: leaky, secrets: [SECRET] });
    const build = () => ({ url: `${BASE}/thing?access_token=${TOKEN}&sign=${SECRET}` });
    const unknown = await transport.send(request({ safety: 'unsafe', build })).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OutcomeUnknownError);
    expectNoSecret(unknown);
    const failed = await transport.send(request({ build })).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TransportError);
    expectNoSecret(failed);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('redacts secrets added after creation (tokens obtained at run time)', async () => {
    sequence(() => new HttpResponse(`token ${TOKEN} invalid`, { status: 502 }));
    const { transport } = testTransport({ retry: { maxAttempts: 1 } });
    transport.addSecrets([TOKEN]);
    expectNoSecret(await transport.send(request()).catch((e: unknown) => e));
  });

  it('secrets() lists the secrets given at creation and those added later', () => {
    const { transport } = testTransport({ secrets: [SECRET] });
    const view = transport.secrets();
    expect(view).toEqual([SECRET]);
    transport.addSecrets([TOKEN]);
    expect(transport.secrets()).toEqual([SECRET, TOKEN]);
    // A view taken earlier sees the later addition too (adapters may hold on to it).
    expect(view).toEqual([SECRET, TOKEN]);
  });
});

describe('default wire (undici keep-alive agent) against a loopback server', () => {
  let httpServer: Server;
  let port: number;
  let transport: Transport;
  let drops = 0;
  beforeAll(async () => {
    httpServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/drop-once' && drops++ === 0) {
          req.socket.destroy();
          return;
        }
        if (req.url === '/slow') return; // never answers
        res.setHeader('content-type', 'application/json');
        res.setHeader('X-Trace-Id', 'abc');
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        const body = Buffer.concat(chunks);
        res.end(JSON.stringify({ method: req.method, url: req.url, type: req.headers['content-type'] ?? null, body: body.length > 0 ? [...body] : null }));
      });
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    port = (httpServer.address() as AddressInfo).port;
    transport = createTransport({ sleep: async () => {} });
  });
  afterAll(async () => {
    await transport.close();
    await new Promise((resolve) => httpServer.close(resolve));
  });

  it('sends and parses JSON', async () => {
    const res = await transport.send({
      endpoint: 'loopback echo',
      method: 'GET',
      safety: 'read',
      build: () => ({ url: `http://127.0.0.1:${port}/echo?x=1` }),
    });
    expect(res.json).toEqual({ method: 'GET', url: '/echo?x=1', type: null, body: null });
  });

  it('sends headers and string or byte bodies as given, and reports header names in lower case', async () => {
    const res = await transport.send({
      endpoint: 'loopback upload',
      method: 'POST',
      safety: 'idempotent',
      build: () => ({ url: `http://127.0.0.1:${port}/upload`, headers: { 'content-type': 'image/png' }, body: new Uint8Array([0, 255, 7]) }),
    });
    expect(res.json).toEqual({ method: 'POST', url: '/upload', type: 'image/png', body: [0, 255, 7] });
    expect(res.headers).toMatchObject({ 'x-trace-id': 'abc', 'set-cookie': 'a=1, b=2' });
    const text = await transport.send({ endpoint: 'loopback text', method: 'POST', safety: 'read', build: () => ({ url: `http://127.0.0.1:${port}/t`, body: '好' }) });
    expect((text.json as { body: number[] }).body).toEqual([...Buffer.from('好')]);
  });

  it('retries a read whose connection was dropped, and times out an exchange that never answers', async () => {
    const res = await transport.send({ endpoint: 'loopback drop', method: 'GET', safety: 'read', build: () => ({ url: `http://127.0.0.1:${port}/drop-once` }) });
    expect(res.status).toBe(200);
    expect(drops).toBe(2);
    const slow = createTransport({ sleep: async () => {}, timeoutMs: 50, retry: { maxAttempts: 1, maxReadAttempts: 1 } });
    const error = await slow.send({ endpoint: 'loopback slow', method: 'GET', safety: 'read', build: () => ({ url: `http://127.0.0.1:${port}/slow` }) }).catch((e: unknown) => e);
    await slow.close().catch(() => undefined);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toContain('timed out after 50 ms');
  });

  it('retries an unsafe write whose connection was refused, then reports TransportError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await transport
      .send({
        endpoint: 'loopback create',
        method: 'POST',
        safety: 'unsafe',
        build: () => ({ url: `http://127.0.0.1:${closedPort}/create`, body: '{}' }),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ attempts: 5 });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('read budget', () => {
  it('reads get more attempts than writes by default (they are always safe to repeat)', async () => {
    let reads = 0;
    let writes = 0;
    server.use(
      http.get('http://platform.test/read', () => {
        reads++;
        return new HttpResponse('busy', { status: 503 });
      }),
      http.post('http://platform.test/write', () => {
        writes++;
        return new HttpResponse('busy', { status: 429 });
      }),
    );
    const transport = createTransport({ fetch: globalThis.fetch, sleep: async () => undefined });
    await expect(transport.send({ endpoint: 'read', method: 'GET', safety: 'read', build: () => ({ url: 'http://platform.test/read' }) })).rejects.toThrow(/8 attempts/);
    const res = await transport.send({ endpoint: 'write', method: 'POST', safety: 'idempotent', build: () => ({ url: 'http://platform.test/write', body: '{}' }) });
    expect(res.status).toBe(429);
    expect([reads, writes]).toEqual([DEFAULT_RETRY.maxReadAttempts, DEFAULT_RETRY.maxAttempts]);
  });
});
