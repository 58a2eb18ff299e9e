import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { hugePlan, mixedPlan } from '../../test/golden/fake-plans.js';
import { jsonRenderer, writePlanJson } from './plan-json.js';

const temp = mkdtempSync(path.join(tmpdir(), 'plan-json-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('plan JSON', () => {
  test('is the plan itself, with each action on one line', () => {
    const plan = mixedPlan();
    const text = jsonRenderer.render(plan, { color: false });
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(plan)));
    const actionLines = text.split('\n').filter((l) => l.trimStart().startsWith('{"id":'));
    expect(actionLines).toHaveLength(plan.targets.reduce((n, t) => n + t.actions.length, 0));
    expect(text.endsWith('}\n')).toBe(true);
  });

  test('is written to a file piece by piece, byte for byte as rendered', async () => {
    const plan = hugePlan(5000);
    const file = path.join(temp, 'plan.json');
    await writePlanJson(file, plan);
    const written = readFileSync(file, 'utf8');
    expect(written).toBe(jsonRenderer.render(plan, { color: false }));
    expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  test('a file that cannot be written rejects', async () => {
    await expect(writePlanJson(path.join(temp, 'missing-dir', 'plan.json'), mixedPlan())).rejects.toThrow(/ENOENT/);
  });
});
