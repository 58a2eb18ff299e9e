/**
 * 小裂变 client: Bearer token, the call table, reads and writes.
 *
 * Auth: `POST <token path> {appId, secret}` -> `{accessToken, expiresIn}` (assumed shape). The token is
 * kept in memory only (never written to disk) until shortly before it expires, fetched once for
 * concurrent callers, and fetched again when a call answers code 401 (token invalid or expired).
 * Envelope `{success, code (0 ok), msg, value, traceId}`; code 429 or a "busy" message is retried.
 */
import type { TargetConfig } from '../../config/model.js';
import { parseResponse, PlatformError, summariseBody, type Transport } from '../../http/index.js';
import type { Json, PlannedCall } from '../../plan/types.js';
import type { CallResult, ClientDeps, InvokeContext, LiveSnapshot, PlatformClient, ReferenceList, ReferenceQuery, RefreshContext } from '../types.js';
import { readXiaoliebianReference } from './references.js';
import { liveGroups, liveProduct, ownedProducts, withBoundProducts } from './mapping.js';
import { ENDPOINTS, envelope, group, groupAddValue, page, product, tokenValue, PAGE_SIZE, type WireGroup, type WireProduct } from './wire.js';
import { endpointOf } from '../endpoints.js';
import type { z } from 'zod';
import { createTargetTransport } from '../transport.js';
import { classifyEnvelope, FALLBACK_HINT, type EnvelopeRules } from '../envelope.js';

/** Envelope codes (the document names only 0): 401 token invalid/expired, 429 busy. */
const AUTH_CODE = 401;
const ENVELOPE: EnvelopeRules<typeof envelope> = { schema: envelope, code: (e) => e.code, message: (e) => e.msg, busyCodes: new Set([429]), authCode: AUTH_CODE };
/** The token call itself: a 401 there is refused credentials, which a new token cannot fix. */
const TOKEN_ENVELOPE: EnvelopeRules<typeof envelope> = { ...ENVELOPE, authCode: undefined };
/** product/group/unbind answers meaning "already not bound" (product gone, or not in that group). */
const NOT_BOUND = /未绑定|not bound|商品不存在|not found/i;
const NOT_BOUND_CODES = new Set([10001, 10003]);
/** ... of them, the ones meaning "this product is not in that group" (the product itself exists). */
const NOT_IN_GROUP = /未绑定|not bound/i;
const NOT_IN_GROUP_CODE = 10003;
/** Renew the token this long before the platform says it expires (at most a tenth of its lifetime). */
const TOKEN_MARGIN_MS = 60_000;

function hintFor(op: string, code: number, msg: string): string {
  if (code === 404 || /接口不存在|no such api/i.test(msg)) {
    return `the path of "${op}" is assumed (the document names only the menu entry); set \`paths: { ${op}: /the/real/path }\` on the target in catalog.config.yaml`;
  }
  const credentials = 'check appId and secret of the target (the platform refused the credentials or the token)';
  if (code === AUTH_CODE) return credentials;
  if (/参数|param|格式|长度|必须|不能/i.test(msg)) return 'the platform rejected a field; fix the object in the catalog (see the message) and plan again';
  if (/appId|secret|令牌|token/i.test(msg)) return credentials;
  if (/已存在|exists|taken/i.test(msg)) {
    return op === 'productAdd'
      ? 'a product with this productId already exists on the platform; run `catalog plan` again to adopt it'
      : 'another group already has this name; rename one of them';
  }
  if (/存在.*商品|has products|先删除/i.test(msg)) return 'products that are not in the catalog are still bound to the group; unbind them on the platform, then apply again';
  return FALLBACK_HINT;
}

export class XiaoliebianClient implements PlatformClient {
  private readonly transport: Transport;
  /** `renewAt`: when the cached token is replaced (shortly before the platform's expiry). */
  private token: { value: string; renewAt: number } | undefined;
  private pendingToken: Promise<string> | undefined;

  constructor(
    private readonly target: TargetConfig,
    deps: ClientDeps,
    private readonly now: () => number = Date.now,
  ) {
    this.transport = createTargetTransport(target, deps);
  }

  /** A valid token: the cached one, or one fetched now (once for all concurrent callers). */
  private async accessToken(): Promise<string> {
    if (this.token && this.token.renewAt > this.now()) return this.token.value;
    this.pendingToken ??= this.fetchToken().finally(() => (this.pendingToken = undefined));
    return this.pendingToken;
  }

  private async fetchToken(): Promise<string> {
    const t = await this.call('token', { appId: this.target.credentials.appId ?? '', secret: this.target.credentials.secret ?? '' }, undefined, tokenValue);
    // Registered before use: the transport's secrets() then redact it from every error text too.
    this.transport.addSecrets([t.accessToken]);
    const lifetimeMs = t.expiresIn * 1000;
    this.token = { value: t.accessToken, renewAt: this.now() + lifetimeMs - Math.min(TOKEN_MARGIN_MS, lifetimeMs / 10) };
    return t.accessToken;
  }

  /**
   * One call; returns `value` of a successful envelope (parsed with `schema` when given, so a shape
   * error names the path actually called), throws PlatformError otherwise.
   */
  async call<S extends z.ZodType = z.ZodType>(op: string, args: { [k: string]: Json }, objectKey?: string, schema?: S): Promise<z.output<S>> {
    const e = endpointOf(ENDPOINTS, op, this.target);
    const endpoint = `xiaoliebian ${e.path.replace(/^\//, '')}`;
    const text = e.method === 'POST' ? JSON.stringify(args) : undefined;
    const query = e.method === 'GET' ? `?${new URLSearchParams(Object.entries(args).map(([k, v]): [string, string] => [k, String(v)]))}` : '';
    let usedToken: string | undefined;
    const res = await this.transport.send({
      endpoint,
      method: e.method,
      safety: e.safety,
      build: async () => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (op !== 'token') {
          usedToken = await this.accessToken();
          headers.authorization = `Bearer ${usedToken}`;
        }
        return { url: `${this.target.baseUrl}${e.path}${query}`, headers, ...(text !== undefined ? { body: text } : {}) };
      },
      classify: (r) => classifyEnvelope(r, op === 'token' ? TOKEN_ENVELOPE : ENVELOPE),
      ...(op !== 'token'
        ? {
            reauth: async () => {
              if (this.token?.value === usedToken) this.token = undefined;
              await this.accessToken();
            },
          }
        : {}),
    });
    const where = { platform: 'xiaoliebian', target: this.target.name, endpoint, ...(objectKey ? { objectKey } : {}) };
    if (res.json === undefined) {
      throw new PlatformError({ ...where, code: `HTTP ${res.status}`, message: summariseBody(res.text), hint: res.status === 404 ? hintFor(op, 404, '') : 're-run later; if it persists, check baseUrl' }, this.transport.secrets());
    }
    const env = parseResponse(envelope, res.json, endpoint);
    const code = Number(env.code);
    if (code !== 0) {
      const msg = env.msg ?? '';
      throw new PlatformError({ ...where, code: env.code, message: msg, hint: hintFor(op, code, msg) }, this.transport.secrets());
    }
    return (schema ? parseResponse(schema, env.value, endpoint) : env.value) as z.output<S>;
  }

  async invoke(call: PlannedCall, action: { kind: string; key: string }, _ctx: InvokeContext): Promise<CallResult> {
    const args = call.args as { [k: string]: Json };
    const objectKey = `${action.kind}/${action.key}`;
    try {
      if (call.op === 'groupAdd') return { id: String((await this.call(call.op, args, objectKey, groupAddValue)).groupId) };
      await this.call(call.op, args, objectKey);
      if (call.op === 'productAdd') return { id: String(args.productId) };
      return {};
    } catch (e) {
      // Unbinding before a group delete: a product that is gone or already moved is fine. A product
      // leaving a group it is not in any more (e.g. an earlier attempt's answer was lost) is done too.
      if (call.op === 'productGroupUnbind' && e instanceof PlatformError) {
        if (action.kind === 'Group' && (NOT_BOUND_CODES.has(Number(e.code)) || NOT_BOUND.test(e.platformMessage))) return {};
        if (action.kind === 'Product' && (Number(e.code) === NOT_IN_GROUP_CODE || NOT_IN_GROUP.test(e.platformMessage))) return {};
      }
      throw e;
    }
  }

  /** Every page of a list call: the first page gives the total, the rest are read concurrently. */
  private async listAll<T extends z.ZodType>(op: string, item: T, count: () => void): Promise<Array<z.infer<T>>> {
    const schema = page(item);
    const read = (pageNo: number) => {
      count();
      return this.call(op, { pageNo, pageSize: PAGE_SIZE }, undefined, schema);
    };
    const first = await read(1);
    const items = [...(first.list ?? [])];
    if (first.total !== undefined) {
      const pages = Math.ceil(first.total / PAGE_SIZE);
      const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => read(i + 2)));
      for (const p of rest) items.push(...(p.list ?? []));
    } else {
      // No total: read on until a short page.
      let last = first;
      for (let n = 2; (last.list ?? []).length === PAGE_SIZE; n++) {
        last = await read(n);
        items.push(...(last.list ?? []));
      }
    }
    return items as Array<z.infer<T>>;
  }

  async refresh(ctx: RefreshContext): Promise<LiveSnapshot> {
    let reads = 0;
    const count = () => void (reads += 1);
    const [wireGroups, wireProducts] = await Promise.all([
      this.listAll('groupList', group, count) as Promise<WireGroup[]>,
      this.listAll('productList', product, count) as Promise<WireProduct[]>,
    ]);
    const groups = liveGroups(wireGroups, ctx.state, ctx.desired);
    const products = wireProducts.map((p) => liveProduct(p, groups));
    return { objects: [...withBoundProducts(groups, products, ownedProducts(ctx.state, ctx.desired, this.target.name)), ...products], readCalls: reads };
  }

  readReference(query: ReferenceQuery): Promise<ReferenceList> {
    return readXiaoliebianReference(() => this.listAll('groupList', group, () => undefined) as Promise<WireGroup[]>, query);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
