import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import type { DesiredObject, LiveObject, TargetState } from '../types.js';
import { planObject } from './planner.js';

const cover = { file: 'images/a.png', sha256: 'a'.repeat(64) };
/** The cover was uploaded before (a usable mediaID in state), so no upload is planned unless a test says so. */
const media = { id: 'media-1', expiresAt: '2026-12-09T00:00:00.000Z' };
const stateWith = (records: Record<string, { id: string; [k: string]: Json }>): TargetState => ({ get: (ref) => records[ref], entries: () => Object.entries(records), getMeta: () => ({}) });
const state = stateWith({ [`Image/${cover.sha256}`]: media });

function desired(fields: { [k: string]: Json } = {}): DesiredObject {
  return {
    kind: 'Product',
    key: 'tea',
    protect: false,
    fields: { name: '龙井茶', priceType: 1, price: 9950, url: 'pages/goods/detail?key=tea', cover: 'sha256:aaaaaaaaaaaaaaaa', ...fields },
    extra: { cover },
  };
}

function live(auditStatus: number, fields: { [k: string]: Json } = {}, meta: { [k: string]: Json } = {}): LiveObject {
  return {
    kind: 'Product',
    id: '51',
    key: 'tea',
    name: '龙井茶',
    fields: { name: '龙井茶', priceType: 1, price: 9950, url: 'pages/goods/detail?key=tea', cover: 'sha256:aaaaaaaaaaaaaaaa', ...fields },
    meta: { auditStatus, thirdPartyTag: 2, auditId: 525, ...meta },
  };
}

function plan(d: DesiredObject | undefined, l: LiveObject | undefined) {
  const changes = d && l ? diffFields(d.fields, l.fields) : [];
  return planObject({ desired: d, live: l, changes, policy: DEFAULT_POLICY, state });
}

const callsOf = (p: ReturnType<typeof plan>) => p.actions.map((a) => [a.phase, a.op, a.calls.map((c) => `${c.op}:${c.effect}`)]);

describe('wechat-live planner: the audit state machine', () => {
  it('absent -> add (submits the audit), cover as a $media placeholder, prices in yuan', () => {
    const p = plan(desired({ priceType: 3, price: 19900, price2: 14900 }), undefined);
    expect(callsOf(p)).toEqual([['products', 'create', ['goods.add:create']]]);
    expect(p.actions[0]!.calls[0]!.args).toEqual({
      goodsInfo: { coverImgUrl: { $media: cover }, name: '龙井茶', priceType: 3, price: 199, price2: 149, url: 'pages/goods/detail?key=tea' },
    });
    expect(p.quota).toEqual({ audit: 1 });
  });

  it('priceType 1 sends no price2', () => {
    const p = plan(desired({ price: 1999 }), undefined);
    expect((p.actions[0]!.calls[0]!.args as { goodsInfo: { [k: string]: Json } }).goodsInfo).not.toHaveProperty('price2');
    expect((p.actions[0]!.calls[0]!.args as { goodsInfo: { price: number } }).goodsInfo.price).toBe(19.99);
  });

  it('not submitted, no changes -> submit', () => {
    const p = plan(desired(), live(0));
    expect(callsOf(p)).toEqual([['audits', 'action', ['goods.audit:update']]]);
    expect(p.actions[0]!.calls[0]!.args).toEqual({ goodsId: 51 });
    expect(p.quota).toEqual({ audit: 1 });
  });

  it('not submitted with changes -> update everything allowed, then submit', () => {
    const p = plan(desired({ name: '西湖龙井' }), live(0));
    expect(callsOf(p)).toEqual([
      ['products', 'update', ['goods.update:update']],
      ['audits', 'action', ['goods.audit:update']],
    ]);
    expect(p.actions[0]!.calls[0]!.args).toEqual({ goodsInfo: { goodsId: 51, name: '西湖龙井' } });
  });

  it('in audit, no changes -> nothing', () => {
    expect(plan(desired(), live(1))).toEqual({ actions: [] });
  });

  it('in audit with changes -> withdraw + update, then resubmit', () => {
    const p = plan(desired({ url: 'pages/goods/detail?key=tea2' }), live(1));
    expect(callsOf(p)).toEqual([
      ['products', 'update', ['goods.resetaudit:update', 'goods.update:update']],
      ['audits', 'action', ['goods.audit:update']],
    ]);
    expect(p.actions[0]!.calls[0]!.args).toEqual({ auditId: 525, goodsId: 51 });
    expect(p.actions[0]!.reason).toMatch(/withdrawn/);
    expect(p.quota).toEqual({ audit: 1 });
  });

  it('in audit with changes but no auditId in state -> warning, no action', () => {
    const l = live(1);
    delete l.meta.auditId;
    const p = plan(desired({ name: '西湖龙井' }), l);
    expect(p.actions).toEqual([]);
    expect(p.notes?.[0]?.level).toBe('warning');
  });

  it('approved + price-only change -> update in place with the price fields', () => {
    const p = plan(desired({ priceType: 2, price: 9950, price2: 12000 }), live(2));
    expect(callsOf(p)).toEqual([['products', 'update', ['goods.update:update']]]);
    expect(p.actions[0]!.calls[0]!.args).toEqual({ goodsInfo: { goodsId: 51, priceType: 2, price: 99.5, price2: 120 } });
    expect(p.quota).toBeUndefined();
  });

  it('approved + other change -> replace (add new, then delete old) with the reason', () => {
    const p = plan(desired({ name: '西湖龙井', price: 8800 }), live(2));
    expect(callsOf(p)).toEqual([['products', 'replace', ['goods.add:create', 'goods.delete:update']]]);
    expect(p.actions[0]!.reason).toBe('wechat-live goods that passed audit only accept price changes (name: 龙井茶 -> 西湖龙井)');
    expect(p.actions[0]!.calls[1]!.args).toEqual({ goodsId: 51 });
    expect(p.quota).toEqual({ audit: 1 });
  });

  it('approved + cover change -> replace', () => {
    const p = plan(desired({ cover: 'sha256:bbbbbbbbbbbbbbbb' }), live(2));
    expect(p.actions[0]!.op).toBe('replace');
    expect(p.actions[0]!.reason).toContain('cover: sha256:aaaaaaaaaaaaaaaa -> sha256:bbbbbbbbbbbbbbbb');
  });

  it('approved, no changes -> nothing', () => {
    expect(plan(desired(), live(2))).toEqual({ actions: [] });
  });

  it('rejected, no changes -> the rejection as a warning, no call', () => {
    const p = plan(desired(), live(3, {}, { auditReason: '商品名称存在违规内容' }));
    expect(p.actions).toEqual([]);
    expect(p.notes).toEqual([{ level: 'warning', message: expect.stringContaining('audit rejected: 商品名称存在违规内容') }]);
  });

  it('rejected with changes -> update and resubmit, rejection shown', () => {
    const p = plan(desired({ name: '龙井茶叶', cover: 'sha256:bbbbbbbbbbbbbbbb' }), live(3, { name: '违规龙井' }));
    expect(callsOf(p)).toEqual([
      ['products', 'update', ['goods.update:update']],
      ['audits', 'action', ['goods.audit:update']],
    ]);
    expect(p.actions[0]!.calls[0]!.args).toEqual({ goodsInfo: { goodsId: 51, name: '龙井茶叶', coverImgUrl: { $media: cover } } });
    expect(p.notes?.[0]?.message).toMatch(/^audit rejected/);
  });

  it('a cover without a usable upload in state is uploaded by a call of its own, shared by goods with the same cover', () => {
    const d = desired();
    const none = planObject({ desired: d, changes: [], policy: DEFAULT_POLICY, state: stateWith({}) });
    expect(callsOf(none)).toEqual([['products', 'create', ['media.upload:update', 'goods.add:create']]]);
    expect(none.actions[0]!.calls[0]).toEqual({ op: 'media.upload', effect: 'update', args: { $media: cover }, once: 'sha256:aaaaaaaaaaaaaaaa' });
    // Cached, but expiring within the safety margin at plan time: uploaded again.
    const expiring = planObject({ desired: d, changes: [], policy: DEFAULT_POLICY, state, now: '2026-12-08T23:30:00.000Z' });
    expect(callsOf(expiring)[0]![2]).toEqual(['media.upload:update', 'goods.add:create']);
    const fresh = planObject({ desired: d, changes: [], policy: DEFAULT_POLICY, state, now: '2026-12-08T00:00:00.000Z' });
    expect(callsOf(fresh)[0]![2]).toEqual(['goods.add:create']);
  });

  it('delete -> delete; in audit -> withdraw then delete', () => {
    expect(callsOf(plan(undefined, live(2)))).toEqual([['delete-products', 'delete', ['goods.delete:delete']]]);
    const inAudit = plan(undefined, live(1));
    expect(callsOf(inAudit)).toEqual([['delete-products', 'delete', ['goods.resetaudit:update', 'goods.delete:delete']]]);
    expect(inAudit.actions[0]!.calls[0]!.args).toEqual({ auditId: 525, goodsId: 51 });
  });
});
