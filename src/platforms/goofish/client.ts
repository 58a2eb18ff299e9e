/**
 * goofish client: signing, the call table, reads and writes. All calls are POST JSON under
 * /api/open/..., query `appid`, `timestamp`, `sign` (fresh per attempt), envelope {code, msg, data}.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import type { TargetConfig } from '../../config/model.js';
import { parseResponse, PlatformError, summariseBody, type PlatformHint, type Safety, type Transport } from '../../http/index.js';
import type { Json, PlannedCall } from '../../plan/types.js';
import type { CallResult, ClientDeps, InvokeContext, LiveObject, LiveSnapshot, PlatformClient, RefreshContext } from '../types.js';
import { liveProduct } from './mapping.js';
import { goofishSign } from './sign.js';
import { createData, envelope, isPublished, listData, product, LIST_MAX_WINDOW, LIST_PAGE_SIZE, PRODUCT_STATUS, type WireProduct } from './wire.js';
import { createTargetTransport } from '../transport.js';
import { classifyEnvelope, FALLBACK_HINT, type EnvelopeRules } from '../envelope.js';

/** Every path the adapter uses, overridable per target with `paths:` in catalog.config.yaml. */
export const GOOFISH_PATHS: Record<string, string> = {
  'product.list': '/api/open/product/list',
  'product.detail': '/api/open/product/detail',
  'product.create': '/api/open/product/create',
  'product.edit': '/api/open/product/edit',
  'product.editStock': '/api/open/product/edit/stock',
  'product.publish': '/api/open/product/publish',
  'product.downShelf': '/api/open/product/downShelf',
  'product.delete': '/api/open/product/delete',
};

const WRITE_SAFETY: Record<string, Safety> = {
  'product.create': 'unsafe',
  'product.edit': 'idempotent',
  'product.editStock': 'idempotent',
  'product.publish': 'idempotent',
  'product.downShelf': 'idempotent',
  'product.delete': 'idempotent',
};

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
  if (/sign|签名|appid|timestamp|时间戳/i.test(msg)) return 'check appKey/appSecret of the target and the machine clock (timestamps are valid 5 minutes)';
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

  private readonly details: DetailCache;

  constructor(
    private readonly target: TargetConfig,
    deps: ClientDeps,
  ) {
    this.details = new DetailCache(join(deps.cacheDir, 'goofish-details.json'));
    this.appKey = target.credentials.appKey ?? '';
    this.appSecret = target.credentials.appSecret ?? '';
    this.transport = createTargetTransport(target, deps);
  }

  private path(op: string): string {
    return this.target.paths[op] ?? GOOFISH_PATHS[op]!;
  }

  /** The name of a call in errors and events: its path (as overridden), e.g. "goofish product/create". */
  private endpoint(op: string): string {
    return `goofish ${this.path(op).replace('/api/open/', '')}`;
  }

  /**
   * One signed call; returns `data` of a successful envelope (parsed with `schema` when given, so a
   * shape error names the path actually called), throws PlatformError otherwise.
   */
  async call<S extends z.ZodType = z.ZodType>(op: string, body: Json, objectKey?: string, schema?: S): Promise<z.output<S>> {
    const text = JSON.stringify(body);
    const endpoint = this.endpoint(op);
    const res = await this.transport.send({
      endpoint,
      method: 'POST',
      safety: WRITE_SAFETY[op] ?? 'read',
      build: () => {
        const timestamp = Math.floor(Date.now() / 1000);
        const sign = goofishSign(this.appKey, this.appSecret, text, timestamp);
        const q = new URLSearchParams({ appid: this.appKey, timestamp: String(timestamp), sign });
        return { url: `${this.target.baseUrl}${this.path(op)}?${q}`, headers: { 'content-type': 'application/json' }, body: text };
      },
      classify: (r) => classifyEnvelope(r, ENVELOPE),
    });
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
      if (call.op === 'product.create') return { id: String((await this.call(call.op, args, objectKey, createData)).product_id) };
      await this.call(call.op, args, objectKey);
    } catch (e) {
      // A state change refused because the product is already there (e.g. the answer to an earlier
      // attempt was lost) is done: look before reporting a failure. The documents publish no codes.
      if (e instanceof PlatformError && STATE_GOALS[call.op] && (await this.alreadyThere(call.op, args.product_id))) return {};
      throw e;
    }
    return {};
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
   * List items are summaries (no SKUs, no shop fields): each is completed with its detail, read as
   * soon as its page arrives (reads overlap the paging), or taken from the cache when the product's
   * update_time is older than the cached read (update_time has one-second resolution).
   */
  async refresh(ctx: RefreshContext): Promise<LiveSnapshot> {
    let reads = 0;
    const cache = await this.details.load();
    /** Every product listed or read so far, by id: a summary until its detail arrives. */
    const full = new Map<string, WireProduct>();
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
      if (p.update_time !== undefined) cache.set(id, { updateTime: p.update_time, readAt, product: p });
      return p;
    };
    const complete = (p: WireProduct): void => {
      const id = String(p.product_id);
      if (p.publish_shop != null || p.product_status === -1) {
        full.set(id, p);
        return;
      }
      if (full.has(id)) return;
      const hit = cache.get(id);
      if (hit && p.update_time !== undefined && hit.updateTime === p.update_time && p.update_time < hit.readAt - 1) {
        // Status fields come from the list itself (onSale follows publish_status, see isPublished).
        full.set(id, { ...hit.product, product_status: p.product_status, ...(p.publish_status !== undefined ? { publish_status: p.publish_status } : {}) });
        return;
      }
      full.set(id, p); // replaced by the detail below; marks the read as under way
      track(readDetail(id).then((d) => void full.set(id, d)));
    };

    const listPage = async (page: number, window?: [number, number]) => {
      reads += 1;
      const body: { [k: string]: Json } = { page_no: page, page_size: LIST_PAGE_SIZE };
      if (window) body.update_time = window;
      const d = await this.call('product.list', body, undefined, listData);
      for (const p of d.list) complete(p);
      return d.count ?? d.total ?? d.list.length;
    };
    const listWindow = async (window?: [number, number]): Promise<void> => {
      const total = await listPage(1, window);
      if (total > LIST_MAX_WINDOW) {
        const now = Math.floor(Date.now() / 1000);
        const [from, to] = window ?? [now - 183 * 86400, now];
        if (to - from < 2) throw new Error(`${this.endpoint('product.list')}: more than ${LIST_MAX_WINDOW} products changed within one second; cannot page through them`);
        const mid = Math.floor((from + to) / 2);
        await listWindow([from, mid]);
        await listWindow([mid + 1, to]);
        return;
      }
      const pages = Math.ceil(total / LIST_PAGE_SIZE);
      const rest = Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2);
      await Promise.all(rest.map((p) => listPage(p, window)));
    };
    await listWindow();

    // Products the state knows that the list did not show (older than 6 months): read by id.
    const missing = ctx.state
      .entries()
      .filter(([ref, rec]) => ref.startsWith('Product/') && !full.has(rec.id))
      .map(([, rec]) => rec.id);
    for (const id of missing) {
      track(
        readDetail(id).then(
          (p) => {
            if (p.product_status !== -1) full.set(String(p.product_id), p);
          },
          (e: unknown) => {
            if (!(e instanceof PlatformError)) throw e; // gone: a PlatformError (not found) means deleted on the platform
          },
        ),
      );
    }
    await Promise.all(detailReads);
    await this.details.save(cache, new Set(full.keys()));

    const objects: LiveObject[] = [...full.values()].filter((p) => p.product_status !== -1).map(liveProduct);
    return { objects, readCalls: reads };
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

interface CachedDetail {
  updateTime: number;
  /** Unix seconds of our read: an update_time in the same second may hide a later change. */
  readAt: number;
  product: WireProduct;
}

/**
 * Product details by id, kept in the state folder between runs so that a plan reads details only
 * for products whose update_time moved. Product data only (no credentials). A missing or damaged
 * file is an empty cache.
 */
class DetailCache {
  constructor(private readonly file: string) {}

  async load(): Promise<Map<string, CachedDetail>> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as { version: number; products: Record<string, CachedDetail> };
      return raw.version === 1 ? new Map(Object.entries(raw.products)) : new Map();
    } catch {
      return new Map();
    }
  }

  /** Keeps only products still listed; written atomically. */
  async save(cache: Map<string, CachedDetail>, keep: Set<string>): Promise<void> {
    const products: Record<string, CachedDetail> = {};
    for (const [id, d] of cache) if (keep.has(id)) products[id] = d;
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: 1, products }));
    await rename(tmp, this.file);
  }
}
