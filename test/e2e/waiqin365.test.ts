/**
 * waiqin365 end to end: the built CLI against the sandbox simulator (signed URLs, msg_id per request,
 * return_code alternating number/string, response_data as a JSON string). Create, edit, brands <-> types,
 * and removal (disable, never delete); after every apply, `plan --detailed-exitcode` finds nothing to do.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyConverges, makeProject, readSandboxState, removeProject, runCli } from '../helpers/cli.js';

const config = (prune: boolean) => `catalog: ./catalog
state: ./.catalog
targets:
  sales: { platform: waiqin365, sandbox: true, prune: ${prune}, maxDeletePercent: 100, ratePerSecond: 1000 }
`;

/** The seeded tenant's type 充电设备 (a dictionary id the catalog may refer to). */
const CHARGER_TYPE_ID = '6729740754530270005';

function group(key: string, name: string, block: string[]): string {
  return [`kind: Group`, `key: ${key}`, `name: ${name}`, 'platforms:', '  waiqin365:', ...block.map((l) => `    ${l}`), ''].join('\n');
}

interface SimGroup {
  id: string;
  source_code: string;
  code: string;
  name: string;
  is_enable: string;
  sales_org_code: string;
  brands: Array<{ id: string; name: string }>;
  types: Array<{ id: string; name: string }>;
}

let dir: string;
const write = (rel: string, text: string) => writeFile(join(dir, rel), text);
const bySource = async (key: string) =>
  Object.values((await readSandboxState<{ groups: Record<string, SimGroup> }>(dir, 'sales')).groups).find((g) => g.source_code === key);

const applyAndConverge = async (): Promise<string> => (await applyConverges(dir)).plan.stdout;

beforeAll(async () => {
  dir = await makeProject({
    'catalog.config.yaml': config(true),
    'catalog/groups.yaml': [
      group('w-brands', '测试品牌组', ['brands: [{ name: Apple }, { name: 小米 }]']),
      group('w-types', '测试类型组', [`types: [{ id: "${CHARGER_TYPE_ID}" }, { name: 新类型 }]`, 'code: WT-001', 'salesOrgCode: ORG-EAST']),
      group('w-off', '停用组', ['types: [{ name: 促销品 }]', 'enabled: false']),
    ].join('---\n'),
  });
});

afterAll(async () => {
  await removeProject(dir);
});

describe('waiqin365 end to end', () => {
  test('create: upsert by source_code = key, code defaults to the key, brands/types by id or name', async () => {
    const plan = await runCli(dir, ['plan']);
    expect(plan.stdout).toContain('Group w-brands: create');
    expect(plan.stdout).toContain('促销产品组'); // seeded console group without source_code: unmanaged
    await applyAndConverge();

    expect(await bySource('w-brands')).toMatchObject({ name: '测试品牌组', code: 'w-brands', is_enable: '1', types: [] });
    expect((await bySource('w-brands'))!.brands.map((b) => b.name).sort()).toEqual(['Apple', '小米']);
    const types = await bySource('w-types');
    expect(types).toMatchObject({ code: 'WT-001', sales_org_code: 'ORG-EAST', brands: [] });
    expect(types!.types.map((t) => t.name).sort()).toEqual(['充电设备', '新类型']);
    expect(await bySource('w-off')).toMatchObject({ is_enable: '0' });
  });

  test('edit: every save sends the complete group (the simulator refuses one without brands or types), switching brands to types, enabling', async () => {
    await write(
      'catalog/groups.yaml',
      [
        group('w-brands', '测试品牌组 改名', ['types: [{ name: 手机壳膜 }]']),
        group('w-types', '测试类型组', [`types: [{ id: "${CHARGER_TYPE_ID}" }, { name: 新类型 }]`, 'code: WT-002', 'salesOrgCode: ORG-EAST']),
        group('w-off', '停用组', ['types: [{ name: 促销品 }]']),
      ].join('---\n'),
    );
    const plan = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('code: "WT-001" -> "WT-002"');
    expect(plan.stdout).toContain('enabled: false -> true');
    expect(plan.stdout).not.toContain('Group w-types: update\n        name');
    await applyAndConverge();

    expect(await bySource('w-brands')).toMatchObject({ name: '测试品牌组 改名', brands: [], types: [{ name: '手机壳膜' }] });
    expect(await bySource('w-types')).toMatchObject({ code: 'WT-002' });
    expect(await bySource('w-off')).toMatchObject({ is_enable: '1' });
  });

  test('a group removed from the catalog is disabled (prune), never deleted, and stays converged', async () => {
    await write('catalog/groups.yaml', group('w-brands', '测试品牌组 改名', ['types: [{ name: 手机壳膜 }]']));
    const plan = await runCli(dir, ['plan']);
    expect(plan.stdout).toContain('Group w-types: disable');
    expect(plan.stdout).toContain('waiqin365 has no delete; the group is disabled');
    const after = await applyAndConverge();
    expect(after).toContain('disabled on the platform');

    expect(await bySource('w-types')).toMatchObject({ is_enable: '0', code: 'WT-002' });
    expect(await bySource('w-off')).toMatchObject({ is_enable: '0' });

    // Without prune the disabled groups are reported as orphaned, still no changes.
    await write('catalog.config.yaml', config(false));
    const orphaned = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(orphaned.code).toBe(0);
    expect(orphaned.stdout).toMatch(/[Oo]rphan/);
  });
});
