/** The shipped example project applies cleanly to its xiaoliebian (wecom) and waiqin365 (sales) sandbox targets. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { copyExampleProject, readSandboxState, removeProject, runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await copyExampleProject();
});
afterAll(async () => {
  await removeProject(dir);
});

test('example catalog: apply to wecom and sales, then plan shows no changes', async () => {
  const targets = ['--target', 'wecom', '--target', 'sales'];
  const first = await runCli(dir, ['plan', ...targets, '--detailed-exitcode']);
  expect(first.code).toBe(2);

  const applied = await runCli(dir, ['apply', ...targets, '--auto-approve']);
  expect(applied.stderr).not.toMatch(/failed:|error/i);
  expect(applied.stdout).toContain('0 failed');
  expect(applied.code).toBe(0);

  const plan = await runCli(dir, ['plan', ...targets, '--detailed-exitcode']);
  expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to replace, 0 to delete; 0 API calls');
  expect(plan.code).toBe(0);

  const wecom = await readSandboxState(dir, 'wecom');
  expect(wecom.products['usb-c-cable']).toMatchObject({ price: '19.90', marketState: 1 });
  const sales = await readSandboxState(dir, 'sales');
  expect(Object.values(sales.groups).map((g: any) => g.source_code).sort()).toEqual(['', 'accessories', 'phones']);
});
