import { describe, expect, test } from 'vitest';
import { liveProduct } from './mapping.js';
import type { WireProduct } from './wire.js';

const wire = (over: Partial<WireProduct>): WireProduct => ({
  product_id: 219530768100001,
  product_status: 21,
  price: 1990,
  stock: 5,
  outer_id: 'p-one',
  ...over,
});

describe('goofish liveProduct: onSale', () => {
  test('product_status 21 is a draft or a pending publish: publish_status decides', () => {
    expect(liveProduct(wire({ product_status: 21, publish_status: 1 })).fields.onSale).toBe(false);
    expect(liveProduct(wire({ product_status: 21, publish_status: 2 })).fields.onSale).toBe(true);
  });

  test('on sale, sold out and taken down', () => {
    expect(liveProduct(wire({ product_status: 22, publish_status: 3 })).fields.onSale).toBe(true);
    expect(liveProduct(wire({ product_status: 23, publish_status: 5 })).fields.onSale).toBe(true);
    expect(liveProduct(wire({ product_status: 31, publish_status: 4 })).fields.onSale).toBe(false);
  });

  test('without publish_status the product status alone decides', () => {
    expect(liveProduct(wire({ product_status: 22 })).fields.onSale).toBe(true);
    expect(liveProduct(wire({ product_status: 31 })).fields.onSale).toBe(false);
  });
});
