/**
 * Two `catalog apply --auto-approve` processes started at the same moment on one state folder (all
 * five targets): exactly one proceeds, the other is refused with exit 4 naming the lock owner (command, pid, host)
 * before touching anything; afterwards a plan shows no changes, nothing is duplicated and every
 * object's identity is in the state. (test/e2e/engine-goofish.test.ts covers a lock held by a test.)
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { removeProject, runCli } from '../helpers/cli.js';
import { checkPlatforms, makeSyntheticProject } from '../helpers/reliability.js';

let dir: string;
beforeAll(async () => {
  // A modest rate keeps the winner busy for seconds, so the two really overlap.
  dir = await makeSyntheticProject(40, { concurrency: 4, ratePerSecond: 40 });
});
afterAll(async () => {
  if (dir) await removeProject(dir);
});

test('two applies at once: one runs, the other exits 4 naming the lock owner; nothing lost', { timeout: 120_000 }, async () => {
  const [a, b] = await Promise.all([runCli(dir, ['apply', '--auto-approve']), runCli(dir, ['apply', '--auto-approve'])]);
  const codes = [a.code, b.code].sort();
  expect(codes, `${a.stderr.slice(-1500)}\n---\n${b.stderr.slice(-1500)}`).toEqual([0, 4]);
  const [winner, loser] = a.code === 0 ? [a, b] : [b, a];
  expect(winner.stdout).toMatch(/Apply complete: \d+ done, 0 failed/);
  expect(loser.stderr).toMatch(/is locked by "apply" \(pid \d+ on /);
  expect(loser.stderr).toContain('Wait for it to finish');
  // The refused apply did nothing: no plan, no calls.
  expect(loser.stdout).not.toMatch(/Plan:|Apply/);

  const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
  expect(plan.code, plan.stdout.slice(-2000)).toBe(0);
  const check = await checkPlatforms(dir, { simStateDir: '.catalog' });
  expect(check.duplicates).toEqual([]);
  expect(check.unrecorded).toEqual([]);
  expect(check.checked).toBeGreaterThanOrEqual(40);
});
