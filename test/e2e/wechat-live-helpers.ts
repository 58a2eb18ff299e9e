/** Shared helpers of the wechat-live end-to-end tests (temp projects with a one-target config, sandbox state edits). */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { editSandboxState, makeProject, removeProject, REPO } from '../helpers/cli.js';

const COVER_A = readFileSync(join(REPO, 'catalog/images/longjing-tea.png'));
const COVER_B = readFileSync(join(REPO, 'catalog/images/power-bank-cover.png'));

export const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeProject));
});

function config(sandboxOptions: Record<string, unknown>, extra = ''): string {
  return [
    'targets:',
    '  live:',
    '    platform: wechat-live',
    '    sandbox: true',
    '    prune: true',
    '    maxDeletePercent: 100',
    `    sandboxOptions: ${JSON.stringify(sandboxOptions)}`,
    extra,
    // Not the shipped 10 calls/s (see copyExampleProject in test/helpers/cli.ts); `extra` may set the target's own.
    'defaults:',
    '  ratePerSecond: 1000',
    '',
  ].join('\n');
}

interface Goods {
  key: string;
  name: string;
  price?: string;
  live?: string;
  cover?: string;
}

function product(g: Goods): string {
  return [
    'kind: Product',
    `key: ${g.key}`,
    `title: ${g.name}`,
    `price: ${g.price ?? '99.50'}`,
    'stock: 10',
    `images: [${g.cover ?? 'images/a.png'}]`,
    'platforms:',
    `  wechat-live: { name: ${g.name}, url: "pages/goods/detail?key=${g.key}"${g.live ? `, ${g.live}` : ''} }`,
  ].join('\n');
}

function catalogFiles(goods: Goods[]): Record<string, string> {
  return { 'catalog/products.yaml': goods.map(product).join('\n---\n') + '\n' };
}

export async function project(sandboxOptions: Record<string, unknown>, goods: Goods[], extraConfig = ''): Promise<string> {
  const dir = await makeProject({
    'catalog.config.yaml': config(sandboxOptions, extraConfig),
    'catalog/images/a.png': COVER_A,
    'catalog/images/b.png': COVER_B,
    ...catalogFiles(goods),
  });
  dirs.push(dir);
  return dir;
}

export async function setCatalog(dir: string, goods: Goods[]): Promise<void> {
  for (const [rel, text] of Object.entries(catalogFiles(goods))) await writeFile(join(dir, rel), text);
}

/** Edits the persisted simulator state (what the platform would do on its own, or time passing). */
export const editSandbox = (dir: string, edit: (state: any) => void) => editSandboxState(dir, 'live', edit);
export { applyExpecting as apply, expectNoChanges } from '../helpers/cli.js';

export const ours = (state: any) => state.goods.filter((g: any) => g.thirdPartyTag !== 0 && g.goodsId !== 102);
export const byName = (state: any, name: string) => state.goods.find((g: any) => g.name === name);

