import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core.js';
import type { XiaoliebianState } from './state.js';
import { useMswSandbox } from '../../../test/helpers/msw-sandbox.js';

const ORIGIN = 'http://sandbox.test';
const BASE = `${ORIGIN}/wecom`;

describe('xiaoliebian simulator through the sandbox msw handlers', () => {
  const clock = new ManualClock();
  const env = useMswSandbox({ origin: ORIGIN, accounts: [{ name: 'wecom', platform: 'xiaoliebian', credentials: { appId: 'app', secret: 'sec' }, options: { tokenTtlSeconds: 60 } }], seed: true, clock });

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('authenticates, reads the seeded account, writes, and expires the token on the sandbox clock', async () => {
    const token = (await post('/auth/token', { appId: 'app', secret: 'sec' })).body.value.accessToken as string;
    const list = await post('/product/list', { pageNo: 1, pageSize: 100 }, token);
    expect(list.status).toBe(200);
    expect(list.body.value.total).toBe(4);

    const detail = await fetch(`${BASE}/product/detail?productId=airpods-pro2`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await detail.json()) as any).value).toMatchObject({ productId: 'airpods-pro2', marketState: 2 });

    expect((await post('/product/update/market/state', { productId: 'airpods-pro2', marketState: 1 }, token)).body.code).toBe(0);
    expect(env.sandbox.stateOf<XiaoliebianState>('wecom').products['airpods-pro2']!.marketState).toBe(1);

    clock.advance(60_000);
    expect((await post('/product/list', {}, token)).body).toMatchObject({ success: false, code: 401 });
  });
});
