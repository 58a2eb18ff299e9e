/**
 * The Channels store simulator through the sandbox core over fetch (msw): the wire format of
 * uint64 ids, persistence, and fault injection (5xx, busy, lost writes).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { SandboxAccount } from '../accounts.js';
import { accountStateFile } from '../accounts.js';
import { createSandbox, ManualClock } from '../core.js';
import { pngBytes } from '../../../test/helpers/wechat-sandbox.js';
import { useMswSandbox } from '../../../test/helpers/msw-sandbox.js';
import { parseJsonKeepingBigIntegers } from './json.js';
import { wechatChannelsSimulator } from './simulator.js';
import type { WechatChannelsState } from './state.js';
import { cupBody, templateBody } from '../../../test/helpers/wechat-channels-sandbox.js';

const ORIGIN = 'http://channels.test';
const credentials = { appId: 'wx-channels-test', secret: 'channels-secret' };
// Until the platform registry (branch seam) names wechat-channels, the simulator is passed in directly.
const platform = wechatChannelsSimulator.platform;
const simulators = { [platform]: wechatChannelsSimulator };

async function token(base: string): Promise<string> {
  for (;;) {
    try {
      const r = await fetch(`${base}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: credentials.appId, secret: credentials.secret }),
      });
      if (r.ok) {
        const body = (await r.json()) as { access_token?: string };
        if (body.access_token) return body.access_token;
      }
    } catch {
      // a dropped or lost connection under faults: ask again
    }
  }
}

async function post(base: string, t: string, path: string, body: unknown, query = ''): Promise<{ text: string; body: Record<string, any> }> {
  const r = await fetch(`${base}/channels/ec/${path}?access_token=${t}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  return { text, body: parseJsonKeepingBigIntegers(text) as Record<string, any> };
}

async function uploadImages(base: string, t: string, n: number): Promise<string[]> {
  const urls: string[] = [];
  for (let i = 0; i < n; i++) {
    const form = new FormData();
    form.append('media', new Blob([pngBytes(500 + i, 500)], { type: 'image/png' }), `${i}.png`);
    const r = await fetch(`${base}/channels/ec/basics/img/upload?access_token=${t}&upload_type=0&resp_type=1&width=${500 + i}&height=500`, { method: 'POST', body: form });
    urls.push(((await r.json()) as { pic_file: { img_url: string } }).pic_file.img_url);
  }
  return urls;
}

describe('wechat-channels through the sandbox msw handlers', () => {
  const clock = new ManualClock();
  const accounts: SandboxAccount[] = [{ name: 'channels', platform, credentials, options: { auditDelayMs: 1000 } }];
  const env = useMswSandbox({ origin: ORIGIN, accounts, seed: false, clock, simulators });
  const base = `${ORIGIN}/channels`;

  it('multipart upload, add with listing, audit on the sandbox clock; ids on the wire are bare integers, persisted as strings', async () => {
    const t = await token(base);
    const imgs = await uploadImages(base, t, 4);
    const templateId = (await post(base, t, 'merchant/addfreighttemplate', { freight_template: templateBody('默认快递') })).body['template_id'] as string;
    const added = await post(base, t, 'product/add', cupBody(imgs, templateId, { listing: 1 }));
    const productId = added.body['data'].product_id as string;
    expect(added.text).toMatch(new RegExp(`"product_id":${productId}[,}]`));
    const viaResponseJson = (await (await fetch(`${base}/channels/ec/product/get?access_token=${t}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ product_id: productId }) })).json()) as Record<string, unknown>;
    expect(viaResponseJson['product']).toBeUndefined(); // still in audit: no online version yet
    clock.advance(1000);
    const got = await post(base, t, 'product/get', { product_id: productId, data_type: 1 });
    expect(got.body['product']).toMatchObject({ product_id: productId, status: 5, edit_status: 4 });

    await env.sandbox.flush();
    const persisted = JSON.parse(await readFile(accountStateFile(env.stateDir, 'channels'), 'utf8')) as { state: WechatChannelsState };
    expect(persisted.state.products[0]!.product_id).toBe(productId);
    expect(JSON.stringify(persisted)).not.toContain(t);
    const reopened = await createSandbox({ accounts, stateDir: env.stateDir, seed: false, clock, simulators });
    expect(reopened.stateOf<WechatChannelsState>('channels').products.map((p) => p.product_id)).toEqual([productId]);
    await reopened.close();
  });
});

describe('wechat-channels under faults (5xx=0.1, busy=0.1, lost=0.1)', () => {
  const clock = new ManualClock();
  const accounts: SandboxAccount[] = [{ name: 'shop', platform, credentials, options: { auditDelayMs: 0 } }];
  const env = useMswSandbox({ origin: ORIGIN, accounts, seed: false, clock, simulators, faults: '5xx=0.1,busy=0.1,lost=0.1,seed=15' });
  const base = `${ORIGIN}/shop`;

  it('answers 5xx and errcode -1 without changing state; a lost write is committed but the answer never arrives', async () => {
    const t = await token(base);
    // Set up without faults in the way: write the product straight into the state.
    const state = env.sandbox.stateOf<WechatChannelsState>('shop');
    state.products.push({
      product_id: '10000000000000001',
      out_product_id: 'cup',
      status: 5,
      edit_status: 4,
      draft: { ...emptyData(), skus: [sku('20000000000000001')] },
      online: { ...emptyData(), skus: [sku('20000000000000001')] },
      stock: { '20000000000000001': 100 },
      dueAt: null,
      listAfterUpload: false,
      audit: null,
      createTime: 0,
      editTime: 0,
      product_type: 1,
    });
    const outcomes = { ok: 0, busy: 0, http5xx: 0, lost: 0 };
    for (let i = 0; i < 200; i++) {
      try {
        const r = await fetch(`${base}/channels/ec/product/stock/update?access_token=${t}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ product_id: '10000000000000001', sku_id: '20000000000000001', diff_type: 1, num: 1 }),
        });
        if (r.status >= 500) outcomes.http5xx += 1;
        else {
          const code = ((await r.json()) as { errcode: number }).errcode;
          if (code === -1) outcomes.busy += 1;
          else if (code === 0) outcomes.ok += 1;
          else throw new Error(`unexpected errcode ${code}`);
        }
      } catch (e) {
        if ((e as Error).message.startsWith('unexpected')) throw e;
        outcomes.lost += 1;
      }
    }
    for (const n of Object.values(outcomes)) expect(n).toBeGreaterThan(5);
    expect(outcomes.ok + outcomes.busy + outcomes.http5xx + outcomes.lost).toBe(200);
    expect(state.products[0]!.stock['20000000000000001']).toBe(100 + outcomes.ok + outcomes.lost);
  });
});

function emptyData() {
  return {
    title: '陶瓷马克杯 350ml',
    short_title: '',
    head_imgs: [],
    desc_info: { imgs: [], desc: '' },
    cats_v2: [{ cat_id: '10000111' }, { cat_id: '10000113' }, { cat_id: '6091' }],
    cats: [],
    attrs: [{ attr_key: '材质', attr_value: '陶瓷' }],
    spu_code: '',
    brand_id: '2100000000',
    deliver_method: 0,
    express_info: null,
    extra_service: { seven_day_return: 1, freight_insurance: 0 },
    extras: {},
  };
}

function sku(skuId: string) {
  return { sku_id: skuId, out_sku_id: 'w', thumb_img: '', sale_price: 3900, market_price: 0, sku_code: '', sku_attrs: [], status: 5 };
}
