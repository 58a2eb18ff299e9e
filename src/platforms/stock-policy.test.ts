import { describe, expect, it } from 'vitest';
import type { FieldChange } from '../plan/types.js';
import { applyStockPolicy } from './stock-policy.js';

const changes: FieldChange[] = [
  { path: 'title', before: 'a', after: 'b' },
  { path: 'stock', before: 3, after: 5 },
];
const isStock = (c: FieldChange) => c.path === 'stock';

describe('applyStockPolicy', () => {
  it('exact keeps every change', () => {
    expect(applyStockPolicy(changes, 'exact', isStock)).toEqual({ kept: changes, notes: [] });
  });

  it('initial drops stock changes with a note each; ignore drops them silently', () => {
    expect(applyStockPolicy(changes, 'initial', isStock)).toEqual({
      kept: [changes[0]],
      notes: [
        {
          level: 'info',
          topic: 'stock differs from the catalog and is not sent (stock policy "initial" sets stock on create only)',
          message: 'stock is 3 on the platform, 5 in the catalog (stock policy "initial": not sent)',
        },
      ],
    });
    expect(applyStockPolicy(changes, 'ignore', isStock)).toEqual({ kept: [changes[0]], notes: [] });
  });
});
