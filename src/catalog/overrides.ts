/**
 * Per-target overrides (`overrides: { <target>: { price, title, ... } }` on a product and on its
 * SKUs): one target gets other values than the product's own, e.g. a lower price on 闲鱼.
 *
 * Contract: the loader builds, for every target a product overrides, the product as that target
 * gets it, by normalising the document with the override values in place (so every default that
 * derives from an overridden field follows it, e.g. wechat-live's name from the title) and checking
 * it against that target's platform rules, with positions pointing at the override values. The
 * engine plans each target from its own view of the catalog (`catalogForTarget`).
 */
import { productOverrideSchema, skuOverrideSchema, type ProductDoc } from './model.js';
import type { Catalog, Product } from './types.js';
import { pathKey, type Path, type YamlDoc } from '../yaml/yaml-source.js';

/** The product document as one target sees it, and where each moved value is written. */
export interface MergedOverride {
  merged: ProductDoc;
  /** Catalog paths of the overridden fields, e.g. ["price", "skus.white.price"]. */
  fields: string[];
  /** Maps a path of `merged` to the path of the value in the written document. */
  sourcePath(path: Path): Path;
  /** Each overridden field: its path in `merged` and the path of the override value. */
  moved: Array<[field: Path, value: Path]>;
}

/** Every target name the product's overrides mention, with the path of that name. */
export function overrideTargetNames(w: ProductDoc): Array<{ name: string; at: Path }> {
  const names = Object.keys(w.overrides ?? {}).map((name) => ({ name, at: ['overrides', name] as Path }));
  (w.skus ?? []).forEach((s, i) => {
    for (const name of Object.keys(s.overrides ?? {})) names.push({ name, at: ['skus', i, 'overrides', name] });
  });
  return names;
}

/**
 * The fields an override may set, in the schema's order: `fields` lists them in this order, whatever
 * the order they are written in (and whether or not the document went through zod, which copies
 * objects in this order; src/schema/fast-check.ts does not copy).
 */
const PRODUCT_OVERRIDE_FIELDS = Object.keys(productOverrideSchema.shape);
const SKU_OVERRIDE_FIELDS = Object.keys(skuOverrideSchema.shape);

export function mergeOverride(w: ProductDoc, target: string): MergedOverride {
  const own = w.overrides?.[target] ?? {};
  const moved = new Map<string, Path>();
  const pairs: Array<[Path, Path]> = [];
  const fields: string[] = [];
  const move = (from: Path, to: Path) => {
    moved.set(pathKey(from), to);
    pairs.push([from, to]);
  };
  for (const field of PRODUCT_OVERRIDE_FIELDS) {
    if (!Object.hasOwn(own, field)) continue;
    move([field], ['overrides', target, field]);
    fields.push(field);
  }
  const skus = w.skus?.map((s, i) => {
    const so = s.overrides?.[target];
    if (!so) return s;
    for (const field of SKU_OVERRIDE_FIELDS) {
      if (!Object.hasOwn(so, field)) continue;
      move(['skus', i, field], ['skus', i, 'overrides', target, field]);
      fields.push(`skus.${s.key}.${field}`);
    }
    return { ...s, ...so };
  });
  const merged: ProductDoc = { ...w, ...own, ...(skus ? { skus } : {}) };
  const sourcePath = (p: Path): Path => {
    for (let n = Math.min(p.length, 3); n > 0; n--) {
      const to = moved.get(pathKey(p.slice(0, n)));
      if (to) return [...to, ...p.slice(n)];
    }
    return p;
  };
  return { merged, fields, sourcePath, moved: pairs };
}


/** A view of `doc` whose positions and source texts are looked up at `map(path)`. */
export function remapDoc(doc: YamlDoc, map: (path: Path) => Path): YamlDoc {
  const view = Object.create(doc) as YamlDoc;
  view.pos = (p) => doc.pos(map(p));
  view.keyPos = (p) => doc.keyPos(map(p));
  view.sourceText = (p) => doc.sourceText(map(p));
  return view;
}

/** The product as `target` gets it. */
export function productForTarget(p: Product, target: string): Product {
  return p.overrides?.[target]?.product ?? p;
}

/** The catalog as one target sees it: its overrides in place. The catalog itself when nothing is overridden. */
export function catalogForTarget(catalog: Catalog, target: string): Catalog {
  if (!catalog.products.some((p) => p.overrides?.[target])) return catalog;
  return { ...catalog, products: catalog.products.map((p) => productForTarget(p, target)) };
}
