/**
 * The wechat-channels adapter driven by the engine (refresh, plan, apply) against its simulator,
 * in-process through msw: the adapter and the simulator were written independently from the same
 * document, so this is where a shared misreading would not hide. One scenario per row of the audit
 * workflow; every step ends with a plan without changes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog, Product, ShippingTemplate } from '../src/catalog/types.js';
import type { TargetConfig, StockPolicy } from '../src/config/model.js';
import { applyPlan, type ApplyState } from '../src/engine/apply.js';
import { observedIdentities, refreshAndPlan } from '../src/engine/refresh.js';
import type { Plan, PlannedAction } from '../src/plan/types.js';
import type { PlatformAdapter } from '../src/platforms/types.js';
import type { SandboxAccount } from '../src/sandbox/accounts.js';
import { ManualClock } from '../src/sandbox/core.js';
import { pngBytes } from './helpers/wechat-sandbox.js';
import { wechatChannelsSimulator } from '../src/sandbox/wechat-channels/simulator.js';
import type { WechatChannelsState } from '../src/sandbox/wechat-channels/state.js';
import { normaliseBlock, type WechatChannelsProductDoc } from '../src/platforms/wechat-channels/catalog.js';
import { wechatChannelsAdapter } from '../src/platforms/wechat-channels/index.js';
import { WechatChannelsClient } from '../src/platforms/wechat-channels/client.js';
import { useMswSandbox } from './helpers/msw-sandbox.js';
import { mutableMemoryState } from './helpers/mutable-state.js';
import { testTarget } from './helpers/target.js';

const ORIGIN = 'http://channels-engine.test';
const platform = wechatChannelsSimulator.platform;
const credentials = { appId: 'wx-channels-engine', secret: 'engine-secret' };
const root = mkdtempSync(join(tmpdir(), 'wc-engine-'));
for (let i = 1; i <= 4; i++) writeFileSync(join(root, `${i}.png`), pngBytes(600 + i, 600));
const image = (i: number) => ({ kind: 'file' as const, path: `${i}.png`, absPath: join(root, `${i}.png`) });
const source = { file: 'catalog.yaml', line: 1, col: 1 };

function product(key: string, title: string, over: { [k: string]: unknown } = {}, block: Partial<WechatChannelsProductDoc> = {}): Product {
  const p = {
    kind: 'Product',
    key,
    protect: false,
    targets: ['channels'],
    source,
    title,
    description: '好用的杯子',
    price: 3900,
    stock: 15,
    images: [image(1), image(2), image(3)],
    groups: [],
    shipping: 'express',
    onSale: true,
    skus: [
      { key: 'white', options: [['颜色', '白色']], price: 3900, stock: 10 },
      { key: 'black', options: [['颜色', '黑色']], price: 4900, stock: 5 },
    ],
    platforms: {},
    ...over,
  } as unknown as Product;
  const doc: WechatChannelsProductDoc = { category: ['10000111', '10000113', '6091'], attributes: { 材质: '陶瓷' }, ...block };
  (p.platforms as Record<string, unknown>)['wechat-channels'] = normaliseBlock(doc, p, { image: (r) => ({ kind: 'file', path: r, absPath: join(root, r) }) });
  return p;
}

const template = (firstFee: number): ShippingTemplate => (({
  kind: 'ShippingTemplate',
  key: 'express',
  protect: false,
  targets: ['channels'],
  source,
  name: '默认快递',
  payer: 'buyer',
  rates: [{ carrier: 'express', firstItems: 1, firstFee, additionalItems: 1, additionalFee: 200, regions: [{ country: '中国', province: '新疆维吾尔自治区', firstItems: 1, firstFee: 2000, additionalItems: 1, additionalFee: 1000 }] }],
}) as unknown as ShippingTemplate);

const catalog = (products: Product[], templates = [template(800)]): Catalog => ({ root, products, groups: [], shippingTemplates: templates, shelves: [], digest: 'x' });

describe('wechat-channels adapter + engine against the simulator', () => {
  const clock = new ManualClock();
  const accounts: SandboxAccount[] = [{ name: 'channels', platform, credentials, options: { auditDelayMs: 0 } }];
  const env = useMswSandbox({ origin: ORIGIN, accounts, seed: true, clock, simulators: { [platform]: wechatChannelsSimulator } });
  const state = mutableMemoryState();
  const cacheDir = mkdtempSync(join(tmpdir(), 'wc-engine-cache-'));
  const targetWith = (stock: StockPolicy): TargetConfig =>
    testTarget({ name: 'channels', platform: 'wechat-live', baseUrl: `${ORIGIN}/channels`, credentials, policy: { prune: true, maxDeletePercent: 100, stock, concurrency: 4, ratePerSecond: 1000, stopAfterFailures: 5 } });
  const adapter = { ...wechatChannelsAdapter, platform: 'wechat-live' } as unknown as PlatformAdapter;
  const sim = () => env.sandbox.stateOf<WechatChannelsState>('channels');
  const byOut = (key: string) => sim().products.find((p) => p.out_product_id === key && p.status !== 6);

  async function plan(c: Catalog, stock: StockPolicy = 'exact'): Promise<{ plan: Plan; client: WechatChannelsClient; target: TargetConfig; liveIds: Map<string, string> }> {
    const target = targetWith(stock);
    const client = new WechatChannelsClient(target, { fetch: globalThis.fetch, cacheDir });
    const r = await refreshAndPlan(c, [{ target, adapter, client, state }], { catalogDigest: 'x', now: new Date(clock.now()).toISOString() });
    return { plan: r.plan, client, target, liveIds: observedIdentities(r.inputs[0]!) };
  }
  const actions = (p: Plan): string[] => p.targets[0]!.actions.map((a: PlannedAction) => `${a.kind}/${a.key}: ${a.label}`);

  async function apply(c: Catalog, stock: StockPolicy = 'exact'): Promise<Plan> {
    const { plan: p, client, target, liveIds } = await plan(c, stock);
    const store: ApplyState = {
      target: () => state,
      beginCreate: async () => {},
      completeCreate: (_t, ref, record) => state.set(ref, record),
      abandonCreate: () => {},
    };
    const r = await applyPlan(p, { targets: new Map([['channels', { config: target, client, liveIds }]]), state: store, catalogRoot: root });
    expect(r.failures.map((f) => `${f.action.key} ${f.call}: ${f.error.message}`)).toEqual([]);
    return p;
  }
  async function expectNoChanges(c: Catalog, stock: StockPolicy = 'exact'): Promise<Plan> {
    const { plan: p } = await plan(c, stock);
    expect(p.targets[0]!.actions.map((a) => ({ what: `${a.kind}/${a.key}: ${a.label}`, changes: a.changes }))).toEqual([]);
    return p;
  }

  it('creates with SKUs, edits through audit and audit-free, stock, listing, rejection, template, delete', async () => {
    const mug = product('mug', '陶瓷马克杯 350ml');
    const bad = product('bad', '违规陶瓷杯 350ml', { skus: [] });
    let c = catalog([mug, bad]);

    const first = await plan(c);
    expect(actions(first.plan)).toEqual(expect.arrayContaining(['ShippingTemplate/express: update', 'Product/mug: create + submit-audit', 'Product/bad: create + submit-audit']));
    await apply(c);
    const noop = await expectNoChanges(c);
    // The seeded store's products nobody manages are listed, not adopted.
    expect(noop.targets[0]!.unmanaged.map((u) => u.kind)).toEqual(['Product', 'Product']);
    expect(noop.targets[0]!.notes.map((n) => n.message).join('\n')).toMatch(/audit rejected: .*违规/);
    expect(byOut('mug')).toMatchObject({ status: 5, edit_status: 4 });
    expect(byOut('mug')!.online!.skus.map((s) => s.out_sku_id)).toEqual(['white', 'black']);
    expect(byOut('bad')).toMatchObject({ edit_status: 3 });
    expect(sim().templates.find((t) => t.name === '默认快递')!.body.all_freight_calc_method).toMatchObject({ freight_calc_method_list: [expect.objectContaining({ first_price: 800 }), expect.anything()] });

    // Title through audit; the fixed rejected product is resubmitted.
    c = catalog([product('mug', '陶瓷马克杯 400ml'), product('bad', '陶瓷杯 经典款 350ml', { skus: [] })]);
    expect(actions((await plan(c)).plan)).toEqual(['Product/bad: update, submit-audit', 'Product/mug: update, submit-audit']);
    await apply(c);
    await expectNoChanges(c);
    // Nothing changed since: the plan is answered from the cache (list pages, templates, quota, one stock batch).
    expect((await expectNoChanges(c)).targets[0]!.readCalls).toBe(3 + 2 + 1 + 1 + 1 + 1);
    expect(byOut('mug')!.online!.title).toBe('陶瓷马克杯 400ml');
    expect(byOut('bad')).toMatchObject({ status: 5, edit_status: 4 });

    // Price only: audit-free.
    const priced = product('mug', '陶瓷马克杯 400ml', { skus: [{ key: 'white', options: [['颜色', '白色']], price: 3500, stock: 10 }, { key: 'black', options: [['颜色', '黑色']], price: 4900, stock: 5 }] });
    c = catalog([priced, product('bad', '陶瓷杯 经典款 350ml', { skus: [] })]);
    expect(actions((await plan(c)).plan)).toEqual(['Product/mug: update (audit-free)']);
    await apply(c);
    await expectNoChanges(c);
    expect(byOut('mug')!.online!.skus[0]!.sale_price).toBe(3500);

    // Stock: a sale on the platform; exact sends the delta, initial only notes it.
    const mugId = byOut('mug')!.product_id;
    const whiteId = byOut('mug')!.online!.skus[0]!.sku_id;
    sim().products.find((p) => p.product_id === mugId)!.stock[whiteId] = 7;
    const initial = await plan(c, 'initial');
    expect(actions(initial.plan)).toEqual([]);
    expect(initial.plan.targets[0]!.notes.map((n) => n.message).join('\n')).toMatch(/skus.white.stock is 7 on the platform, 10 in the catalog/);
    expect(actions((await plan(c)).plan)).toEqual(['Product/mug: stock']);
    await apply(c);
    await expectNoChanges(c);
    expect(sim().products.find((p) => p.product_id === mugId)!.stock[whiteId]).toBe(10);

    // Delist and list again.
    c = catalog([{ ...priced, onSale: false }, product('bad', '陶瓷杯 经典款 350ml', { skus: [] })]);
    expect(actions((await plan(c)).plan)).toEqual(['Product/mug: delist']);
    await apply(c);
    await expectNoChanges(c);
    expect(byOut('mug')!.status).toBe(11);
    c = catalog([priced, product('bad', '陶瓷杯 经典款 350ml', { skus: [] })]);
    expect(actions((await plan(c)).plan)).toEqual(['Product/mug: list (submit-audit)']);
    await apply(c);
    await expectNoChanges(c);
    expect(byOut('mug')!.status).toBe(5);

    // Freight template change.
    c = catalog([priced, product('bad', '陶瓷杯 经典款 350ml', { skus: [] })], [template(900)]);
    expect(actions((await plan(c)).plan)).toEqual(['ShippingTemplate/express: update']);
    await apply(c);
    await expectNoChanges(c);

    // Delete (prune): delisted first.
    c = catalog([product('bad', '陶瓷杯 经典款 350ml', { skus: [] })], [template(900)]);
    expect(actions((await plan(c)).plan)).toEqual(['Product/mug: delist, delete']);
    await apply(c);
    await expectNoChanges(c);
    expect(byOut('mug')).toBeUndefined();
  });
});
