import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog, Product } from '../../catalog/types.js';
import { DEFAULT_POLICY, type TargetConfig } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import type { Json } from '../../plan/types.js';
import { desired, detailFromHtml, liveProduct, productKeyOf } from './mapping.js';
import { productBody } from './planner.js';
import { wireProduct } from './wire.js';
import { asFen } from '../../money/fen.js';

const root = mkdtempSync(join(tmpdir(), 'ws-map-'));
writeFileSync(join(root, 'a.png'), 'image a');
writeFileSync(join(root, 'b.png'), 'image b');
const file = (p: string) => ({ kind: 'file' as const, path: p, absPath: join(root, p) });
const pos = { file: 'catalog/p.yaml', line: 1, col: 1 };
const target: TargetConfig = { name: 'store', platform: 'wechat-store', baseUrl: 'x', sandbox: true, credentials: {}, paths: {}, sandboxOptions: {}, policy: DEFAULT_POLICY };

function product(over: Partial<Product> = {}): Product {
  return {
    kind: 'Product',
    key: 'phone',
    protect: false,
    targets: ['store'],
    source: pos,
    title: '手机 <新> & 旧',
    description: '说明\n第二行\n',
    price: asFen(300000),
    originalPrice: asFen(400000),
    stock: 8,
    images: [file('a.png'), { kind: 'url', url: 'https://img.example.com/x.jpg' }, { kind: 'url', url: 'https://mmbiz.qpic.cn/mmbiz_png/abc/0' }],
    groups: ['g1'],
    shipping: 'std',
    onSale: true,
    skus: [
      { key: 'black', options: [['颜色', '黑色']], price: asFen(300000), stock: 5 },
      { key: 'white', options: [['颜色', '白色']], price: asFen(310050), originalPrice: asFen(410000), stock: 3, image: file('b.png') },
    ],
    platforms: {
      'wechat-store': {
        categoryId: '537074298',
        properties: { '1075781001': '1079781011' },
        skuProperties: { 颜色: { id: '1075741879', values: { 黑色: '1079749967' } } },
        buyLimit: 2,
        detail: [{ text: '第一段 <b>' }, { image: file('b.png') }],
        attrext: { isPostFree: false, isHasReceipt: true, isUnderGuaranty: false, isSupportReplace: true, location: { country: '中国', province: '广东省', city: '深圳市', address: '' } },
        express: [],
      },
    },
    ...over,
  };
}

const catalog = (products: Product[]): Catalog => ({ root, products, groups: [], shippingTemplates: [], shelves: [], digest: '' });

/** What the platform answers after receiving the body the planner built (refs resolved to URLs / ids). */
function echo(body: { [k: string]: Json }, status: number): unknown {
  const resolve = (v: Json): Json =>
    Array.isArray(v) ? v.map(resolve) : v && typeof v === 'object' ? ('$ref' in v ? `https://cdn.test/${String(v.$ref)}` : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]))) : v;
  const b = resolve(body) as any;
  const { detail, ...base } = b.product_base;
  const html = detail
    .map((d: any) => (d.img ? `<div class="item_pic_wrp"><img class="item_pic" alt="" src="${d.img}" ></div>` : `<p style="x">${d.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`))
    .join('');
  return { product_id: 'p1', status, ...b, product_base: { ...base, detail_html: html } };
}

describe('wechat-store mapping', () => {
  it('desired and live agree for the same product (round trip through the wire body)', () => {
    const objects = desired(catalog([product()]), target);
    const d = objects.find((o) => o.kind === 'Product')!;
    const images = objects.filter((o) => o.kind === 'Image');
    expect(images.map((i) => i.extra?.path).sort()).toEqual(['a.png', 'b.png']);
    const wire = wireProduct.parse(echo(productBody(d, (_k, s) => s), 1));
    const tokens = new Map(images.map((i) => [`https://cdn.test/Image/${i.key}`, `sha256:${i.key.slice(0, 16)}`]));
    const live = liveProduct(wire, productKeyOf(wire), { imageToken: (u) => tokens.get(u) ?? u, templateKey: (id) => (id === 'https://cdn.test/ShippingTemplate/std' ? 'std' : id), groupKey: (id) => id }, false);
    expect(live.key).toBe('phone');
    expect(diffFields(d.fields, live.fields)).toEqual([]);
    expect(live.meta).toMatchObject({ frozen: true, skuIds: { black: '1075741879:1079749967', white: '1075741879:$白色' } });
    // The non-WeChat URL is not used; the mmbiz one is used as it is.
    expect(d.fields.images).toEqual([expect.stringMatching(/^sha256:[0-9a-f]{16}$/), 'https://mmbiz.qpic.cn/mmbiz_png/abc/0']);
  });

  it('single-spec products compare price and stock at the top level; the SKU product_code is the key', () => {
    const p = product({ skus: [], shipping: undefined, platforms: { 'wechat-store': { ...product().platforms['wechat-store']!, express: [{ carrier: 'ems', fee: asFen(1250) }] } } });
    const d = desired(catalog([p]), target).find((o) => o.kind === 'Product')!;
    const body = productBody(d, (_k, s) => s) as any;
    expect(body.sku_list).toEqual([{ sku_id: '', price: 300000, ori_price: 400000, quantity: 8, icon_url: '', product_code: 'phone' }]);
    expect(body.delivery_info).toEqual({ delivery_type: 0, template_id: 0, express: [{ id: 10000029, price: 1250 }] });
    const wire = wireProduct.parse(echo(body, 2));
    const live = liveProduct(wire, productKeyOf(wire), { imageToken: (u) => u.replace(/^https:\/\/cdn\.test\/Image\/(.{16}).*$/, 'sha256:$1'), templateKey: (id) => id, groupKey: (id) => id }, false);
    expect(diffFields(d.fields, live.fields).map((c) => c.path)).toEqual(['onShelf']);
    expect(live.meta.frozen).toBe(false);
  });

  it('reads the key from product_code only when every SKU agrees and it is a catalog key', () => {
    const w = (codes: Array<[string, string]>) => wireProduct.parse({ product_id: 'p', product_base: { name: 'n' }, sku_list: codes.map(([sku_id, product_code]) => ({ sku_id, product_code, price: 1, quantity: 1 })) });
    expect(productKeyOf(w([['', 'tea']]))).toBe('tea');
    expect(productKeyOf(w([['$a:$1', 'tea:one'], ['$a:$2', 'tea:two']]))).toBe('tea');
    expect(productKeyOf(w([['$a:$1', 'tea:one'], ['$a:$2', 'other:two']]))).toBeUndefined();
    expect(productKeyOf(w([['', 'SG-GIFT-001']]))).toBeUndefined();
  });

  it('parses detail_html back into text and image blocks', () => {
    const html =
      '<div class="item_pic_wrp" style="margin-bottom:8px;font-size:0;"><img class="item_pic" style="width:100%;" alt="" src="https://x/a.png" ></div><p style="margin-bottom:11px;margin-top:11px;">a &lt;b&gt; &amp; c\nd</p>';
    expect(detailFromHtml(html)).toEqual([{ img: 'https://x/a.png' }, { text: 'a <b> & c\nd' }]);
  });

  it('groups list the keys of their products on this target, sorted', () => {
    const objects = desired({ ...catalog([product(), product({ key: 'a-first' }), product({ key: 'elsewhere', targets: ['other'] })]), groups: [{ kind: 'Group', key: 'g1', name: 'G', protect: false, targets: ['store'], source: pos, platforms: {} }] }, target);
    expect(objects.find((o) => o.kind === 'Group')?.fields).toEqual({ name: 'G', products: ['a-first', 'phone'] });
  });
});
