/** Error recovery: placeholders of a schema's shape, repaired copies, tainted paths. */
import { describe, expect, it } from 'vitest';
import { documentSchemas, shippingTemplateSchema } from './model.js';
import { PLATFORMS } from '../platforms/registry.js';
import { placeholderFor, repairValue, Taint } from './repair.js';

const { Product: productSchema, Group: groupSchema } = documentSchemas(PLATFORMS).kinds;

describe('repair', () => {
  it('gives the smallest value of each shape: required fields only', () => {
    expect(placeholderFor(groupSchema)).toEqual({ kind: 'Group', key: '', name: '' });
    expect(placeholderFor(productSchema)).toEqual({ kind: 'Product', key: '', title: '' });
    expect(placeholderFor(shippingTemplateSchema)).toEqual({ kind: 'ShippingTemplate', key: '', name: '', payer: 'buyer', rates: [] });
  });

  it('replaces refused values, drops unknown fields and leaves the rest and the input alone', () => {
    const written = { kind: 'Product', key: 'p1', title: 7, colour: 'red', stock: -1, skus: [{ key: 's1', options: {}, price: 1, stock: 'x' }], platforms: { goofish: 'yes' } };
    const copy = repairValue(productSchema, written, [
      { path: ['title'], drop: false },
      { path: ['colour'], drop: true },
      { path: ['stock'], drop: false },
      { path: ['skus', 0, 'stock'], drop: false },
      { path: ['platforms', 'goofish'], drop: false },
    ]);
    expect(copy).toEqual({
      kind: 'Product',
      key: 'p1',
      title: '',
      stock: 0,
      skus: [{ key: 's1', options: {}, price: 1, stock: 0 }],
      platforms: { goofish: { itemBizType: 0, spBizType: 0, channelCatId: '', stuffStatus: 0, shops: [], district: { province: 0, city: 0, district: 0 } } },
    });
    expect(written.title).toBe(7);
    expect(productSchema.safeParse(copy).success).toBe(false); // only the shape is repaired, not the limits
  });

  it('taints a path, everything inside it and everything around it', () => {
    const taint = new Taint([{ path: ['skus', 1, 'price'], drop: false }, { path: ['colour'], drop: true }]);
    expect(taint.intact(['skus', 1, 'price'])).toBe(false);
    expect(taint.intact(['skus'])).toBe(false);
    expect(taint.intact(['skus', 1, 'price', 'x'])).toBe(false);
    expect(taint.intact(['skus', 0, 'price'], ['title'])).toBe(true);
    expect(taint.droppedIn([])).toBe(true);
    expect(taint.droppedIn(['skus'])).toBe(false);
    expect(new Taint([]).intact([])).toBe(true);
  });
});
