/**
 * goofish client: signing, the call table, reads and writes. All calls are POST JSON under
 * /api/open/..., query `appid`, `timestamp`, `sign` (fresh per attempt) and, for a business-partner
 * account (the target's optional `sellerId`), `seller_id` (signed too); envelope {code, msg, data}.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import type { TargetConfig } from '../../config/model.js';
import { OutcomeUnknownError, parseResponse, PlatformError, summariseBody, type PlatformHint, type Transport } from '../../http/index.js';
import { jsonEqual } from '../../plan/diff.js';
import type { Json, PlannedCall } from '../../plan/types.js';
import type { CallResult, ClientDeps, InvokeContext, LiveObject, LiveSnapshot, PlatformClient, ReferenceList, ReferenceQuery, RefreshContext } from '../types.js';
import { readGoofishReference } from './references.js';
import { keyResolver } from '../import-key.js';
import { KEY_PATTERN } from '../../catalog/model.js';
import { CLOCK_SLACK_S, COMPLETE_READ_EVERY_S, DATE_SLACK_S, ProductCache, skuIdsKnown, trusted, withListedStatus } from './product-cache.js';
import { liveProduct } from './mapping.js';
import { goofishSign } from './sign.js';
import { batchCreateData, createData, ENDPOINTS, envelope, isPublished, listData, product, LIST_MAX_WINDOW, LIST_PAGE_SIZE, PRODUCT_STATUS, type WireProduct } from './wire.js';
import { endpointOf } from '../endpoints.js';
import { createTargetTransport } from '../transport.js';
import { classifyEnvelope, FALLBACK_HINT, type EnvelopeRules } from '../envelope.js';

/** The envelope and its codes meaning "try again later". The documents name none: 5000 is the busy code observed from the platform (see README); busy messages are matched too. */
const ENVELOPE: EnvelopeRules<typeof envelope> = { schema: envelope, code: (e) => e.code, message: (e) => e.msg, busyCodes: new Set([429, 503, 5000]) };

/** Refusals caused by a field of the product in the catalog: the field, and what to change there. */
const CATALOG_FIELD_HINTS: Record<number, PlatformHint> = {
  2005: { catalogField: 'platforms.goofish.shops', hint: 'a shop in platforms.goofish.shops is not authorised for this app: change it in the catalog to the user_name of a shop authorised in the 闲管家 console (user/authorize/list)' },
  2007: { catalogField: 'platforms.goofish.channelCatId', hint: 'platforms.goofish.channelCatId is not a category of this spBizType: change it in the catalog to a channel_cat_id that product/category/list returns for the product\'s spBizType' },
};

/** Suggested actions for the codes a user can act on. */
function hintFor(code: number, msg: string): PlatformHint {
  return CATALOG_FIELD_HINTS[code] ?? { hint: messageHint(msg) };
}

function messageHint(msg: string): string {
  if (/seller_id/i.test(msg)) return 'set sellerId on the target for a business-partner (商务对接) account, and leave it out for any other (see README, goofish)';
  if (/sign|签名|appid|timestamp|时间戳/i.test(msg)) return 'check appKey/appSecret (and sellerId, for a business-partner account) of the target and the machine clock (timestamps are valid 5 minutes)';
  if (/outer_id|商家编码/i.test(msg)) return 'another product already uses this outer_id; run `catalog plan` again to adopt it, or change the key';
  if (/状态|status/i.test(msg)) return 'the product is in a state that does not allow this call; run `catalog plan` again to see its current state';
  if (/参数|param|格式|类型|长度|范围/i.test(msg)) return 'the platform rejected a field; fix the product in the catalog (see the message) and plan again';
  return FALLBACK_HINT;
}

/** The state each state-changing call brings a product to (checked when the platform refuses one). */
const STATE_GOALS: Record<string, (p: WireProduct) => boolean> = {
  'product.publish': (p) => isPublished(p),
  'product.downShelf': (p) => !isPublished(p),
  'product.delete': (p) => p.product_status === PRODUCT_STATUS.deleted,
};

/** goofish ids are int64 on the wire (strictly typed); the plan and state keep them as strings. */
const productIdNumber = (v: Json | undefined): Json => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : (v ?? null));

function toWireIds(args: { [k: string]: Json }): { [k: string]: Json } {
  const out = { ...args };
  if ('product_id' in out) out.product_id = productIdNumber(out.product_id);
  if (Array.isArray(out.sku_items)) {
    out.sku_items = out.sku_items.map((s) => (s && typeof s === 'object' && !Array.isArray(s) && 'sku_id' in s ? { ...s, sku_id: productIdNumber(s.sku_id) } : s));
  }
  return out;
}

export class GoofishClient implements PlatformClient {
  private readonly transport: Transport;
  private readonly appKey: string;
  private readonly appSecret: string;
  /** Business-partner (商务对接) accounts only. */
  private readonly sellerId: string | undefined;

  private readonly cache: ProductCache;

  constructor(
    private readonly target: TargetConfig,
    deps: ClientDeps,
  ) {
    this.cache = new ProductCache(join(deps.cacheDir, 'goofish-products.json'), target.credentials.appKey ?? '');
    this.appKey = target.credentials.appKey ?? '';
    this.appSecret = target.credentials.appSecret ?? '';
    this.sellerId = target.credentials.sellerId || undefined;
    this.transport = createTargetTransport(target, deps);
  }

  /** The name of a call in errors and events: its path (as overridden), e.g. "goofish product/create". */
  private endpointName(op: string): string {
    return `goofish ${endpointOf(ENDPOINTS, op, this.target).path.replace('/api/open/', '')}`;
  }

  /**
   * One signed call; returns `data` of a successful envelope (parsed with `schema` when given, so a
   * shape error names the path actually called), throws PlatformError otherwise.
   */
  async call<S extends z.ZodType = z.ZodType>(op: string, body: Json, objectKey?: string, schema?: S, onHeaders?: (headers: Record<string, string>) => void): Promise<z.output<S>> {
    const text = JSON.stringify(body);
    const e = endpointOf(ENDPOINTS, op, this.target);
    const endpoint = this.endpointName(op);
    const res = await this.transport.send({
      endpoint,
      method: e.method,
      safety: e.safety,
      build: () => {
        const timestamp = Math.floor(Date.now() / 1000);
        const sign = goofishSign(this.appKey, this.appSecret, text, timestamp, this.sellerId);
        const q = new URLSearchParams({ appid: this.appKey, timestamp: String(timestamp), ...(this.sellerId !== undefined ? { seller_id: this.sellerId } : {}), sign });
        return { url: `${this.target.baseUrl}${e.path}?${q}`, headers: { 'content-type': 'application/json' }, body: text };
      },
      classify: (r) => classifyEnvelope(r, ENVELOPE),
    });
    onHeaders?.(res.headers);
    if (res.status >= 300 && res.json === undefined) {
      throw new PlatformError({ platform: 'goofish', target: this.target.name, endpoint, ...(objectKey ? { objectKey } : {}), code: `HTTP ${res.status}`, message: summariseBody(res.text), hint: 're-run later; if it persists, check baseUrl' }, this.transport.secrets());
    }
    const env = parseResponse(envelope, res.json, endpoint);
    if (env.code !== 0) {
      const msg = env.msg ?? '';
      throw new PlatformError({ platform: 'goofish', target: this.target.name, endpoint, ...(objectKey ? { objectKey } : {}), code: env.code, message: msg, ...hintFor(env.code, msg) }, this.transport.secrets());
    }
    return (schema ? parseResponse(schema, env.data, endpoint) : env.data) as z.output<S>;
  }

  async invoke(call: PlannedCall, action: { kind: string; key: string }, _ctx: InvokeContext): Promise<CallResult> {
    const args = toWireIds(call.args as { [k: string]: Json });
    const objectKey = `${action.kind}/${action.key}`;
    try {
      const sentAt = Math.floor(Date.now() / 1000);
      if (call.op === 'product.create') {
        const id = String((await this.call(call.op, args, objectKey, createData)).product_id);
        this.cache.recordWrite(call.op, args, id, sentAt);
        return { id };
      }
      await this.call(call.op, args, objectKey);
      this.cache.recordWrite(call.op, args, undefined, sentAt);
    } catch (e) {
      // A state change refused because the product is already there (e.g. the answer to an earlier
      // attempt was lost) is done: look before reporting a failure. The documents publish no codes.
      if (e instanceof PlatformError && STATE_GOALS[call.op] && (await this.alreadyThere(call.op, args.product_id))) return {};
      throw e;
    }
    return {};
  }

  /**
   * Creates in one product/batchCreate call: `{product_data: [{item_key: <key>, ...create body}]}`,
   * item_key being the product's key (its outer_id too, unique in the target). Each item's answer
   * (batchCreateData) is its outcome: created (recorded in the product cache like a single create),
   * refused (a PlatformError naming the item, with the hint a single create's refusal would get), or,
   * when the answer leaves it out, unknown (kept pending: the next read adopts it by outer_id).
   */
  async invokeBatch(calls: PlannedCall[], actions: Array<{ kind: string; key: string }>, _ctx: InvokeContext): Promise<Array<CallResult | Error>> {
    const items = calls.map((c, i) => ({ item_key: actions[i]!.key, ...toWireIds(c.args as { [k: string]: Json }) }));
    const sentAt = Math.floor(Date.now() / 1000);
    const answer = await this.call('product.batchCreate', { product_data: items }, undefined, batchCreateData);
    const byKey = new Map(answer.list.map((r) => [String(r.item_key), r]));
    const endpoint = this.endpointName('product.batchCreate');
    return items.map(({ item_key, ...args }, i): CallResult | Error => {
      const objectKey = `${actions[i]!.kind}/${item_key}`;
      const r = byKey.get(item_key);
      if (r && (r.code ?? 0) === 0 && r.product_id != null) {
        const id = String(r.product_id);
        this.cache.recordWrite('product.create', args, id, sentAt);
        return { id };
      }
      if (r && r.code !== undefined && r.code !== 0) {
        const msg = r.msg ?? '';
        return new PlatformError({ platform: 'goofish', target: this.target.name, endpoint, objectKey, code: r.code, message: msg, ...hintFor(r.code, msg) }, this.transport.secrets());
      }
      return new OutcomeUnknownError({ endpoint, reason: `the answer does not say what became of ${objectKey} (item_key ${item_key})`, attempts: 1 });
    });
  }

  private async alreadyThere(op: string, productId: Json | undefined): Promise<boolean> {
    try {
      const p = await this.call('product.detail', { product_id: productId ?? null }, undefined, product);
      return STATE_GOALS[op]!(p);
    } catch (e) {
      if (e instanceof PlatformError) return op === 'product.delete'; // gone
      throw e;
    }
  }

  /**
   * Reads every product the list can show. The list is limited to page_no*page_size <= 10000 and
   * to products updated in the last 6 months; larger accounts are read in update_time windows,
   * and products we manage that the list did not show are read by id (detail).
   *
   * List items are summaries (no SKUs, no shop fields). A product we manage is completed with its
   * detail, read as soon as its page arrives (reads overlap the paging), unless the product cache
   * answers for it (src/platforms/goofish/product-cache.ts: an unchanged update_time since our read,
   * or only our own writes since apply). Products we do not manage stay summaries (their details
   * are read only for `catalog import`).
   *
   * Incremental: within a day of the last complete read, only products whose update_time moved
   * since the last list are listed (plus those deleted since); the rest come from the cache.
   * `mode: 'full'` lists every page and reads every managed product's detail, trusting no cache.
   */
  async refresh(ctx: RefreshContext): Promise<LiveSnapshot> {
    let reads = 0;
    const cache = this.cache;
    await cache.load();
    const full = ctx.mode === 'full';
    const listStart = Math.floor(Date.now() / 1000);
    const incremental =
      !full && cache.listedAt !== undefined && cache.completeAt !== undefined && listStart - cache.completeAt < COMPLETE_READ_EVERY_S;
    const managed = managedProducts(ctx);
    /** Every product listed or read so far, by id: a summary until its detail arrives. */
    const known = new Map<string, WireProduct>();
    const detailReads: Promise<void>[] = [];
    // Awaited together after the paging; marked handled now, as one may fail while pages are read.
    const track = (read: Promise<void>) => {
      read.catch(() => undefined);
      detailReads.push(read);
    };

    const readDetail = async (id: string): Promise<WireProduct> => {
      reads += 1;
      const readAt = Math.floor(Date.now() / 1000);
      const p = await this.call('product.detail', { product_id: productIdNumber(id) }, undefined, product);
      cache.products.set(id, { source: 'detail', updateTime: p.update_time ?? 0, readAt, product: p });
      return p;
    };
    /** A listed product, or (`cached`) in an incremental read one the list did not show, as the cache holds it. */
    const complete = (p: WireProduct, readAt: number, cached = false): void => {
      const id = String(p.product_id);
      if ((!cached && p.publish_shop != null) || p.product_status === PRODUCT_STATUS.deleted) {
        known.set(id, p);
        return;
      }
      if (known.has(id)) return;
      if (!managed(p)) {
        known.set(id, p);
        cache.products.set(id, { source: 'summary', updateTime: p.update_time ?? 0, readAt, product: p });
        return;
      }
      const hit = cache.products.get(id);
      // A write of ours that no list has shown since, and that the incremental list did not show: read it.
      const usable = hit && !full && !(cached && hit.source === 'written' && hit.updateTime === 0);
      if (usable && trusted(hit, p) && (skuIdsKnown(hit.product) || !managed.skusDiffer(hit.product))) {
        const now = withListedStatus(hit.product, p);
        known.set(id, now);
        // Confirmed by the list: from now on like a read, unless a publish of ours is still pending
        // (settling moves update_time once more) or update_time is in the second of this read.
        const settling = hit.source === 'written' && (now.publish_status === 2 || (p.update_time ?? 0) >= readAt - 1);
        cache.products.set(id, { ...hit, ...(settling ? {} : { source: 'detail' }), updateTime: p.update_time ?? 0, readAt, product: now });
        return;
      }
      known.set(id, p); // replaced by the detail below; marks the read as under way
      track(readDetail(id).then((d) => void known.set(id, d)));
    };

    /** The platform's clock (HTTP Date) when it answered our first list page: the next incremental read starts there. */
    let platformStart: number | undefined;
    const noteStart = (headers: Record<string, string>) => {
      const date = Date.parse(headers.date ?? '');
      if (platformStart === undefined && Number.isFinite(date)) platformStart = Math.floor(date / 1000);
    };
    const listPage = async (page: number, window?: [number, number], status?: number) => {
      reads += 1;
      const body: { [k: string]: Json } = { page_no: page, page_size: LIST_PAGE_SIZE };
      if (status !== undefined) body.product_status = status;
      if (window) body.update_time = window;
      const readAt = Math.floor(Date.now() / 1000);
      const d = await this.call('product.list', body, undefined, listData, noteStart);
      for (const p of d.list) complete(p, readAt);
      return d.count ?? d.total ?? d.list.length;
    };
    const listWindow = async (window?: [number, number], status?: number): Promise<void> => {
      const total = await listPage(1, window, status);
      if (total > LIST_MAX_WINDOW) {
        const now = Math.floor(Date.now() / 1000);
        const [from, to] = window ?? [now - 183 * 86400, now];
        if (to - from < 2) throw new Error(`${this.endpointName('product.list')}: more than ${LIST_MAX_WINDOW} products changed within one second; cannot page through them`);
        const mid = Math.floor((from + to) / 2);
        await listWindow([from, mid], status);
        await listWindow([mid + 1, to], status);
        return;
      }
      const pages = Math.ceil(total / LIST_PAGE_SIZE);
      const rest = Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2);
      await Promise.all(rest.map((p) => listPage(p, window, status)));
    };
    /** Where changes after this read began start: the platform's answer to our first page (its clock; ours with a margin when it sends no Date). */
    const changedFrom = () => (platformStart !== undefined ? platformStart - DATE_SLACK_S : listStart - CLOCK_SLACK_S);
    if (incremental) {
      // Changed since the last list, and deleted since (the list leaves deleted products out unless asked).
      const window: [number, number] = [cache.listedAt!, listStart + COMPLETE_READ_EVERY_S];
      await Promise.all([listWindow(window), listWindow(window, PRODUCT_STATUS.deleted)]);
    } else {
      await listWindow();
    }
    // The list is ordered by update_time: a product that changed while we paged (a publish of ours
    // settling, say) jumped to a page already read and was not shown. Products we expect to see
    // (incremental: written by us and not listed since; complete: every product the state maps) and
    // did not are first looked for in the list of what changed since this read began (a few pages),
    // and only then read one by one. (`full` reads every managed product's detail anyway.)
    const expected = full ? [] : incremental
      ? [...cache.products].filter(([, e]) => e.source === 'written' && e.updateTime === 0).map(([id]) => id)
      : ctx.state.entries().flatMap(([ref, rec]) => (ref.startsWith('Product/') ? [rec.id] : []));
    if (expected.some((id) => !known.has(id))) await listWindow([changedFrom(), listStart + COMPLETE_READ_EVERY_S]);
    if (incremental) for (const [id, entry] of cache.products) if (!known.has(id)) complete(entry.product, entry.readAt, true);

    // Products the state knows that the list did not show (older than 6 months): read by id.
    const missing = ctx.state
      .entries()
      .filter(([ref, rec]) => ref.startsWith('Product/') && !known.has(rec.id))
      .map(([, rec]) => rec.id);
    for (const id of missing) {
      track(
        readDetail(id).then(
          (p) => {
            if (p.product_status !== PRODUCT_STATUS.deleted) known.set(String(p.product_id), p);
          },
          (e: unknown) => {
            if (!(e instanceof PlatformError)) throw e; // gone: a PlatformError (not found) means deleted on the platform
          },
        ),
      );
    }
    await Promise.all(detailReads);
    // Keep what the platform still has; the next read lists only what changed after this one started.
    for (const [id, p] of known) if (p.product_status === PRODUCT_STATUS.deleted) known.delete(id);
    for (const id of cache.products.keys()) if (!known.has(id)) cache.products.delete(id);
    // The next incremental read lists what changed after this one began.
    cache.listedAt = changedFrom();
    if (!incremental) cache.completeAt = listStart;
    await cache.save();

    const objects: LiveObject[] = [...known.values()].map(liveProduct);
    return { objects, readCalls: reads };
  }

  readReference(query: ReferenceQuery): Promise<ReferenceList> {
    return readGoofishReference((op, body, schema) => this.call(op, body, undefined, schema), query);
  }

  async close(): Promise<void> {
    // What apply wrote, so that the next plan needs no detail read for it.
    if (this.cache.dirty) await this.cache.save();
    await this.transport.close();
  }
}

/**
 * Which listed products the plan needs complete (their detail): those the state maps, those whose
 * outer_id or import key the catalog wants (adoption), or all for `catalog import`.
 * `skusDiffer` says whether the catalog asks for other SKUs than a product has (a stock edit then
 * needs their platform ids).
 */
function managedProducts(ctx: RefreshContext): ((p: WireProduct) => boolean) & { skusDiffer(p: WireProduct): boolean } {
  const inState = new Set(ctx.state.entries().filter(([ref]) => ref.startsWith('Product/')).map(([, rec]) => rec.id));
  const desired = new Map(ctx.desired.filter((d) => d.kind === 'Product').map((d) => [d.key, d]));
  const keyOf = keyResolver(ctx.state, ctx.desired, ctx.target.name);
  const keyOfProduct = (p: WireProduct): string | undefined =>
    p.outer_id && KEY_PATTERN.test(p.outer_id) && desired.has(p.outer_id) ? p.outer_id : keyOf('Product', String(p.product_id));
  const managed = (p: WireProduct) => ctx.details === 'all' || inState.has(String(p.product_id)) || keyOfProduct(p) !== undefined;
  return Object.assign(managed, {
    skusDiffer(p: WireProduct): boolean {
      const key = keyOfProduct(p);
      const want = key === undefined ? undefined : desired.get(key)?.fields.skus;
      return !jsonEqual(want ?? {}, liveProduct(p).fields.skus ?? {}); // field order aside (jsonEqual)
    },
  });
}

