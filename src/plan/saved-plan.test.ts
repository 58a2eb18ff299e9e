import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { hugePlan, mixedPlan } from '../../test/golden/fake-plans.js';
import { jsonRenderer } from '../render/plan-json.js';
import { readSavedPlan, saveSavedPlan, writePlanFile } from './saved-plan.js';

const temp = mkdtempSync(path.join(tmpdir(), 'plan-json-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('saved plan file', () => {
  test('is written to a file piece by piece, byte for byte as rendered', async () => {
    const plan = hugePlan(5000);
    const file = path.join(temp, 'plan.json');
    await writePlanFile(file, plan);
    const written = readFileSync(file, 'utf8');
    expect(written).toBe(jsonRenderer.render(plan, { color: false }));
    expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  test('a file that cannot be written rejects', async () => {
    await expect(writePlanFile(path.join(temp, 'missing-dir', 'plan.json'), mixedPlan())).rejects.toThrow(/ENOENT/);
  });

  test('saved and read back, it is the same plan', async () => {
    const plan = mixedPlan();
    const file = path.join(temp, 'round-trip.json');
    await saveSavedPlan(file, plan);
    expect(await readSavedPlan(file)).toEqual({ plan: JSON.parse(JSON.stringify(plan)) });
  });

  test('every way a file can be wrong is one message that says how to make a new plan', async () => {
    expect(await readSavedPlan(path.join(temp, 'absent.json'), 'absent.json')).toEqual({ error: 'cannot read plan file absent.json: ENOENT' });
    const notJson = path.join(temp, 'not-json.json');
    writeFileSync(notJson, '{ nope');
    expect(await readSavedPlan(notJson, 'p.json')).toEqual({ error: 'p.json is not valid JSON; make a new plan with `catalog plan --out p.json`' });
    const old = path.join(temp, 'old.json');
    writeFileSync(old, JSON.stringify({ ...mixedPlan(), formatVersion: 0 }));
    const r = await readSavedPlan(old, 'old.json');
    expect('error' in r && r.error).toMatch(/^old\.json is not a plan of format version 1 \(formatVersion: .*\); make a new one with `catalog plan --out old\.json`$/);
  });
});
