/**
 * The checks that need every file: keys unique per kind across the catalog, and references that
 * name existing objects which go to every target where the referring object needs them.
 */
import type { TargetConfig } from '../config/model.js';
import { error, type Diagnostic } from '../diagnostics/diagnostics.js';
import { suggestHint } from '../diagnostics/suggest.js';
import type { Entry } from './file-result.js';
import type { Kind, PlatformName } from './model.js';

const KIND_NAMES: Record<Kind, string> = {
  Product: 'product',
  Group: 'group',
  ShippingTemplate: 'shipping template',
  Shelf: 'shelf',
};

/**
 * A diagnostic at every definition of a key defined twice. Only the first definition keeps its
 * object (the others' `object` is deleted), so later checks do not report the same object twice.
 */
export function checkDuplicates(entries: readonly Entry[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const first = byKind<Entry>(); // the first definition of each key (10,000 products: no list per key)
  const repeated = new Map<Entry, Entry[]>(); // first definition -> all definitions, for keys defined twice
  for (const e of entries) {
    if (e.key === undefined) continue;
    const earlier = first[e.kind].get(e.key);
    if (earlier === undefined) first[e.kind].set(e.key, e);
    else repeated.set(earlier, [...(repeated.get(earlier) ?? [earlier]), e]);
  }
  for (const list of repeated.values()) {
    const places = list.map((e) => e.keyPos);
    list.forEach((e, i) => {
      const others = places.filter((_, j) => j !== i).map((p) => `${p.file}:${p.line}:${p.col}`);
      diagnostics.push(
        error('key.duplicate', `${KIND_NAMES[e.kind]} key "${e.key}" is also defined at ${others.join(', ')}`, places[i], `keys are unique per kind across the catalog; rename or remove one of them`),
      );
    });
    // Only the first definition is projected, so later checks do not report the same object twice.
    for (const e of list.slice(1)) delete e.object;
  }
  return diagnostics;
}

/** One map per kind (keys are unique per kind). */
function byKind<T>(): Record<Kind, Map<string, T>> {
  return { Product: new Map(), Group: new Map(), ShippingTemplate: new Map(), Shelf: new Map() };
}

/**
 * References must name existing objects, and the referenced object must go to every target where
 * the referring object needs it (a product's groups and shipping template, a shelf's groups).
 */
export function checkReferences(entries: readonly Entry[], targetsByName: ReadonlyMap<string, TargetConfig>, kindsOf: (platform: PlatformName) => readonly Kind[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Only groups and shipping templates are referred to.
  const objects = { Group: new Map<string, Entry>(), ShippingTemplate: new Map<string, Entry>() };
  const exists = { Group: new Set<string>(), ShippingTemplate: new Set<string>() };
  for (const e of entries) {
    if (e.key === undefined || (e.kind !== 'Group' && e.kind !== 'ShippingTemplate')) continue;
    exists[e.kind].add(e.key);
    if (e.object) objects[e.kind].set(e.key, e);
  }
  for (const entry of entries) {
    for (const r of entry.refs) {
      if (!exists[r.kind].has(r.key)) {
        diagnostics.push(
          error(r.kind === 'Group' ? 'ref.group' : 'ref.shipping', `${KIND_NAMES[r.kind]} "${r.key}" does not exist`, r.pos, suggestHint(r.key, [...exists[r.kind]], `${KIND_NAMES[r.kind]} keys`)),
        );
        continue;
      }
      const from = entry.object;
      const referentEntry = objects[r.kind].get(r.key);
      const referent = referentEntry?.object;
      // Where an object with a mistake in its targets goes is not known: nothing to compare.
      if (!from || !referent || entry.targetsUnknown || referentEntry.targetsUnknown) continue;
      const missing = (r.targets ?? from.targets).filter((t) => {
        const platform = targetsByName.get(t)?.platform;
        return platform !== undefined && kindsOf(platform).includes(r.kind) && !referent.targets.includes(t);
      });
      if (missing.length > 0) {
        const them = missing.length > 1 ? 'them' : 'it';
        diagnostics.push(
          error(
            r.kind === 'Group' ? 'ref.group-target' : 'ref.shipping-target',
            `${KIND_NAMES[r.kind]} "${r.key}" does not go to target${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, where ${KIND_NAMES[from.kind]} ${from.key} goes`,
            r.pos,
            `add ${missing.join(', ')} to the targets of ${KIND_NAMES[r.kind]} ${r.key}, or remove ${them} from this ${KIND_NAMES[from.kind]}'s targets`,
          ),
        );
      }
    }
  }
  return diagnostics;
}
