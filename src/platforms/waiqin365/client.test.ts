/** waiqin365 client contract (msw): URL signing per attempt, envelope variants, busy retries, paging, errors. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, type TargetConfig } from '../../config/model.js';
import { PlatformError } from '../../http/index.js';
import type { TargetState } from '../types.js';
import { diffFields } from '../../plan/diff.js';
import { Waiqin365Client } from './client.js';
import { liveGroups } from './mapping.js';
import { planObject } from './planner.js';
import { waiqin365Digest } from './sign.js';

const HOST = 'http://tenant.waiqin.test';
const APPKEY = 'SECRETAPPKEY123';
const target = (paths: Record<string, string> = {}): TargetConfig => ({
  name: 'sales',
  platform: 'waiqin365',
  baseUrl: HOST,
  sandbox: false,
  credentials: { openid: 'open-1', appkey: APPKEY },
  paths,
  policy: { ...DEFAULT_POLICY, ratePerSecond: 1000 },
});
const state: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const client = (t = target()) => new Waiqin365Client(t, { fetch: globalThis.fetch, cacheDir: '/nonexistent' });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen {
  api: string;
  openid: string;
  timestamp: string;
  digest: string;
  msgId: string;
  body: string;
}
const ROUTE = `${HOST}/api/product/group/v1/:api/:openid/:timestamp/:digest/:msgId`;
async function seen(request: Request, params: Record<string, unknown>): Promise<Seen> {
  return { ...(params as unknown as Omit<Seen, 'body'>), body: await request.text() };
}

describe('waiqin365 client', () => {
  test('signs the exact body with a fresh timestamp, digest and msg_id per attempt; never sends the appkey', async () => {
    const requests: Seen[] = [];
    server.use(
      http.post(ROUTE, async ({ request, params }) => {
        const s = await seen(request, params);
        requests.push(s);
        if (requests.length === 1) return HttpResponse.json({ msg_id: s.msgId, return_code: 9999, return_msg: '系统繁忙' });
        return HttpResponse.json({ msg_id: s.msgId, return_code: '0', return_msg: '', response_data: { id: '77' } });
      }),
    );
    const res = await client().invoke({ op: 'saveProductGroup', effect: 'create', args: { source_code: 'g', name: '组' } }, { kind: 'Group', key: 'g' }, {} as never);
    expect(res).toEqual({ id: '77' });
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r.api).toBe('saveProductGroup');
      expect(r.openid).toBe('open-1');
      expect(r.timestamp).toMatch(/^\d{14}$/);
      expect(r.digest).toBe(waiqin365Digest(r.body, APPKEY, r.timestamp));
      expect(r.body).not.toContain(APPKEY);
    }
    expect(requests[0]!.msgId).not.toBe(requests[1]!.msgId);
  });

  test('reads every page (page_length 1000, normal groups only) from response_data given as a JSON string', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const all = Array.from({ length: 1500 }, (_, i) => ({ id: String(i), name: `g${i}`, source_code: i === 3 ? 'mine' : '', status: 1, is_enable: '1', brands: [], types: [{ id: '1', name: 't' }] }));
    server.use(
      http.post(ROUTE, async ({ request, params }) => {
        const body = JSON.parse((await seen(request, params)).body) as { page_number: number; page_length: number };
        bodies.push(body);
        const page = all.slice((body.page_number - 1) * body.page_length, body.page_number * body.page_length);
        return HttpResponse.json({ msg_id: 'm', return_code: body.page_number === 1 ? 0 : '0', response_data: JSON.stringify(page) });
      }),
    );
    const snap = await client().refresh({ target: target(), state, desired: [] });
    expect(snap.objects).toHaveLength(1500);
    expect(snap.readCalls).toBe(2);
    expect(bodies).toEqual([
      { page_number: 1, page_length: 1000, status: '1' },
      { page_number: 2, page_length: 1000, status: '1' },
    ]);
    expect(snap.objects.find((o) => o.id === '3')?.key).toBe('mine');
  });

  test('a save without an id in the reply looks the group up by source_code', async () => {
    server.use(
      http.post(ROUTE, async ({ request, params }) => {
        const s = await seen(request, params);
        if (s.api === 'saveProductGroup') return HttpResponse.json({ msg_id: s.msgId, return_code: 0 });
        expect(JSON.parse(s.body)).toMatchObject({ source_code: 'g' });
        return HttpResponse.json({ msg_id: s.msgId, return_code: '0', response_data: '[{"id":"88","name":"组","source_code":"g"}]' });
      }),
    );
    expect(await client().invoke({ op: 'saveProductGroup', effect: 'create', args: { source_code: 'g', name: '组' } }, { kind: 'Group', key: 'g' }, {} as never)).toEqual({ id: '88' });
  });

  test('a failure (return_code "1" as a string) is a PlatformError with a hint, without the appkey', async () => {
    server.use(http.post(ROUTE, () => HttpResponse.json({ msg_id: 'm', return_code: '1003', return_msg: `数据签名(digest)校验失败 ${APPKEY}` })));
    const err = (await client()
      .invoke({ op: 'saveProductGroup', effect: 'update', args: { id: '1', source_code: 'g' } }, { kind: 'Group', key: 'g' }, {} as never)
      .catch((e: unknown) => e)) as PlatformError;
    expect(err).toBeInstanceOf(PlatformError);
    expect(err.code).toBe('1003');
    expect(err.objectKey).toBe('Group/g');
    expect(err.hint).toMatch(/appkey/);
    expect(err.message).not.toContain(APPKEY);
  });

  test('every save the planner makes (a name-only update, a disable) carries the complete group with exactly one of brands / types', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    server.use(
      http.post(ROUTE, async ({ request, params }) => {
        const s = await seen(request, params);
        const body = JSON.parse(s.body) as Record<string, unknown>;
        bodies.push(body);
        const lists = ['brands', 'types'].filter((f) => Array.isArray(body[f]) && (body[f] as unknown[]).length > 0);
        if (lists.length !== 1) return HttpResponse.json({ msg_id: s.msgId, return_code: 1, return_msg: '品牌数据跟商品类型数据不能都为空' });
        return HttpResponse.json({ msg_id: s.msgId, return_code: 0, response_data: { id: String(body.id) } });
      }),
    );
    const fields = { name: '新名', code: 'SG-P', enabled: true, brands: [{ name: 'Apple' }] };
    const live = liveGroups([{ id: '900', source_code: 'g', code: 'SG-P', name: '旧名', status: 1, is_enable: '1', sales_org_code: 'ORG', brands: [{ id: '11', name: 'Apple' }], types: [] }], state, [
      { kind: 'Group', key: 'g', protect: false, fields },
    ])[0]!;
    const desired = { kind: 'Group', key: 'g', protect: false, fields };
    const update = planObject({ desired, live, changes: diffFields(fields, live.fields), policy: DEFAULT_POLICY, state }).actions[0]!.calls[0]!;
    const disable = planObject({ live, changes: [], policy: DEFAULT_POLICY, state }).actions[0]!.calls[0]!;
    for (const call of [update, disable]) await client().invoke(call, { kind: 'Group', key: 'g' }, {} as never);
    expect(bodies).toEqual([
      { id: '900', source_code: 'g', name: '新名', code: 'SG-P', is_enable: '1', brands: [{ name: 'Apple' }], sales_org_code: 'ORG' },
      { id: '900', source_code: 'g', name: '旧名', code: 'SG-P', is_enable: '0', brands: [{ id: '11' }], sales_org_code: 'ORG' },
    ]);
  });

  test('the brands / types rule refused: the hint does not blame the catalog; an unknown id does', async () => {
    const refuse = (msg: string) => server.use(http.post(ROUTE, () => HttpResponse.json({ msg_id: 'm', return_code: 1, return_msg: msg })));
    const fail = async (): Promise<PlatformError> =>
      (await client()
        .invoke({ op: 'saveProductGroup', effect: 'update', args: { id: '1', source_code: 'g' } }, { kind: 'Group', key: 'g' }, {} as never)
        .catch((e: unknown) => e)) as PlatformError;
    refuse('品牌数据跟商品类型数据不能都为空');
    const rule = await fail();
    expect(rule.hint).not.toMatch(/in the catalog/);
    expect(rule.hint).toMatch(/exactly one of brands \/ types/);
    refuse('品牌ID不存在: 42');
    expect((await fail()).hint).toMatch(/does not exist on the tenant; fix the id in the catalog/);
  });

  test('paths are overridable per target', async () => {
    let hit = '';
    server.use(
      http.post(`${HOST}/custom/query/:openid/:timestamp/:digest/:msgId`, ({ params }) => {
        hit = String(params.openid);
        return HttpResponse.json({ msg_id: 'm', return_code: 0, response_data: '[]' });
      }),
    );
    await client(target({ queryProductGroupInfos: '/custom/query' })).refresh({ target: target(), state, desired: [] });
    expect(hit).toBe('open-1');
  });
});
