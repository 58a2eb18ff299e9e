/** xiaoliebian client contract (msw, hand-written handlers): token caching and renewal, busy retries, errors, path overrides. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, type TargetConfig } from '../../config/model.js';
import { PlatformError } from '../../http/index.js';
import { diffFields } from '../../plan/diff.js';
import type { DesiredObject, TargetState } from '../types.js';
import { XiaoliebianClient } from './client.js';
import { planObject } from './planner.js';

const BASE = 'http://xlb.test/open/api';
const SECRET = 'very-secret-value';
const target = (paths: Record<string, string> = {}): TargetConfig => ({
  name: 'wecom',
  platform: 'xiaoliebian',
  baseUrl: BASE,
  sandbox: false,
  credentials: { appId: 'app-1', secret: SECRET },
  paths,
  policy: { ...DEFAULT_POLICY, ratePerSecond: 1000 },
});
const state: TargetState = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
const ok = (value: unknown) => HttpResponse.json({ success: true, code: 0, msg: '', value, traceId: 't' });
const refused = (code: number, msg: string) => HttpResponse.json({ success: false, code, msg, value: null, traceId: 't' });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A token endpoint handing out tok-1, tok-2, ...; counts calls. */
function tokens(expiresIn = 7200) {
  const issued: string[] = [];
  const handler = http.post(`${BASE}/auth/token`, async ({ request }) => {
    const body = (await request.json()) as { appId: string; secret: string };
    if (body.appId !== 'app-1' || body.secret !== SECRET) return refused(40001, 'appId或secret错误');
    issued.push(`tok-${issued.length + 1}`);
    return ok({ accessToken: issued.at(-1), expiresIn });
  });
  return { issued, handler };
}

const emptyLists = [http.post(`${BASE}/product/list`, () => ok({ total: 0, list: [] })), http.post(`${BASE}/product/group/list`, () => ok({ total: 0, list: [] }))];
const client = (t = target(), now?: () => number) => new XiaoliebianClient(t, { fetch: globalThis.fetch, cacheDir: '/nonexistent' }, now);

describe('xiaoliebian client', () => {
  test('one token for concurrent calls, sent as Bearer; reads every page', async () => {
    const t = tokens();
    const auth: string[] = [];
    const pages: number[] = [];
    server.use(
      t.handler,
      http.post(`${BASE}/product/list`, async ({ request }) => {
        auth.push(request.headers.get('authorization') ?? '');
        const { pageNo, pageSize } = (await request.json()) as { pageNo: number; pageSize: number };
        pages.push(pageNo);
        const all = Array.from({ length: 230 }, (_, i) => ({ productId: `p${i}`, title: 't', price: '1.00', marketState: 1, groupId: null }));
        return ok({ total: all.length, list: all.slice((pageNo - 1) * pageSize, pageNo * pageSize) });
      }),
      http.post(`${BASE}/product/group/list`, ({ request }) => {
        auth.push(request.headers.get('authorization') ?? '');
        return ok({ total: 1, list: [{ groupId: 5, groupName: 'g' }] });
      }),
    );
    const snap = await client().refresh({ target: target(), state, desired: [] });
    expect(t.issued).toEqual(['tok-1']);
    expect(new Set(auth)).toEqual(new Set(['Bearer tok-1']));
    expect(pages.sort()).toEqual([1, 2, 3]);
    expect(snap.objects.filter((o) => o.kind === 'Product')).toHaveLength(230);
    expect(snap.readCalls).toBe(4);
  });

  test('code 401 (token invalid or expired): a new token is fetched and the call retried once', async () => {
    const t = tokens();
    let calls = 0;
    server.use(
      t.handler,
      http.post(`${BASE}/product/update/market/state`, ({ request }) => {
        calls += 1;
        return request.headers.get('authorization') === 'Bearer tok-2' ? ok(null) : refused(401, '认证令牌无效或已过期');
      }),
    );
    const c = client();
    await c.invoke({ op: 'productMarketState', effect: 'update', args: { productId: 'a', marketState: 1 } }, { kind: 'Product', key: 'a' }, {} as never);
    expect(calls).toBe(2);
    expect(t.issued).toEqual(['tok-1', 'tok-2']);
  });

  test('the token is kept until shortly before it expires, then renewed', async () => {
    const t = tokens(600);
    server.use(t.handler, ...emptyLists);
    let now = 1_000_000;
    const c = client(target(), () => now);
    await c.refresh({ target: target(), state, desired: [] });
    now += 500_000;
    await c.refresh({ target: target(), state, desired: [] });
    expect(t.issued).toEqual(['tok-1']);
    now += 60_000; // within the renewal margin of the 600 s lifetime
    await c.refresh({ target: target(), state, desired: [] });
    expect(t.issued).toEqual(['tok-1', 'tok-2']);
  });

  test('busy (code 429 or HTTP 429) is retried', async () => {
    const t = tokens();
    let n = 0;
    server.use(
      t.handler,
      http.post(`${BASE}/product/edit`, () => {
        n += 1;
        if (n === 1) return refused(429, '系统繁忙，请稍后再试');
        if (n === 2) return new HttpResponse('slow down', { status: 429 });
        return ok(null);
      }),
    );
    await client().invoke({ op: 'productEdit', effect: 'update', args: { productId: 'a', title: 'x' } }, { kind: 'Product', key: 'a' }, {} as never);
    expect(n).toBe(3);
  });

  test('a refusal is a PlatformError with code, message and hint, and no secret or token in it', async () => {
    const t = tokens();
    server.use(t.handler, http.post(`${BASE}/product/add`, ({ request }) => refused(400, `title长度不能超过128 (${request.headers.get('authorization')}, ${SECRET})`)));
    const err = await client()
      .invoke({ op: 'productAdd', effect: 'create', args: { productId: 'a', title: 'x' } }, { kind: 'Product', key: 'a' }, {} as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    const e = err as PlatformError;
    expect(e.code).toBe(400);
    expect(e.objectKey).toBe('Product/a');
    expect(e.message).toContain('title长度不能超过128');
    expect(e.hint).toMatch(/fix the object/);
    expect(e.message).not.toContain('tok-1');
    expect(e.message).not.toContain(SECRET);
  });

  test('wrong credentials: a clear error without the secret', async () => {
    server.use(http.post(`${BASE}/auth/token`, async ({ request }) => refused(40001, `appId或secret错误: ${JSON.stringify(await request.json())}`)));
    const err = (await client()
      .refresh({ target: target(), state, desired: [] })
      .catch((e: unknown) => e)) as PlatformError;
    expect(err).toBeInstanceOf(PlatformError);
    expect(err.message).not.toContain(SECRET);
    expect(err.hint).toMatch(/appId and secret/);
  });

  test('paths are overridable per target; an unknown path points the user at `paths:`', async () => {
    const t = tokens();
    let hit = false;
    server.use(
      t.handler,
      http.post(`${BASE}/goods/modify`, () => ((hit = true), ok(null))),
      http.post(`${BASE}/product/delete`, () => HttpResponse.json({ success: false, code: 404, msg: '接口不存在', value: null }, { status: 404 })),
    );
    await client(target({ productEdit: '/goods/modify' })).invoke({ op: 'productEdit', effect: 'update', args: { productId: 'a' } }, { kind: 'Product', key: 'a' }, {} as never);
    expect(hit).toBe(true);
    const err = (await client()
      .invoke({ op: 'productDelete', effect: 'delete', args: { productId: 'a' } }, { kind: 'Product', key: 'a' }, {} as never)
      .catch((e: unknown) => e)) as PlatformError;
    expect(err.hint).toContain('paths: { productDelete:');
  });

  test('unbinding tolerates a product that already left the group (before a group delete, or moving the product); a missing product only before a group delete', async () => {
    const t = tokens();
    server.use(t.handler, http.post(`${BASE}/product/group/unbind`, () => refused(10003, '商品a未绑定分组9')));
    const c = client();
    const unbind = { op: 'productGroupUnbind', effect: 'update' as const, args: { productId: 'a', groupId: '9' } };
    await expect(c.invoke(unbind, { kind: 'Group', key: 'g' }, {} as never)).resolves.toEqual({});
    await expect(c.invoke(unbind, { kind: 'Product', key: 'a' }, {} as never)).resolves.toEqual({});
    server.use(http.post(`${BASE}/product/group/unbind`, () => refused(10001, '商品不存在: a')));
    await expect(c.invoke(unbind, { kind: 'Group', key: 'g' }, {} as never)).resolves.toEqual({});
    await expect(c.invoke(unbind, { kind: 'Product', key: 'a' }, {} as never)).rejects.toBeInstanceOf(PlatformError);
  });

  test('group/add returns the new id; product/add returns the productId', async () => {
    const t = tokens();
    server.use(t.handler, http.post(`${BASE}/product/group/add`, () => ok({ groupId: 10042 })), http.post(`${BASE}/product/add`, () => ok(null)));
    const c = client();
    expect(await c.invoke({ op: 'groupAdd', effect: 'create', args: { groupName: 'g' } }, { kind: 'Group', key: 'g' }, {} as never)).toEqual({ id: '10042' });
    expect(await c.invoke({ op: 'productAdd', effect: 'create', args: { productId: 'a' } }, { kind: 'Product', key: 'a' }, {} as never)).toEqual({ id: 'a' });
  });

  test('a group/add reply without an id is a shape error naming the path called', async () => {
    const t = tokens();
    server.use(t.handler, http.post(`${BASE}/product/group/add`, () => ok({})));
    const err = await client()
      .invoke({ op: 'groupAdd', effect: 'create', args: { groupName: 'g' } }, { kind: 'Group', key: 'g' }, {} as never)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ResponseShapeError', endpoint: 'xiaoliebian product/group/add' });
  });

  test('a product bound to several groups reads back with each of them; moving it binds the new group, then unbinds the old one', async () => {
    const t = tokens();
    const writes: Array<[string, unknown]> = [];
    server.use(
      t.handler,
      http.post(`${BASE}/product/group/list`, () => ok({ total: 3, list: [{ groupId: 1, groupName: '手机' }, { groupId: 2, groupName: '耳机' }, { groupId: 3, groupName: '清仓' }] })),
      http.post(`${BASE}/product/list`, () =>
        ok({ total: 1, list: [{ productId: 'a', title: 't', price: '1.00', marketState: 1, groupIds: [1, '3'], groupId: 1, groupName: '手机' }] }),
      ),
      http.post(`${BASE}/product/edit`, async ({ request }) => (writes.push(['edit', await request.json()]), ok(null))),
      http.post(`${BASE}/product/group/unbind`, async ({ request }) => (writes.push(['unbind', await request.json()]), ok(null))),
    );
    const desired: DesiredObject[] = [
      { kind: 'Group', key: 'phones', protect: false, fields: { name: '手机' } },
      { kind: 'Group', key: 'audio', protect: false, fields: { name: '耳机' } },
      { kind: 'Product', key: 'a', protect: false, fields: { groups: ['audio', 'phones'] } },
    ];
    const c = client();
    const snap = await c.refresh({ target: target(), state, desired });
    const product = snap.objects.find((o) => o.kind === 'Product')!;
    expect(product.fields.groups).toEqual(['phones', '清仓 (unmanaged group 3)']);
    const want = desired[2]!;
    const [move] = planObject({ desired: want, live: product, changes: diffFields(want.fields, product.fields), policy: DEFAULT_POLICY, state }).actions;
    const ids: Record<string, string> = { 'Group/audio': '2' };
    for (const call of move!.calls) {
      const args = JSON.parse(JSON.stringify(call.args).replace(/\{"\$ref":"([^"]+)"\}/g, (_, ref: string) => JSON.stringify(ids[ref])));
      await c.invoke({ ...call, args }, { kind: 'Product', key: 'a' }, {} as never);
    }
    expect(writes).toEqual([
      ['edit', { productId: 'a', groupId: '2' }],
      ['unbind', { productId: 'a', groupId: '3' }],
    ]);
  });
});
