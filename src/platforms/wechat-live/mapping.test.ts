import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog, Product } from '../../catalog/types.js';
import { DEFAULT_POLICY, type TargetConfig } from '../../config/model.js';
import { diffFields } from '../../plan/diff.js';
import { desired, encodeUrlQuery, liveGoods, sha256Hex } from './mapping.js';
import { asFen } from '../../money/fen.js';

const target: TargetConfig = { name: 'live', platform: 'wechat-live', baseUrl: 'x', sandbox: true, credentials: {}, paths: {}, policy: DEFAULT_POLICY, sandboxOptions: {} };
const root = mkdtempSync(join(tmpdir(), 'wl-mapping-'));
const bytes = new Uint8Array([1, 2, 3, 4]);
writeFileSync(join(root, 'a.png'), bytes);

function product(live: Partial<NonNullable<Product['platforms']['wechat-live']>>): Product {
  return {
    kind: 'Product',
    key: 'tea',
    protect: false,
    targets: ['live'],
    source: { file: 'x.yaml', line: 1, col: 1 } as never,
    title: '龙井',
    description: '',
    price: asFen(9950),
    stock: 1,
    images: [],
    groups: [],
    onSale: true,
    skus: [],
    platforms: {
      'wechat-live': { name: '龙井茶', priceType: 1, price: asFen(9950), url: 'pages/goods/detail?key=tea', coverImage: { kind: 'file', path: 'a.png', absPath: join(root, 'a.png') }, ...live },
    },
  };
}

const catalog = (p: Product): Catalog => ({ root, products: [p], groups: [], shippingTemplates: [], shelves: [], digest: '' });

describe('wechat-live mapping', () => {
  it('round trip: the same goods read back (yuan -> fen) compares equal, cover from the state record', () => {
    const [d] = desired(catalog(product({ priceType: 3, price: asFen(1999), price2: asFen(1499) })), target);
    const l = liveGoods(
      { goods_id: 7, name: '龙井茶', price: 19.99, price2: 14.99, price_type: 3, url: 'pages/goods/detail?key=tea', audit_status: 2, third_party_tag: 2, cover_img_url: 'https://x/img' },
      'tea',
      { auditId: 1, cover: d!.fields.cover as string },
    );
    expect(diffFields(d!.fields, l.fields)).toEqual([]);
    expect(d!.fields.cover).toBe(`sha256:${sha256Hex(bytes).slice(0, 16)}`);
    expect(d!.extra).toEqual({ cover: { file: 'a.png', sha256: sha256Hex(bytes) } });
    expect(l.meta).toEqual({ auditStatus: 2, thirdPartyTag: 2, coverUrl: 'https://x/img', auditId: 1 });
  });

  it('priceType 1 has no price2 on either side; without a recorded cover it is not compared', () => {
    const [d] = desired(catalog(product({})), target);
    const l = liveGoods({ goods_id: 7, name: '龙井茶', price: 99.5, price2: 0, price_type: 1, url: 'pages/goods/detail?key=tea', audit_status: 3, third_party_tag: 2, audit_reason: 'bad' }, 'tea', {});
    expect(d!.fields).not.toHaveProperty('price2');
    expect(l.fields).not.toHaveProperty('price2');
    expect(l.fields).not.toHaveProperty('cover');
    expect(diffFields(d!.fields, l.fields)).toEqual([]);
    expect(l.meta.auditReason).toBe('bad');
  });

  it('encodes unencoded query values and keeps encoded ones', () => {
    expect(encodeUrlQuery('pages/goods/detail?key=龙井&x=a b')).toBe('pages/goods/detail?key=%E9%BE%99%E4%BA%95&x=a%20b');
    expect(encodeUrlQuery('pages/goods/detail?key=%E9%BE%99')).toBe('pages/goods/detail?key=%E9%BE%99');
    expect(encodeUrlQuery('pages/index/index')).toBe('pages/index/index');
  });
});
