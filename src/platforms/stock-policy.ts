/**
 * The target's stock policy applied to one object's field changes, for the planners of platforms
 * whose products carry stock (goofish, wechat-store). Which changes are stock is the platform's
 * own rule (`isStock`); what the policy does with them is the same everywhere:
 *  - 'exact': every change is kept (stock is sent like any other field);
 *  - 'initial': stock changes are dropped, each reported as an info note (stock is set on create only);
 *  - 'ignore': stock changes are dropped silently.
 */
import type { StockPolicy } from '../config/model.js';
import type { FieldChange } from '../plan/types.js';
import type { ObjectPlan } from './types.js';

export function applyStockPolicy(
  changes: readonly FieldChange[],
  policy: StockPolicy,
  isStock: (c: FieldChange) => boolean,
): { kept: FieldChange[]; notes: NonNullable<ObjectPlan['notes']> } {
  const kept: FieldChange[] = [];
  const notes: NonNullable<ObjectPlan['notes']> = [];
  for (const c of changes) {
    if (policy !== 'exact' && isStock(c)) {
      if (policy === 'initial') {
        notes.push({
          level: 'info',
          topic: 'stock differs from the catalog and is not sent (stock policy "initial" sets stock on create only)',
          message: `${c.path} is ${String(c.before)} on the platform, ${String(c.after)} in the catalog (stock policy "initial": not sent)`,
        });
      }
      continue;
    }
    kept.push(c);
  }
  return { kept, notes };
}
