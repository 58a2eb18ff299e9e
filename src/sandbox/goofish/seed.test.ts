import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SEED_PRODUCTS, SEED_SHOPS } from './seed.js';
import { GOOFISH_CATEGORIES } from './categories.js';

const CATALOG_DIR = fileURLToPath(new URL('../../../catalog/', import.meta.url));

interface CatalogProduct {
  kind: string;
  key: string;
  targets?: string[];
  skus?: { key: string }[];
  platforms?: { goofish?: { spBizType: number; channelCatId: string; shops: string[] } };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Products of the example catalog that go to the goofish target `xianyu`. */
function xianyuProducts(): CatalogProduct[] {
  return yamlFiles(CATALOG_DIR)
    .flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as CatalogProduct))
    .filter((d) => d?.kind === 'Product' && (!d.targets || d.targets.includes('xianyu')));
}

describe('goofish demo seed vs the example catalog', () => {
  const catalog = xianyuProducts();
  const byKey = new Map(catalog.map((p) => [p.key, p]));
  const managed = SEED_PRODUCTS.filter((p) => byKey.has(p.outer_id));

  it('holds catalog products (by outer_id and SKU outer_id), leaves some out, and has unmanaged ones', () => {
    expect(managed.length).toBeGreaterThanOrEqual(3);
    expect(catalog.filter((p) => !SEED_PRODUCTS.some((s) => s.outer_id === p.key)).length).toBeGreaterThanOrEqual(2);
    expect(SEED_PRODUCTS.filter((p) => !byKey.has(p.outer_id)).length).toBeGreaterThanOrEqual(1);
    for (const seeded of managed) {
      const skuKeys = (byKey.get(seeded.outer_id)!.skus ?? []).map((s) => s.key).sort();
      expect(seeded.sku_items.map((s) => s.outer_id).sort()).toEqual(skuKeys);
    }
  });

  it("uses the catalog's shops and categories", () => {
    for (const p of catalog) {
      const g = p.platforms?.goofish;
      expect(g, `${p.key} has a goofish block`).toBeDefined();
      for (const shop of g!.shops) expect(SEED_SHOPS.map((s) => s.user_name)).toContain(shop);
      expect(GOOFISH_CATEGORIES.some((c) => c.sp_biz_type === g!.spBizType && c.channel_cat_id === g!.channelCatId), p.key).toBe(true);
    }
  });
});
