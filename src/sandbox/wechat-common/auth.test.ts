import { describe, expect, it } from 'vitest';
import { wechatLiveSimulator } from '../wechat-live/simulator.js';
import { TEST_APP_ID, TEST_SECRET, testAccount } from '../../../test/helpers/wechat-sandbox.js';

const LIST = '/wxaapi/broadcast/goods/getapproved';
const listQuery = { offset: '0', status: '2' };

function account(options: Record<string, unknown> = {}) {
  return testAccount(wechatLiveSimulator, { options });
}

async function stable(a: ReturnType<typeof account>, force = false) {
  return a.call('POST', '/cgi-bin/stable_token', { json: { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_SECRET, force_refresh: force } });
}

describe('wechat tokens', () => {
  it('issues a token that authorises calls and expires after tokenTtlSeconds (42001)', async () => {
    const a = account({ tokenTtlSeconds: 60 });
    const r = await a.call('GET', '/cgi-bin/token', { query: { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_SECRET } });
    expect(r).toEqual({ access_token: expect.any(String), expires_in: 60 });
    const token = r['access_token'] as string;
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: token } }))['errcode']).toBe(0);
    a.ctx.clock.advance(59_999);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: token } }))['errcode']).toBe(0);
    a.ctx.clock.advance(1);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: token } }))['errcode']).toBe(42001);
  });

  it('defaults to 7200 s', async () => {
    const a = account();
    const r = await a.call('GET', '/cgi-bin/token', { query: { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_SECRET } });
    expect(r['expires_in']).toBe(7200);
  });

  it('a new /cgi-bin/token invalidates the previous one (40001)', async () => {
    const a = account();
    const first = await a.login();
    const second = await a.login();
    expect(second).not.toBe(first);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: first } }))['errcode']).toBe(40001);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: second } }))['errcode']).toBe(0);
  });

  it('checks appid, secret and grant_type', async () => {
    const a = account();
    const q = (over: Record<string, string>) => ({ query: { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_SECRET, ...over } });
    expect((await a.call('GET', '/cgi-bin/token', q({ appid: 'wxother' })))['errcode']).toBe(40013);
    expect((await a.call('GET', '/cgi-bin/token', q({ secret: 'wrong' })))['errcode']).toBe(40001);
    expect((await a.call('GET', '/cgi-bin/token', q({ grant_type: 'password' })))['errcode']).toBe(40002);
    const bad = await a.call('POST', '/cgi-bin/stable_token', { json: { grant_type: 'client_credential', appid: TEST_APP_ID, secret: 'wrong' } });
    expect(bad['errcode']).toBe(40001);
    expect(JSON.stringify(bad)).not.toContain(TEST_SECRET);
  });

  it('accepts any appid/secret when the account has no credentials', async () => {
    const a = testAccount(wechatLiveSimulator, { credentials: {} });
    const r = await a.call('GET', '/cgi-bin/token', { query: { grant_type: 'client_credential', appid: 'wxany', secret: 'any' } });
    expect(typeof r['access_token']).toBe('string');
  });

  it('rejects missing, malformed and unknown access tokens', async () => {
    const a = account();
    expect((await a.call('GET', LIST, { query: listQuery }))['errcode']).toBe(41001);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: 'bad token!' } }))['errcode']).toBe(40014);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: 'A'.repeat(100) } }))['errcode']).toBe(40001);
  });

  it('stable_token returns the same token until near expiry, and keeps /cgi-bin/token tokens separate', async () => {
    const a = account({ tokenTtlSeconds: 2400 }); // renewal window: the last 100 s
    const first = await stable(a);
    const basic = await a.login();
    a.ctx.clock.advance(1000_000);
    const again = await stable(a);
    expect(again['access_token']).toBe(first['access_token']);
    expect(again['expires_in']).toBe(1400);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: basic } }))['errcode']).toBe(0);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: first['access_token'] } }))['errcode']).toBe(0);
    a.ctx.clock.advance(1_350_000); // 50 s left: renewed, the old one stays valid until it expires
    const renewed = await stable(a);
    expect(renewed['access_token']).not.toBe(first['access_token']);
    expect(renewed['expires_in']).toBe(2400);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: first['access_token'] } }))['errcode']).toBe(0);
    a.ctx.clock.advance(50_000);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: first['access_token'] } }))['errcode']).toBe(42001);
  });

  it('stable_token force_refresh issues a new token and invalidates the old one', async () => {
    const a = account();
    const first = await stable(a);
    const forced = await stable(a, true);
    expect(forced['access_token']).not.toBe(first['access_token']);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: first['access_token'] } }))['errcode']).toBe(40001);
    expect((await a.call('GET', LIST, { query: { ...listQuery, access_token: forced['access_token'] } }))['errcode']).toBe(0);
  });

  it('never stores a token in the state', async () => {
    const a = account();
    const basic = await a.login();
    const st = (await stable(a))['access_token'] as string;
    const persisted = JSON.stringify(a.ctx.state);
    expect(persisted).not.toContain(basic);
    expect(persisted).not.toContain(st);
    expect(persisted).not.toContain(TEST_SECRET);
  });

  it('enforces perMinuteLimit (45011) and resets it the next minute', async () => {
    const a = account({ perMinuteLimit: 2 });
    await a.login();
    a.ctx.clock.ms = Math.ceil(a.ctx.clock.ms / 60_000) * 60_000;
    expect((await a.api('GET', LIST, { query: listQuery }))['errcode']).toBe(0);
    expect((await a.api('GET', LIST, { query: listQuery }))['errcode']).toBe(0);
    expect((await a.api('GET', LIST, { query: listQuery }))['errcode']).toBe(45011);
    a.ctx.clock.advance(60_000);
    expect((await a.api('GET', LIST, { query: listQuery }))['errcode']).toBe(0);
  });

  it('answers unknown paths with 404 in the envelope shape', async () => {
    const a = account();
    const res = await a.raw({ method: 'GET', path: '/nope', query: new URLSearchParams(), headers: new Headers(), body: new Uint8Array(), text: '' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ errcode: expect.any(Number), errmsg: expect.any(String) });
  });

  it('busyResponse is errcode -1 with HTTP 200', () => {
    expect(wechatLiveSimulator.busyResponse()).toMatchObject({ status: 200, body: { errcode: -1 } });
  });
});
