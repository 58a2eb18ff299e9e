/**
 * What the wechat-channels adapter knows of each product between runs, so that a no-op plan costs
 * list pages, not one product/get per product: list/get returns ids only (no update time), so a
 * product read once is trusted until something says it changed.
 *
 * Kept in the cache folder (product data only, never credentials); a missing, damaged or other-account
 * file is an empty cache, which only costs reads. Contract (used by client.ts refresh):
 *  - `entries`: product_id -> the last product/get answer (draft and online) and when it was read.
 *  - An entry is trusted for a listed product when the last complete read is younger than
 *    COMPLETE_READ_EVERY_S, the product is not in a state that moves by itself (in audit, async
 *    upload), and its on-sale state agrees with the on-sale list (list/get status 5). Stock is never
 *    taken from the cache (stock/batchget reads it).
 *  - Every write to a product except a stock delta drops its entry (`forget`) BEFORE the call is sent:
 *    the id is appended to a small journal file next to the cache (synchronously), which `load` applies
 *    and `save` clears, so a run killed mid-apply never leaves a read that predates its own write.
 *  - What a trusted entry hides: a change made in the store admin that does not change the on-sale
 *    state (e.g. a new title waiting in the draft) shows only at the next complete read (daily, or
 *    `plan --refresh=full`).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { GetProductReply } from './wire.js';

export const COMPLETE_READ_EVERY_S = 86_400;

export interface CachedProduct {
  read: { product?: unknown; edit_product?: unknown };
  /** Unix seconds of the read. */
  readAt: number;
}

interface CacheFile {
  version: 1;
  account: string;
  completeAt?: number;
  products: Record<string, CachedProduct>;
}

export class ProductCache {
  entries = new Map<string, CachedProduct>();
  completeAt: number | undefined;
  private readonly account: string;

  /** `account` identifies the platform account (its appId; a sandbox's base URL changes per run); stored hashed. */
  constructor(
    private readonly file: string,
    account: string,
  ) {
    this.account = createHash('sha256').update(account).digest('hex').slice(0, 16);
  }

  private get journal(): string {
    return `${this.file}.forget`;
  }

  async load(): Promise<void> {
    this.entries = new Map();
    this.completeAt = undefined;
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as CacheFile;
      if (raw.version !== 1 || raw.account !== this.account) return;
      this.entries = new Map(Object.entries(raw.products));
      this.completeAt = raw.completeAt;
    } catch {
      // missing or damaged: start empty
    }
    try {
      for (const id of (await readFile(this.journal, 'utf8')).split('\n')) if (id) this.entries.delete(id);
    } catch {
      // no writes since the last save
    }
  }

  /** Written atomically. */
  async save(): Promise<void> {
    const file: CacheFile = { version: 1, account: this.account, products: Object.fromEntries(this.entries), ...(this.completeAt !== undefined ? { completeAt: this.completeAt } : {}) };
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(file));
    await rename(tmp, this.file);
    await rm(this.journal, { force: true });
  }

  remember(id: string, read: GetProductReply, readAt: number): void {
    this.entries.set(id, { read: { ...(read.product ? { product: read.product } : {}), ...(read.edit_product ? { edit_product: read.edit_product } : {}) }, readAt });
  }

  /** Drops an entry from memory (refresh: gone products; the save that follows writes it). */
  drop(id: string): void {
    this.entries.delete(id);
  }

  /** Drops a product's entry, on disk too (the journal), before a write to it is sent. */
  forget(id: string): void {
    this.entries.delete(id);
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.journal, `${id}\n`);
  }
}
