/**
 * Re-running a saved plan after a partial failure (exit 3) continues that reviewed plan, with the
 * built CLI against the wechat-live sandbox: goods B's url is not a released mini-program page yet
 * (300007, refused), goods A is created. Once the page is released, `apply plan.json` again skips A
 * (made by the earlier run; its own change does not make the plan stale), creates B, and the plan
 * converges with no duplicate. A change made on the platform by someone else still makes it stale.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { editSandboxState, makeProject, readSandboxState, removeProject, REPO, runCli } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeProject));
});

const config = (pages: string[]) =>
  ['targets:', '  live:', '    platform: wechat-live', '    sandbox: true', `    sandboxOptions: ${JSON.stringify({ auditDelayMs: 0, miniProgramPages: pages })}`, ''].join('\n');

const goods = (key: string, name: string, page: string) =>
  [`kind: Product`, `key: ${key}`, `title: ${name}`, 'price: 99.50', 'stock: 10', 'images: [images/a.png]', 'platforms:', `  wechat-live: { name: ${name}, url: "${page}?key=${key}" }`].join('\n');

async function partiallyApplied(): Promise<string> {
  const dir = await makeProject({
    'catalog.config.yaml': config(['pages/goods/detail']),
    'catalog/images/a.png': readFileSync(join(REPO, 'catalog/images/longjing-tea.png')),
    'catalog/products.yaml': `${goods('goods-a', '龙井礼盒', 'pages/goods/detail')}\n---\n${goods('goods-b', '龙井新品', 'pages/goods/special')}\n`,
  });
  dirs.push(dir);
  const plan = await runCli(dir, ['plan', '--out', 'plan.json', '--detailed-exitcode']);
  expect(plan.code, plan.stderr).toBe(2);
  const first = await runCli(dir, ['apply', 'plan.json']);
  expect(first.code, first.stdout + first.stderr).toBe(3);
  expect(first.stderr).toContain('goods-b');
  // The page is released: the failed action can now succeed.
  await writeFile(join(dir, 'catalog.config.yaml'), config(['pages/goods/detail', 'pages/goods/special']));
  return dir;
}

const apiGoods = async (dir: string) => ((await readSandboxState(dir, 'live')).goods as Array<{ url: string; thirdPartyTag: number; priceFen: number }>).filter((g) => g.thirdPartyTag === 2 && g.url.includes('key=goods-'));

test('re-running the same plan file skips what it did, does the rest and converges (no duplicate)', async () => {
  const dir = await partiallyApplied();
  expect((await apiGoods(dir)).map((g) => g.url)).toEqual(['pages/goods/detail?key=goods-a']);

  const again = await runCli(dir, ['apply', 'plan.json']);
  expect(again.code, again.stdout + again.stderr).toBe(0);
  expect(again.stderr).toContain('Continuing plan.json: 1 action done by an earlier run of this plan is skipped.');
  expect((await apiGoods(dir)).map((g) => g.url).sort()).toEqual(['pages/goods/detail?key=goods-a', 'pages/goods/special?key=goods-b']);

  const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
  expect(plan.code, plan.stdout).toBe(0);
  // The finished plan leaves no progress records; running it a third time finds its creates done by someone: stale.
  const list = await runCli(dir, ['state', 'list']);
  expect(list.stdout).not.toContain('Applied');
  const third = await runCli(dir, ['apply', 'plan.json']);
  expect(third.code).toBe(4);
  expect(third.stderr).toContain('goods-a now exists on the platform');
}, 120_000);

test('an object changed on the platform by someone else after the partial run still makes the plan stale (exit 4)', async () => {
  const dir = await partiallyApplied();
  await editSandboxState(dir, 'live', (s) => {
    const a = s.goods.find((g: { url: string }) => g.url === 'pages/goods/detail?key=goods-a');
    a.priceFen = 8800;
    a.name = '龙井礼盒 改';
  });
  const again = await runCli(dir, ['apply', 'plan.json']);
  expect(again.code, again.stdout + again.stderr).toBe(4);
  expect(again.stderr).toContain('live: Product goods-a changed on the platform since an earlier run of this plan changed it');
  expect(again.stderr).not.toContain('goods-b');
  expect((await apiGoods(dir)).length).toBe(1);
}, 120_000);
