/**
 * Plans for the golden tests, made by the real pure planner (buildPlan) with a small fake adapter
 * and fixed desired/live objects: no I/O, no clock, so the same input always gives the same plan.
 *
 * The fake adapter plans like a real one does (creates with `$ref`s to groups created in the same
 * apply, narrow updates, replace when a frozen field changes, shelf actions, stock by policy, audit
 * submissions counted against a quota) so every part of the renderers is exercised.
 */
import { DEFAULT_POLICY, type Policy, type TargetConfig } from '../../src/config/model.js';
import type { PlatformName } from '../../src/catalog/model.js';
import { buildPlan, type TargetPlanInput } from '../../src/engine/plan.js';
import { creationChanges } from '../../src/plan/diff.js';
import type { ActionDraft, DesiredObject, LiveObject, ObjectPlan, PlatformAdapter, TargetState } from '../../src/platforms/types.js';
import type { Json, Plan, Phase, QuotaUse } from '../../src/plan/types.js';

export const NOW = '2025-06-01T08:00:00.000Z';
const DIGEST = 'sha256:5f2c0e1d9a7b4c3e8f6a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6';

const PHASE: Record<string, { create: Phase; delete: Phase }> = {
  Product: { create: 'products', delete: 'delete-products' },
  Group: { create: 'groups', delete: 'delete-groups' },
};

/** Fields that cannot be edited once `meta.frozen` is set (like wechat-store titles after listing). */
const FROZEN_FIELDS = new Set(['title']);

function planFake(input: Parameters<PlatformAdapter['planObject']>[0]): ObjectPlan {
  const { desired, live, changes, policy } = input;
  if (!desired) {
    return { actions: [{ op: 'delete', label: 'delete', changes: [], calls: [{ op: `${live!.kind.toLowerCase()}.delete`, effect: 'delete', args: { id: live!.id } }], phase: PHASE[live!.kind]!.delete }] };
  }
  const { onSale, ...fields } = desired.fields;
  const audit = desired.extra?.audit === true;
  if (!live) {
    const groups = (desired.extra?.groups ?? []) as string[];
    const actions: ActionDraft[] = [
      {
        op: 'create',
        label: 'create',
        changes: creationChanges(fields),
        calls: [{ op: `${desired.kind.toLowerCase()}.create`, effect: 'create', args: { ...fields, ...(groups.length > 0 ? { group_ids: groups.map((g) => ({ $ref: `Group/${g}` })) } : {}) } }],
        phase: PHASE[desired.kind]!.create,
      },
    ];
    if (onSale === true) actions.push(shelfAction(desired.key, true, false));
    if (audit) actions.push(auditAction(desired.key));
    return { actions, ...(audit ? { quota: { audit: 1 } } : {}) };
  }

  const notes: NonNullable<ObjectPlan['notes']> = [];
  const actions: ActionDraft[] = [];
  const stock = changes.filter((c) => c.path === 'stock' || c.path.endsWith('.stock'));
  const shelf = changes.find((c) => c.path === 'onSale');
  const edits = changes.filter((c) => !stock.includes(c) && c !== shelf);

  if (live.meta.frozen === true && edits.some((c) => FROZEN_FIELDS.has(c.path))) {
    actions.push({
      op: 'replace',
      label: 'replace',
      reason: 'the title cannot be edited once the product has been on shelf',
      changes: edits,
      calls: [
        { op: 'product.delete', effect: 'delete', args: { id: live.id } },
        { op: 'product.create', effect: 'create', args: fields },
      ],
      phase: 'products',
    });
  } else if (edits.length > 0) {
    const body: { [k: string]: Json } = { id: live.id };
    for (const c of edits) body[c.path.split('.')[0]!] = fields[c.path.split('.')[0]!] ?? null;
    actions.push({ op: 'update', label: 'update', changes: edits, calls: [{ op: 'product.update', effect: 'update', args: body }], phase: 'products' });
  }
  if (stock.length > 0 && policy.stock === 'exact') {
    actions.push({ op: 'update', label: 'stock', changes: stock, calls: stock.map((c) => ({ op: 'stock.set', effect: 'update' as const, args: { id: live.id, path: c.path, stock: c.after ?? 0 } })), phase: 'stock' });
  } else if (stock.length > 0 && policy.stock === 'initial') {
    for (const c of stock) notes.push({ level: 'info', message: `${c.path} is ${c.before} on the platform, ${c.after} in the catalog (stock policy "initial": not sent)` });
  }
  if (shelf) actions.push(shelfAction(desired.key, shelf.after === true, shelf.before === true));
  if (audit && actions.length > 0) actions.push(auditAction(desired.key));
  if (live.meta.auditState === 'rejected') notes.push({ level: 'warning', message: 'the last audit was rejected: 名称含违规词' });
  return { actions, notes, ...(audit && actions.length > 0 ? { quota: { audit: 1 } } : {}) };
}

function shelfAction(key: string, after: boolean, before: boolean): ActionDraft {
  return {
    op: 'action',
    label: after ? 'list' : 'delist',
    changes: [{ path: 'onSale', before, after }],
    calls: [{ op: after ? 'shelf.on' : 'shelf.off', effect: 'update', args: { product: { $ref: `Product/${key}` } } }],
    phase: 'shelf-state',
  };
}

function auditAction(key: string): ActionDraft {
  return { op: 'action', label: 'submit-audit', reason: 'new or changed goods must pass audit before they show', changes: [], calls: [{ op: 'audit.submit', effect: 'update', args: { goods: { $ref: `Product/${key}` } } }], phase: 'audits' };
}

export function fakeAdapter(platform: PlatformName): PlatformAdapter {
  return {
    platform,
    desired: () => [],
    planObject: planFake,
    fieldUnits: { Product: { fen: ['price', 'originalPrice', 'skus.*.price'] } },
    createClient: () => {
      throw new Error('the golden tests never reach a platform');
    },
  };
}

function target(name: string, platform: PlatformName, policy: Partial<Policy> = {}): TargetConfig {
  return { name, platform, baseUrl: 'https://sandbox.invalid', sandbox: true, credentials: {}, paths: {}, sandboxOptions: {}, policy: { ...DEFAULT_POLICY, ...policy } };
}

function stateOf(records: Record<string, string>): TargetState {
  return {
    get: (ref) => (records[ref] ? { id: records[ref]! } : undefined),
    entries: () => Object.entries(records).map(([ref, id]) => [ref, { id }]),
    getMeta: () => ({}),
  };
}

function product(key: string, fields: { [k: string]: Json }, opts: { protect?: boolean; extra?: { [k: string]: Json } } = {}): DesiredObject {
  return { kind: 'Product', key, protect: opts.protect ?? false, fields, ...(opts.extra ? { extra: opts.extra } : {}) };
}

function live(kind: string, id: string, key: string | undefined, name: string, fields: { [k: string]: Json }, meta: { [k: string]: Json } = {}): LiveObject {
  return { kind, id, ...(key ? { key } : {}), name, fields, meta };
}

function input(t: TargetConfig, desired: DesiredObject[], objects: LiveObject[], state: Record<string, string> = {}, quotas?: QuotaUse[]): TargetPlanInput {
  return { target: t, adapter: fakeAdapter(t.platform), desired, live: { objects, ...(quotas ? { quotas } : {}), readCalls: 3 }, state: stateOf(state) };
}

const plan = (targets: TargetPlanInput[]): Plan => buildPlan({ catalogDigest: DIGEST, targets, now: NOW });

const IPHONE_DESC_OLD = '国行正品，无拆无修，电池健康 89%。\n面容 ID、原彩显示、NFC 全部正常。\n附赠原装数据线。\n';
const IPHONE_DESC_NEW = '国行正品，无拆无修，电池健康 89%。\n面容 ID、原彩显示、NFC 全部正常，屏幕无划痕。\n附赠原装数据线和透明手机壳。\n支持七天无理由退换。\n';

/** Every kind of change on two targets: creates, updates, replace, delete, actions, notes, quota. */
export function mixedPlan(): Plan {
  const store = target('store', 'wechat-store');
  const storeDesired = [
    { kind: 'Group', key: 'tea', protect: false, fields: { name: '茶叶' } },
    product('longjing-2025', { title: '明前龙井 250g', price: 12800, stock: 40, onSale: true }, { extra: { groups: ['tea'] } }),
    product('iphone13-128', { title: 'iPhone 13 128G', description: IPHONE_DESC_NEW, price: 329900, skus: { midnight: { price: 329900, stock: 4 }, starlight: { price: 334900, stock: 3 } }, onSale: true }),
    product('mate60-pro', { title: '华为 Mate 60 Pro 12+512G', price: 599900, onSale: true }),
    product('kindle-paperwhite5', { title: 'Kindle Paperwhite 5', price: 89900, stock: 3, onSale: true }),
    product('airpods-pro2', { title: 'AirPods Pro 2', price: 149900, onSale: false }),
    product('sony-wh1000xm5', { title: 'Sony WH-1000XM5', price: 219900, onSale: true }),
  ];
  const storeLive = [
    live('Product', '10000001', 'iphone13-128', 'iPhone 13 128G', { title: 'iPhone 13 128G', description: IPHONE_DESC_OLD, price: 339900, skus: { midnight: { price: 329900, stock: 3 }, starlight: { price: 339900, stock: 3 }, blue: { price: 329900, stock: 0 } }, onSale: true }),
    live('Product', '10000002', 'mate60-pro', '华为 Mate 60 Pro', { title: '华为 Mate 60 Pro', price: 599900, onSale: true }, { frozen: true }),
    live('Product', '10000003', 'kindle-paperwhite5', 'Kindle Paperwhite 5', { title: 'Kindle Paperwhite 5', price: 89900, stock: 2, onSale: true }),
    live('Product', '10000004', 'airpods-pro2', 'AirPods Pro 2', { title: 'AirPods Pro 2', price: 149900, onSale: true }),
    live('Product', '10000005', 'sony-wh1000xm5', 'Sony WH-1000XM5', { title: 'Sony WH-1000XM5', price: 219900, onSale: true }),
    live('Product', '10000006', 'case-iphone12', 'iPhone 12 手机壳', { title: 'iPhone 12 手机壳', price: 2900, onSale: true }),
    live('Product', '10000007', undefined, 'iPad 第九代 64G <二手>', { title: 'iPad 第九代 64G', price: 159900 }),
    live('Group', '20000001', undefined, '清仓', { name: '清仓' }),
  ];
  const liveTarget = target('live', 'wechat-live', { prune: true });
  const liveDesired = [
    product('longjing-2025', { name: '明前龙井', price: 12800 }, { extra: { audit: true } }),
    product('iphone13-128', { name: 'iPhone 13', price: 329900 }, { extra: { audit: true } }),
    product('mate60-pro', { name: 'Mate 60 Pro', price: 599900 }, { extra: { audit: true } }),
  ];
  const liveLive = [
    live('Product', '3001', 'iphone13-128', 'iPhone 13', { name: 'iPhone 13', price: 339900 }, { auditState: 'approved' }),
    live('Product', '3002', 'mate60-pro', 'Mate 60 Pro', { name: 'Mate 60 Pro', price: 599900 }, { auditState: 'rejected' }),
    live('Product', '3003', 'old-goods', '旧商品', { name: '旧商品', price: 100 }),
    live('Product', '3004', 'p4', 'p4', { name: 'p4', price: 1 }),
    live('Product', '3005', 'p5', 'p5', { name: 'p5', price: 1 }),
    live('Product', '3006', 'p6', 'p6', { name: 'p6', price: 1 }),
    live('Product', '3007', 'p7', 'p7', { name: 'p7', price: 1 }),
  ];
  const liveDesiredAll = [...liveDesired, ...['p4', 'p5', 'p6', 'p7'].map((k) => product(k, { name: k, price: 1 }))];
  return plan([
    input(store, storeDesired, storeLive, { 'Product/case-iphone12': '10000006' }),
    input(liveTarget, liveDesiredAll, liveLive, { 'Product/old-goods': '3003' }, [{ name: 'audit', needed: 0, used: 120, limit: 500, resetsAt: '2025-06-02T00:00:00+08:00' }]),
  ]);
}

/** Guards: mass delete (prune on), a protected object replaced, the audit quota exhausted. */
export function guardedPlan(): Plan {
  const xianyu = target('xianyu', 'goofish', { prune: true, maxDeletePercent: 20 });
  // 11 managed objects (mass-delete only counts on accounts of some size): 1 replaced, 2 deleted.
  const unchanged = Array.from({ length: 8 }, (_, i) => ({ key: `book-${i + 1}`, fields: { title: `二手书 ${i + 1}`, price: 1500 + i } }));
  const desired = [product('iphone12-black-128', { title: 'iPhone 12 128G 黑色', price: 219900 }, { protect: true }), ...unchanged.map((u) => product(u.key, u.fields))];
  const objects = [
    live('Product', '501', 'iphone12-black-128', 'iPhone 12', { title: 'iPhone 12', price: 229900 }, { frozen: true }),
    live('Product', '502', 'gan-charger-65w', '氮化镓 65W', { title: '氮化镓 65W', price: 12900 }),
    live('Product', '503', 'iphone13-case', 'iPhone 13 壳', { title: 'iPhone 13 壳', price: 3900 }),
    ...unchanged.map((u, i) => live('Product', String(510 + i), u.key, String(u.fields.title), u.fields)),
  ];
  const live2 = target('live', 'wechat-live');
  const goods = ['a', 'b', 'c'].map((k) => product(`goods-${k}`, { name: `商品 ${k.toUpperCase()}`, price: 990 }, { extra: { audit: true } }));
  return plan([
    input(xianyu, desired, objects, { 'Product/gan-charger-65w': '502', 'Product/iphone13-case': '503' }),
    input(live2, goods, [], {}, [{ name: 'audit', needed: 0, used: 499, limit: 500, resetsAt: '2025-06-02T00:00:00+08:00' }]),
  ]);
}

/** Everything already matches; one object on the account is not ours. */
export function noChangePlan(): Plan {
  const t = target('xianyu', 'goofish');
  const fields = { title: 'Sony WH-1000XM5', price: 219900, onSale: true };
  return plan([
    input(t, [product('sony-wh1000xm5', fields)], [live('Product', '601', 'sony-wh1000xm5', 'Sony WH-1000XM5', fields), live('Product', '602', undefined, '二手 iPad', { title: '二手 iPad' })]),
    input(target('sales', 'waiqin365'), [], []),
  ]);
}

/** Thousands of creates and updates (a first import of a large catalog), for the comment limit. */
export function hugePlan(count = 3000): Plan {
  const big = target('store', 'wechat-store');
  const desired: DesiredObject[] = [];
  const objects: LiveObject[] = [];
  for (let i = 0; i < count; i++) {
    const key = `sku-${String(i).padStart(5, '0')}`;
    const fields = { title: `批量商品 ${i} 号 · 长标题用于占用更多字符`, price: 1000 + i, stock: 10, onSale: true };
    desired.push(product(key, fields));
    if (i % 3 === 0) objects.push(live('Product', String(900000 + i), key, key, { ...fields, price: 990 + i, stock: 10, onSale: true }));
  }
  const small = target('xianyu', 'goofish');
  return plan([input(big, desired, objects), input(small, [product('one', { title: 'one', price: 100 })], [])]);
}
