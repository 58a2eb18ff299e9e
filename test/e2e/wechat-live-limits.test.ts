/**
 * wechat-live end to end, limits: audit quota exhaustion (exit 4), expired mediaID (re-upload), token
 * expiry mid-apply, and the shipped example project's live target.
 */
import { describe, expect, test } from 'vitest';
import { copyExampleProject, readSandboxState, runCli } from '../helpers/cli.js';
import { apply, byName, dirs, editSandbox, expectNoChanges, ours, project, setCatalog } from './wechat-live-helpers.js';

describe('wechat-live end to end: limits', () => {
  test('audit quota: apply stops submitting, exits 4 and says when it resets; the plan shows none left', async () => {
    const dir = await project({ auditDelayMs: 0, auditQuotaPerDay: 2 }, [
      { key: 'a1', name: '龙井一号' },
      { key: 'a2', name: '龙井二号' },
      { key: 'a3', name: '龙井三号' },
    ], '    concurrency: 1');
    const r = await apply(dir, 4);
    expect(r.stderr).toMatch(/audit quota is exhausted until \d{4}-\d\d-\d\d 00:00 Asia\/Shanghai \(UTC\+8\)/);
    expect(r.stdout).toMatch(/2 done, 1 failed/);
    const state = await readSandboxState(dir, 'live');
    expect(ours(state)).toHaveLength(2);

    const plan = await runCli(dir, ['plan']);
    expect(plan.stdout).toContain('1 audit (0 left today)');
    // A second apply refuses before calling the platform.
    const again = await apply(dir, 4);
    expect(again.stdout).toContain('0 write calls');
  });

  test('an expired mediaID is uploaded again and the call retried; a cover change is an update before approval', async () => {
    const dir = await project({ auditDelayMs: 3_600_000 }, [{ key: 'tea', name: '西湖龙井' }]);
    await apply(dir);
    // Four days pass for the uploaded image (the simulator keeps media 3 days); our cache still thinks it valid.
    await editSandbox(dir, (s) => {
      for (const m of Object.values<any>(s.media)) m.createdAt -= 4 * 86_400_000;
    });
    await setCatalog(dir, [
      { key: 'tea', name: '西湖龙井' },
      { key: 'cup', name: '茶杯' },
    ]);
    await apply(dir);
    let state = await readSandboxState(dir, 'live');
    expect(byName(state, '茶杯')).toMatchObject({ auditStatus: 1 });
    expect(Object.values<any>(state.media).filter((m) => m.createdAt > Date.now() - 3_600_000)).toHaveLength(1);
    await expectNoChanges(dir);

    // Cover change while in audit: withdraw, update (new upload), resubmit.
    await setCatalog(dir, [
      { key: 'tea', name: '西湖龙井', cover: 'images/b.png' },
      { key: 'cup', name: '茶杯' },
    ]);
    const plan = await runCli(dir, ['plan']);
    // The new cover is named by its file (its mediaID is only known after the upload the plan counts).
    expect(plan.stdout).toMatch(/cover: "sha256:[0-9a-f]{16}" -> images\/b\.png \(known after upload\)/);
    expect(plan.stdout).toContain('1 image upload; 4 API calls');
    await apply(dir);
    state = await readSandboxState(dir, 'live');
    expect(byName(state, '西湖龙井').coverImgUrl).toMatch(/[0-9a-f]{64}$/);
    await expectNoChanges(dir);
  });

  test('token expiry mid-apply: a fresh token is fetched and the apply converges', async () => {
    const goods = Array.from({ length: 6 }, (_, i) => ({ key: `t${i}`, name: `龙井${i}号` }));
    const dir = await project({ auditDelayMs: 0, tokenTtlSeconds: 1 }, goods, '    ratePerSecond: 4\n    concurrency: 1');
    await apply(dir);
    const state = await readSandboxState(dir, 'live');
    expect(ours(state)).toHaveLength(6);
    expect(state.auth.tokens.length).toBeGreaterThanOrEqual(2);
    await expectNoChanges(dir);
  });

  test('the shipped example project applies to the live target, then shows no changes', async () => {
    const dir = await copyExampleProject();
    dirs.push(dir);
    const plan = await runCli(dir, ['plan', '--target', 'live', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('wechat-live goods that passed audit only accept price changes (name: AirPodsPro2国行 -> AirPodsPro2全新国行)');
    expect(plan.stdout).toMatch(/Unmanaged[^\n]*\n\s+Product 101/);
    // The demo account manages one goods: below 10 managed objects maxDeletePercent does not apply.
    const applied = await runCli(dir, ['apply', '--target', 'live', '--auto-approve']);
    expect(applied.stderr).not.toMatch(/failed|error/i);
    expect(applied.code).toBe(0);
    const again = await runCli(dir, ['plan', '--target', 'live', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    const state = await readSandboxState(dir, 'live');
    expect(state.goods.find((g: any) => g.goodsId === 101)).toMatchObject({ name: '直播间专享数码礼盒' });
    expect(state.goods.find((g: any) => g.goodsId === 102)).toBeUndefined();
  });
});
