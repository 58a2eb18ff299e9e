/**
 * WeChat access tokens, shared by the simulators of the WeChat platforms.
 *
 * - `GET /cgi-bin/token?grant_type=client_credential&appid=&secret=` issues a new token and
 *   invalidates every earlier token from this endpoint (stable tokens are unaffected).
 * - `POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh}` returns the current stable
 *   token (with its remaining `expires_in`) until it is within 1/24 of its lifetime of expiring
 *   (300 s of the default 7200 s); then, or with `force_refresh: true`, a new one. A forced refresh
 *   invalidates the earlier stable token; a routine renewal leaves it valid until it expires.
 * - Lifetime: option `tokenTtlSeconds` (default 7200), on the simulator clock.
 * - Every other call needs `?access_token=`: missing 41001, malformed 40014, unknown or superseded
 *   40001, expired 42001.
 * - Credentials: `appid` must equal credentials.appId (40013) and `secret` credentials.secret (40001).
 *   When the account was given no such credential (a sandbox target without credentials), any
 *   non-empty value is accepted.
 *
 * Tokens are secrets: the state keeps only their SHA-256. A stable token is re-derived when it is
 * handed out again (HMAC of the account secret and a per-token salt), so it is never stored either.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { SimContext, SimRequest, SimResponse } from '../types.js';
import { fail, jsonBody, numberOption, WX, WxFailure } from './envelope.js';

interface IssuedToken {
  /** SHA-256 (hex) of the token. */
  hash: string;
  kind: 'basic' | 'stable';
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
  /** Stable tokens: the random salt the token is derived from. */
  salt?: string;
}

export interface WxAuthState {
  /** Most recent last; bounded (see MAX_REMEMBERED_TOKENS). */
  tokens: IssuedToken[];
}

export function newAuthState(): WxAuthState {
  return { tokens: [] };
}

const DEFAULT_TOKEN_TTL_SECONDS = 7200;
/** Enough to tell "superseded" (40001) and "expired" (42001) apart for recently used tokens. */
const MAX_REMEMBERED_TOKENS = 16;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{20,512}$/;

export const TOKEN_PATHS = new Set(['/cgi-bin/token', '/cgi-bin/stable_token']);

function ttlMs(ctx: SimContext<unknown>): number {
  return numberOption(ctx.options, 'tokenTtlSeconds', DEFAULT_TOKEN_TTL_SECONDS) * 1000;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function stableTokenText(ctx: SimContext<unknown>, token: IssuedToken): string {
  const key = ctx.credentials['secret'] ?? 'sandbox-account-without-secret';
  const mac = createHmac('sha256', key).update(`stable\n${token.issuedAt}\n${token.salt ?? ''}`).digest('base64url');
  return `${Math.floor(token.issuedAt / 1000) % 100}_${mac}${createHmac('sha256', key).update(mac).digest('base64url')}`;
}

/** Checks appid/secret; undefined when they are right. */
function checkCredentials(ctx: SimContext<unknown>, appid: unknown, secret: unknown): WxFailure | undefined {
  if (typeof appid !== 'string' || appid === '') return fail(WX.appIdMissing, 'appid missing');
  const expectedAppId = ctx.credentials['appId'];
  if (expectedAppId !== undefined && appid !== expectedAppId) return fail(WX.invalidAppId, 'invalid appid');
  if (typeof secret !== 'string' || secret === '') return fail(WX.secretMissing, 'appsecret missing');
  const expectedSecret = ctx.credentials['secret'];
  if (expectedSecret !== undefined && secret !== expectedSecret) {
    return fail(WX.invalidCredential, 'invalid credential, appsecret is wrong');
  }
  return undefined;
}

function remember(auth: WxAuthState, token: IssuedToken, now: number): void {
  auth.tokens = auth.tokens.filter((t) => t.expiresAt > now - 86_400_000);
  auth.tokens.push(token);
  if (auth.tokens.length > MAX_REMEMBERED_TOKENS) auth.tokens.splice(0, auth.tokens.length - MAX_REMEMBERED_TOKENS);
}

/** The real token endpoints answer without errcode/errmsg on success. */
function tokenReply(token: string, expiresAtMs: number, now: number): SimResponse {
  const expiresIn = Math.max(0, Math.floor((expiresAtMs - now) / 1000));
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { access_token: token, expires_in: expiresIn } };
}

function issueBasicToken(ctx: SimContext<unknown>, auth: WxAuthState): SimResponse {
  const now = ctx.clock.now();
  for (const t of auth.tokens) if (t.kind === 'basic') t.revoked = true;
  const token = `${Math.floor(now / 1000) % 100}_${randomBytes(96).toString('base64url')}`;
  const expiresAt = now + ttlMs(ctx);
  remember(auth, { hash: sha256(token), kind: 'basic', issuedAt: now, expiresAt, revoked: false }, now);
  ctx.changed();
  return tokenReply(token, expiresAt, now);
}

function issueStableToken(ctx: SimContext<unknown>, auth: WxAuthState, forceRefresh: boolean): SimResponse {
  const now = ctx.clock.now();
  const ttl = ttlMs(ctx);
  const current = [...auth.tokens].reverse().find((t) => t.kind === 'stable' && !t.revoked && t.expiresAt > now);
  // Renewed in the last 1/24 of its lifetime, and in its last second at least: `expires_in` counts
  // whole seconds and is never 0 for a token the platform hands out.
  if (current && !forceRefresh && current.expiresAt - now > Math.max(ttl / 24, 1000)) {
    return tokenReply(stableTokenText(ctx, current), current.expiresAt, now);
  }
  if (forceRefresh) for (const t of auth.tokens) if (t.kind === 'stable') t.revoked = true;
  const issued: IssuedToken = { hash: '', kind: 'stable', issuedAt: now, expiresAt: now + ttl, revoked: false, salt: randomBytes(16).toString('hex') };
  const token = stableTokenText(ctx, issued);
  issued.hash = sha256(token);
  remember(auth, issued, now);
  ctx.changed();
  return tokenReply(token, issued.expiresAt, now);
}

/** Answers the two token endpoints. */
export function handleTokenRequest(req: SimRequest, ctx: SimContext<unknown>, auth: WxAuthState): SimResponse {
  if (req.path === '/cgi-bin/token') {
    if (req.query.get('grant_type') !== 'client_credential') return fail(WX.invalidGrantType, 'invalid grant_type').response;
    const bad = checkCredentials(ctx, req.query.get('appid') ?? undefined, req.query.get('secret') ?? undefined);
    return bad ? bad.response : issueBasicToken(ctx, auth);
  }
  const body = jsonBody(req);
  if (body instanceof WxFailure) return body.response;
  if (body['grant_type'] !== 'client_credential') return fail(WX.invalidGrantType, 'invalid grant_type').response;
  const bad = checkCredentials(ctx, body['appid'], body['secret']);
  if (bad) return bad.response;
  const force = body['force_refresh'];
  if (force !== undefined && typeof force !== 'boolean') return fail(WX.dataFormat, 'data format error: force_refresh must be a boolean').response;
  return issueStableToken(ctx, auth, force === true);
}

/** Checks `?access_token=`; undefined when it is valid, else the error reply. */
export function checkAccessToken(req: SimRequest, ctx: SimContext<unknown>, auth: WxAuthState): SimResponse | undefined {
  const token = req.query.get('access_token');
  if (token === null || token === '') return fail(WX.accessTokenMissing, 'access_token missing').response;
  if (!TOKEN_FORMAT.test(token)) return fail(WX.invalidAccessToken, 'invalid access_token').response;
  const hash = sha256(token);
  const issued = auth.tokens.find((t) => t.hash === hash);
  if (!issued || issued.revoked) {
    return fail(WX.invalidCredential, 'invalid credential, access_token is invalid or not latest').response;
  }
  if (issued.expiresAt <= ctx.clock.now()) return fail(WX.accessTokenExpired, 'access_token expired').response;
  return undefined;
}
