/**
 * xiaoliebian end to end: deleting a group never touches products this catalog does not manage.
 * The seeded account's group 清仓特价 (10003) holds XLB-2023-0042, a product nobody imported. Adopted
 * by name, then removed from the catalog with prune on, the group is NOT deleted (a warning note, still
 * listed as orphaned) and the foreign product stays bound; a group holding only our products is deleted
 * after unbinding them. Importing the foreign product makes it ours, and the delete then goes through.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeProject, readSandboxState, removeProject, runCli } from '../helpers/cli.js';

const CONFIG = `catalog: ./catalog
state: ./.catalog
targets:
  wecom: { platform: xiaoliebian, sandbox: true, prune: true, maxDeletePercent: 100 }
`;
const MY_ITEM = `kind: Product
key: my-item
title: 我的商品
price: "19.90"
images: [https://img.example.com/my-item.jpg]
groups: [mine]
platforms:
  xiaoliebian: { platformType: 1, link: { url: "https://m.example.com/my-item" } }
`;

interface SimState {
  products: Record<string, { groupIds: string[] }>;
  groups: Record<string, { groupId: string; groupName: string }>;
}
type PlanJson = { targets: Array<{ actions: Array<{ kind: string; key: string; op: string; calls: Array<{ op: string; args: Record<string, unknown> }> }>; orphaned: Array<{ kind: string; key: string; id: string }>; notes: Array<{ kind: string; key: string; level: string; message: string }> }> };

let dir: string;
const sim = () => readSandboxState<SimState>(dir, 'wecom');
async function ok(args: string[]) {
  const r = await runCli(dir, args);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r;
}

beforeAll(async () => {
  dir = await makeProject({
    'catalog.config.yaml': CONFIG,
    'catalog/groups.yaml': 'kind: Group\nkey: clearance\nname: 清仓特价\n---\nkind: Group\nkey: mine\nname: 我的组\n',
    'catalog/my-item.yaml': MY_ITEM,
  });
  await ok(['apply', '--auto-approve']);
});
afterAll(async () => {
  if (dir) await removeProject(dir);
});

describe('xiaoliebian: a group delete never touches products we do not manage', () => {
  test('the group holding a foreign product is not deleted (warning, orphaned); our own group is deleted after unbinding ours', async () => {
    await writeFile(join(dir, 'catalog', 'groups.yaml'), 'kind: Group\nkey: keep\nname: 保留\n');
    await rm(join(dir, 'catalog', 'my-item.yaml'));
    const plan = JSON.parse((await ok(['plan', '--format', 'json'])).stdout) as PlanJson;
    const t = plan.targets[0]!;
    expect(t.actions.filter((a) => a.key === 'clearance')).toEqual([]);
    expect(t.orphaned).toEqual([{ kind: 'Group', key: 'clearance', id: '10003' }]);
    expect(t.notes).toContainEqual({
      kind: 'Group',
      key: 'clearance',
      level: 'warning',
      message: 'group 清仓特价 still holds 1 product(s) this catalog does not manage (XLB-2023-0042); not deleted; unbind them on the platform or import them (catalog import)',
    });
    const mine = t.actions.find((a) => a.kind === 'Group' && a.key === 'mine')!;
    expect(mine.calls.map((c) => c.op)).toEqual(['productGroupUnbind', 'groupDelete']);
    expect(mine.calls[0]!.args).toMatchObject({ productId: 'my-item' });
    // No call anywhere names the foreign product.
    expect(JSON.stringify(t.actions)).not.toContain('XLB-2023-0042');

    const text = await ok(['plan']);
    expect(text.stdout).toContain('Orphaned (managed, no longer in the catalog; not removed, see the notes): 1');

    await ok(['apply', '--auto-approve']);
    const s = await sim();
    expect(s.groups['10003']).toMatchObject({ groupName: '清仓特价' });
    expect(s.products['XLB-2023-0042']!.groupIds).toEqual(['10003']);
    expect(Object.values(s.groups).map((g) => g.groupName)).not.toContain('我的组');
    expect(s.products['my-item']).toBeUndefined();
  });

  test('after importing the foreign product it is ours: the plan shows no change, and removing both deletes the group', async () => {
    await ok(['import', '--target', 'wecom']);
    const clean = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(clean.code, clean.stdout).toBe(0);

    await rm(join(dir, 'catalog', 'imported'), { recursive: true });
    const plan = JSON.parse((await ok(['plan', '--format', 'json'])).stdout) as PlanJson;
    const group = plan.targets[0]!.actions.find((a) => a.kind === 'Group' && a.key === 'clearance')!;
    expect(group.calls.map((c) => c.op)).toEqual(['productGroupUnbind', 'groupDelete']);
    await ok(['apply', '--auto-approve']);
    const s = await sim();
    expect(s.groups['10003']).toBeUndefined();
    expect(s.products['XLB-2023-0042']).toBeUndefined();
  });
});
