/**
 * What the goofish adapter knows of each product between runs, so that a no-op plan costs list
 * pages, not one detail read per product (the list carries no SKUs, description, images or shops).
 *
 * Kept in the state folder's cache (product data only, never credentials); a missing, damaged or
 * other-account file is an empty cache, which only costs reads. Each entry says where its product
 * came from:
 * - `detail`: read with product/detail; trusted while the listed update_time equals the one read
 *   (and was not in the second of the read: update_time has one-second resolution);
 * - `written`: built from the exact bodies apply sent (create, edit, edit/stock, publish, ...);
 *   trusted when every field the list shows equals what we wrote and update_time moved at most
 *   WRITTEN_TRUST_S after our last write (our own write and publish settling move it);
 * - `summary`: a list item of a product we do not manage (its detail is never read).
 *
 * `listedAt` (the platform's clock) and `completeAt` (ours), unix seconds, drive incremental reads:
 * a later plan lists only products whose update_time is at or after `listedAt` (plus deleted ones),
 * and reads every list page again when `completeAt` is older than a day.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Json } from '../../plan/types.js';
import { PRODUCT_STATUS, type WireProduct } from './wire.js';

/** How long after our last write to a product a moved update_time is taken as ours (publish settling included). */
export const WRITTEN_TRUST_S = 600;
/** A complete read (every list page) at least this often; incremental reads in between. */
export const COMPLETE_READ_EVERY_S = 86_400;
/**
 * Where an incremental read starts, before the platform's answer to the previous read's first list
 * page: DATE_SLACK_S before its HTTP Date (one-second resolution, stamped after the page was read),
 * or CLOCK_SLACK_S before our own clock when the platform sends no Date (clocks may disagree).
 */
export const DATE_SLACK_S = 5;
export const CLOCK_SLACK_S = 300;

export interface CachedProduct {
  source: 'detail' | 'written' | 'summary';
  /** update_time as last listed or read (0 for a `written` entry not listed since). */
  updateTime: number;
  /** Unix seconds of our read (list or detail) that last confirmed this entry. */
  readAt: number;
  /** For `written`: unix seconds at which our last write to the product was sent. */
  writtenAt?: number;
  product: WireProduct;
}

interface CacheFile {
  version: 2;
  account: string;
  listedAt?: number;
  completeAt?: number;
  products: Record<string, CachedProduct>;
}

export class ProductCache {
  products = new Map<string, CachedProduct>();
  listedAt: number | undefined;
  completeAt: number | undefined;
  /** Set when apply recorded a write since the last save. */
  dirty = false;
  private readonly account: string;

  /** `account` identifies the platform account (its app key; the base URL of a sandbox changes per run); stored hashed. */
  constructor(
    private readonly file: string,
    account: string,
  ) {
    this.account = createHash('sha256').update(account).digest('hex').slice(0, 16);
  }

  async load(): Promise<void> {
    this.products = new Map();
    this.listedAt = this.completeAt = undefined;
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as CacheFile;
      if (raw.version !== 2 || raw.account !== this.account) return;
      this.products = new Map(Object.entries(raw.products));
      this.listedAt = raw.listedAt;
      this.completeAt = raw.completeAt;
    } catch {
      // missing or damaged: start empty
    }
  }

  /** Written atomically. */
  async save(): Promise<void> {
    const file: CacheFile = { version: 2, account: this.account, products: Object.fromEntries(this.products) };
    if (this.listedAt !== undefined) file.listedAt = this.listedAt;
    if (this.completeAt !== undefined) file.completeAt = this.completeAt;
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(file));
    await rename(tmp, this.file);
    this.dirty = false;
  }

  /**
   * Records a successful write: the product as it is after `op` with `args` (wire form), built on
   * the entry we hold. A write we cannot follow exactly drops the entry (the next plan reads it).
   */
  recordWrite(op: string, args: { [k: string]: Json }, createdId: string | undefined, sentAt: number): void {
    const id = createdId ?? String(args.product_id);
    const held = this.products.get(id);
    const base = held && held.source !== 'summary' ? held.product : undefined; // a list item lacks SKUs and shop fields
    const after = productAfter(op, args, base, id);
    this.dirty = true;
    if (after === undefined) this.products.delete(id);
    else this.products.set(id, { source: 'written', updateTime: 0, readAt: 0, writtenAt: sentAt, product: after });
  }
}

/** The product after one write; undefined when it cannot be known without a read (or it is gone). */
export function productAfter(op: string, args: { [k: string]: Json }, base: WireProduct | undefined, id: string): WireProduct | undefined {
  const { product_id: _id, ...fields } = args;
  switch (op) {
    case 'product.create': {
      const shop = firstShop(fields);
      return { ...fields, product_id: id, product_status: PRODUCT_STATUS.pendingPublish, publish_status: 1, ...(shop?.title !== undefined ? { title: shop.title } : {}) } as WireProduct;
    }
    case 'product.edit': {
      if (!base) return undefined;
      const shop = firstShop(fields);
      // SKUs sent with an edit may get new ids: keep them without ids (a later stock edit reads first).
      return { ...base, ...fields, ...(shop?.title !== undefined ? { title: shop.title } : {}) } as WireProduct;
    }
    case 'product.editStock': {
      if (!base) return undefined;
      const { sku_items: items, ...top } = fields;
      const skus = (base.sku_items ?? []).map((s) => ({ ...s }));
      for (const item of (items ?? []) as Array<{ [k: string]: Json }>) {
        const sku = skus.find((s) => s.sku_id !== undefined && String(s.sku_id) === String(item.sku_id));
        if (!sku) return undefined;
        if (typeof item.price === 'number') sku.price = item.price;
        if (typeof item.stock === 'number') sku.stock = item.stock;
      }
      return { ...base, ...top, sku_items: skus } as WireProduct;
    }
    case 'product.publish':
      return base && { ...base, product_status: PRODUCT_STATUS.pendingPublish, publish_status: 2 };
    case 'product.downShelf':
      return base && { ...base, product_status: PRODUCT_STATUS.manuallyOff, publish_status: 4 };
    default:
      return undefined; // delete, or a call this cache does not follow
  }
}

function firstShop(fields: { [k: string]: Json }): { title?: string } | undefined {
  const shops = fields.publish_shop;
  return Array.isArray(shops) ? (shops[0] as { title?: string } | undefined) : undefined;
}

/** Whether the fields a list item shows equal the product's (absent on either side counts as the platform default). */
export function listFieldsMatch(known: WireProduct, listed: WireProduct): boolean {
  const title = known.publish_shop?.[0]?.title ?? known.title;
  if (listed.title !== undefined && listed.title !== title) return false;
  for (const k of ['price', 'stock', 'outer_id', 'channel_cat_id', 'item_biz_type', 'sp_biz_type'] as const) {
    if (listed[k] !== undefined && listed[k] !== known[k]) return false;
  }
  if ((listed.original_price ?? 0) !== (known.original_price ?? 0)) return false;
  if ((listed.express_fee ?? 0) !== (known.express_fee ?? 0)) return false;
  return (listed.stuff_status ?? null) === (known.stuff_status ?? null);
}

/** Whether a cached product answers for a listed one without a detail read. */
export function trusted(entry: CachedProduct, listed: WireProduct): boolean {
  const t = listed.update_time;
  if (t === undefined) return false;
  if (entry.source === 'detail') return entry.updateTime === t && t < entry.readAt - 1;
  if (entry.source === 'written') return entry.writtenAt !== undefined && t <= entry.writtenAt + WRITTEN_TRUST_S && listFieldsMatch(entry.product, listed);
  return false;
}

/** The cached product with the status fields of the list item (statuses always come from the list). */
export function withListedStatus(product: WireProduct, listed: WireProduct): WireProduct {
  return { ...product, product_status: listed.product_status, ...(listed.publish_status !== undefined ? { publish_status: listed.publish_status } : {}), ...(listed.update_time !== undefined ? { update_time: listed.update_time } : {}) };
}

/** Whether the product's SKUs all carry platform ids (a written create's do not). */
export function skuIdsKnown(p: WireProduct): boolean {
  return (p.sku_items ?? []).every((s) => s.sku_id !== undefined && s.sku_id !== null);
}
