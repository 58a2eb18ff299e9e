/**
 * Test helpers for the Channels store simulator: an account on a manual clock whose answers are
 * parsed big-int-safe (ids stay exact strings), uploaded images, and a valid product body.
 * Used by tests only.
 */
import type { SimResponse } from '../../src/sandbox/types.js';
import { multipart, pngBytes, request, TEST_APP_ID, TEST_SECRET, testAccount, type TestAccount } from './wechat-sandbox.js';
import { parseJsonKeepingBigIntegers } from '../../src/sandbox/wechat-channels/json.js';
import { wechatChannelsSimulator } from '../../src/sandbox/wechat-channels/simulator.js';
import type { WechatChannelsState } from '../../src/sandbox/wechat-channels/state.js';

export interface ChannelsReply {
  /** Parsed with big integers kept exact (as strings). */
  body: Record<string, any>;
  /** The body text exactly as sent. */
  text: string;
  status: number;
}

export interface ChannelsTestAccount {
  account: TestAccount<WechatChannelsState>;
  state(): WechatChannelsState;
  advance(ms: number): void;
  /** POST a JSON body to `path` with the current token. */
  post(path: string, json?: unknown, query?: Record<string, string>): Promise<ChannelsReply>;
  send(method: string, path: string, opts?: { json?: unknown; body?: Uint8Array; headers?: Record<string, string>; query?: Record<string, string> }): Promise<ChannelsReply>;
  /** Fetches a new token (/cgi-bin/token) and uses it from now on. */
  login(): Promise<string>;
  /** Uploads a distinct PNG (resp_type 1) and returns its img_url. */
  image(n: number): Promise<string>;
  images(count: number, from?: number): Promise<string[]>;
  token: string;
}

export function parseReply(res: SimResponse): ChannelsReply {
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  return { body: parseJsonKeepingBigIntegers(text) as Record<string, any>, text, status: res.status };
}

export async function channelsAccount(opts: { seed?: boolean; options?: Record<string, unknown> } = {}): Promise<ChannelsTestAccount> {
  const account = testAccount(wechatChannelsSimulator, opts);
  const t: ChannelsTestAccount = {
    account,
    token: '',
    async login() {
      const query = { grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_SECRET };
      t.token = String(parseReply(await account.raw(request('GET', '/cgi-bin/token', { query }))).body['access_token']);
      return t.token;
    },
    state: () => account.ctx.state,
    advance: (ms) => account.ctx.clock.advance(ms),
    async send(method, path, o = {}) {
      return parseReply(await account.raw(request(method, path, { ...o, query: { access_token: t.token, ...(o.query ?? {}) } })));
    },
    post: (path, json = {}, query = {}) => t.send('POST', `/channels/ec/${path}`, { json, query }),
    async image(n) {
      const { body, headers } = await multipart('media', pngBytes(400 + n, 400));
      const r = await t.send('POST', '/channels/ec/basics/img/upload', { body, headers, query: { upload_type: '0', resp_type: '1', width: String(400 + n), height: '400' } });
      if (r.body['errcode'] !== 0) throw new Error(`upload failed: ${r.text}`);
      return r.body['pic_file'].img_url as string;
    },
    async images(count, from = 0) {
      const urls: string[] = [];
      for (let i = 0; i < count; i++) urls.push(await t.image(from + i));
      return urls;
    },
  };
  await t.login();
  return t;
}

/** A product body the simulator accepts: a 杯子 (leaf 6091) with the given images and two SKUs. */
export function cupBody(imgs: string[], templateId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    out_product_id: 'cup-1',
    title: '陶瓷马克杯 350ml 白色',
    head_imgs: imgs.slice(0, 3),
    desc_info: { imgs: imgs.slice(3, 4), desc: '杯子' },
    cats_v2: [{ cat_id: '10000111' }, { cat_id: '10000113' }, { cat_id: '6091' }],
    attrs: [{ attr_key: '材质', attr_value: '陶瓷' }, { attr_key: '容量', attr_value: '350 ml' }],
    deliver_method: 0,
    express_info: { template_id: templateId },
    extra_service: { seven_day_return: 1, freight_insurance: 0 },
    brand_id: '2100000000',
    skus: [
      { out_sku_id: 'cup-1-w', thumb_img: imgs[0], sale_price: 3900, market_price: 5900, stock_num: 100, sku_code: 'CUP-W', sku_attrs: [{ attr_key: '颜色', attr_value: '白色' }] },
      { out_sku_id: 'cup-1-b', sale_price: 4200, stock_num: 5, sku_attrs: [{ attr_key: '颜色', attr_value: '黑色' }] },
    ],
    ...over,
  };
}

/** A valid freight template body (fees in fen) named `name`. */
export function templateBody(name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    valuation_type: 'PIECE',
    send_time: 'SendTime_FOUTYEIGHT_HOUR',
    address_info: { province_name: '广东省', city_name: '深圳市', county_name: '南山区', detail_info: '科技园' },
    delivery_type: 'EXPRESS',
    delivery_id: [],
    shipping_method: 'NO_FREE',
    all_freight_calc_method: {
      freight_calc_method_list: [
        { is_default: true, address_infos: [], first_val_amount: 1, first_price: 800, second_val_amount: 1, second_price: 200 },
        { is_default: false, address_infos: [{ province_name: '新疆维吾尔自治区' }], first_val_amount: 1, first_price: 2000, second_val_amount: 1, second_price: 1000 },
      ],
    },
    not_send_area: { address_infos: [] },
    is_default: false,
    ...over,
  };
}

/** A new account with one freight template and `n` uploaded images; returns the template id too. */
export async function readyAccount(opts: { options?: Record<string, unknown>; images?: number } = {}): Promise<{ a: ChannelsTestAccount; imgs: string[]; templateId: string }> {
  const a = await channelsAccount({ options: { auditDelayMs: 1000, ...opts.options } });
  const imgs = await a.images(opts.images ?? 5);
  const t = await a.post('merchant/addfreighttemplate', { freight_template: templateBody('默认快递') });
  if (t.body['errcode'] !== 0) throw new Error(`template failed: ${t.text}`);
  return { a, imgs, templateId: t.body['template_id'] as string };
}
