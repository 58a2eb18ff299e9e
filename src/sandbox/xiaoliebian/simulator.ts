/**
 * 小裂变 open platform simulator: products, product groups, product–group binding and market state.
 *
 * Written from the vendor's page only (docs/platforms/xiaoliebian.md, "Facts the adapter relies on"). It gives the
 * envelope `{success, code, msg, value, traceId}`, the Bearer header, `product/add` and
 * `product/update/market/state`; everything else (paths in paths.ts, error codes below, token endpoint,
 * list/detail shapes) is assumed and documented here.
 *
 * Behaviour (assumed where the document is silent):
 * - Every reply is HTTP 200 with the envelope, except an unknown path (HTTP 404, code 404) and a wrong
 *   method (HTTP 405, code 405). Success: `success: true, code: 0, msg: ""`.
 * - `POST /auth/token {appId, secret}` -> `value {accessToken, expiresIn}`; tokens stay valid for
 *   `options.tokenTtlSeconds` (default 7200) and a new token does not revoke older ones.
 *   A missing, unknown or expired token -> code 401 (re-authenticate and retry).
 * - A product may be bound to several groups (the vendor's product-add page: 同一商品可绑定多个分组).
 *   `groupId` on add binds the new product to that group; `groupId` on edit binds it to one more group
 *   (a group it is bound to already stays bound once; the other bindings are kept); product/group/unbind
 *   {productId, groupId} removes one binding (10003 when the product is not bound to that group).
 *   `groupId: ""` or null in edit is refused (use unbind). A group with bound products cannot be deleted.
 *   Reads give `groupIds` (every binding, in binding order) and, as a one-group client expects,
 *   `groupId` / `groupName` of the first binding (null when unbound).
 * - Group names are unique per account. Price is a string of yuan with at most 2 decimals and is
 *   returned normalised to 2 decimals. `marketState` defaults to 2 (off market) on add.
 * - Lists: `{pageNo >= 1 (default 1), pageSize 1..100 (default 10)}` -> `{total, list}` in a stable order.
 * - Unknown body fields are ignored; known fields are strictly typed (e.g. price must be a string).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { SimContext, SimRequest, SimResponse, Simulator } from '../types.js';
import { resolveXiaoliebianPaths, type XiaoliebianCall, type XiaoliebianEndpoint } from './paths.js';
import { xiaoliebianSeed } from './seed.js';
import {
  emptyXiaoliebianState,
  type XiaoliebianGroup,
  type XiaoliebianProduct,
  type XiaoliebianProductLink,
  type XiaoliebianState,
} from './state.js';

/** Envelope `code` values. Only 0 = success is documented; the rest are the simulator's choice. */
export const XIAOLIEBIAN_CODES = {
  ok: 0,
  /** 参数校验失败: missing/mistyped field, length or range. */
  invalidParam: 400,
  /** 认证令牌缺失、无效或已过期: fetch a new token and retry. */
  unauthorized: 401,
  /** 接口不存在 (HTTP 404). */
  noSuchApi: 404,
  /** 请求方法不支持 (HTTP 405). */
  methodNotAllowed: 405,
  /** 系统繁忙: retry with backoff. */
  busy: 429,
  /** appId 或 secret 错误. */
  badCredentials: 40001,
  productNotFound: 10001,
  productIdTaken: 10002,
  productNotInGroup: 10003,
  groupNotFound: 20001,
  groupNameTaken: 20002,
  groupHasProducts: 20003,
} as const;

const XIAOLIEBIAN_DEFAULT_TOKEN_TTL_SECONDS = 7200;
const XIAOLIEBIAN_MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;
/** Assumed: the document gives no limit for group names. */
const XIAOLIEBIAN_MAX_GROUP_NAME = 64;

/** A refused request: becomes `{success: false, code, msg}`. */
class Refusal {
  constructor(
    readonly code: number,
    readonly msg: string,
  ) {}
}

function refuse(code: number, msg: string): never {
  throw new Refusal(code, msg);
}

function envelope(status: number, code: number, msg: string, value: unknown): SimResponse {
  const traceId = randomUUID().replaceAll('-', '');
  return { status, headers: { 'content-type': 'application/json' }, body: { success: code === 0, code, msg, value, traceId } };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const chars = (s: string): number => [...s].length;

/** Typed access to one request's parameters (JSON body or query string); every failure is a 400 refusal. */
class Params {
  constructor(private readonly input: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.input[name] !== undefined;
  }

  string(name: string, rule: { required?: boolean; max?: number } = {}): string | undefined {
    const v = this.input[name];
    if (v === undefined || v === null) {
      if (rule.required) refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}不能为空`);
      return undefined;
    }
    if (typeof v !== 'string') refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}必须为字符串`);
    if (rule.required && v.trim() === '') refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}不能为空`);
    if (rule.max !== undefined && chars(v) > rule.max) {
      refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}长度不能超过${rule.max}`);
    }
    return v;
  }

  integer(name: string, rule: { required?: boolean; min?: number; max?: number; oneOf?: readonly number[] } = {}): number | undefined {
    const v = this.input[name];
    if (v === undefined || v === null) {
      if (rule.required) refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}不能为空`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}必须为整数`);
    if (rule.oneOf && !rule.oneOf.includes(v)) {
      refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}取值只能为${rule.oneOf.join('或')}`);
    }
    if (rule.min !== undefined && v < rule.min) refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}不能小于${rule.min}`);
    if (rule.max !== undefined && v > rule.max) refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}不能超过${rule.max}`);
    return v;
  }

  /** A page request: `pageNo` >= 1 (default 1), `pageSize` 1..100 (default 10). */
  page(): { pageNo: number; pageSize: number } {
    const pageNo = this.integer('pageNo', { min: 1 }) ?? 1;
    const pageSize = this.integer('pageSize', { min: 1, max: XIAOLIEBIAN_MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE;
    return { pageNo, pageSize };
  }

  /** Price: a string of yuan with at most two decimals, returned normalised ("19.9" -> "19.90"). */
  price(name: string, required: boolean): string | undefined {
    const v = this.string(name, { required });
    if (v === undefined) return undefined;
    if (!/^\d{1,9}(\.\d{1,2})?$/.test(v)) refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}格式错误，应为最多两位小数的金额(元)`);
    const [yuan, fraction = ''] = v.split('.');
    return `${BigInt(yuan!).toString()}.${fraction.padEnd(2, '0')}`;
  }

  productLink(name: string, required: boolean): XiaoliebianProductLink | undefined {
    const v = this.input[name];
    if (v === undefined || v === null) {
      if (required) refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}不能为空`);
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}必须为对象`);
    const link = new Params(v as Record<string, unknown>);
    const productUrl = link.string('productUrl', { max: 1024 });
    const appId = link.string('appId', { max: 64 });
    const path = link.string('path', { max: 1024 });
    const hasUrl = productUrl !== undefined && productUrl !== '';
    const hasMiniProgram = (appId ?? '') !== '' || (path ?? '') !== '';
    if (hasUrl && hasMiniProgram) refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}不能同时包含productUrl和appId/path`);
    if (hasUrl) return { productUrl };
    if (appId && path) return { appId, path };
    return refuse(XIAOLIEBIAN_CODES.invalidParam, `${name}必须包含productUrl，或同时包含appId和path`);
  }
}

function productView(state: XiaoliebianState, p: XiaoliebianProduct): Record<string, unknown> {
  return {
    productId: p.productId,
    title: p.title,
    banner: p.banner,
    price: p.price,
    platformType: p.platformType,
    productLink: p.productLink,
    groupIds: [...p.groupIds],
    groupId: p.groupIds[0] ?? null,
    groupName: p.groupIds[0] === undefined ? null : (state.groups[p.groupIds[0]]?.groupName ?? null),
    useScene: p.useScene,
    marketState: p.marketState,
    createTime: p.createTime,
    updateTime: p.updateTime,
  };
}

function boundProductCount(state: XiaoliebianState, groupId: string): number {
  let n = 0;
  for (const p of Object.values(state.products)) if (p.groupIds.includes(groupId)) n++;
  return n;
}

function groupView(state: XiaoliebianState, g: XiaoliebianGroup): Record<string, unknown> {
  return {
    groupId: g.groupId,
    groupName: g.groupName,
    productCount: boundProductCount(state, g.groupId),
    createTime: g.createTime,
    updateTime: g.updateTime,
  };
}

function pageOf<T>(items: T[], page: { pageNo: number; pageSize: number }): { total: number; list: T[] } {
  const start = (page.pageNo - 1) * page.pageSize;
  return { total: items.length, list: items.slice(start, start + page.pageSize) };
}

function existingProduct(state: XiaoliebianState, productId: string): XiaoliebianProduct {
  return state.products[productId] ?? refuse(XIAOLIEBIAN_CODES.productNotFound, `商品不存在: ${productId}`);
}

function existingGroup(state: XiaoliebianState, groupId: string): XiaoliebianGroup {
  return state.groups[groupId] ?? refuse(XIAOLIEBIAN_CODES.groupNotFound, `分组不存在: ${groupId}`);
}

function requireUniqueGroupName(state: XiaoliebianState, groupName: string, exceptGroupId?: string): void {
  for (const g of Object.values(state.groups)) {
    if (g.groupName === groupName && g.groupId !== exceptGroupId) {
      refuse(XIAOLIEBIAN_CODES.groupNameTaken, `分组名称已存在: ${groupName}`);
    }
  }
}

/**
 * The product fields add and edit share; on add the documented required ones must be present.
 * `bindGroupId`: the group `groupId` binds the product to (in addition to its other groups).
 */
function productFields(p: Params, state: XiaoliebianState, isAdd: boolean): Partial<Omit<XiaoliebianProduct, 'groupIds'>> & { bindGroupId?: string } {
  const fields: Partial<Omit<XiaoliebianProduct, 'groupIds'>> & { bindGroupId?: string } = {};
  const title = p.string('title', { required: isAdd, max: 128 });
  if (title !== undefined) fields.title = title;
  const banner = p.string('banner', { required: isAdd, max: 256 });
  if (banner !== undefined) fields.banner = banner;
  const price = p.price('price', isAdd);
  if (price !== undefined) fields.price = price;
  const platformType = p.integer('platformType', { required: isAdd, min: 0 });
  if (platformType !== undefined) fields.platformType = platformType;
  const productLink = p.productLink('productLink', isAdd);
  if (productLink !== undefined) fields.productLink = productLink;
  // Present means "bind to this group": null or "" is refused (unbinding has its own call).
  if (p.has('groupId')) fields.bindGroupId = existingGroup(state, p.string('groupId', { required: true })!).groupId;
  const useScene = p.integer('useScene');
  if (useScene !== undefined) fields.useScene = useScene;
  const marketState = p.integer('marketState', { oneOf: [1, 2] });
  if (marketState !== undefined) fields.marketState = marketState as 1 | 2;
  return fields;
}

interface CallContext {
  p: Params;
  state: XiaoliebianState;
  now: number;
  ctx: SimContext<XiaoliebianState>;
}

/** One function per endpoint: returns the envelope `value`, or throws a Refusal. */
const CALLS: Record<XiaoliebianCall, (c: CallContext) => unknown> = {
  token({ p, state, now, ctx }) {
    const appId = p.string('appId', { required: true });
    const secret = p.string('secret', { required: true });
    const expected = ctx.credentials;
    if (!expected.appId || appId !== expected.appId || secret !== expected.secret) {
      refuse(XIAOLIEBIAN_CODES.badCredentials, 'appId或secret错误');
    }
    for (const [hash, expiresAt] of Object.entries(state.tokens)) if (expiresAt <= now) delete state.tokens[hash];
    const ttlSeconds = tokenTtlSeconds(ctx.options);
    const accessToken = `xlb_${randomUUID().replaceAll('-', '')}`;
    state.tokens[hashToken(accessToken)] = now + ttlSeconds * 1000;
    ctx.changed();
    return { accessToken, expiresIn: ttlSeconds };
  },

  productList({ p, state }) {
    const { total, list } = pageOf(Object.values(state.products), p.page());
    return { total, list: list.map((x) => productView(state, x)) };
  },

  productDetail({ p, state }) {
    const productId = p.string('productId', { required: true })!;
    return productView(state, existingProduct(state, productId));
  },

  productAdd({ p, state, now, ctx }) {
    const productId = p.string('productId', { required: true, max: 128 })!;
    if (state.products[productId]) refuse(XIAOLIEBIAN_CODES.productIdTaken, `商品id已存在: ${productId}`);
    const { bindGroupId, ...fields } = productFields(p, state, true);
    state.products[productId] = {
      productId,
      title: fields.title!,
      banner: fields.banner!,
      price: fields.price!,
      platformType: fields.platformType!,
      productLink: fields.productLink!,
      groupIds: bindGroupId === undefined ? [] : [bindGroupId],
      useScene: fields.useScene ?? null,
      marketState: fields.marketState ?? 2,
      createTime: now,
      updateTime: now,
    };
    ctx.changed();
    return null;
  },

  productEdit({ p, state, now, ctx }) {
    const product = existingProduct(state, p.string('productId', { required: true })!);
    const { bindGroupId, ...fields } = productFields(p, state, false);
    Object.assign(product, fields, { updateTime: now });
    if (bindGroupId !== undefined && !product.groupIds.includes(bindGroupId)) product.groupIds.push(bindGroupId);
    ctx.changed();
    return null;
  },

  productDelete({ p, state, ctx }) {
    const product = existingProduct(state, p.string('productId', { required: true })!);
    delete state.products[product.productId];
    ctx.changed();
    return null;
  },

  productGroupUnbind({ p, state, now, ctx }) {
    const product = existingProduct(state, p.string('productId', { required: true })!);
    const group = existingGroup(state, p.string('groupId', { required: true })!);
    if (!product.groupIds.includes(group.groupId)) {
      refuse(XIAOLIEBIAN_CODES.productNotInGroup, `商品${product.productId}未绑定分组${group.groupId}`);
    }
    product.groupIds = product.groupIds.filter((id) => id !== group.groupId);
    product.updateTime = now;
    ctx.changed();
    return null;
  },

  productMarketState({ p, state, now, ctx }) {
    const productId = p.string('productId', { required: true, max: 128 })!;
    const marketState = p.integer('marketState', { required: true, oneOf: [1, 2] }) as 1 | 2;
    const product = existingProduct(state, productId);
    product.marketState = marketState;
    product.updateTime = now;
    ctx.changed();
    return null;
  },

  groupList({ p, state }) {
    const { total, list } = pageOf(Object.values(state.groups), p.page());
    return { total, list: list.map((g) => groupView(state, g)) };
  },

  groupDetail({ p, state }) {
    return groupView(state, existingGroup(state, p.string('groupId', { required: true })!));
  },

  groupAdd({ p, state, now, ctx }) {
    const groupName = p.string('groupName', { required: true, max: XIAOLIEBIAN_MAX_GROUP_NAME })!;
    requireUniqueGroupName(state, groupName);
    const groupId = String(state.nextGroupId++);
    state.groups[groupId] = { groupId, groupName, createTime: now, updateTime: now };
    ctx.changed();
    return { groupId };
  },

  groupEdit({ p, state, now, ctx }) {
    const group = existingGroup(state, p.string('groupId', { required: true })!);
    const groupName = p.string('groupName', { required: true, max: XIAOLIEBIAN_MAX_GROUP_NAME })!;
    requireUniqueGroupName(state, groupName, group.groupId);
    group.groupName = groupName;
    group.updateTime = now;
    ctx.changed();
    return null;
  },

  groupDelete({ p, state, ctx }) {
    const group = existingGroup(state, p.string('groupId', { required: true })!);
    const bound = boundProductCount(state, group.groupId);
    if (bound > 0) {
      refuse(XIAOLIEBIAN_CODES.groupHasProducts, `分组下存在${bound}个商品，请先删除商品与分组的绑定`);
    }
    delete state.groups[group.groupId];
    ctx.changed();
    return null;
  },
};

function tokenTtlSeconds(options: Record<string, unknown>): number {
  const ttl = options.tokenTtlSeconds;
  return typeof ttl === 'number' && ttl > 0 ? ttl : XIAOLIEBIAN_DEFAULT_TOKEN_TTL_SECONDS;
}

function findCall(req: SimRequest, options: Record<string, unknown>): [XiaoliebianCall, XiaoliebianEndpoint] | undefined {
  const table = resolveXiaoliebianPaths(options.paths);
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  for (const [call, endpoint] of Object.entries(table) as [XiaoliebianCall, XiaoliebianEndpoint][]) {
    if (endpoint.path === path) return [call, endpoint];
  }
  return undefined;
}

function requireToken(req: SimRequest, state: XiaoliebianState, now: number): void {
  const header = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) refuse(XIAOLIEBIAN_CODES.unauthorized, '缺少认证令牌');
  const expiresAt = state.tokens[hashToken(match[1]!)];
  if (expiresAt === undefined || expiresAt <= now) refuse(XIAOLIEBIAN_CODES.unauthorized, '认证令牌无效或已过期');
}

function readParams(req: SimRequest, endpoint: XiaoliebianEndpoint): Params {
  if (endpoint.method === 'GET') return new Params(Object.fromEntries(req.query));
  let body: unknown;
  try {
    body = JSON.parse(req.text);
  } catch {
    refuse(XIAOLIEBIAN_CODES.invalidParam, '请求体不是合法的JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) refuse(XIAOLIEBIAN_CODES.invalidParam, '请求体必须为JSON对象');
  return new Params(body as Record<string, unknown>);
}

export const xiaoliebianSimulator: Simulator<XiaoliebianState> = {
  platform: 'xiaoliebian',

  initialState(seed: boolean): XiaoliebianState {
    return seed ? xiaoliebianSeed() : emptyXiaoliebianState();
  },

  handle(req, ctx) {
    const found = findCall(req, ctx.options);
    if (!found) return envelope(404, XIAOLIEBIAN_CODES.noSuchApi, `接口不存在: ${req.path}`, null);
    const [call, endpoint] = found;
    if (req.method.toUpperCase() !== endpoint.method) {
      return envelope(405, XIAOLIEBIAN_CODES.methodNotAllowed, `请求方法不支持: ${req.method}`, null);
    }
    const now = ctx.clock.now();
    try {
      if (call !== 'token') requireToken(req, ctx.state, now);
      const value = CALLS[call]({ p: readParams(req, endpoint), state: ctx.state, now, ctx });
      return envelope(200, XIAOLIEBIAN_CODES.ok, '', value);
    } catch (e) {
      if (e instanceof Refusal) return envelope(200, e.code, e.msg, null);
      throw e;
    }
  },

  busyResponse() {
    return envelope(200, XIAOLIEBIAN_CODES.busy, '系统繁忙，请稍后再试', null);
  },

  // isWrite has no context, so it knows the default paths only (fault "lost" ignores overridden paths).
  isWrite(req) {
    return findCall(req, {})?.[1].write ?? false;
  },
};
