/**
 * 外勤365 (勤策) product-group API simulator.
 *
 * Written from the product-group document only (docs/platforms/waiqin365.md, "Facts the adapter relies on").
 * URL: POST /api/product/group/v1/{api}/{openid}/{timestamp}/{digest}/{msg_id}, JSON body.
 *
 * Request checks, in this order (codes other than 0/1 are the simulator's choice: the document refers to
 * an appendix it does not include; see WAIQIN365_CODES):
 * - the path has that shape and names a known api (else HTTP 404), method POST (else HTTP 405);
 * - openid is the tenant's; timestamp is yyyyMMddHHmmss (Asia/Shanghai) within 10 minutes of the
 *   simulator clock; digest = md5_hex(raw body + "|" + appkey + "|" + timestamp) (case-insensitive hex);
 * - msg_id was not accepted in the last hour (a replay is refused). A request that passes these checks
 *   uses up its msg_id even when the call itself then fails.
 *
 * Replies are HTTP 200 `{msg_id, return_code, return_msg, response_data?}`. `return_code` alternates
 * between the number and the string form (0 / "0", 1 / "1", ...) reply by reply, unless
 * `options.returnCodeType` is "number" or "string". `response_data` of queryProductGroupInfos is the
 * JSON-encoded STRING of the page (an array); of saveProductGroup it is the object `{id}`.
 *
 * saveProductGroup upsert: a non-empty `id` modifies that group (unknown id: failure); else a known
 * `source_code` modifies that group; else a group is created (name required). Every save, a
 * modification or a disable included, carries exactly one non-empty list of brands / types (the
 * document states 品牌数据跟商品类型数据不能都为空,也不支持同时存在 for the call, with no exception); the
 * list replaces the group's. Other absent or "" fields keep their value on modify. Each entry needs id
 * or name; an unknown id fails, an unknown name is added to the tenant's brand/type dictionary.
 * `code` and `source_code` are unique among normal groups. `is_enable` is "1" or "0" (default "1").
 * There is no delete call.
 *
 * queryProductGroupInfos: page_number (default 1), page_length 1..1000 (default 1000), filters
 * id / source_code / code (exact), name (substring), is_enable ("1"; "0" or "2" = disabled: the document
 * uses both), status ("0"/"1"), after_create_date / after_modify_date (yyyy-MM-dd HH:mm:ss, strictly after),
 * start_/end_create_date and start_/end_modify_date (yyyy-MM-dd, inclusive days). "" means no filter.
 * There is no total: a short page is the last one.
 */
import type { SimContext, SimRequest, SimResponse, Simulator } from '../types.js';
import { waiqin365Seed } from './seed.js';
import { DATE_ONLY, DATE_TIME, parseShanghaiTime, URL_TIMESTAMP, waiqin365Digest } from './sign.js';
import { emptyWaiqin365State, waiqin365Id, type Waiqin365Group, type Waiqin365Ref, type Waiqin365State } from './state.js';

export const WAIQIN365_PATH_PREFIX = '/api/product/group/v1/';

/** `return_code` values: 0 and 1 are documented; the others are assumed. */
export const WAIQIN365_CODES = {
  ok: 0,
  /** 失败: invalid parameters, unknown group, duplicate code. */
  failure: 1,
  /** openid 不存在. */
  badOpenid: 1001,
  /** 时间戳格式错误或已过期 (more than 10 minutes from the server clock). */
  badTimestamp: 1002,
  /** 数据签名(digest)校验失败. */
  badDigest: 1003,
  /** msg_id 重复 (replay within one hour). */
  replayedMsgId: 1004,
  /** 接口不存在 (HTTP 404). */
  noSuchApi: 1005,
  /** 系统繁忙: retry with backoff (the sandbox's "busy" fault). */
  busy: 9999,
} as const;

const WAIQIN365_TIMESTAMP_WINDOW_MS = 10 * 60_000;
const WAIQIN365_MSG_ID_TTL_MS = 60 * 60_000;
const WAIQIN365_MAX_PAGE_LENGTH = 1000;

type ReturnCodeType = 'alternate' | 'number' | 'string';

class Refusal {
  constructor(
    readonly code: number,
    readonly msg: string,
  ) {}
}

function fail(msg: string, code: number = WAIQIN365_CODES.failure): never {
  throw new Refusal(code, msg);
}

const chars = (s: string): number => [...s].length;

/** An optional string field; "" counts as absent. */
function optionalString(body: Record<string, unknown>, name: string, max: number): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') fail(`${name}必须为字符串`);
  if (chars(v) > max) fail(`${name}长度不能超过${max}`);
  return v;
}

/** An optional integer field, as a JSON number or a string of digits. */
function optionalInteger(body: Record<string, unknown>, name: string): number | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) fail(`${name}必须为整数`);
  return n;
}

interface RefEntry {
  id?: string;
  name?: string;
}

/** brands / types: undefined when absent, else the entries (each with a non-empty id or name). */
function refList(body: Record<string, unknown>, field: 'brands' | 'types'): RefEntry[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(`${field}必须为数组`);
  return v.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`${field}[${i}]必须为对象`);
    const id = optionalString(entry as Record<string, unknown>, 'id', 32);
    const name = optionalString(entry as Record<string, unknown>, 'name', 100);
    if (id === undefined && name === undefined) fail(`${field}[${i}]的ID与名称不能同时为空`);
    return { id, name };
  });
}

/** Resolves entries against the tenant dictionary: ids must exist; unknown names are added. */
function resolveRefs(state: Waiqin365State, field: 'brands' | 'types', entries: RefEntry[]): Waiqin365Ref[] {
  const dictionary = state[field];
  const label = field === 'brands' ? '品牌' : '商品类型';
  for (const e of entries) if (e.id !== undefined && dictionary[e.id] === undefined) fail(`${label}ID不存在: ${e.id}`);
  return entries.map((e) => {
    if (e.id !== undefined) return { id: e.id, name: dictionary[e.id]! };
    const known = Object.entries(dictionary).find(([, name]) => name === e.name);
    if (known) return { id: known[0], name: known[1] };
    const id = waiqin365Id(state.nextId++);
    dictionary[id] = e.name!;
    return { id, name: e.name! };
  });
}

function normalGroups(state: Waiqin365State): Waiqin365Group[] {
  return Object.values(state.groups).filter((g) => g.status === 1);
}

function requireUnique(state: Waiqin365State, field: 'code' | 'source_code', value: string | undefined, self?: Waiqin365Group): void {
  if (value === undefined) return;
  if (normalGroups(state).some((g) => g !== self && g[field] === value)) {
    fail(field === 'code' ? `产品组编码已存在: ${value}` : `外部系统ID已存在: ${value}`);
  }
}

function saveProductGroup(body: Record<string, unknown>, state: Waiqin365State, now: number): { id: string } {
  const id = optionalString(body, 'id', 32);
  const sourceCode = optionalString(body, 'source_code', 100);
  const name = optionalString(body, 'name', 200);
  const code = optionalString(body, 'code', 100);
  const isEnable = optionalString(body, 'is_enable', 32);
  if (isEnable !== undefined && isEnable !== '1' && isEnable !== '0') fail('is_enable只能为1(已启用)或0(已停用)');
  const salesOrgCode = optionalString(body, 'sales_org_code', 100);
  const salesOrgSourceCode = optionalString(body, 'sales_org_source_code', 100);
  const brands = refList(body, 'brands');
  const types = refList(body, 'types');
  const hasBrands = (brands?.length ?? 0) > 0;
  const hasTypes = (types?.length ?? 0) > 0;
  if (hasBrands && hasTypes) fail('品牌数据跟商品类型数据不支持同时存在');
  if (!hasBrands && !hasTypes) fail('品牌数据跟商品类型数据不能都为空');

  let group: Waiqin365Group | undefined;
  if (id !== undefined) {
    group = state.groups[id];
    if (!group || group.status !== 1) fail(`产品组不存在: ${id}`);
  } else if (sourceCode !== undefined) {
    group = normalGroups(state).find((g) => g.source_code === sourceCode);
  }
  if (!group && name === undefined) fail('name不能为空');
  requireUnique(state, 'code', code, group);
  requireUnique(state, 'source_code', sourceCode, group);

  const refs = hasBrands ? { brands: resolveRefs(state, 'brands', brands!), types: [] } : { brands: [], types: resolveRefs(state, 'types', types!) };

  if (!group) {
    const created: Waiqin365Group = {
      id: waiqin365Id(state.nextId++),
      source_code: sourceCode ?? '',
      code: code ?? '',
      name: name!,
      is_enable: (isEnable as '1' | '0' | undefined) ?? '1',
      status: 1,
      sales_org_code: salesOrgCode ?? '',
      sales_org_source_code: salesOrgSourceCode ?? '',
      brands: refs.brands,
      types: refs.types,
      createdAt: now,
      modifiedAt: now,
    };
    state.groups[created.id] = created;
    return { id: created.id };
  }
  if (sourceCode !== undefined) group.source_code = sourceCode;
  if (name !== undefined) group.name = name;
  if (code !== undefined) group.code = code;
  if (isEnable !== undefined) group.is_enable = isEnable as '1' | '0';
  if (salesOrgCode !== undefined) group.sales_org_code = salesOrgCode;
  if (salesOrgSourceCode !== undefined) group.sales_org_source_code = salesOrgSourceCode;
  Object.assign(group, refs);
  group.modifiedAt = now;
  return { id: group.id };
}

function groupView(g: Waiqin365Group): Record<string, unknown> {
  return {
    id: g.id,
    code: g.code,
    name: g.name,
    status: g.status,
    is_enable: g.is_enable,
    source_code: g.source_code,
    sales_org_code: g.sales_org_code,
    sales_org_source_code: g.sales_org_source_code,
    brands: g.brands,
    types: g.types,
  };
}

/** A filter on one time field: `after` strictly after a date-time, `start`/`end` inclusive whole days. */
function timeFilter(body: Record<string, unknown>, after: string, start: string, end: string): (ms: number) => boolean {
  const bound = (name: string, format: RegExp, hint: string): number | undefined => {
    const text = optionalString(body, name, 32);
    if (text === undefined) return undefined;
    return parseShanghaiTime(text, format) ?? fail(`${name}格式错误，应为${hint}`);
  };
  const afterMs = bound(after, DATE_TIME, 'yyyy-MM-dd HH:mm:ss');
  const startMs = bound(start, DATE_ONLY, 'yyyy-MM-dd');
  const endDayMs = bound(end, DATE_ONLY, 'yyyy-MM-dd');
  return (ms) =>
    (afterMs === undefined || ms > afterMs) &&
    (startMs === undefined || ms >= startMs) &&
    (endDayMs === undefined || ms < endDayMs + 86_400_000);
}

function queryProductGroupInfos(body: Record<string, unknown>, state: Waiqin365State): string {
  const pageNumber = optionalInteger(body, 'page_number') ?? 1;
  if (pageNumber < 1) fail('page_number不能小于1');
  const pageLength = optionalInteger(body, 'page_length') ?? WAIQIN365_MAX_PAGE_LENGTH;
  if (pageLength < 1) fail('page_length不能小于1');
  if (pageLength > WAIQIN365_MAX_PAGE_LENGTH) fail(`page_length不能超过${WAIQIN365_MAX_PAGE_LENGTH}`);

  const id = optionalString(body, 'id', 32);
  const sourceCode = optionalString(body, 'source_code', 100);
  const code = optionalString(body, 'code', 100);
  const name = optionalString(body, 'name', 200);
  const isEnableText = body.is_enable === undefined || body.is_enable === null ? '' : String(body.is_enable);
  if (!['', '1', '0', '2'].includes(isEnableText)) fail('is_enable只能为1(已启用)或0/2(已停用)');
  const isEnable = isEnableText === '' ? undefined : isEnableText === '1' ? '1' : '0';
  const statusText = body.status === undefined || body.status === null ? '' : String(body.status);
  if (!['', '0', '1'].includes(statusText)) fail('status只能为0(已删除)或1(正常)');
  const created = timeFilter(body, 'after_create_date', 'start_create_date', 'end_create_date');
  const modified = timeFilter(body, 'after_modify_date', 'start_modify_date', 'end_modify_date');

  const matching = Object.values(state.groups).filter(
    (g) =>
      (id === undefined || g.id === id) &&
      (sourceCode === undefined || g.source_code === sourceCode) &&
      (code === undefined || g.code === code) &&
      (name === undefined || g.name.includes(name)) &&
      (isEnable === undefined || g.is_enable === isEnable) &&
      (statusText === '' || String(g.status) === statusText) &&
      created(g.createdAt) &&
      modified(g.modifiedAt),
  );
  const start = (pageNumber - 1) * pageLength;
  return JSON.stringify(matching.slice(start, start + pageLength).map(groupView));
}

const APIS: Record<string, { write: boolean; run(body: Record<string, unknown>, state: Waiqin365State, now: number): unknown }> = {
  saveProductGroup: { write: true, run: saveProductGroup },
  queryProductGroupInfos: { write: false, run: (body, state) => queryProductGroupInfos(body, state) },
};

interface ParsedPath {
  api: string;
  openid: string;
  timestamp: string;
  digest: string;
  msgId: string;
}

function parsePath(path: string): ParsedPath | undefined {
  if (!path.startsWith(WAIQIN365_PATH_PREFIX)) return undefined;
  const parts = path.slice(WAIQIN365_PATH_PREFIX.length).split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) return undefined;
  let decoded: string[];
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [api, openid, timestamp, digest, msgId] = decoded as [string, string, string, string, string];
  return { api, openid, timestamp, digest, msgId };
}

function returnCodeType(options: Record<string, unknown>): ReturnCodeType {
  const v = options.returnCodeType;
  return v === 'number' || v === 'string' ? v : 'alternate';
}

function reply(
  ctx: SimContext<Waiqin365State>,
  status: number,
  msgId: string,
  code: number,
  msg: string,
  responseData?: unknown,
): SimResponse {
  const style = returnCodeType(ctx.options);
  const asString = style === 'string' || (style === 'alternate' && ctx.state.replies % 2 === 1);
  ctx.state.replies++;
  ctx.changed();
  const body: Record<string, unknown> = { msg_id: msgId, return_code: asString ? String(code) : code, return_msg: msg };
  if (responseData !== undefined) body.response_data = responseData;
  return { status, headers: { 'content-type': 'application/json;charset=UTF-8' }, body };
}

/** Checks openid, timestamp, digest and msg_id; records the msg_id when all pass. */
function verify(req: SimRequest, p: ParsedPath, ctx: SimContext<Waiqin365State>, now: number): void {
  const { openid, appkey } = ctx.credentials;
  if (!openid || p.openid !== openid) fail('openid不存在', WAIQIN365_CODES.badOpenid);
  const sent = parseShanghaiTime(p.timestamp, URL_TIMESTAMP);
  if (sent === undefined) fail('timestamp格式错误，应为yyyyMMddHHmmss', WAIQIN365_CODES.badTimestamp);
  if (Math.abs(now - sent) > WAIQIN365_TIMESTAMP_WINDOW_MS) fail('timestamp已过期，与服务器时间相差超过10分钟', WAIQIN365_CODES.badTimestamp);
  if (!appkey || p.digest.toLowerCase() !== waiqin365Digest(req.text, appkey, p.timestamp)) {
    fail('数据签名(digest)校验失败', WAIQIN365_CODES.badDigest);
  }
  const seen = ctx.state.msgIds;
  for (const [id, at] of Object.entries(seen)) if (now - at >= WAIQIN365_MSG_ID_TTL_MS) delete seen[id];
  if (seen[p.msgId] !== undefined) fail(`msg_id重复: ${p.msgId}`, WAIQIN365_CODES.replayedMsgId);
  seen[p.msgId] = now;
}

function jsonObject(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    fail('消息体不是合法的JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('消息体必须为JSON对象');
  return body as Record<string, unknown>;
}

export const waiqin365Simulator: Simulator<Waiqin365State> = {
  platform: 'waiqin365',

  initialState(seed: boolean): Waiqin365State {
    return seed ? waiqin365Seed() : emptyWaiqin365State();
  },

  handle(req, ctx) {
    const parsed = parsePath(req.path);
    const msgId = parsed?.msgId ?? '';
    const api = parsed && Object.hasOwn(APIS, parsed.api) ? APIS[parsed.api] : undefined;
    if (!parsed || !api) return reply(ctx, 404, msgId, WAIQIN365_CODES.noSuchApi, `接口不存在: ${req.path.split('/').slice(0, 6).join('/')}`);
    if (req.method.toUpperCase() !== 'POST') return reply(ctx, 405, msgId, WAIQIN365_CODES.failure, `请求方法不支持: ${req.method}`);
    const now = ctx.clock.now();
    try {
      verify(req, parsed, ctx, now);
      const data = api.run(jsonObject(req.text), ctx.state, now);
      return reply(ctx, 200, msgId, WAIQIN365_CODES.ok, '', data);
    } catch (e) {
      if (e instanceof Refusal) return reply(ctx, 200, msgId, e.code, e.msg);
      throw e;
    }
  },

  busyResponse() {
    return {
      status: 200,
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: { msg_id: '', return_code: WAIQIN365_CODES.busy, return_msg: '系统繁忙，请稍后重试' },
    };
  },

  isWrite(req) {
    const parsed = parsePath(req.path);
    return parsed !== undefined && Object.hasOwn(APIS, parsed.api) && APIS[parsed.api]!.write;
  },
};
