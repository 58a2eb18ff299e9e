/**
 * The HTTP transport every platform adapter sends through (docs/how-it-works.md, "HTTP"). It knows nothing about
 * platforms: adapters plug in signing (`build`), busy/auth codes (`classify`) and re-authentication (`reauth`).
 *
 * Contract of `transport.send(req)`:
 *  - `req.build(attempt)` is called once PER ATTEMPT (1-based), so each attempt carries a fresh timestamp,
 *    nonce, signature or token. The adapter serialises the body once and signs and sends exactly those bytes.
 *  - At most `concurrency` attempts are in flight; attempts start at most `ratePerSecond` per second
 *    (RateLimiter in limits.ts). A request holds no slot while it is built, nor while it waits to retry or re-authenticates, so
 *    `send()` calls made from inside a `build()` or `reauth()` (e.g. fetching a token) take slots of their
 *    own and cannot deadlock behind the requests that wait for them.
 *  - Verdict of an answer: HTTP 429 is 'busy'; otherwise `req.classify` decides, defaulting to 'ok' for
 *    2xx/3xx and 'fail' for anything else. A 5xx whose verdict is not 'busy'/'auth' is a server error.
 *  - Retries (up to `retry.maxAttempts` attempts in all, `retry.maxReadAttempts` for reads, exponential backoff with full jitter, `Retry-After`
 *    honoured): every safety level retries on 'busy' answers (incl. 429) and on connections that were
 *    provably never made (connection refused, DNS failure, connect timeout). 'read' and 'idempotent'
 *    requests also retry on timeouts, dropped connections and server errors; an 'unsafe' request instead
 *    throws `OutcomeUnknownError` at once, because the platform may have processed it.
 *  - 'auth': `req.reauth()` is called and the request is retried once (outside the attempt budget); a second
 *    'auth', or 'auth' without a reauth hook, is returned as is.
 *  - Returned: the response for 'ok' and 'fail' (the adapter turns 'fail' into a PlatformError), and for a
 *    'busy' that outlasted all attempts (the adapter reports its code). Thrown: `TransportError` when
 *    retries on network failures/5xx are exhausted, `OutcomeUnknownError` as above, and whatever `build`
 *    or `reauth` throw.
 *  - Events (`onEvent`) carry endpoint, method, status, verdict, attempt numbers and durations, never a URL,
 *    header or body; their failure texts are redacted.
 */
import type { Agent } from 'undici';
import { OutcomeUnknownError, TransportError } from './errors.js';
import { RateLimiter, Semaphore } from './limits.js';
import { redact } from './redact.js';

export type Safety = 'read' | 'idempotent' | 'unsafe';
export type Verdict = 'ok' | 'busy' | 'auth' | 'fail';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What `build()` returns for one attempt. */
export interface BuiltRequest {
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface ClassifyInput {
  status: number;
  json?: unknown;
  text: string;
}

export interface OutgoingRequest {
  /** Stable name used in errors and events, e.g. "goofish product/create". Never contains secrets. */
  endpoint: string;
  method: HttpMethod;
  /** Called per attempt (1-based): compute a fresh timestamp/signature/token each time. */
  build(attempt: number): Promise<BuiltRequest> | BuiltRequest;
  safety: Safety;
  /** Maps a platform answer to a verdict: busy codes -> 'busy', token-expired codes -> 'auth'. */
  classify?(res: ClassifyInput): Verdict;
  /** Refreshes credentials after an 'auth' verdict; the request is then retried once. */
  reauth?(): Promise<void> | void;
  /** Overrides the transport's timeout for this request (e.g. image uploads). */
  timeoutMs?: number;
}

export interface IncomingResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json?: unknown;
  /** Attempts made, including the one that produced this response. */
  attempts: number;
  verdict: Verdict;
}

export interface RetryOptions {
  /** Attempts in all, including the first. Default 5. */
  maxAttempts: number;
  /** Attempts in all for reads, which are always safe to repeat. Default 8 (or maxAttempts when only that is given). */
  maxReadAttempts: number;
  /** Backoff ceiling for the first retry; doubles per retry. Default 200. */
  baseDelayMs: number;
  /** Upper bound of one backoff delay. Default 10 000. */
  maxDelayMs: number;
  /** Upper bound for a server's Retry-After. Default 60 000. */
  maxRetryAfterMs: number;
}

export type TransportEvent =
  | { type: 'request'; endpoint: string; method: HttpMethod; safety: Safety }
  | {
      type: 'attempt';
      endpoint: string;
      attempt: number;
      durationMs: number;
      /** Set when an HTTP answer arrived. */
      status?: number;
      verdict?: Verdict;
      /** Set when no HTTP answer arrived: 'not-sent' | 'timeout' | 'dropped'. */
      failure?: NetworkFailureKind;
    }
  | { type: 'retry'; endpoint: string; attempt: number; delayMs: number; reason: string }
  | { type: 'response'; endpoint: string; status: number; verdict: Verdict; attempts: number; durationMs: number }
  | { type: 'error'; endpoint: string; attempts: number; durationMs: number; outcomeUnknown: boolean; message: string };

export interface TransportOptions {
  /** Default: undici's `request` over a keep-alive Agent. Tests pass `globalThis.fetch` (msw intercepts it). */
  fetch?: typeof fetch;
  /** Attempts in flight at once. Default 4. */
  concurrency?: number;
  /** Attempts started per second. 0 or Infinity: unlimited (default). */
  ratePerSecond?: number;
  retry?: Partial<RetryOptions>;
  /** Per-attempt timeout covering the whole exchange, body included. Default 30 000. */
  timeoutMs?: number;
  /** Strings redacted from every message and event. */
  secrets?: readonly string[];
  onEvent?: (event: TransportEvent) => void;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: uniform in [0, 1). */
  random?: () => number;
  /** Injectable for tests: a monotonic clock in milliseconds. */
  now?: () => number;
}

export interface Transport {
  send(req: OutgoingRequest): Promise<IncomingResponse>;
  /** Adds secrets to redact (e.g. a token obtained at run time). */
  addSecrets(secrets: readonly string[]): void;
  /**
   * The secrets this transport redacts: those given at creation plus every one added since. A live
   * view (a token added later is in it), so adapters pass it to the errors they build themselves
   * (PlatformError, ResponseShapeError) instead of keeping a list of their own.
   */
  secrets(): readonly string[];
  /** Closes the keep-alive connections of the default fetch; a no-op for an injected fetch. */
  close(): Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  maxReadAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 4;

type NetworkFailureKind = 'not-sent' | 'timeout' | 'dropped';

/** Error codes proving that no byte of the request reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

type AttemptResult =
  | { kind: 'answer'; response: IncomingResponse }
  | { kind: 'network'; failure: NetworkFailureKind; message: string };

export function createTransport(opts: TransportOptions = {}): Transport {
  // Reads follow an explicit maxAttempts unless maxReadAttempts is given too.
  const retry: RetryOptions = {
    ...DEFAULT_RETRY,
    ...opts.retry,
    maxReadAttempts: opts.retry?.maxReadAttempts ?? opts.retry?.maxAttempts ?? DEFAULT_RETRY.maxReadAttempts,
  };
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = opts.random ?? Math.random;
  const now = opts.now ?? (() => performance.now());
  const secrets: string[] = [...(opts.secrets ?? [])];
  const slots = new Semaphore(opts.concurrency ?? DEFAULT_CONCURRENCY);
  const rate = new RateLimiter(opts.ratePerSecond ?? 0, now, sleep);
  const wire = opts.fetch ? fetchWire(opts.fetch) : keepAliveWire();

  const emit = (event: TransportEvent): void => opts.onEvent?.(event);

  async function attemptOnce(req: OutgoingRequest, attempt: number): Promise<AttemptResult> {
    // Built before a slot is taken: a send made inside build() (e.g. fetching a token) takes a slot
    // of its own and can never wait behind requests that wait for it.
    const built = await req.build(attempt);
    const release = await slots.acquire();
    try {
      await rate.take();
      const started = now();
      const result = await exchange(req, built, attempt);
      emit({
        type: 'attempt',
        endpoint: req.endpoint,
        attempt,
        durationMs: now() - started,
        ...(result.kind === 'answer'
          ? { status: result.response.status, verdict: result.response.verdict }
          : { failure: result.failure }),
      });
      return result;
    } finally {
      release();
    }
  }

  async function exchange(req: OutgoingRequest, built: BuiltRequest, attempt: number): Promise<AttemptResult> {
    const limitMs = req.timeoutMs ?? timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limitMs);
    try {
      const { status, headers, text } = await wire.exchange(req.method, built, controller.signal);
      const json = parseJsonBody(text);
      const verdict = judge(req, { status, json, text });
      return { kind: 'answer', response: { status, headers, text, json, attempts: attempt, verdict } };
    } catch (error) {
      if (timedOut) return { kind: 'network', failure: 'timeout', message: `timed out after ${limitMs} ms` };
      const failure = NOT_SENT_CODES.has(errorCode(error) ?? '') ? 'not-sent' : 'dropped';
      return { kind: 'network', failure, message: describeNetworkError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(req: OutgoingRequest): Promise<IncomingResponse> {
    const started = now();
    emit({ type: 'request', endpoint: req.endpoint, method: req.method, safety: req.safety });
    let attempt = 0;
    let reauthenticated = false;
    /** Reports a terminal failure as an event and hands the error back to be thrown. */
    const fail = <E extends TransportError | OutcomeUnknownError>(error: E): E => {
      emit({
        type: 'error',
        endpoint: req.endpoint,
        attempts: attempt,
        durationMs: now() - started,
        outcomeUnknown: error instanceof OutcomeUnknownError,
        message: error.message,
      });
      return error;
    };
    const answered = (response: IncomingResponse): IncomingResponse => {
      emit({
        type: 'response',
        endpoint: req.endpoint,
        status: response.status,
        verdict: response.verdict,
        attempts: attempt,
        durationMs: now() - started,
      });
      return response;
    };

    for (;;) {
      attempt++;
      const result = await attemptOnce(req, attempt);
      const attemptsLeft = attempt < (req.safety === 'read' ? retry.maxReadAttempts : retry.maxAttempts);
      let retryReason: string;
      let retryAfterMs: number | undefined;

      if (result.kind === 'answer') {
        const { response } = result;
        const serverError = response.status >= 500 && response.verdict !== 'busy' && response.verdict !== 'auth';
        if (response.verdict === 'auth') {
          if (!req.reauth || reauthenticated) return answered(response);
          reauthenticated = true;
          emit({ type: 'retry', endpoint: req.endpoint, attempt, delayMs: 0, reason: 'credentials expired' });
          await req.reauth!();
          continue;
        }
        if (serverError) {
          if (req.safety === 'unsafe') {
            throw fail(
              new OutcomeUnknownError(
                { endpoint: req.endpoint, reason: `HTTP ${response.status}`, attempts: attempt, status: response.status },
                secrets,
              ),
            );
          }
          if (!attemptsLeft) {
            throw fail(
              new TransportError(
                {
                  endpoint: req.endpoint,
                  status: response.status,
                  attempts: attempt,
                  causeMessage: summariseBody(response.text),
                },
                secrets,
              ),
            );
          }
          retryReason = `HTTP ${response.status}`;
        } else if (response.verdict === 'busy') {
          if (!attemptsLeft) return answered(response);
          retryReason = response.status === 429 ? 'HTTP 429' : 'platform busy';
        } else {
          return answered(response);
        }
        retryAfterMs = parseRetryAfter(response.headers['retry-after'], Date.now());
      } else {
        const retriable = result.failure === 'not-sent' || req.safety !== 'unsafe';
        if (!retriable) {
          throw fail(new OutcomeUnknownError({ endpoint: req.endpoint, reason: result.message, attempts: attempt }, secrets));
        }
        if (!attemptsLeft) {
          throw fail(new TransportError({ endpoint: req.endpoint, attempts: attempt, causeMessage: result.message }, secrets));
        }
        retryReason = result.message;
      }

      const delayMs = backoffDelay(attempt, retry, random, retryAfterMs);
      emit({ type: 'retry', endpoint: req.endpoint, attempt, delayMs, reason: redact(retryReason, secrets) });
      await sleep(delayMs);
    }
  }

  return {
    send,
    addSecrets(more) {
      secrets.push(...more);
    },
    secrets: () => secrets,
    async close() {
      await wire.close();
    },
  };
}

/**
 * Delay before the retry that follows attempt `attempt` (1-based): full jitter, uniform in
 * [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). A server's Retry-After, when given, is used instead,
 * capped at maxRetryAfterMs.
 */
export function backoffDelay(
  attempt: number,
  retry: RetryOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, retry.maxRetryAfterMs);
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowEpochMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowEpochMs);
}

function judge(req: OutgoingRequest, res: ClassifyInput): Verdict {
  if (res.status === 429) return 'busy';
  if (req.classify) return req.classify(res);
  return res.status >= 200 && res.status < 400 ? 'ok' : 'fail';
}

function parseJsonBody(text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The first code found along the cause chain (undici wraps the socket error in `cause`). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const message = e instanceof Error ? e.message : String(e);
    if (message && !parts.includes(message)) parts.push(message);
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(': ') || 'network error';
}

/** A short excerpt of an error body for messages: whitespace collapsed, at most 200 characters (redacted by the error constructor). */
export function summariseBody(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'empty body';
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** One HTTP exchange, whatever client makes it. Header names are lower case. */
interface Wire {
  exchange(method: HttpMethod, built: BuiltRequest, signal: AbortSignal): Promise<{ status: number; headers: Record<string, string>; text: string }>;
  close(): Promise<void>;
}

/**
 * The default: undici's `request` over a keep-alive Agent. Not `fetch`: per call it builds no WHATWG
 * Request, Headers or streams, and costs a quarter of the CPU, which a plan of thousands of reads feels.
 */
function keepAliveWire(): Wire {
  // undici is loaded by the first call, not at startup: commands that call no platform (validate,
  // fmt) and the catalog reader's threads, which import the adapters, skip its load.
  let agent: Promise<Agent> | undefined;
  const connect = () => (agent ??= import('undici').then((u) => new u.Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 })));
  return {
    async exchange(method, built, signal) {
      const url = new URL(built.url);
      const res = await (await connect()).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        ...(built.headers ? { headers: built.headers } : {}),
        ...(built.body !== undefined ? { body: built.body } : {}),
        signal,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: res.statusCode, headers, text: await res.body.text() };
    },
    close: async () => {
      if (agent) await (await agent).close();
    },
  };
}

/** An injected fetch (tests: msw intercepts `globalThis.fetch`). */
function fetchWire(f: typeof fetch): Wire {
  return {
    async exchange(method, built, signal) {
      const res = await f(built.url, { method, ...(built.headers ? { headers: built.headers } : {}), body: built.body as RequestInit['body'], signal });
      const text = await res.text();
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { status: res.status, headers, text };
    },
    close: async () => undefined,
  };
}
