/**
 * Import into an existing product document (`catalog import` of a second target): the live
 * product has the same key as a catalog product, its platform identity (goofish outer_id,
 * wechat-store product_code, xiaoliebian productId, ...), so it is the same product sold on one
 * more target. The document gains that target (`targets`), its platform block, and an
 * `overrides.<target>` entry for every field whose value there differs; SKUs get their own.
 *
 * Contract: the edit is textual and local. Only the product's document is rewritten, the way
 * `catalog fmt` writes it (comments, quoting, block and flow styles of its nodes are kept); every
 * other document of the file stays byte for byte. A product
 * whose SKUs differ from the document's (other keys or options) cannot be expressed by overrides:
 * it is not merged, and the reason is returned.
 */
import { parseAllDocuments, type Document } from 'yaml';
import type { PlatformName } from './model.js';
import { canonicalDocumentText } from './format.js';
import type { CatalogPlatform } from './platform.js';

/** Product fields an override may hold, in the order they are written. */
const PRODUCT_FIELDS = ['price', 'originalPrice', 'title', 'description', 'stock', 'onSale', 'images'] as const;
const SKU_FIELDS = ['price', 'originalPrice', 'stock'] as const;
const MONEY = new Set(['price', 'originalPrice']);

export interface MergeRequest {
  /** The imported document (plain data, as `toDocuments` wrote it). */
  imported: Record<string, unknown>;
  target: string;
  platform: PlatformName;
  /** Whether the target's platform manages groups (then its group membership is kept per target). */
  managesGroups: boolean;
  /** The platforms (the document is written in the canonical order of their blocks). */
  platforms: readonly CatalogPlatform[];
}

export type MergeResult = { text: string; overridden: string[] } | { conflict: string };

export function mergeImportedProduct(text: string, key: string, req: MergeRequest): MergeResult {
  const docs = parseAllDocuments(text, { uniqueKeys: true, schema: 'core', version: '1.2' });
  if (!Array.isArray(docs)) return { conflict: 'the file is empty' };
  const index = docs.findIndex((d) => d.get('kind') === 'Product' && d.get('key') === key);
  if (index < 0) return { conflict: `no product ${key} in the file` };
  const doc = docs[index]!;
  const existing = doc.toJS() as Record<string, unknown>;
  const imported = req.imported;
  const overridden: string[] = [];

  const mine = (existing.skus ?? []) as Array<Record<string, unknown>>;
  const theirs = (imported.skus ?? []) as Array<Record<string, unknown>>;
  const skuKeys = (list: Array<Record<string, unknown>>) => list.map((s) => String(s.key)).sort().join(', ');
  if (skuKeys(mine) !== skuKeys(theirs)) {
    return { conflict: `its SKUs on ${req.target} (${skuKeys(theirs) || 'none'}) are not the catalog's (${skuKeys(mine) || 'none'})` };
  }
  for (const sku of theirs) {
    const own = mine.find((s) => s.key === sku.key)!;
    if (!same(own.options, sku.options)) return { conflict: `SKU ${String(sku.key)} has other options on ${req.target}` };
  }

  for (const field of PRODUCT_FIELDS) {
    const value = imported[field];
    if (value !== undefined && !equalField(field, existing[field], value)) {
      doc.setIn(['overrides', req.target, field], value);
      overridden.push(field);
    }
  }
  if (req.managesGroups && !same(existing.groups ?? [], imported.groups ?? [])) {
    doc.setIn(['overrides', req.target, 'groups'], imported.groups ?? []);
    overridden.push('groups');
  }
  theirs.forEach((sku) => {
    const i = mine.findIndex((s) => s.key === sku.key);
    for (const field of SKU_FIELDS) {
      if (sku[field] !== undefined && !equalField(field, mine[i]![field], sku[field])) {
        doc.setIn(['skus', i, 'overrides', req.target, field], sku[field]);
        overridden.push(`skus.${String(sku.key)}.${field}`);
      }
    }
  });
  if (existing.shipping === undefined && imported.shipping !== undefined) doc.set('shipping', imported.shipping);
  const block = (imported.platforms as Record<string, unknown> | undefined)?.[req.platform];
  if (block !== undefined && (existing.platforms as Record<string, unknown> | undefined)?.[req.platform] === undefined) {
    doc.setIn(['platforms', req.platform], block);
  }
  doc.addIn(['targets'], req.target);

  return { text: replaceDocument(text, docs, index, doc, req.platforms), overridden };
}

function equalField(field: string, a: unknown, b: unknown): boolean {
  if (MONEY.has(field) && a !== undefined && b !== undefined) return Number(a) === Number(b);
  return same(a, b);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The file with document `index` rewritten in canonical form (new keys land where `catalog fmt`
 * puts them; a catalog CI keeps under `fmt --check` has its other keys there already), from the
 * end of the previous document to its own end.
 */
function replaceDocument(text: string, docs: Document.Parsed[], index: number, doc: Document.Parsed, platforms: readonly CatalogPlatform[]): string {
  const start = index === 0 ? 0 : (docs[index - 1]!.range?.[2] ?? 0);
  const end = doc.range?.[2] ?? text.length;
  return text.slice(0, start) + (index === 0 ? '' : '---\n') + canonicalDocumentText(doc, platforms) + text.slice(end);
}
