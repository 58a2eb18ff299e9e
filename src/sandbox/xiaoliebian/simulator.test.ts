import { describe, expect, it } from 'vitest';
import { DirectHarness, type DirectRequest } from '../../../test/helpers/direct-harness.js';
import { XIAOLIEBIAN_PATHS } from './paths.js';
import { XIAOLIEBIAN_CODES, xiaoliebianSimulator } from './simulator.js';
import type { XiaoliebianState } from './state.js';

const CREDENTIALS = { appId: 'xlb-app', secret: 'xlb-secret' };

function harness(opts: { seed?: boolean; options?: Record<string, unknown> } = {}) {
  return new DirectHarness<XiaoliebianState>(xiaoliebianSimulator, { credentials: CREDENTIALS, ...opts });
}

async function login(h: DirectHarness<XiaoliebianState>): Promise<string> {
  const res = await h.send({ path: '/auth/token', body: CREDENTIALS });
  expect(res.body).toMatchObject({ success: true, code: 0 });
  return res.body.value.accessToken as string;
}

/** A logged-in client: `call(path, body?)` posts (or GETs without a body) with the Bearer token. */
async function client(opts: { seed?: boolean; options?: Record<string, unknown> } = {}) {
  const h = harness(opts);
  const token = await login(h);
  const call = (path: string, body?: unknown, extra: Partial<DirectRequest> = {}) =>
    h.send({ path, body, headers: { authorization: `Bearer ${token}` }, ...extra });
  return { h, token, call };
}

const PRODUCT = {
  productId: 'usb-c-cable',
  title: 'USB-C 编织快充数据线',
  banner: 'https://img.example.com/cable.jpg',
  price: '19.9',
  platformType: 1,
  productLink: { appId: 'wx1234', path: 'pages/goods/detail?key=usb-c-cable' },
};

describe('xiaoliebian simulator: auth', () => {
  it('issues a token for the account credentials and never stores the token itself', async () => {
    const h = harness();
    const res = await h.send({ path: '/auth/token', body: CREDENTIALS });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, code: 0, msg: '', value: { expiresIn: 7200 } });
    expect(typeof res.body.traceId).toBe('string');
    const token = res.body.value.accessToken as string;
    expect(JSON.stringify(h.state)).not.toContain(token);
  });

  it('refuses wrong credentials and missing fields', async () => {
    const h = harness();
    const wrong = await h.send({ path: '/auth/token', body: { appId: 'xlb-app', secret: 'nope' } });
    expect(wrong.body).toMatchObject({ success: false, code: XIAOLIEBIAN_CODES.badCredentials, value: null });
    const missing = await h.send({ path: '/auth/token', body: { appId: 'xlb-app' } });
    expect(missing.body).toMatchObject({ success: false, code: 400, msg: 'secret不能为空' });
  });

  it('refuses calls without, with unknown and with expired tokens (code 401)', async () => {
    const { h, token } = await client({ options: { tokenTtlSeconds: 60 } });
    const list = (authorization?: string) =>
      h.send({ path: '/product/list', body: {}, headers: authorization ? { authorization } : {} });
    expect((await list()).body).toMatchObject({ success: false, code: 401, msg: '缺少认证令牌' });
    expect((await list('Bearer made-up')).body).toMatchObject({ code: 401 });
    expect((await list(`Bearer ${token}`)).body).toMatchObject({ code: 0 });
    h.advance(59_000);
    expect((await list(`Bearer ${token}`)).body).toMatchObject({ code: 0 });
    h.advance(1_000);
    expect((await list(`Bearer ${token}`)).body).toMatchObject({ success: false, code: 401, msg: '认证令牌无效或已过期' });
    const fresh = await login(h);
    expect((await list(`Bearer ${fresh}`)).body).toMatchObject({ code: 0 });
  });

  it('answers unknown paths with 404 and wrong methods with 405, in the envelope', async () => {
    const { call } = await client();
    const unknown = await call('/product/nope', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, code: 404 });
    const wrongMethod = await call('/product/detail?productId=x', {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toMatchObject({ success: false, code: 405 });
  });

  it('serves overridden paths (options.paths) and stops serving the default ones', async () => {
    const { call } = await client({ options: { paths: { productList: 'goods/page' } } });
    expect((await call('/goods/page', {})).body).toMatchObject({ code: 0, value: { total: 0 } });
    expect((await call('/product/list', {})).status).toBe(404);
  });
});

describe('xiaoliebian simulator: products', () => {
  it('adds, reads, lists, edits, sets market state and deletes a product', async () => {
    const { h, call } = await client();
    const changesBefore = h.changes;
    expect((await call('/product/add', PRODUCT)).body).toMatchObject({ success: true, code: 0, value: null });
    expect(h.changes).toBeGreaterThan(changesBefore);

    const detail = await call('/product/detail?productId=usb-c-cable');
    expect(detail.body.value).toMatchObject({
      productId: 'usb-c-cable',
      title: PRODUCT.title,
      price: '19.90',
      productLink: PRODUCT.productLink,
      groupId: null,
      marketState: 2,
    });

    h.advance(1000);
    expect((await call('/product/edit', { productId: 'usb-c-cable', title: '新标题', price: '18' })).body.code).toBe(0);
    const edited = (await call('/product/detail?productId=usb-c-cable')).body.value;
    expect(edited).toMatchObject({ title: '新标题', price: '18.00', banner: PRODUCT.banner });
    expect(edited.updateTime).toBeGreaterThan(edited.createTime);

    expect((await call('/product/update/market/state', { productId: 'usb-c-cable', marketState: 1 })).body.code).toBe(0);
    expect((await call('/product/detail?productId=usb-c-cable')).body.value.marketState).toBe(1);

    const list = await call('/product/list', { pageNo: 1, pageSize: 10 });
    expect(list.body.value.total).toBe(1);
    expect(list.body.value.list[0].productId).toBe('usb-c-cable');

    expect((await call('/product/delete', { productId: 'usb-c-cable' })).body.code).toBe(0);
    expect((await call('/product/detail?productId=usb-c-cable')).body).toMatchObject({
      success: false,
      code: XIAOLIEBIAN_CODES.productNotFound,
    });
  });

  it('accepts a web link and refuses a link with neither or both forms', async () => {
    const { call } = await client();
    const web = await call('/product/add', { ...PRODUCT, productLink: { productUrl: 'https://m.example.com/p/1' } });
    expect(web.body.code).toBe(0);
    for (const productLink of [{}, { appId: 'wx1' }, { productUrl: 'https://x', appId: 'wx1', path: 'p' }]) {
      const res = await call('/product/add', { ...PRODUCT, productId: 'other', productLink });
      expect(res.body).toMatchObject({ success: false, code: 400 });
    }
  });

  it('enforces the documented limits with 400 and Chinese messages', async () => {
    const { call } = await client();
    const cases: [Record<string, unknown>, string][] = [
      [{ productId: 'x'.repeat(129) }, 'productId长度不能超过128'],
      [{ title: '标'.repeat(129) }, 'title长度不能超过128'],
      [{ banner: 'b'.repeat(257) }, 'banner长度不能超过256'],
      [{ title: '' }, 'title不能为空'],
      [{ price: 19.9 }, 'price必须为字符串'],
      [{ price: '19.999' }, 'price格式错误，应为最多两位小数的金额(元)'],
      [{ platformType: '1' }, 'platformType必须为整数'],
      [{ marketState: 3 }, 'marketState取值只能为1或2'],
    ];
    for (const [override, msg] of cases) {
      const res = await call('/product/add', { ...PRODUCT, ...override });
      expect(res.body, msg).toMatchObject({ success: false, code: 400, msg });
    }
    expect((await call('/product/add', { ...PRODUCT, productId: 'x'.repeat(128), title: '标'.repeat(128) })).body.code).toBe(0);
    expect((await call('/product/add', '{not json')).body).toMatchObject({ code: 400, msg: '请求体不是合法的JSON' });
  });

  it('refuses a duplicate productId and edits of unknown products', async () => {
    const { call } = await client();
    await call('/product/add', PRODUCT);
    expect((await call('/product/add', PRODUCT)).body.code).toBe(XIAOLIEBIAN_CODES.productIdTaken);
    expect((await call('/product/edit', { productId: 'ghost', title: 't' })).body.code).toBe(XIAOLIEBIAN_CODES.productNotFound);
    expect((await call('/product/update/market/state', { productId: 'ghost', marketState: 1 })).body.code).toBe(
      XIAOLIEBIAN_CODES.productNotFound,
    );
    expect((await call('/product/update/market/state', { productId: PRODUCT.productId, marketState: 78 })).body).toMatchObject({
      code: 400,
      msg: 'marketState取值只能为1或2',
    });
  });

  it('pages with pageSize <= 100 and reports the total', async () => {
    const { call } = await client();
    for (let i = 0; i < 25; i++) await call('/product/add', { ...PRODUCT, productId: `p-${String(i).padStart(2, '0')}` });
    const pages = [];
    for (let pageNo = 1; pageNo <= 3; pageNo++) pages.push((await call('/product/list', { pageNo, pageSize: 10 })).body.value);
    expect(pages.map((p) => p.total)).toEqual([25, 25, 25]);
    expect(pages.map((p) => p.list.length)).toEqual([10, 10, 5]);
    expect(new Set(pages.flatMap((p) => p.list.map((x: { productId: string }) => x.productId))).size).toBe(25);
    expect((await call('/product/list', {})).body.value.list).toHaveLength(10);
    expect((await call('/product/list', { pageNo: 1, pageSize: 100 })).body.code).toBe(0);
    expect((await call('/product/list', { pageNo: 1, pageSize: 101 })).body).toMatchObject({ code: 400, msg: 'pageSize不能超过100' });
    expect((await call('/product/list', { pageNo: 0, pageSize: 10 })).body).toMatchObject({ code: 400, msg: 'pageNo不能小于1' });
  });
});

describe('xiaoliebian simulator: groups and binding', () => {
  it('adds, reads, lists, renames and deletes a group', async () => {
    const { call } = await client();
    const added = await call('/product/group/add', { groupName: '手机' });
    expect(added.body).toMatchObject({ success: true, code: 0 });
    const groupId = added.body.value.groupId as string;
    expect(typeof groupId).toBe('string');
    expect((await call(`/product/group/detail?groupId=${groupId}`)).body.value).toMatchObject({ groupId, groupName: '手机', productCount: 0 });
    expect((await call('/product/group/edit', { groupId, groupName: '智能手机' })).body.code).toBe(0);
    const list = (await call('/product/group/list', { pageNo: 1, pageSize: 100 })).body.value;
    expect(list).toMatchObject({ total: 1, list: [{ groupId, groupName: '智能手机' }] });
    expect((await call('/product/group/list', { pageNo: 1, pageSize: 101 })).body.code).toBe(400);
    expect((await call('/product/group/delete', { groupId })).body.code).toBe(0);
    expect((await call(`/product/group/detail?groupId=${groupId}`)).body.code).toBe(XIAOLIEBIAN_CODES.groupNotFound);
  });

  it('refuses duplicate and over-long group names', async () => {
    const { call } = await client();
    const a = (await call('/product/group/add', { groupName: 'A' })).body.value.groupId;
    await call('/product/group/add', { groupName: 'B' });
    expect((await call('/product/group/add', { groupName: 'A' })).body.code).toBe(XIAOLIEBIAN_CODES.groupNameTaken);
    expect((await call('/product/group/edit', { groupId: a, groupName: 'B' })).body.code).toBe(XIAOLIEBIAN_CODES.groupNameTaken);
    expect((await call('/product/group/edit', { groupId: a, groupName: 'A' })).body.code).toBe(0);
    expect((await call('/product/group/add', { groupName: '组'.repeat(65) })).body.code).toBe(400);
  });

  it('binds a product to several groups (add/edit groupId each add a binding), unbinds each, and refuses deleting a group while products are bound', async () => {
    const { call } = await client();
    const detail = async () => (await call(`/product/detail?productId=${PRODUCT.productId}`)).body.value;
    const g1 = (await call('/product/group/add', { groupName: '配件' })).body.value.groupId;
    const g2 = (await call('/product/group/add', { groupName: '清仓' })).body.value.groupId;
    expect((await call('/product/add', { ...PRODUCT, groupId: g1 })).body.code).toBe(0);
    expect(await detail()).toMatchObject({ groupIds: [g1], groupId: g1, groupName: '配件' });
    expect((await call(`/product/group/detail?groupId=${g1}`)).body.value.productCount).toBe(1);

    const refused = await call('/product/group/delete', { groupId: g1 });
    expect(refused.body).toMatchObject({ success: false, code: XIAOLIEBIAN_CODES.groupHasProducts });

    // 同一商品可绑定多个分组: binding g2 keeps g1; binding g2 again changes nothing.
    expect((await call('/product/edit', { productId: PRODUCT.productId, groupId: g2 })).body.code).toBe(0);
    expect((await call('/product/edit', { productId: PRODUCT.productId, groupId: g2, title: '新标题' })).body.code).toBe(0);
    expect(await detail()).toMatchObject({ groupIds: [g1, g2], groupId: g1, title: '新标题' });
    expect((await call(`/product/group/detail?groupId=${g2}`)).body.value.productCount).toBe(1);
    expect((await call('/product/group/delete', { groupId: g1 })).body.code).toBe(XIAOLIEBIAN_CODES.groupHasProducts);

    expect((await call('/product/group/unbind', { productId: PRODUCT.productId, groupId: g1 })).body.code).toBe(0);
    expect(await detail()).toMatchObject({ groupIds: [g2], groupId: g2, groupName: '清仓' });
    expect((await call('/product/group/unbind', { productId: PRODUCT.productId, groupId: g1 })).body.code).toBe(XIAOLIEBIAN_CODES.productNotInGroup);
    expect((await call('/product/group/delete', { groupId: g1 })).body.code).toBe(0);

    expect((await call('/product/edit', { productId: PRODUCT.productId, groupId: '' })).body.code).toBe(400);
    expect((await call('/product/edit', { productId: PRODUCT.productId, groupId: '99999' })).body.code).toBe(
      XIAOLIEBIAN_CODES.groupNotFound,
    );
    expect((await call('/product/group/unbind', { productId: PRODUCT.productId, groupId: g2 })).body.code).toBe(0);
    expect(await detail()).toMatchObject({ groupIds: [], groupId: null, groupName: null });
    expect((await call('/product/group/delete', { groupId: g2 })).body.code).toBe(0);
  });
});

describe('xiaoliebian simulator: contract', () => {
  it('classifies writes by endpoint', () => {
    const h = harness();
    for (const endpoint of Object.values(XIAOLIEBIAN_PATHS)) {
      const req = h.request({ method: endpoint.method, path: endpoint.path, body: endpoint.method === 'POST' ? {} : undefined });
      expect(xiaoliebianSimulator.isWrite(req), endpoint.path).toBe(endpoint.write);
    }
    expect(Object.values(XIAOLIEBIAN_PATHS).filter((e) => e.write)).toHaveLength(8);
  });

  it('busy reply is the envelope with code 429', () => {
    const busy = xiaoliebianSimulator.busyResponse();
    expect(busy.status).toBe(200);
    expect(busy.body).toMatchObject({ success: false, code: 429, msg: '系统繁忙，请稍后再试', value: null });
  });

  it('starts empty without seed; the seed holds catalog and unmanaged objects', async () => {
    expect(xiaoliebianSimulator.initialState(false)).toMatchObject({ products: {}, groups: {} });
    const { call } = await client({ seed: true });
    const products = (await call('/product/list', { pageNo: 1, pageSize: 100 })).body.value;
    expect(products.list.map((p: { productId: string }) => p.productId).sort()).toEqual(
      ['XLB-2023-0042', 'airpods-pro2', 'gan-charger-65w', 'xiaomi14-pro'].sort(),
    );
    const groups = (await call('/product/group/list', { pageNo: 1, pageSize: 100 })).body.value;
    expect(groups.list.map((g: { groupName: string }) => g.groupName)).toEqual(['手机', '耳机音响', '清仓特价']);
    const added = await call('/product/group/add', { groupName: '茶与书' });
    expect(groups.list.map((g: { groupId: string }) => g.groupId)).not.toContain(added.body.value.groupId);
  });
});
