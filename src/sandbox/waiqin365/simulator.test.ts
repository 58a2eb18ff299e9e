import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DirectHarness } from '../../../test/helpers/direct-harness.js';
import { formatWaiqin365Timestamp, parseShanghaiTime, URL_TIMESTAMP, waiqin365Digest } from './sign.js';
import { WAIQIN365_CODES, WAIQIN365_PATH_PREFIX, waiqin365Simulator } from './simulator.js';
import type { Waiqin365State } from './state.js';

const CREDENTIALS = { openid: '5465103569540931532', appkey: 'test-appkey-123' };
const NOW = Date.UTC(2025, 2, 3, 4, 5, 6);

function harness(opts: { seed?: boolean; options?: Record<string, unknown> } = {}) {
  return new DirectHarness<Waiqin365State>(waiqin365Simulator, { credentials: CREDENTIALS, now: NOW, ...opts });
}

interface SignedCall {
  body?: unknown;
  timestamp?: string;
  msgId?: string;
  openid?: string;
  appkey?: string;
  digest?: string;
  method?: string;
}

/** Sends a correctly signed request unless a field of `c` overrides part of the signature. */
function send(h: DirectHarness<Waiqin365State>, api: string, c: SignedCall = {}) {
  const text = c.body === undefined ? '{}' : typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
  const timestamp = c.timestamp ?? formatWaiqin365Timestamp(h.nowMs);
  const digest = c.digest ?? waiqin365Digest(text, c.appkey ?? CREDENTIALS.appkey, timestamp);
  const msgId = c.msgId ?? randomUUID();
  const path = `${WAIQIN365_PATH_PREFIX}${api}/${c.openid ?? CREDENTIALS.openid}/${timestamp}/${digest}/${msgId}`;
  return h.send({ method: c.method ?? 'POST', path, body: text });
}

const save = (h: DirectHarness<Waiqin365State>, body: Record<string, unknown>) => send(h, 'saveProductGroup', { body });

async function query(h: DirectHarness<Waiqin365State>, body: Record<string, unknown> = {}) {
  const res = await send(h, 'queryProductGroupInfos', { body });
  expect(Number(res.body.return_code), res.body.return_msg).toBe(0);
  expect(typeof res.body.response_data).toBe('string');
  return JSON.parse(res.body.response_data) as Record<string, any>[];
}

const code = (res: { body: { return_code: unknown } }) => Number(res.body.return_code);

describe('waiqin365 signing', () => {
  it('matches the published digest example', () => {
    const body = '{"org_id":"ORG001","org_name":"南京掌控网络","org_parent_id":"","org_sequence":001}';
    expect(waiqin365Digest(body, 'BFCO0PAgIUgd50c0l6', '20150806142836')).toBe('74267bf0cae0998a719879ec9b3c7780');
  });

  it('verifies the published example through handle(): the digest passes, the (non-JSON) body then fails', async () => {
    const h = new DirectHarness<Waiqin365State>(waiqin365Simulator, {
      credentials: { openid: '5465103569540931532', appkey: 'BFCO0PAgIUgd50c0l6' },
      now: parseShanghaiTime('20150806142836', URL_TIMESTAMP)!,
    });
    const body = '{"org_id":"ORG001","org_name":"南京掌控网络","org_parent_id":"","org_sequence":001}';
    const path = `${WAIQIN365_PATH_PREFIX}saveProductGroup/5465103569540931532/20150806142836/74267bf0cae0998a719879ec9b3c7780/ORG00001`;
    const res = await h.send({ method: 'POST', path, body });
    expect(res.body).toMatchObject({ msg_id: 'ORG00001', return_code: WAIQIN365_CODES.failure, return_msg: '消息体不是合法的JSON' });
    const tampered = await h.send({ method: 'POST', path: path.replace('ORG00001', 'ORG00002'), body: body.replace('001}', '002}') });
    expect(code(tampered)).toBe(WAIQIN365_CODES.badDigest);
  });

  it('formats and parses the Shanghai timestamp (UTC+8)', () => {
    expect(formatWaiqin365Timestamp(Date.UTC(2015, 7, 6, 6, 28, 36))).toBe('20150806142836');
    expect(parseShanghaiTime('20150806142836', URL_TIMESTAMP)).toBe(Date.UTC(2015, 7, 6, 6, 28, 36));
    expect(parseShanghaiTime('20151306142836', URL_TIMESTAMP)).toBeUndefined();
  });
});

describe('waiqin365 simulator: request checks', () => {
  it('refuses a wrong openid, a tampered body and a wrong appkey; accepts an upper-case digest', async () => {
    const h = harness();
    expect(code(await send(h, 'queryProductGroupInfos', { openid: '123' }))).toBe(WAIQIN365_CODES.badOpenid);
    expect(code(await send(h, 'queryProductGroupInfos', { appkey: 'other' }))).toBe(WAIQIN365_CODES.badDigest);
    const text = '{"page_number":1}';
    const ts = formatWaiqin365Timestamp(h.nowMs);
    const digestOfOther = waiqin365Digest('{"page_number":2}', CREDENTIALS.appkey, ts);
    const tampered = await send(h, 'queryProductGroupInfos', { body: text, timestamp: ts, digest: digestOfOther });
    expect(tampered.body).toMatchObject({ return_msg: '数据签名(digest)校验失败' });
    expect(JSON.stringify(tampered.body)).not.toContain(waiqin365Digest(text, CREDENTIALS.appkey, ts));
    const upper = waiqin365Digest(text, CREDENTIALS.appkey, ts).toUpperCase();
    expect(code(await send(h, 'queryProductGroupInfos', { body: text, timestamp: ts, digest: upper }))).toBe(0);
  });

  it('accepts timestamps within 10 minutes of the clock, either side, and refuses others', async () => {
    const h = harness();
    const at = (offsetMs: number) => send(h, 'queryProductGroupInfos', { timestamp: formatWaiqin365Timestamp(NOW + offsetMs) });
    expect(code(await at(-10 * 60_000))).toBe(0);
    expect(code(await at(10 * 60_000))).toBe(0);
    expect(code(await at(-10 * 60_000 - 1000))).toBe(WAIQIN365_CODES.badTimestamp);
    expect(code(await at(10 * 60_000 + 1000))).toBe(WAIQIN365_CODES.badTimestamp);
    const wrongFormat = await send(h, 'queryProductGroupInfos', { timestamp: '2025-03-03T12:05:06' });
    expect(wrongFormat.body).toMatchObject({ return_code: WAIQIN365_CODES.badTimestamp });
    expect(wrongFormat.body.return_msg).toContain('yyyyMMddHHmmss');
  });

  it('refuses a msg_id reused within an hour, and accepts it again after', async () => {
    const h = harness();
    expect(code(await send(h, 'queryProductGroupInfos', { msgId: 'm-1' }))).toBe(0);
    const replay = await send(h, 'queryProductGroupInfos', { msgId: 'm-1' });
    expect(replay.body).toMatchObject({ msg_id: 'm-1' });
    expect(code(replay)).toBe(WAIQIN365_CODES.replayedMsgId);
    h.advance(59 * 60_000);
    expect(code(await send(h, 'queryProductGroupInfos', { msgId: 'm-1' }))).toBe(WAIQIN365_CODES.replayedMsgId);
    h.advance(60_000);
    expect(code(await send(h, 'queryProductGroupInfos', { msgId: 'm-1' }))).toBe(0);
    expect(Object.keys(h.state.msgIds)).toEqual(['m-1']);
  });

  it('answers unknown apis with HTTP 404 and GET with 405, in the envelope', async () => {
    const h = harness();
    const unknown = await send(h, 'deleteProductGroup', { msgId: 'x1' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ msg_id: 'x1' });
    expect(code(unknown)).toBe(WAIQIN365_CODES.noSuchApi);
    expect(JSON.stringify(unknown.body)).not.toContain(CREDENTIALS.openid);
    expect((await h.send({ method: 'POST', path: '/api/product/group/v1/saveProductGroup', body: '{}' })).status).toBe(404);
    expect((await send(h, 'queryProductGroupInfos', { method: 'GET' })).status).toBe(405);
  });
});

describe('waiqin365 simulator: envelope', () => {
  it('alternates return_code between number and string, success and failure alike', async () => {
    const h = harness();
    const codes = [];
    codes.push((await send(h, 'queryProductGroupInfos')).body.return_code);
    codes.push((await send(h, 'queryProductGroupInfos')).body.return_code);
    codes.push((await save(h, {})).body.return_code);
    codes.push((await save(h, {})).body.return_code);
    expect(codes).toEqual([0, '0', 1, '1']);
  });

  it('returns one form only when options.returnCodeType says so', async () => {
    for (const [returnCodeType, expected] of [['number', 0], ['string', '0']] as const) {
      const h = harness({ options: { returnCodeType } });
      for (let i = 0; i < 3; i++) expect((await send(h, 'queryProductGroupInfos')).body.return_code).toBe(expected);
    }
  });

  it('query response_data is a JSON string; save response_data is an object with the id', async () => {
    const h = harness();
    const saved = await save(h, { source_code: 'phones', name: '手机', code: 'SG-PHONES', brands: [{ name: 'Apple' }] });
    expect(saved.body).toMatchObject({ return_msg: '', response_data: { id: expect.stringMatching(/^\d{19}$/) } });
    const raw = await send(h, 'queryProductGroupInfos');
    expect(typeof raw.body.response_data).toBe('string');
    expect(JSON.parse(raw.body.response_data)).toEqual([
      {
        id: saved.body.response_data.id,
        code: 'SG-PHONES',
        name: '手机',
        status: 1,
        is_enable: '1',
        source_code: 'phones',
        sales_org_code: '',
        sales_org_source_code: '',
        brands: [{ id: expect.any(String), name: 'Apple' }],
        types: [],
      },
    ]);
  });

  it('busy reply is a failure return_code with a busy message', () => {
    expect(waiqin365Simulator.busyResponse()).toMatchObject({
      status: 200,
      body: { return_code: WAIQIN365_CODES.busy, return_msg: '系统繁忙，请稍后重试' },
    });
  });

  it('only saveProductGroup is a write', () => {
    const h = harness();
    const req = (api: string) => h.request({ method: 'POST', path: `${WAIQIN365_PATH_PREFIX}${api}/o/t/d/m`, body: '{}' });
    expect(waiqin365Simulator.isWrite(req('saveProductGroup'))).toBe(true);
    expect(waiqin365Simulator.isWrite(req('queryProductGroupInfos'))).toBe(false);
    expect(waiqin365Simulator.isWrite(req('nope'))).toBe(false);
  });
});

describe('waiqin365 simulator: saveProductGroup upsert', () => {
  it('creates, then modifies by source_code, then by id; an unknown id fails', async () => {
    const h = harness();
    const created = await save(h, { source_code: 'acc', name: '配件', code: 'SG-ACC', types: [{ name: '充电设备' }] });
    const id = created.body.response_data.id as string;
    h.advance(1000);
    const bySource = await save(h, { source_code: 'acc', name: '手机配件', is_enable: '0', types: [{ name: '充电设备' }] });
    expect(bySource.body.response_data.id).toBe(id);
    let [group] = await query(h);
    expect(group).toMatchObject({ id, name: '手机配件', code: 'SG-ACC', is_enable: '0', types: [{ name: '充电设备' }] });

    const byId = await save(h, { id, source_code: 'accessories', brands: [{ name: 'Apple' }] });
    expect(byId.body.response_data.id).toBe(id);
    [group] = await query(h);
    expect(group).toMatchObject({ source_code: 'accessories', brands: [{ name: 'Apple' }], types: [] });
    expect(await query(h)).toHaveLength(1);

    const unknown = await save(h, { id: '123', name: 'x', brands: [{ name: 'Apple' }] });
    expect(unknown.body).toMatchObject({ return_code: WAIQIN365_CODES.failure, return_msg: '产品组不存在: 123' });
    expect(await query(h)).toHaveLength(1);
  });

  it('creates a new group for an unknown source_code and one without source_code', async () => {
    const h = harness();
    await save(h, { source_code: 'a', name: 'A', types: [{ name: 't' }] });
    await save(h, { source_code: 'b', name: 'B', types: [{ name: 't' }] });
    await save(h, { name: 'C', types: [{ name: 't' }] });
    expect((await query(h)).map((g) => [g.source_code, g.name])).toEqual([['a', 'A'], ['b', 'B'], ['', 'C']]);
    const types = (await query(h)).map((g) => g.types[0].id);
    expect(new Set(types).size).toBe(1);
  });

  it('enforces brands / types rules', async () => {
    const h = harness();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x' }, '品牌数据跟商品类型数据不能都为空'],
      [{ name: 'x', brands: [], types: [] }, '品牌数据跟商品类型数据不能都为空'],
      [{ name: 'x', brands: [{ name: 'a' }], types: [{ name: 'b' }] }, '品牌数据跟商品类型数据不支持同时存在'],
      [{ name: 'x', brands: [{ id: '', name: '' }] }, 'brands[0]的ID与名称不能同时为空'],
      [{ name: 'x', types: [{ id: '42' }] }, '商品类型ID不存在: 42'],
      [{ name: 'x', brands: 'Apple' }, 'brands必须为数组'],
    ];
    for (const [body, msg] of cases) {
      expect((await save(h, body)).body, msg).toMatchObject({ return_code: expect.anything(), return_msg: msg });
      expect(code(await save(h, body))).toBe(WAIQIN365_CODES.failure);
    }
    expect(await query(h)).toEqual([]);
  });

  it('enforces field lengths, is_enable values, required name and unique code', async () => {
    const h = harness();
    const base = { types: [{ name: 't' }] };
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '名'.repeat(201) }, 'name长度不能超过200'],
      [{ name: 'x', code: 'c'.repeat(101) }, 'code长度不能超过100'],
      [{ name: 'x', source_code: 's'.repeat(101) }, 'source_code长度不能超过100'],
      [{ name: 'x', is_enable: '2' }, 'is_enable只能为1(已启用)或0(已停用)'],
      [{ name: 'x', is_enable: 1 }, 'is_enable必须为字符串'],
      [{ code: 'c' }, 'name不能为空'],
    ];
    for (const [body, msg] of cases) expect((await save(h, { ...base, ...body })).body.return_msg).toBe(msg);
    const ok = await save(h, { ...base, name: '名'.repeat(200), code: 'c'.repeat(100), source_code: 's'.repeat(100) });
    expect(code(ok)).toBe(0);
    expect((await save(h, { ...base, name: 'other', code: 'c'.repeat(100) })).body.return_msg).toBe(`产品组编码已存在: ${'c'.repeat(100)}`);
    expect(code(await save(h, { ...base, source_code: 's'.repeat(100), code: 'c'.repeat(100) }))).toBe(0);
  });

  it('applies the brands / types rule to every save: a modification or a disable without either fails and changes nothing', async () => {
    const h = harness();
    const id = (await save(h, { source_code: 'acc', name: '配件', code: 'SG-ACC', brands: [{ name: 'Apple' }] })).body.response_data.id as string;
    const cases: [Record<string, unknown>, string][] = [
      [{ id, source_code: 'acc', name: '手机配件' }, '品牌数据跟商品类型数据不能都为空'],
      [{ source_code: 'acc', is_enable: '0' }, '品牌数据跟商品类型数据不能都为空'],
      [{ id, is_enable: '0', brands: [], types: [] }, '品牌数据跟商品类型数据不能都为空'],
      [{ id, is_enable: '0', brands: [{ name: 'Apple' }], types: [{ name: 't' }] }, '品牌数据跟商品类型数据不支持同时存在'],
    ];
    for (const [body, msg] of cases) {
      const r = await save(h, body);
      expect(r.body.return_msg).toBe(msg);
      expect(code(r)).toBe(WAIQIN365_CODES.failure);
    }
    expect(await query(h)).toEqual([expect.objectContaining({ name: '配件', is_enable: '1', brands: [expect.objectContaining({ name: 'Apple' })], types: [] })]);
    // The complete group (what the adapter sends) is accepted, a disable included.
    expect(code(await save(h, { id, source_code: 'acc', name: '配件', code: 'SG-ACC', is_enable: '0', brands: [{ name: 'Apple' }] }))).toBe(0);
    expect(await query(h)).toEqual([expect.objectContaining({ is_enable: '0', brands: [expect.objectContaining({ name: 'Apple' })] })]);
  });
});

describe('waiqin365 simulator: queryProductGroupInfos', () => {
  it('pages with page_length <= 1000 (default page 1, length 1000)', async () => {
    const h = harness();
    for (let i = 1; i <= 5; i++) await save(h, { source_code: `g${i}`, name: `G${i}`, types: [{ name: 't' }] });
    expect(await query(h)).toHaveLength(5);
    expect((await query(h, { page_number: 1, page_length: 2 })).map((g) => g.source_code)).toEqual(['g1', 'g2']);
    expect((await query(h, { page_number: 3, page_length: 2 })).map((g) => g.source_code)).toEqual(['g5']);
    expect(await query(h, { page_number: 4, page_length: 2 })).toEqual([]);
    expect(await query(h, { page_number: '2', page_length: '4' })).toHaveLength(1);
    expect(await query(h, { page_length: 1000 })).toHaveLength(5);
    const tooLong = await send(h, 'queryProductGroupInfos', { body: { page_length: 1001 } });
    expect(tooLong.body).toMatchObject({ return_msg: 'page_length不能超过1000' });
    expect(code(tooLong)).toBe(WAIQIN365_CODES.failure);
    expect(code(await send(h, 'queryProductGroupInfos', { body: { page_number: 0 } }))).toBe(WAIQIN365_CODES.failure);
  });

  it('filters by id, source_code, name, code, is_enable, status and dates', async () => {
    const h = harness();
    const a = (await save(h, { source_code: 'a', name: '手机', code: 'CA', types: [{ name: 't' }] })).body.response_data.id;
    h.advance(3600_000);
    const afterA = formatWaiqin365Timestamp(h.nowMs - 1000).replace(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3 $4:$5:$6');
    await save(h, { source_code: 'b', name: '手机配件', code: 'CB', is_enable: '0', types: [{ name: 't' }] });
    const keys = async (filter: Record<string, unknown>) => (await query(h, filter)).map((g) => g.source_code);
    expect(await keys({ id: a })).toEqual(['a']);
    expect(await keys({ source_code: 'b' })).toEqual(['b']);
    expect(await keys({ name: '手机' })).toEqual(['a', 'b']);
    expect(await keys({ name: '配件' })).toEqual(['b']);
    expect(await keys({ code: 'CA', name: '' })).toEqual(['a']);
    expect(await keys({ is_enable: '1' })).toEqual(['a']);
    expect(await keys({ is_enable: '2' })).toEqual(['b']);
    expect(await keys({ is_enable: '0' })).toEqual(['b']);
    expect(await keys({ status: '1' })).toEqual(['a', 'b']);
    expect(await keys({ status: '0' })).toEqual([]);
    expect(await keys({ after_create_date: afterA })).toEqual(['b']);
    expect(await keys({ after_modify_date: '2000-01-01 00:00:00' })).toEqual(['a', 'b']);
    expect(await keys({ start_create_date: '2025-03-03', end_create_date: '2025-03-03' })).toEqual(['a', 'b']);
    expect(await keys({ end_create_date: '2025-03-02' })).toEqual([]);
    const badDate = await send(h, 'queryProductGroupInfos', { body: { after_create_date: '2025/01/01' } });
    expect(badDate.body.return_msg).toBe('after_create_date格式错误，应为yyyy-MM-dd HH:mm:ss');
  });
});

describe('waiqin365 simulator: seed', () => {
  it('starts empty without seed; the seed has a differing catalog group and an unmanaged one', async () => {
    expect(waiqin365Simulator.initialState(false).groups).toEqual({});
    const h = harness({ seed: true });
    const groups = await query(h);
    expect(groups.map((g) => [g.source_code, g.code])).toEqual([['phones', 'SG-PHONES'], ['', 'SG-PROMO']]);
    expect(groups[0]!.brands.map((b: { name: string }) => b.name)).toEqual(['Apple', '小米']);
    const saved = await save(h, { source_code: 'accessories', name: '手机配件', code: 'SG-ACCESSORIES', types: [{ name: '充电设备' }] });
    expect(groups.map((g) => g.id)).not.toContain(saved.body.response_data.id);
    const knownTypeId = Object.entries(h.state.types).find(([, name]) => name === '充电设备')![0];
    expect((await query(h, { source_code: 'accessories' }))[0]!.types).toEqual([{ id: knownTypeId, name: '充电设备' }]);
    expect(Object.keys(h.state.types)).toHaveLength(3);
  });
});
