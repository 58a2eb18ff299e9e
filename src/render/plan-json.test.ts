import { describe, expect, test } from 'vitest';
import { mixedPlan } from '../../test/golden/fake-plans.js';
import { jsonRenderer } from './plan-json.js';

describe('plan JSON', () => {
  test('is the plan itself, with each action on one line', () => {
    const plan = mixedPlan();
    const text = jsonRenderer.render(plan, { color: false });
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(plan)));
    const actionLines = text.split('\n').filter((l) => l.trimStart().startsWith('{"id":'));
    expect(actionLines).toHaveLength(plan.targets.reduce((n, t) => n + t.actions.length, 0));
    expect(text.endsWith('}\n')).toBe(true);
  });
});
