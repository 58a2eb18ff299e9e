/**
 * xiaoliebian end to end: the built CLI against the sandbox simulator. One project walks through
 * create, edit, market state, group binding/unbinding, group rename and removal (kept while it holds a
 * product we do not manage), product removal; after
 * every apply, `plan --detailed-exitcode` must find nothing to do.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyConverges, makeProject, readSandboxState, removeProject, runCli } from '../helpers/cli.js';

const CONFIG = `catalog: ./catalog
state: ./.catalog
targets:
  wecom: { platform: xiaoliebian, sandbox: true, prune: true, maxDeletePercent: 100, ratePerSecond: 1000 }
`;

const group = (key: string, name: string) => `kind: Group\nkey: ${key}\nname: ${name}\n`;

function product(key: string, opts: { title: string; price: string; groups?: string[]; onSale?: boolean; link?: string; extra?: string }): string {
  return [
    'kind: Product',
    `key: ${key}`,
    `title: ${opts.title}`,
    `price: "${opts.price}"`,
    'stock: 5',
    `images: [https://img.example.com/${key}.jpg]`,
    ...(opts.groups ? [`groups: [${opts.groups.join(', ')}]`] : []),
    ...(opts.onSale === undefined ? [] : [`onSale: ${opts.onSale}`]),
    'platforms:',
    '  xiaoliebian:',
    '    platformType: 1',
    `    link: ${opts.link ?? `{ appId: wx1234567890abcdef, path: pages/goods/detail?key=${key} }`}`,
    ...(opts.extra ? [opts.extra] : []),
    '',
  ].join('\n');
}

interface SimState {
  products: Record<string, { title: string; price: string; banner: string; groupIds: string[]; marketState: number; useScene: number | null; productLink: unknown }>;
  groups: Record<string, { groupId: string; groupName: string }>;
}

let dir: string;
const write = (rel: string, text: string) => writeFile(join(dir, rel), text);
const sim = () => readSandboxState<SimState>(dir, 'wecom');
const groupIdByName = async (name: string) => Object.values((await sim()).groups).find((g) => g.groupName === name)?.groupId;

const applyAndConverge = async (): Promise<string> => (await applyConverges(dir)).applied.stdout;

beforeAll(async () => {
  dir = await makeProject({
    'catalog.config.yaml': CONFIG,
    'catalog/groups.yaml': [group('g-one', 'E2E 分组一'), group('g-two', 'E2E 分组二')].join('---\n'),
    'catalog/p1.yaml': product('p-one', { title: '测试商品一', price: '19.90', groups: ['g-one'] }),
    'catalog/p2.yaml': product('p-two', { title: '测试商品二', price: '5', groups: ['g-two'], onSale: false, link: '{ url: "https://m.example.com/p-two" }', extra: '    useScene: 3' }),
  });
});

afterAll(async () => {
  await removeProject(dir);
});

describe('xiaoliebian end to end', () => {
  test('create: groups first, products with price in yuan, group and market state in one add', async () => {
    const plan = await runCli(dir, ['plan']);
    expect(plan.stdout).toContain('Group g-one: create');
    expect(plan.stdout).toContain('price: 19.90');
    // Seeded objects that are not ours are listed, never touched.
    expect(plan.stdout).toContain('XLB-2023-0042');
    await applyAndConverge();

    const s = await sim();
    const one = await groupIdByName('E2E 分组一');
    const two = await groupIdByName('E2E 分组二');
    expect(s.products['p-one']).toMatchObject({ title: '测试商品一', price: '19.90', groupIds: [one], marketState: 1, banner: 'https://img.example.com/p-one.jpg' });
    expect(s.products['p-two']).toMatchObject({ price: '5.00', groupIds: [two], marketState: 2, useScene: 3, productLink: { productUrl: 'https://m.example.com/p-two' } });
    // The seed's unmanaged product is untouched.
    expect(s.products['XLB-2023-0042']).toMatchObject({ groupIds: ['10003'], marketState: 1 });
  });

  test('edit: changed fields only, market state through its own call, moving between groups (the old binding goes), unbinding', async () => {
    await write('catalog/p1.yaml', product('p-one', { title: '测试商品一 新标题', price: '25', groups: ['g-two'] }));
    await write('catalog/p2.yaml', product('p-two', { title: '测试商品二', price: '5', onSale: true, link: '{ url: "https://m.example.com/p-two" }', extra: '    useScene: 3' }));
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('price: 19.90 -> 25.00');
    expect(plan.stdout).toContain('Product p-two: on market');
    expect(plan.stdout).toContain('Product p-two: unbind group');
    await applyAndConverge();

    const s = await sim();
    expect(s.products['p-one']).toMatchObject({ title: '测试商品一 新标题', price: '25.00', groupIds: [await groupIdByName('E2E 分组二')] });
    expect(s.products['p-two']).toMatchObject({ groupIds: [], marketState: 1 });
  });

  test('同一商品可绑定多个分组: a product listing both groups is bound to both', async () => {
    const one = await groupIdByName('E2E 分组一');
    const two = await groupIdByName('E2E 分组二');
    await write('catalog/p1.yaml', product('p-one', { title: '测试商品一 新标题', price: '25', groups: ['g-two', 'g-one'] }));
    const both = await runCli(dir, ['plan']);
    expect(both.stdout).toContain('Product p-one: bind group');
    await applyAndConverge();
    expect((await sim()).products['p-one']!.groupIds).toEqual([two, one]);
  });

  test('a renamed group keeps its id; a removed group holding a product we do not manage is kept until that product is unbound', async () => {
    const oneId = await groupIdByName('E2E 分组一');
    const twoId = await groupIdByName('E2E 分组二');
    // An unmanaged product bound to the group that goes away: unbinding it would touch an object we do not manage.
    const file = join(dir, '.catalog', 'sandbox', 'wecom.json');
    const edit = async (groupId: string | null) => {
      const raw = JSON.parse(await readFile(file, 'utf8'));
      raw.state.products['XLB-2023-0042'].groupIds = groupId === null ? [] : [groupId];
      await writeFile(file, JSON.stringify(raw));
    };
    await edit(twoId!);

    await write('catalog/groups.yaml', group('g-one', 'E2E 分组一 改名'));
    await write('catalog/p1.yaml', product('p-one', { title: '测试商品一 新标题', price: '25', groups: ['g-one'] }));
    const plan = await runCli(dir, ['plan']);
    expect(plan.stdout).toContain('Group g-one: rename');
    expect(plan.stdout).not.toContain('Group g-two: delete');
    expect(plan.stdout).toContain('warning: Group g-two: group E2E 分组二 still holds 1 product(s) this catalog does not manage (XLB-2023-0042); not deleted');
    const applied = await runCli(dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    let s = await sim();
    expect(s.groups[oneId!]?.groupName).toBe('E2E 分组一 改名');
    expect(s.groups[twoId!]).toBeDefined();
    expect(s.products['p-one']?.groupIds).toEqual([oneId]);
    expect(s.products['XLB-2023-0042']?.groupIds).toEqual([twoId]);

    // The merchant unbinds it on the platform: the group is deleted.
    await edit(null);
    expect((await runCli(dir, ['plan'])).stdout).toContain('Group g-two: delete');
    await applyAndConverge();
    s = await sim();
    expect(s.groups[twoId!]).toBeUndefined();
  });

  test('a product removed from the catalog is deleted (prune)', async () => {
    await write('catalog/p2.yaml', '');
    const plan = await runCli(dir, ['plan']);
    expect(plan.stdout).toContain('Product p-two: delete');
    await applyAndConverge();
    expect((await sim()).products['p-two']).toBeUndefined();
  });
});

describe('xiaoliebian with overridden paths and short-lived tokens', () => {
  let other: string;
  afterAll(async () => {
    await removeProject(other);
  });

  test('paths from `paths:` are used (the sandbox follows them); tokens expiring during the run are renewed', async () => {
    other = await makeProject({
      'catalog.config.yaml': `targets:
  wecom:
    platform: xiaoliebian
    sandbox: true
    paths: { productEdit: /goods/modify, groupAdd: /goods/group/create }
    sandboxOptions: { tokenTtlSeconds: 1 }
    ratePerSecond: 4
`,
      'catalog/all.yaml': [group('g-x', 'E2E 覆盖路径'), product('p-x', { title: '路径商品', price: '1', groups: ['g-x'] })].join('---\n'),
    });
    const first = await runCli(other, ['apply', '--auto-approve']);
    expect(first.code).toBe(0);
    await writeFile(join(other, 'catalog/all.yaml'), [group('g-x', 'E2E 覆盖路径'), product('p-x', { title: '路径商品 改', price: '1', groups: ['g-x'] })].join('---\n'));
    const second = await runCli(other, ['apply', '--auto-approve']);
    expect(second.stdout + second.stderr).not.toMatch(/failed:/);
    expect(second.code).toBe(0);
    const plan = await runCli(other, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
    const s = await readSandboxState<SimState>(other, 'wecom');
    expect(s.products['p-x']?.title).toBe('路径商品 改');
  });
});
