/**
 * `catalog lookup` and the plan-time platform checks, end to end: the built CLI against the
 * in-process goofish simulator (issue 12 point 5, issue 16 point 3, issue 17 point 3).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeProject, readSandboxState, removeProject, runCli, runInProcess } from '../helpers/cli.js';
import { goofishConfig, goofishProduct, type SimState } from '../helpers/goofish.js';

const CAT = '4d8b31d719602249ac899d2620c5df2b';
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeProject));
});

async function project(product: string): Promise<string> {
  const dir = await makeProject({ 'catalog.config.yaml': goofishConfig(), 'catalog/phone.yaml': product });
  dirs.push(dir);
  return dir;
}

describe('catalog lookup', () => {
  test('lists what each target offers, then reads categories and properties (text and JSON), read-only', async () => {
    // A catalog that does not validate does not stop a lookup (it is how a merchant fills it in).
    const dir = await project('kind: Product\nkey: x\n');
    const offered = await runCli(dir, ['lookup']);
    expect(offered.code, offered.stderr).toBe(0);
    expect(offered.stdout).toContain('catalog lookup xianyu properties itemBizType=<itemBizType> spBizType=<spBizType> channelCatId=<channelCatId>');
    const props = await runCli(dir, ['lookup', 'xianyu', 'properties', 'itemBizType=2', 'spBizType=1', `channelCatId=${CAT}`, '--format', 'json']);
    expect(props.code, props.stderr).toBe(0);
    const json = JSON.parse(props.stdout);
    expect(json).toMatchObject({ target: 'xianyu', platform: 'goofish', list: 'properties' });
    expect(json.entries.find((e: { name: string }) => e.name === '品牌').values).toContainEqual({ id: '30111', name: 'Apple' });
    // Usage mistakes (no network: in process) and refusals: exit 1 with the reason.
    const missing = await runInProcess(dir, ['lookup', 'xianyu', 'properties', 'itemBizType=2']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('properties needs spBizType, channelCatId');
    expect((await runInProcess(dir, ['lookup', 'xianyu', 'colours'])).stderr).toContain('it offers: shops, categories, properties');
    const refused = await runCli(dir, ['lookup', 'xianyu', 'properties', 'itemBizType=2', 'spBizType=1', 'channelCatId=nope']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('2007');
  }, 120_000);
});

describe('plan-time platform checks and channel_pv', () => {
  const withPv = (pv: string, shops = '[拾光数码]') => goofishProduct('phone-1').replace('    shops: [拾光数码]\n', `    shops: ${shops}\n    channelPv: ${pv}\n`);

  test('unknown references stop plan and apply at their file:line before any write', async () => {
    const dir = await project(withPv('{ 品牌: 苹果, 颜色: 黑色 }', '[拾光数码, 别人的店]'));
    const plan = await runCli(dir, ['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('catalog/phone.yaml:15:19 error goofish.shop-unauthorised');
    expect(plan.stderr).toMatch(/catalog\/phone\.yaml:16:\d+ error goofish\.property-value-unknown: "苹果" is not a value of property 品牌/);
    expect(plan.stderr).toContain('goofish.property-unknown');
    expect(plan.stderr).toContain('nothing was planned or written');
    const apply = await runCli(dir, ['apply', '--auto-approve']);
    expect(apply.code).toBe(1);
    const state = await readSandboxState<SimState>(dir, 'xianyu');
    expect(Object.values(state.products).filter((p) => p.outer_id === 'phone-1')).toEqual([]);
  }, 120_000);

  test('channelPv by name and id is sent as ids with the platform names; edits converge', async () => {
    const dir = await project(withPv('{ 品牌: Apple, "20001": "31002" }'));
    const applied = await runCli(dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const product = () => readSandboxState<any>(dir, 'xianyu').then((s) => Object.values<any>(s.products).find((p) => p.outer_id === 'phone-1'));
    expect((await product()).channel_pv).toEqual([
      { property_id: '20000', property_name: '品牌', value_id: '30111', value_name: 'Apple' },
      { property_id: '20001', property_name: '存储容量', value_id: '31002', value_name: '128G' },
    ]);
    await writeFile(join(dir, 'catalog/phone.yaml'), withPv('{ 品牌: 华为 }'));
    const edited = await runCli(dir, ['apply', '--auto-approve']);
    expect(edited.code, edited.stdout + edited.stderr).toBe(0);
    expect((await product()).channel_pv).toEqual([{ property_id: '20000', property_name: '品牌', value_id: '30112', value_name: '华为' }]);
    expect((await runCli(dir, ['plan', '--detailed-exitcode'])).code).toBe(0);
  }, 150_000);
});
