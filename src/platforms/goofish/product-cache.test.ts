/** The goofish product cache's pure parts: the product after each write, and when a list item confirms it. */
import { describe, expect, test } from 'vitest';
import { listFieldsMatch, productAfter, skuIdsKnown, trusted, WRITTEN_TRUST_S, type CachedProduct } from './product-cache.js';
import type { WireProduct } from './wire.js';

const createArgs = {
  item_biz_type: 2,
  sp_biz_type: 1,
  channel_cat_id: 'c1',
  price: 2990,
  original_price: 9900,
  express_fee: 0,
  stock: 5,
  outer_id: 'p-one',
  stuff_status: 100,
  publish_shop: [{ user_name: 'shop', province: 1, city: 2, district: 3, title: '标题', content: '描述文字五个字', images: ['https://img/x.jpg'] }],
  sku_items: [{ price: 2990, stock: 5, sku_text: '颜色:黑色', outer_id: 'black' }],
};
const listedOf = (p: WireProduct, update_time: number): WireProduct => {
  const { publish_shop: _s, sku_items: _k, ...rest } = p;
  return { ...rest, title: p.publish_shop![0]!.title!, update_time };
};

describe('productAfter', () => {
  test('a create is the body sent, as a draft, with SKUs whose platform ids are unknown', () => {
    const p = productAfter('product.create', createArgs, undefined, '42')!;
    expect(p).toMatchObject({ product_id: '42', product_status: 21, publish_status: 1, price: 2990, title: '标题', outer_id: 'p-one' });
    expect(skuIdsKnown(p)).toBe(false);
  });

  test('edit/stock updates the SKUs it names by id; an unknown id or no base drops the entry', () => {
    const base = { ...productAfter('product.create', createArgs, undefined, '42')!, sku_items: [{ sku_id: 7, price: 2990, stock: 5, sku_text: '颜色:黑色', outer_id: 'black' }] };
    const after = productAfter('product.editStock', { product_id: '42', sku_items: [{ sku_id: '7', stock: 1, price: 2790 }] }, base, '42')!;
    expect(after.sku_items).toEqual([{ sku_id: 7, price: 2790, stock: 1, sku_text: '颜色:黑色', outer_id: 'black' }]);
    expect(productAfter('product.editStock', { product_id: '42', sku_items: [{ sku_id: 8, stock: 1 }] }, base, '42')).toBeUndefined();
    expect(productAfter('product.edit', { product_id: '42', price: 1 }, undefined, '42')).toBeUndefined();
  });

  test('publish and down-shelf set the status; delete drops the entry', () => {
    const base = productAfter('product.create', createArgs, undefined, '42')!;
    expect(productAfter('product.publish', { product_id: '42', user_name: ['shop'] }, base, '42')).toMatchObject({ product_status: 21, publish_status: 2 });
    expect(productAfter('product.downShelf', { product_id: '42' }, base, '42')).toMatchObject({ product_status: 31, publish_status: 4 });
    expect(productAfter('product.delete', { product_id: '42' }, base, '42')).toBeUndefined();
  });
});

describe('trusted', () => {
  const product = productAfter('product.create', createArgs, undefined, '42')!;
  const written: CachedProduct = { source: 'written', updateTime: 0, readAt: 0, writtenAt: 1_000_000, product };

  test('a written product: list fields equal and update_time within the trust window after our write', () => {
    expect(trusted(written, listedOf(product, 1_000_002))).toBe(true);
    expect(trusted(written, listedOf(product, 1_000_000 + WRITTEN_TRUST_S + 1))).toBe(false);
    expect(trusted(written, { ...listedOf(product, 1_000_002), price: 1990 })).toBe(false);
    expect(trusted(written, { ...listedOf(product, 1_000_002), title: '别人改的' })).toBe(false);
  });

  test('a read product: the same update_time, not in the second of the read', () => {
    const read: CachedProduct = { source: 'detail', updateTime: 500, readAt: 600, product };
    expect(trusted(read, listedOf(product, 500))).toBe(true);
    expect(trusted(read, listedOf(product, 501))).toBe(false);
    expect(trusted({ ...read, readAt: 501 }, listedOf(product, 500))).toBe(false);
  });

  test('absent money fields count as the platform default 0', () => {
    expect(listFieldsMatch({ ...product, original_price: undefined }, { ...listedOf(product, 1), original_price: 0 })).toBe(true);
  });
});
