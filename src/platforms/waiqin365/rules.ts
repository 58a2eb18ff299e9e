/** 外勤365 (waiqin365) product group rules (docs/platforms/waiqin365.md, "Facts the adapter relies on"): brands xor types, name length. */
import { charLength } from '../../diagnostics/text-width.js';
import type { CatalogObject } from '../../catalog/types.js';
import type { RuleContext } from '../../catalog/rules.js';

export const WAIQIN365_GROUP_NAME_CHARS = 200;

export function checkWaiqin365(object: CatalogObject, ctx: RuleContext): void {
  if (object.kind !== 'Group') return;
  const block = object.platforms.waiqin365;
  if (!block) {
    if (!ctx.intact(['platforms'])) return;
    ctx.report('waiqin365.block-required', `group ${object.key} goes to waiqin365 but has no platforms.waiqin365 block`, ['targets'], 'add platforms.waiqin365 with brands or types, or leave this target out of `targets`');
    return;
  }
  const hasBrands = block.brands !== undefined;
  const hasTypes = block.types !== undefined;
  if (hasBrands === hasTypes) {
    ctx.report(
      'waiqin365.brands-or-types',
      hasBrands ? `group ${object.key} has both brands and types; waiqin365 takes exactly one` : `group ${object.key} has neither brands nor types; waiqin365 needs exactly one`,
      hasBrands ? ['platforms', 'waiqin365', 'types'] : ['platforms', 'waiqin365'],
      hasBrands ? 'keep either brands or types' : 'add brands: [{ name: ... }] or types: [{ name: ... }]',
    );
  }
  const length = charLength(object.name);
  if (length > WAIQIN365_GROUP_NAME_CHARS) {
    ctx.report('waiqin365.name-length', `name is ${length} characters; waiqin365 allows ${WAIQIN365_GROUP_NAME_CHARS}`, ['name'], 'shorten the group name');
  }
}
