/**
 * The built CLI serves `sandbox: true` targets from a worker thread (src/sandbox/thread.ts): state
 * written by one command is read by the next, and a bad fault spec or a damaged account file is a
 * clear error (exit 1), not a stack trace.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyExpecting, copyExampleProject, readSandboxState, removeProject, runCli } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeProject));
});

describe('sandbox on a worker thread (built CLI)', () => {
  it('persists what apply did for the next process, and reports a bad fault spec or account file clearly', async () => {
    const dir = await copyExampleProject();
    dirs.push(dir);
    await applyExpecting(dir, 0, ['--target', 'xianyu']);
    const state = await readSandboxState<{ products: Record<string, { outer_id: string }> }>(dir, 'xianyu');
    expect(Object.values(state.products).some((p) => p.outer_id === 'gan-charger-65w')).toBe(true);
    expect((await runCli(dir, ['plan', '--target', 'xianyu', '--detailed-exitcode'])).code).toBe(0);

    const faults = await runCli(dir, ['plan'], { env: { CATALOG_SANDBOX_FAULTS: 'nope=1' } });
    expect(faults.code).toBe(1);
    expect(faults.stderr).toContain('error: CATALOG_SANDBOX_FAULTS: invalid "nope=1": unknown fault "nope"');

    await writeFile(join(dir, '.catalog', 'sandbox', 'xianyu.json'), '{not json');
    const damaged = await runCli(dir, ['plan', '--target', 'xianyu']);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('error: could not start the sandbox: sandbox state file');
    expect(damaged.stderr).toContain('catalog sandbox --reset');
    expect(`${faults.stderr}${damaged.stderr}`).not.toMatch(/\n\s+at /);
  });
});
