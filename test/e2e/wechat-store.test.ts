/**
 * wechat-store end to end: the BUILT CLI against the in-process 微信小店 simulator (seeded account;
 * the seed's objects have other names and keys, so they stay unmanaged). Every step ends with
 * apply-then-plan showing no changes. The example project's `store` target: last test.
 */
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { applyConverges, applyExpecting, copyExampleProject, editSandboxState, makeProject, planExpecting, readSandboxState, removeProject, REPO, runCli } from '../helpers/cli.js';

const IMAGE_A = readFileSync(join(REPO, 'catalog/images/longjing-tea.png'));
const IMAGE_B = readFileSync(join(REPO, 'catalog/images/power-bank-cover.png'));

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeProject));
});

function config(stock: 'initial' | 'exact' | 'ignore'): string {
  return ['targets:', '  store:', '    platform: wechat-store', '    sandbox: true', '    prune: true', '    maxDeletePercent: 100', `    stock: ${stock}`, '    ratePerSecond: 1000', ''].join('\n');
}

interface Spec {
  phoneTitle?: string;
  phoneOnSale?: boolean;
  phoneBuyLimit?: number;
  cableTitle?: string;
  cableStock?: number;
  cableOnSale?: boolean;
  cableGroups?: string;
  accName?: string;
  expressFirstFee?: string;
  moduleCount?: number;
}

function catalog(s: Spec = {}): string {
  return `kind: ShippingTemplate
key: std
name: 标准快递
payer: buyer
rates:
  - carrier: express
    firstItems: 1
    firstFee: ${s.expressFirstFee ?? '6'}
    additionalItems: 1
    additionalFee: 2
    regions:
      - { province: 新疆维吾尔自治区, firstItems: 1, firstFee: 20, additionalItems: 1, additionalFee: 10 }
---
kind: Group
key: g-phones
name: 测试手机
---
kind: Group
key: g-acc
name: ${s.accName ?? '测试配件'}
---
kind: Product
key: phone
title: ${s.phoneTitle ?? '测试手机 128G'}
description: 测试用手机。
originalPrice: 4000
images: [images/a.png]
groups: [g-phones]
shipping: std
onSale: ${s.phoneOnSale ?? true}
skus:
  - { key: black, options: { 颜色: 黑色 }, price: 3000, stock: 5 }
  - { key: white, options: { 颜色: 白色 }, price: "3100.50", stock: 3 }
platforms:
  wechat-store:
    categoryId: "537074298"
    properties: { "1075781001": "1079781011" }
    skuProperties: { 颜色: { id: "1075741879", values: { 黑色: "1079749967", 白色: "1079749968" } } }
    buyLimit: ${s.phoneBuyLimit ?? 2}
    detail:
      - text: 第一段
      - image: images/b.png
---
kind: Product
key: cable
title: ${s.cableTitle ?? '测试数据线'}
description: 测试用数据线。
price: "19.90"
originalPrice: 59
stock: ${s.cableStock ?? 10}
images: [images/b.png, https://img.example.com/not-uploadable.jpg]
groups: ${s.cableGroups ?? '[g-acc]'}
onSale: ${s.cableOnSale ?? false}
platforms:
  wechat-store:
    categoryId: "537063306"
    express: [{ carrier: express, fee: 5 }, { carrier: ems, fee: "12.50" }]
    attrext: { isHasReceipt: true, location: { country: 中国, province: 广东省, city: 深圳市 } }
---
kind: Shelf
key: home
name: 测试首页
banner: images/b.png
modules:
  - { type: 1, groups: [g-phones], count: ${s.moduleCount ?? 2} }
  - { type: 2, groups: [g-phones, g-acc] }
`;
}

async function project(): Promise<string> {
  const dir = await makeProject({
    'catalog.config.yaml': config('initial'),
    'catalog/images/a.png': IMAGE_A,
    'catalog/images/b.png': IMAGE_B,
    'catalog/store.yaml': catalog(),
  });
  dirs.push(dir);
  return dir;
}

const setCatalog = (dir: string, s: Spec) => writeFile(join(dir, 'catalog/store.yaml'), catalog(s));
const setStockPolicy = (dir: string, p: 'initial' | 'exact' | 'ignore') => writeFile(join(dir, 'catalog.config.yaml'), config(p));

const plan = (dir: string, code: number) => planExpecting(dir, code);
const apply = (dir: string) => applyExpecting(dir);
/** apply (which prints the plan it executes), then plan again: no changes. Returns apply's output. */
const converge = async (dir: string) => (await applyConverges(dir)).applied;
const editSandbox = (dir: string, edit: (state: any) => void) => editSandboxState(dir, 'store', edit);

const byCode = (state: any, code: string) => state.products.find((p: any) => p.sku_list.some((s: any) => s.product_code === code));
const groupNamed = (state: any, name: string) => state.groups.find((g: any) => g.group_name === name);
/** Lines of the plan that name an action, in plan order. */
const actionLines = (out: string) => out.split('\n').filter((l) => /^\s+(\+|~|-|-\/\+|>)\s+\w+ /.test(l));

describe('wechat-store end to end', () => {
  test('create, edits, stock policies, shelf state, membership, frozen replace, deletes in reverse order', async () => {
    const dir = await project();

    // ---- create: images once, template, groups, products, membership, shelf, shelf state.
    const first = await converge(dir);
    // Images are named by their file, never by their hash; consecutive uploads are one line.
    expect(first.stdout).toMatch(/\+ +Image (images\/a\.png: upload|upload \(\d+\): .*images\/a\.png)/);
    expect(first.stdout).not.toMatch(/[0-9a-f]{64}/);
    expect(first.stdout).toMatch(/\+ +ShippingTemplate std: create/);
    expect(first.stdout).toMatch(/\+ +Shelf home: create/);
    expect(first.stdout).toMatch(/> +Product (phone: on shelf|on shelf \(\d+\): .*\bphone\b)/);
    let s = await readSandboxState(dir, 'store');
    const phone = byCode(s, 'phone:black');
    const cable = byCode(s, 'cable');
    expect(phone).toMatchObject({ status: 1, product_base: { name: '测试手机 128G', category_id: ['537074298'], buy_limit: 2 } });
    expect(phone.product_base.sku_info).toEqual([{ id: '1075741879', vid: ['1079749967', '1079749968'] }]);
    expect(phone.sku_list.map((k: any) => [k.sku_id, k.price, k.ori_price, k.quantity])).toEqual([
      ['1075741879:1079749967', 300000, 400000, 5],
      ['1075741879:1079749968', 310050, 400000, 3],
    ]);
    expect(phone.product_base.detail).toEqual([{ text: '第一段' }, { img: expect.stringMatching(/\/img\/[0-9a-f]{64}$/) }]);
    expect(cable).toMatchObject({ status: 2, sku_list: [{ sku_id: '', price: 1990, ori_price: 5900, quantity: 10 }] });
    expect(cable.delivery_info).toEqual({ delivery_type: 0, template_id: 0, express: [{ id: 10000028, price: 500 }, { id: 10000029, price: 1250 }] });
    expect(cable.product_base.img).toHaveLength(1); // the non-WeChat URL is not used
    const template = s.templates.find((t: any) => t.Name === '标准快递');
    expect(phone.delivery_info).toMatchObject({ delivery_type: 1, template_id: template.Id });
    expect(groupNamed(s, '测试手机').product_list).toEqual([phone.product_id]);
    expect(groupNamed(s, '测试配件').product_list).toEqual([cable.product_id]);
    const shelf = s.shelves.find((x: any) => x.shelf_name === '测试首页');
    expect(shelf.module_infos[0]).toEqual({ eid: 1, group_info: { group_id: groupNamed(s, '测试手机').group_id, filter: { count: 2 } } });
    // Each file is uploaded once (a, b) and cached in state.
    const uploads = Object.keys(s.images).length;
    const list = await runCli(dir, ['state', 'list', '--format', 'json']);
    expect(JSON.parse(list.stdout).objects.filter((o: any) => o.ref.startsWith('Image/'))).toHaveLength(2);

    // ---- field edits: narrow calls, no replace for a product never on shelf.
    await setCatalog(dir, { cableTitle: '测试数据线 1米', phoneBuyLimit: 3, accName: '测试配件2', expressFirstFee: '7', moduleCount: 3 });
    const edits = await converge(dir);
    expect(edits.stdout).toMatch(/~ +Product cable: update/);
    expect(edits.stdout).toMatch(/~ +Product phone: update/);
    expect(edits.stdout).toMatch(/~ +Group g-acc: rename/);
    expect(edits.stdout).toMatch(/~ +ShippingTemplate std: update/);
    expect(edits.stdout).toMatch(/~ +Shelf home: update/);
    expect(edits.stdout).toContain('rates.express.firstFee: 6.00 -> 7.00');
    expect(actionLines(edits.stdout).join('\n')).not.toMatch(/-\/\+|Image/);
    expect(edits.stdout).toContain('5 API calls');
    s = await readSandboxState(dir, 'store');
    expect(Object.keys(s.images)).toHaveLength(uploads);
    expect(byCode(s, 'cable').product_base.name).toBe('测试数据线 1米');
    expect(byCode(s, 'phone:black').product_base.buy_limit).toBe(3);
    expect(groupNamed(s, '测试配件2').group_id).toBe(groupNamed(s, '测试配件2').group_id);
    const edited = { cableTitle: '测试数据线 1米', phoneBuyLimit: 3, accName: '测试配件2', expressFirstFee: '7', moduleCount: 3 };

    // ---- stock: initial reports, exact sends deltas from the live read, ignore drops.
    await setCatalog(dir, { ...edited, cableStock: 15 });
    const initial = await plan(dir, 0);
    expect(initial.stdout).toContain('stock is 10 on the platform, 15 in the catalog (stock policy "initial": not sent)');
    await setStockPolicy(dir, 'exact');
    const exact = await converge(dir);
    expect(exact.stdout).toMatch(/~ +Product cable: stock/);
    expect(byCode(await readSandboxState(dir, 'store'), 'cable').sku_list[0].quantity).toBe(15);
    // Sales moved stock on the platform: the delta is recomputed from the live read.
    await editSandbox(dir, (st) => (byCode(st, 'cable').sku_list[0].quantity = 12));
    await setCatalog(dir, { ...edited, cableStock: 4 });
    await converge(dir); // stock/reduce 8
    expect(byCode(await readSandboxState(dir, 'store'), 'cable').sku_list[0].quantity).toBe(4);
    await setStockPolicy(dir, 'ignore');
    await setCatalog(dir, { ...edited, cableStock: 40 });
    const ignored = await plan(dir, 0);
    expect(ignored.stdout).not.toContain('stock policy');

    // ---- shelf on/off and group membership.
    await setCatalog(dir, { ...edited, cableStock: 40, cableOnSale: true, phoneOnSale: false, cableGroups: '[g-phones]' });
    const shelfPlan = await converge(dir);
    expect(shelfPlan.stdout).toMatch(/> +Product cable: on shelf/);
    expect(shelfPlan.stdout).toMatch(/> +Product phone: off shelf/);
    expect(shelfPlan.stdout).toMatch(/~ +Group g-phones: group membership/);
    expect(shelfPlan.stdout).toMatch(/~ +Group g-acc: group membership/);
    expect(shelfPlan.stdout).toContain('4 API calls');
    s = await readSandboxState(dir, 'store');
    expect(byCode(s, 'cable').status).toBe(1);
    expect(byCode(s, 'phone:black').status).toBe(2);
    expect([...groupNamed(s, '测试手机').product_list].sort()).toEqual([byCode(s, 'cable').product_id, byCode(s, 'phone:black').product_id].sort());
    expect(groupNamed(s, '测试配件2').product_list).toEqual([]);

    // ---- frozen fields: the phone was on shelf (now off: known from state), so a rename is a replace.
    const oldPhoneId = byCode(s, 'phone:black').product_id;
    const renamed = { ...edited, cableStock: 40, cableOnSale: true, phoneOnSale: false, cableGroups: '[g-phones]', phoneTitle: '测试手机 128G 新款' };
    await setCatalog(dir, renamed);
    const replace = await converge(dir);
    expect(replace.stdout).toMatch(/-\/\+ +Product phone: replace/);
    expect(replace.stdout).toContain('name cannot change once a product has been on shelf');
    s = await readSandboxState(dir, 'store');
    const newPhone = byCode(s, 'phone:black');
    expect(newPhone.product_id).not.toBe(oldPhoneId);
    expect(newPhone.product_base.name).toBe('测试手机 128G 新款');
    expect(s.products.some((p: any) => p.product_id === oldPhoneId)).toBe(false);
    expect(groupNamed(s, '测试手机').product_list).toContain(newPhone.product_id);

    // ---- identities re-derived from the platform after the state is lost.
    await rm(join(dir, '.catalog', 'state.json'), { force: true });
    await rm(join(dir, '.catalog', 'journal.jsonl'), { force: true });
    const rebuilt = await runCli(dir, ['state', 'rebuild']);
    expect(rebuilt.code).toBe(0);
    const refs = JSON.parse((await runCli(dir, ['state', 'list', '--format', 'json'])).stdout).objects.map((o: any) => o.ref);
    expect(refs).toEqual(expect.arrayContaining(['Product/phone', 'Product/cable', 'Group/g-phones', 'Group/g-acc', 'ShippingTemplate/std', 'Shelf/home']));
    // Uploaded images are re-associated with their files by content: nothing to upload or update.
    const afterRebuild = await runCli(dir, ['plan', '--detailed-exitcode']);
    expect(afterRebuild.code, afterRebuild.stdout).toBe(0);

    // ---- deletes in reverse order: shelves, products, groups, templates.
    await writeFile(join(dir, 'catalog/store.yaml'), '# nothing for the store any more\n');
    const deletes = await converge(dir);
    const order = actionLines(deletes.stdout).map((l) => l.trim().split(/\s+/)[1]);
    expect(order).toEqual(['Shelf', 'Product', 'Product', 'Group', 'Group', 'ShippingTemplate']);
    s = await readSandboxState(dir, 'store');
    expect(byCode(s, 'cable')).toBeUndefined();
    expect(byCode(s, 'phone:black')).toBeUndefined();
    expect(groupNamed(s, '测试手机')).toBeUndefined();
    expect(s.templates.find((t: any) => t.Name === '标准快递')).toBeUndefined();
    expect(s.shelves).toEqual([]);
    // The seed's console-made objects were never touched.
    expect(byCode(s, 'SG-GIFT-001')).toBeDefined();
  }, 60_000);

  test('the example catalog: apply --target store converges', async () => {
    const dir = await copyExampleProject();
    dirs.push(dir);
    const applied = await runCli(dir, ['apply', '--target', 'store', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const again = await runCli(dir, ['plan', '--target', 'store', '--detailed-exitcode']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  }, 30_000);
});
