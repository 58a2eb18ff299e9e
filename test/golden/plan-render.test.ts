/**
 * Golden tests for the plan renderers (text, markdown, json) on plans made by the real planner
 * (test/golden/fake-plans.ts), plus the markdown comment-size contract and the plan JSON schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PLAN_RENDERERS } from '../../src/render/index.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown, shareBudget } from '../../src/render/plan-markdown.js';
import { planSchema, type Plan } from '../../src/plan/types.js';
import { REPO } from '../helpers/cli.js';
import { guardedPlan, hugePlan, mixedPlan, noChangePlan } from './fake-plans.js';
import { expectGolden } from './golden.js';

const PLANS: Record<string, () => Plan> = {
  mixed: mixedPlan,
  guarded: guardedPlan,
  'no-changes': noChangePlan,
};

const render = (plan: Plan, format: 'text' | 'markdown' | 'json') => PLAN_RENDERERS[format].render(plan, { color: false });

describe('plan renderers (golden)', () => {
  for (const [name, make] of Object.entries(PLANS)) {
    for (const [format, ext] of [
      ['text', 'txt'],
      ['markdown', 'md'],
      ['json', 'json'],
    ] as const) {
      it(`${name} as ${format}`, () => expectGolden(`${name}.${ext}`, render(make(), format)));
    }
  }
});

describe('what the golden plans show', () => {
  // Guards against accepting a wrong golden file: the facts the scenarios exist for.
  it('mixed: every op, a replace reason, money in yuan, a line diff, unmanaged, orphaned, notes, quota', () => {
    const text = render(mixedPlan(), 'text');
    const md = render(mixedPlan(), 'markdown');
    for (const out of [text, md]) {
      expect(out).toContain('Plan: 3 to create, 2 to update, 1 to replace, 1 to delete, 4 platform actions; 12 API calls; 2 audits (378 left today).');
      expect(out).toContain('Legend: + create');
      expect(out).toContain('resets 2025-06-02 00:00 Asia/Shanghai (UTC+8)');
      expect(out).toContain('the title cannot be edited once the product has been on shelf');
      expect(out).toContain('price: 3399.00 -> 3299.00');
      expect(out).toContain('skus.blue.price: 3299.00 -> (removed)');
      expect(out).toMatch(/\+\s+支持七天无理由退换。/);
      expect(out).toMatch(/-\s+附赠原装数据线。/);
      expect(out).toContain('iPad 第九代 64G');
      expect(out).toContain('case-iphone12');
      expect(out).toContain('stock is 2 on the platform, 3 in the catalog');
      expect(out).toContain('the last audit was rejected');
      expect(out).toContain('2 audits (378 left today)');
    }
    expect(md).toContain('> [!WARNING]');
    expect(md).toMatch(/^- -\/\+ Product mate60-pro: replace/m);
    expect(md).toMatch(/^- - Product old-goods: delete/m);
    expect(md).toContain('<summary><b>store</b> (wechat-store): 6 actions, 1 destructive</summary>');
    expect(md).toContain('iPad 第九代 64G &lt;二手&gt;');
  });

  it('guarded: refusals are cautions, the audit quota a warning', () => {
    const md = render(guardedPlan(), 'markdown');
    for (const guard of ['mass-delete', 'protected']) expect(md).toContain(`> [!CAUTION]\n> **Refused by guard \`${guard}\`**`);
    expect(md).toContain('> [!WARNING]\n> **Quota warning** on `live`: needs 3 audit submissions but only 1 of 500 are left today');
    expect(md).toContain('(replace, protected)');
  });

  it('no changes: says so per target', () => {
    const plan = noChangePlan();
    expect(render(plan, 'text')).toContain('No changes.');
    expect(render(plan, 'markdown')).toContain('No changes.');
    expect(render(plan, 'markdown')).not.toContain('```diff');
  });
});

describe('markdown comment size', () => {
  const plan = hugePlan(3000);
  const md = renderMarkdown(plan, GITHUB_COMMENT_LIMIT);

  it('a plan of thousands of actions stays under the limit with a truncation note', () => {
    const total = plan.targets.reduce((n, t) => n + t.actions.length, 0);
    expect(total).toBeGreaterThan(3000);
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    // Most of the room is used (the cut is not needlessly aggressive).
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 6_000);
    expect(md).toContain('> **Truncated:** the full plan is');
    expect(md).toContain(` of ${total.toLocaleString('en-US')} actions are shown.`);
    expect(md).toContain('more actions of `store` not shown');
    // The small target is kept whole; fences and details stay balanced.
    expect(md).toContain('+ + Product one: create');
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    expect((md.match(/^```/gm)?.length ?? 0) % 2).toBe(0);
    expectGolden('huge-head.md', `${md.split('\n').slice(0, 24).join('\n')}\n`);
  });

  it('a limit any size is respected', () => {
    for (const limit of [3_000, 10_000, 30_000]) expect(renderMarkdown(plan, limit).length).toBeLessThanOrEqual(limit);
  });

  it('a plan that fits is not truncated', () => {
    expect(render(mixedPlan(), 'markdown')).not.toContain('Truncated');
  });

  it('plan text cannot close the diff fence', () => {
    const plan = mixedPlan();
    plan.targets[0]!.actions[0]!.changes.push({ path: 'description', after: 'see ```code``` here' });
    const md = render(plan, 'markdown');
    expect(md).toContain('````diff');
  });

  it('shares the budget: small sections whole, large ones split the rest', () => {
    expect(shareBudget([100, 5000, 5000], 3100)).toEqual([100, 1500, 1500]);
    expect(shareBudget([10, 20], 100)).toEqual([10, 20]);
  });
});

describe('plan JSON matches schemas/plan.schema.json', () => {
  const schema = JSON.parse(readFileSync(join(REPO, 'schemas', 'plan.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  for (const [name, make] of Object.entries({ ...PLANS, huge: () => hugePlan(50) })) {
    it(name, () => {
      const json = JSON.parse(render(make(), 'json')) as unknown;
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(planSchema.safeParse(json).success).toBe(true);
    });
  }
  it('rejects a plan with a wrong formatVersion (the check can fail)', () => {
    const json = { ...(JSON.parse(render(mixedPlan(), 'json')) as object), formatVersion: 2 };
    expect(validate(json)).toBe(false);
  });
});
