/**
 * WeChat access tokens and the call envelope, shared by the adapters of the WeChat platforms (the
 * same token rules for each; every adapter passes its own target, transport and endpoint names in).
 * The token, token-error, busy and quota facts: each WeChat platform's docs page, "Facts the adapter
 * relies on".
 *
 * Contract:
 *  - `createWechatAuth({ target, transport })` holds ONE token per target in memory. Tokens are secrets:
 *    they are never written to disk, and every token fetched is registered with `transport.addSecrets`
 *    before it is used; every error built here is redacted with `transport.secrets()`, so an errmsg
 *    echoing the token or the app secret never reaches a message.
 *  - A sandbox target without credentials sends the placeholder "sandbox" for appId and secret.
 *  - `token()` returns the cached token or fetches one. By default through
 *    `POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh: false}` (the same token for
 *    several processes until it nears expiry, so a parallel `plan` does not invalidate an `apply`'s token);
 *    `tokenKind: 'basic'` uses `GET /cgi-bin/token` instead (each fetch invalidates earlier tokens).
 *    Concurrent callers share one fetch. The cached token is dropped a little before `expires_in` ends.
 *    Paths are overridable per target: `paths: { 'token.stable': ..., 'token.basic': ... }`.
 *  - `invalidate(token?)` drops the cached token (only if it is still `token`, when given, so that many
 *    requests failing with the same expired token cause one re-fetch, not one each).
 *  - `classify(res)`: errcode 40001/40014/42001 -> 'auth'; -1 and 45011 -> 'busy'; any other non-zero
 *    errcode (45009 included: the daily quota does not come back by retrying) -> 'fail'; HTTP >= 500 ->
 *    'fail' (the transport treats it as a server error); otherwise 'ok'.
 *  - `call(req)` performs one API call: builds `<baseUrl><path>?access_token=<token>&<query>` per attempt
 *    (so a retry after re-authentication carries the new token), re-authenticates and retries once on an
 *    'auth' verdict, backs off on 'busy' (transport retry policy), parses the `{errcode, errmsg}` envelope
 *    and throws `PlatformError` (platform = target.platform, with a hint) for any non-zero errcode.
 *    It returns the whole JSON reply, parsed with `req.schema` when given (zod; a shape mismatch is a
 *    ResponseShapeError naming the endpoint).
 */
import { z } from 'zod';
import type { TargetConfig } from '../../config/model.js';
import {
  parseResponse,
  PlatformError,
  type ClassifyInput,
  type PlatformHint,
  type Transport,
  type Verdict,
} from '../../http/index.js';
import { endpointOf, type EndpointTable } from '../endpoints.js';
import { createTargetTransport } from '../transport.js';
import type { ClientDeps } from '../types.js';

/**
 * The token calls. stable_token without force_refresh changes nothing on the platform (a read);
 * /cgi-bin/token invalidates earlier tokens (a write, idempotent: any repeat leaves one valid token).
 */
const TOKEN_ENDPOINTS = {
  'token.stable': { method: 'POST', path: '/cgi-bin/stable_token', safety: 'read' },
  'token.basic': { method: 'GET', path: '/cgi-bin/token', safety: 'idempotent' },
} as const satisfies EndpointTable;

/** errcodes after which a fresh token makes the same request succeed. */
const WECHAT_AUTH_CODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);
/** errcodes that mean "try again later": -1 system busy, 45011 per-minute limit. */
const WECHAT_BUSY_CODES: ReadonlySet<number> = new Set([-1, 45011]);

/** Hints for the codes shared by every WeChat API; adapters add their own with `WechatCallRequest.hints`. */
const COMMON_HINTS: Record<number, string> = {
  [-1]: 'the platform stayed busy through every retry; run apply again later',
  40001: 'the access token was refused even after re-authentication; check appId/secret of the target',
  40013: 'the appId is not valid; check appId of the target',
  40014: 'the access token was refused even after re-authentication; check appId/secret of the target',
  40125: 'the secret is not valid; check secret of the target',
  40164: 'the calling IP is not in the account\'s IP whitelist; add it in the WeChat console',
  41001: 'no access token was sent; check the token paths of the target',
  42001: 'the access token expired again right after re-authentication; check the machine clock',
  45009: 'daily quota exhausted; try after midnight Beijing time',
  45011: 'per-minute call limit reached through every retry; wait a minute and run apply again',
  47001: 'the platform could not read the request body; this is a bug in catalog, please report it',
  48001: 'the account has no permission for this API, or the path is wrong (check `paths:` of the target)',
};

interface WechatAuthOptions {
  target: TargetConfig;
  /** The adapter's transport: token fetches go through it (rate limit, retries) and tokens are registered with it. */
  transport: Transport;
  /** 'stable' (default) or 'basic' (`GET /cgi-bin/token`). */
  tokenKind?: 'stable' | 'basic';
  /** Injectable clock (epoch ms) for tests. */
  now?: () => number;
}

interface WechatCallRequest<S extends z.ZodType = z.ZodType> {
  /** The call: its name in the adapter's endpoint table (`target.paths[op]` overrides its path). */
  op: string;
  endpoints: EndpointTable;
  /** Extra query parameters (besides access_token). */
  query?: Record<string, string>;
  /** A JSON body (serialised once) or raw bytes with their content type in `headers`. */
  json?: unknown;
  body?: Uint8Array;
  headers?: Record<string, string>;
  /** The object concerned, "Kind/key", for error messages. */
  objectKey?: string;
  /** Parses the successful reply. */
  schema?: S;
  /** Reads the reply text as JSON (default: the transport's JSON.parse), e.g. keeping big integer ids exact. */
  readJson?: (text: string) => unknown;
  /**
   * Platform-specific hints by errcode (override the common ones); a function reads the message,
   * e.g. to name the catalog field a refusal is about.
   */
  hints?: Record<number, string | ((message: string) => PlatformHint)>;
  timeoutMs?: number;
}

export interface WechatAuth {
  token(): Promise<string>;
  invalidate(token?: string): void;
  classify(res: ClassifyInput): Verdict;
  call<S extends z.ZodType = z.ZodType<WechatEnvelope>>(req: WechatCallRequest<S>): Promise<z.output<S>>;
}

const wechatEnvelope = z.looseObject({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
});
export type WechatEnvelope = z.output<typeof wechatEnvelope>;

const tokenReply = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

function classifyWechat(res: ClassifyInput): Verdict {
  if (res.status >= 500) return 'fail';
  const env = wechatEnvelope.safeParse(res.json);
  const code = env.success ? env.data.errcode : undefined;
  if (code === undefined || code === 0) return res.status < 400 ? 'ok' : 'fail';
  if (WECHAT_AUTH_CODES.has(code)) return 'auth';
  if (WECHAT_BUSY_CODES.has(code)) return 'busy';
  return 'fail';
}

/** A token is dropped this long before it expires: 1/10 of its lifetime, at most 5 minutes. */
function safetyMarginMs(expiresInSeconds: number): number {
  return Math.min(300_000, expiresInSeconds * 100);
}

export function createWechatAuth(opts: WechatAuthOptions): WechatAuth {
  const { target, transport } = opts;
  const now = opts.now ?? Date.now;
  const kind = opts.tokenKind ?? 'stable';
  const platform = target.platform;
  // A sandbox target may have no credentials; the simulator accepts any non-empty value then.
  const appId = target.credentials.appId ?? (target.sandbox ? 'sandbox' : '');
  const secret = target.credentials.secret ?? (target.sandbox ? 'sandbox' : '');
  if (target.credentials.secret) transport.addSecrets([target.credentials.secret]);

  let cached: { token: string; staleAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  // Redacted with the transport's secrets as they are when the error is built: the app secret and
  // every token fetched so far (an errmsg may echo the token or secret that was sent).
  const platformError = (endpoint: string, code: string | number, message: string, hint: string, objectKey?: string, catalogField?: string) =>
    new PlatformError({ platform, target: target.name, endpoint, code, message, hint, ...(objectKey ? { objectKey } : {}), ...(catalogField ? { catalogField } : {}) }, transport.secrets());

  async function fetchToken(): Promise<string> {
    const op = kind === 'stable' ? 'token.stable' : 'token.basic';
    const e = endpointOf(TOKEN_ENDPOINTS, op, target);
    const tokenPath = e.path;
    const endpoint = `${platform} ${tokenPath.replace(/^\//, '')}`;
    const res = await transport.send({
      endpoint,
      method: e.method,
      safety: e.safety,
      build: () =>
        kind === 'stable'
          ? {
              url: `${target.baseUrl}${tokenPath}`,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret, force_refresh: false }),
            }
          : {
              url: `${target.baseUrl}${tokenPath}?${new URLSearchParams({ grant_type: 'client_credential', appid: appId, secret })}`,
            },
      // Token errors are never 'auth' (re-fetching cannot fix wrong credentials).
      classify: (r) => {
        const verdict = classifyWechat(r);
        return verdict === 'auth' ? 'fail' : verdict;
      },
    });
    const env = parseResponse(wechatEnvelope, res.json ?? {}, endpoint);
    if (env.errcode !== undefined && env.errcode !== 0) {
      const hint =
        env.errcode === 40001 || env.errcode === 40125 || env.errcode === 40013 || env.errcode === 41002 || env.errcode === 41004
          ? 'the platform refused the credentials; check appId and secret of the target'
          : (COMMON_HINTS[env.errcode] ?? 'could not obtain an access token; check the credentials and baseUrl of the target');
      throw platformError(endpoint, env.errcode, env.errmsg ?? '', hint);
    }
    const reply = parseResponse(tokenReply, res.json, endpoint);
    transport.addSecrets([reply.access_token]);
    cached = { token: reply.access_token, staleAt: now() + reply.expires_in * 1000 - safetyMarginMs(reply.expires_in) };
    return reply.access_token;
  }

  function token(): Promise<string> {
    if (cached && now() < cached.staleAt) return Promise.resolve(cached.token);
    inflight ??= fetchToken().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  function invalidate(stale?: string): void {
    if (stale === undefined || cached?.token === stale) cached = undefined;
  }

  async function call<S extends z.ZodType>(req: WechatCallRequest<S>): Promise<z.output<S>> {
    const e = endpointOf(req.endpoints, req.op, target);
    const callPath = e.path;
    const endpoint = `${platform} ${callPath.replace(/^\//, '')}`;
    const body = req.json !== undefined ? JSON.stringify(req.json) : req.body;
    const headers = req.json !== undefined ? { 'content-type': 'application/json', ...req.headers } : req.headers;
    let usedToken: string | undefined;
    const res = await transport.send({
      endpoint,
      method: e.method,
      safety: e.safety,
      ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}),
      build: async () => {
        usedToken = await token();
        const query = new URLSearchParams({ access_token: usedToken, ...req.query });
        return { url: `${target.baseUrl}${callPath}?${query}`, ...(headers ? { headers } : {}), ...(body !== undefined ? { body } : {}) };
      },
      classify: classifyWechat,
      reauth: () => invalidate(usedToken),
    });
    if (res.json === undefined) {
      throw platformError(endpoint, `HTTP ${res.status}`, res.text.slice(0, 200), 'the reply was not JSON; re-run later, and if it persists check baseUrl of the target', req.objectKey);
    }
    const json = req.readJson ? req.readJson(res.text) : res.json;
    const env = parseResponse(wechatEnvelope, json, endpoint);
    if (env.errcode !== undefined && env.errcode !== 0) {
      const found = req.hints?.[env.errcode] ?? COMMON_HINTS[env.errcode] ?? 'run `catalog plan` to see the current state; if it persists, contact the platform with the message above';
      const { hint, catalogField } = typeof found === 'function' ? found(env.errmsg ?? '') : { hint: found, catalogField: undefined };
      throw platformError(endpoint, env.errcode, env.errmsg ?? '', hint, req.objectKey, catalogField);
    }
    if (res.status >= 400) {
      throw platformError(endpoint, `HTTP ${res.status}`, env.errmsg ?? '', 'check baseUrl and `paths:` of the target', req.objectKey);
    }
    return (req.schema ? parseResponse(req.schema, json, endpoint) : env) as z.output<S>;
  }

  return { token, invalidate, classify: classifyWechat, call };
}

/**
 * What each WeChat client is built on: the target's transport (createTargetTransport), the token
 * of its app on that transport, and the fetch that downloads catalog images from other hosts before
 * they are uploaded (`deps.downloadFetch`; in the sandbox, the sandbox only).
 */
export function wechatConnection(target: TargetConfig, deps: ClientDeps): { transport: Transport; auth: WechatAuth; downloadFetch: typeof fetch } {
  const transport = createTargetTransport(target, deps);
  return { transport, auth: createWechatAuth({ target, transport }), downloadFetch: deps.downloadFetch ?? deps.fetch ?? globalThis.fetch };
}
