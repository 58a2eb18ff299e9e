/**
 * wechat-live end to end: the BUILT CLI against the in-process simulator, one scenario per row of the
 * audit state machine (src/platforms/wechat-live/planner.ts). Each step ends with apply-then-plan
 * showing no changes. Quota, media expiry, token expiry and the example project: wechat-live-limits.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { readSandboxState, runCli } from '../helpers/cli.js';
import { apply, byName, editSandbox, expectNoChanges, ours, project, setCatalog } from './wechat-live-helpers.js';

describe('wechat-live end to end', () => {
  test('reads that answer prices in fen and thirdPartyTag as a string converge like the documented ones', async () => {
    const dir = await project({ auditDelayMs: 0, warehousePriceUnit: 'fen', listPriceUnit: 'fen', thirdPartyTagType: 'string' }, [{ key: 'tea', name: '西湖龙井' }]);
    await apply(dir);
    await expectNoChanges(dir);
    await setCatalog(dir, [{ key: 'tea', name: '西湖龙井', price: '88.80' }]);
    const priced = await runCli(dir, ['plan']);
    expect(priced.stdout).toMatch(/~ +Product tea: update/);
    await apply(dir);
    expect(byName(await readSandboxState(dir, 'live'), '西湖龙井')).toMatchObject({ auditStatus: 2, priceFen: 8880 });
    await expectNoChanges(dir);
  });

  test('approved and rejected goods: create, price-only update in place, replace, rejection shown, fix and resubmit', async () => {
    const dir = await project({ auditDelayMs: 0 }, [
      { key: 'tea', name: '西湖龙井' },
      { key: 'bad', name: '违规龙井茶' },
    ]);
    const first = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('2 audits (498 left today)');
    await apply(dir);

    // Approved + rejected, no changes: nothing to do; the rejection is shown.
    const after = await expectNoChanges(dir);
    expect(after.stdout).toMatch(/audit rejected/);
    let state = await readSandboxState(dir, 'live');
    expect(byName(state, '西湖龙井')).toMatchObject({ auditStatus: 2, priceFen: 9950 });
    expect(byName(state, '违规龙井茶')).toMatchObject({ auditStatus: 3 });

    // Approved + price-only change: update in place, no audit.
    await setCatalog(dir, [
      { key: 'tea', name: '西湖龙井', price: '88.80' },
      { key: 'bad', name: '违规龙井茶' },
    ]);
    const priced = await runCli(dir, ['plan']);
    expect(priced.stdout).toMatch(/~ +Product tea: update/);
    expect(priced.stdout).toContain('0 audits');
    await apply(dir);
    state = await readSandboxState(dir, 'live');
    const teaId = byName(state, '西湖龙井').goodsId;
    expect(byName(state, '西湖龙井')).toMatchObject({ auditStatus: 2, priceFen: 8880 });
    await expectNoChanges(dir);

    // Approved + name change: replace, with the reason; rejected + change: update and resubmit.
    await setCatalog(dir, [
      { key: 'tea', name: '明前西湖龙井', price: '88.80' },
      { key: 'bad', name: '龙井茶' },
    ]);
    const replacing = await runCli(dir, ['plan']);
    expect(replacing.stdout).toContain('wechat-live goods that passed audit only accept price changes (name: 西湖龙井 -> 明前西湖龙井)');
    expect(replacing.stdout).toMatch(/Product bad: submit-audit/);
    expect(replacing.stdout).toMatch(/audit rejected/);
    await apply(dir);
    state = await readSandboxState(dir, 'live');
    expect(state.goods.find((g: any) => g.goodsId === teaId)).toBeUndefined();
    expect(byName(state, '明前西湖龙井')).toMatchObject({ auditStatus: 2, priceFen: 8880 });
    expect(byName(state, '龙井茶')).toMatchObject({ auditStatus: 2 });
    expect(ours(state)).toHaveLength(2);
    await expectNoChanges(dir);
  });

  test('in audit: changes withdraw, update and resubmit; not submitted goods are submitted; delete in audit withdraws first', async () => {
    const dir = await project({ auditDelayMs: 3_600_000 }, [
      { key: 'tea', name: '西湖龙井' },
      { key: 'cup', name: '茶杯' },
    ]);
    await apply(dir);
    await expectNoChanges(dir); // in audit, nothing changed: wait for the audit

    // In audit + change.
    await setCatalog(dir, [
      { key: 'tea', name: '明前龙井' },
      { key: 'cup', name: '茶杯' },
    ]);
    const plan = await runCli(dir, ['plan']);
    expect(plan.stdout).toMatch(/Product tea: withdraw-audit, update/);
    expect(plan.stdout).toMatch(/Product tea: submit-audit/);
    await apply(dir);
    let state = await readSandboxState(dir, 'live');
    expect(byName(state, '明前龙井')).toMatchObject({ auditStatus: 1 });
    await expectNoChanges(dir);

    // Not submitted (e.g. "added, but the audit submission failed"): submit.
    await editSandbox(dir, (s) => {
      const g = s.goods.find((x: any) => x.name === '茶杯');
      Object.assign(g, { auditStatus: 0, auditDueAt: null });
    });
    const submit = await runCli(dir, ['plan']);
    expect(submit.stdout).toMatch(/Product cup: submit-audit/);
    await apply(dir);
    state = await readSandboxState(dir, 'live');
    expect(byName(state, '茶杯')).toMatchObject({ auditStatus: 1 });
    await expectNoChanges(dir);

    // Left the catalog while in audit (prune on): withdraw, then delete.
    await setCatalog(dir, [{ key: 'tea', name: '明前龙井' }]);
    const del = await runCli(dir, ['plan']);
    expect(del.stdout).toMatch(/Product cup: withdraw-audit, delete/);
    await apply(dir);
    state = await readSandboxState(dir, 'live');
    expect(byName(state, '茶杯')).toBeUndefined();
    await expectNoChanges(dir);
  });
});
