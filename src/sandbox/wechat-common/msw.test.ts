import { describe, expect, it } from 'vitest';
import { createSandbox, ManualClock } from '../core.js';
import type { WechatStoreState } from '../wechat-store/state.js';
import { pngBytes } from '../../../test/helpers/wechat-sandbox.js';
import { useMswSandbox } from '../../../test/helpers/msw-sandbox.js';

const ORIGIN = 'http://sandbox.test';
const credentials = { appId: 'wx1234567890abcdef', secret: 'sandbox-secret' };
const accounts = [
  { name: 'store', platform: 'wechat-store' as const, credentials },
  { name: 'live', platform: 'wechat-live' as const, credentials, options: { auditDelayMs: 1000 } },
];

describe('wechat simulators through the sandbox msw handlers', () => {
  const clock = new ManualClock();
  const env = useMswSandbox({ origin: ORIGIN, accounts: accounts, seed: false, clock });

  async function token(account: string): Promise<string> {
    const r = await fetch(`${ORIGIN}/${account}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: credentials.appId, secret: credentials.secret, force_refresh: false }),
    });
    return ((await r.json()) as { access_token: string }).access_token;
  }

  const postJson = async (url: string, body: unknown) =>
    (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as any;

  it('wechat-live: multipart cover upload, add, audit approval on the sandbox clock', async () => {
    const t = await token('live');
    const form = new FormData();
    form.append('media', new Blob([pngBytes(200, 200)], { type: 'image/png' }), 'cover.png');
    const upload = (await (await fetch(`${ORIGIN}/live/cgi-bin/media/upload?access_token=${t}&type=image`, { method: 'POST', body: form })).json()) as any;
    expect(upload).toMatchObject({ type: 'image', media_id: expect.any(String) });
    const added = await postJson(`${ORIGIN}/live/wxaapi/broadcast/goods/add?access_token=${t}`, {
      goodsInfo: { coverImgUrl: upload.media_id, name: 'AirPodsPro2', priceType: 1, price: 1599, url: 'pages/goods/detail?key=airpods-pro2' },
    });
    expect(added).toMatchObject({ errcode: 0, goodsId: expect.any(Number), auditId: expect.any(Number) });
    const status = () => postJson(`${ORIGIN}/live/wxa/business/getgoodswarehouse?access_token=${t}`, { goods_ids: [added.goodsId] });
    expect((await status()).goods[0]).toMatchObject({ audit_status: 1, cover_img_url: expect.stringMatching(/^http:\/\/sandbox\.test\/live\/img\//) });
    clock.advance(1000);
    expect((await status()).goods[0].audit_status).toBe(2);
  });

  it('wechat-store: raw upload_img, create, get (POST) and the state persists across a restart', async () => {
    const t = await token('store');
    const up = (await (await fetch(`${ORIGIN}/store/merchant/common/upload_img?access_token=${t}&filename=a.png`, { method: 'POST', body: pngBytes(640, 600) })).json()) as any;
    expect(up.image_url).toMatch(/^http:\/\/sandbox\.test\/store\/img\/[0-9a-f]{64}$/);
    const created = await postJson(`${ORIGIN}/store/merchant/create?access_token=${t}`, {
      product_base: { name: '数据线', category_id: ['537063306'], main_img: up.image_url, img: [up.image_url], detail: [{ text: '100W' }] },
      sku_list: [{ sku_id: '', price: 1990, ori_price: 5900, quantity: 10, product_code: 'usb-c-cable' }],
      attrext: { isPostFree: 1 },
    });
    expect(created).toMatchObject({ errcode: 0, product_id: expect.any(String) });
    const got = await postJson(`${ORIGIN}/store/merchant/get?access_token=${t}`, { product_id: created.product_id });
    expect(got.product_info.sku_list[0]).toMatchObject({ product_code: 'usb-c-cable', quantity: 10 });

    await env.sandbox.flush();
    const reopened = await createSandbox({ accounts, stateDir: env.stateDir, seed: false, clock });
    const products = reopened.stateOf<WechatStoreState>('store').products;
    expect(products.map((p) => p.product_id)).toEqual([created.product_id]);
    expect(JSON.stringify(reopened.stateOf('store'))).not.toContain(t);
    await reopened.close();
  });
});
