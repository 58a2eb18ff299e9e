import { expect, test } from 'vitest';
import { buildPlan } from '../engine/plan.js';
import { desired, targetInput } from '../../test/helpers/engine.js';
import { textRenderer } from './plan-text.js';

test('a plan with hundreds of thousands of lines renders (no argument-count limit)', () => {
  const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, i]));
  const plan = buildPlan({ catalogDigest: 'd', now: 'now', targets: [targetInput({ desired: Array.from({ length: 10_000 }, (_, i) => desired('Product', `p${i}`, fields)) })] });
  const text = textRenderer.render(plan, { color: false });
  expect(text.split('\n').length).toBeGreaterThan(200_000);
  expect(text).toContain('Plan: 10000 to create, 0 to update, 0 to replace, 0 to delete; 10000 API calls.');
});
