/**
 * wechat-channels client: the shared WeChat token (../wechat-common/token.ts: stable token,
 * re-authentication on 40001/40014/42001, backoff on -1 and 45011), the endpoint table, reads and
 * writes. Every path is below `baseUrl` (https://api.weixin.qq.com) and overridable per target with
 * `paths: { <op>: ... }`.
 *
 * Contracts:
 *  - Replies are read with parseJsonExact (json.ts): ids beyond 2^53 stay exact; ids are strings
 *    everywhere (plan, state, wire bodies).
 *  - 45009 (the day's call quota is used up) stops the target: QuotaExhaustedError, resetting at
 *    midnight Beijing time (apply exits 4; retrying today cannot help).
 *  - Safety: product.add, freight.add and stock.update (a delta) are 'unsafe' (a lost answer is
 *    never retried: the next plan adopts the product by out_product_id, the template by name, and
 *    recomputes the stock delta from the live read). Everything else is idempotent or a read.
 *  - Idempotent replays count as done: audit/cancel on a product no longer in audit (10020044),
 *    delisting a product not listed (10020065), deleting a product that is gone (10020052).
 *  - Images: files are uploaded as multipart (upload_type 0, with their pixel size), URLs by URL
 *    (upload_type 1); resp_type 1 always (only img_url values are accepted in products). The state
 *    records "Image/<key>" -> { id: img_url } (permanent links, never uploaded again).
 *  - Freight templates: freight.update is read-modify-write (the call wants every field: the live
 *    template's ship-from address, send time and the rest are kept); freight.add takes the ship-from
 *    address and send time of the store's default template (else its first), which the store admin
 *    creates with the shop.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { TargetConfig } from '../../config/model.js';
import { PlatformError, QuotaExhaustedError, type PlatformHint, type Transport } from '../../http/index.js';
import type { Json, PlannedCall, QuotaUse } from '../../plan/types.js';
import { eachConcurrently } from '../concurrency.js';
import { downloadBytes } from '../download.js';
import { keyResolver } from '../import-key.js';
import type { CallResult, ClientDeps, InvokeContext, LiveObject, LiveSnapshot, PlatformClient, RecoverContext, Recovered, ReferenceList, ReferenceQuery, RefreshContext } from '../types.js';
import { wechatConnection, type WechatAuth, type WechatEnvelope } from '../wechat-common/token.js';
import { nextBeijingMidnight } from '../wechat-common/beijing-day.js';
import { keysByName } from '../keys-by-name.js';
import { imageDimensions } from './image-size.js';
import { parseJsonExact } from './json.js';
import { imageRef, imageToken, liveProduct, liveTemplate, productKeyOf, type ProductRead } from './mapping.js';
import { COMPLETE_READ_EVERY_S, ProductCache } from './product-cache.js';
import { readChannelsReference } from './references.js';
import {
  ENDPOINTS,
  addProductReply,
  addTemplateReply,
  auditQuotaReply,
  CODES,
  EDIT,
  getProductReply,
  LIST_PAGE_SIZE,
  listProductsReply,
  STATUS,
  STOCK_BATCH,
  stockBatchReply,
  templateDetailReply,
  templateListReply,
  uploadImageReply,
  type WireFreightTemplate,
} from './wire.js';

/** Templates per getfreighttemplatelist page (the document gives no maximum; SDKs default to 10). */
const TEMPLATE_PAGE = 10;

/** A hint naming the catalog field the refusal is about. */
const field = (catalogField: string, hint: string) => (): PlatformHint => ({ catalogField, hint });

/** Suggested actions for the codes a user can act on (docs/platforms/wechat-channels.md section 8). */
const HINTS: Record<number, string | ((message: string) => PlatformHint)> = {
  45035: 'the calling IP is not in the store\'s IP allow-list; add it in the store admin (开发设置 / IP 白名单)',
  61004: 'the calling IP is not in the store\'s IP allow-list; add it in the store admin (开发设置 / IP 白名单)',
  48001: 'the store has no permission for this API (not operating, or not entitled); check the store admin',
  10020049: 'the product is in audit; run `catalog plan` again (it withdraws the audit first, or waits: platforms.wechat-channels.whileInAudit)',
  10020047: 'the product is in audit; run `catalog plan` again',
  10020067: 'the platform is still processing the product (more than 25 SKUs); run apply again in a few minutes',
  10020096: field('platforms.wechat-channels.attributes', 'an attribute key is repeated; each key once in platforms.wechat-channels.attributes'),
  10020097: 'a required product field is missing (see the message): fix the product in the catalog',
  10020110: (m) => (/6600015/.test(m) ? { catalogField: 'platforms.wechat-channels.attributes', hint: 'a required attribute of the category is missing: add it to platforms.wechat-channels.attributes (`catalog lookup <target> attributes category=<leaf id>`)' } : { hint: 'the platform refused the product (see the message): fix it in the catalog' }),
  10020035: field('images', 'an image URL was not uploaded through basics/img/upload; use an image file or a URL catalog can upload'),
  10020017: field('platforms.wechat-channels.category', 'the category path is not valid: use the cats_v2 path root to leaf (`catalog lookup <target> categories`)'),
  10020018: field('platforms.wechat-channels.category', 'the store is not approved for this category: apply for it in the store admin, or choose another'),
  10020019: field('shipping', 'the freight template is not valid: check shipping / platforms.wechat-channels.freightTemplateId'),
  10020040: field('originalPrice', 'market_price (originalPrice) must be above the price'),
  10020219: 'the platform holds less stock than the delta to subtract (sales moved it); run `catalog plan` again',
  10020290: 'the platform wants an after-sale address for this product: set a default return address in the store admin',
  10021081: 'the store\'s default freight template has no ship-from address; set one in the store admin',
  10021200: field('name', 'another freight template has this name: template names are unique in the store'),
};

/** Ops whose write changes a product so that its cached read no longer holds. */
const FORGETS = new Set(['product.add', 'product.update', 'product.auditfree', 'product.listing', 'product.delisting', 'product.delete', 'product.auditCancel']);

/** Idempotent replays: the code saying the call's effect is already there. */
const DONE_CODES: Record<string, number> = {
  'product.auditCancel': CODES.notInAudit,
  'product.delisting': CODES.notListed,
  'product.delete': CODES.notFound,
};

export class WechatChannelsClient implements PlatformClient {
  private readonly transport: Transport;
  private readonly auth: WechatAuth;
  private readonly downloadFetch: typeof fetch;
  private readonly cache: ProductCache;
  /** Uploads made from this machine, one JSON line each: what `recover` re-derives first (see there). */
  private readonly uploadLog: string;
  private readonly now: () => number;
  /** Templates read by the last refresh (ids -> wire), for read-modify-write and the ship-from address. */
  private readonly templates = new Map<string, WireFreightTemplate>();

  constructor(
    private readonly target: TargetConfig,
    deps: ClientDeps & { now?: () => number },
  ) {
    this.now = deps.now ?? Date.now;
    ({ transport: this.transport, auth: this.auth, downloadFetch: this.downloadFetch } = wechatConnection(target, deps));
    this.cache = new ProductCache(join(deps.cacheDir, `wechat-channels-products-${target.name}.json`), target.credentials.appId ?? target.name);
    this.uploadLog = join(deps.cacheDir, `wechat-channels-uploads-${target.name}.jsonl`);
  }

  /** One API call, the reply read big-int-safe and parsed with `schema`. */
  private async call<S extends z.ZodType = z.ZodType<WechatEnvelope>>(
    op: string,
    opts: { json?: unknown; body?: Uint8Array; headers?: Record<string, string>; query?: Record<string, string>; objectKey?: string; schema?: S } = {},
  ): Promise<z.output<S>> {
    try {
      return await this.auth.call<S>({ op, endpoints: ENDPOINTS, hints: HINTS, readJson: parseJsonExact, ...(opts.json === undefined && !opts.body ? { json: {} } : {}), ...opts });
    } catch (err) {
      if (err instanceof PlatformError && err.code === CODES.dailyQuota) {
        const resetsAt = nextBeijingMidnight(this.now());
        throw new QuotaExhaustedError(
          {
            platform: this.target.platform,
            target: this.target.name,
            endpoint: err.endpoint,
            ...(opts.objectKey ? { objectKey: opts.objectKey } : {}),
            code: CODES.dailyQuota,
            message: err.platformMessage,
            hint: `the day's call quota of this API is used up; it resets at ${resetsAt} (midnight Beijing time): run \`catalog apply\` again then`,
            quota: 'daily API calls',
            resetsAt,
          },
          this.transport.secrets(),
        );
      }
      throw err;
    }
  }

  async invoke(call: PlannedCall, action: { kind: string; key: string }, ctx: InvokeContext): Promise<CallResult> {
    const objectKey = `${action.kind}/${action.key}`;
    const args = call.args as { [k: string]: Json };
    if (call.op === 'image.upload') return this.upload(args as { key: string; path?: string; url?: string }, ctx, objectKey);
    if (FORGETS.has(call.op) && typeof args.product_id === 'string') this.cache.forget(args.product_id);
    if (call.op === 'product.add') {
      const r = await this.call('product.add', { json: args, objectKey, schema: addProductReply });
      return { id: r.data.product_id };
    }
    if (call.op === 'freight.add') return { id: (await this.call('freight.add', { json: { freight_template: await this.templateForAdd(args.freight_template as { [k: string]: Json }, objectKey) }, objectKey, schema: addTemplateReply })).template_id };
    if (call.op === 'freight.update') {
      const ours = args.freight_template as { [k: string]: Json };
      await this.call('freight.update', { json: { freight_template: await this.templateForUpdate(ours, objectKey) }, objectKey });
      return {};
    }
    try {
      await this.call(call.op, { json: args, objectKey });
    } catch (e) {
      if (!(e instanceof PlatformError && DONE_CODES[call.op] !== undefined && Number(e.code) === DONE_CODES[call.op])) throw e;
    }
    return {};
  }

  /** Our template fields on the live template (freight.update wants every field). */
  private async templateForUpdate(ours: { [k: string]: Json }, objectKey: string): Promise<unknown> {
    const id = String(ours.template_id);
    const live = (await this.call('freight.get', { json: { template_id: id }, objectKey, schema: templateDetailReply })).freight_template;
    return { ...live, ...ours, template_id: id };
  }

  /** A new template: our fields, with the ship-from address and send time of the store's default template. */
  private async templateForAdd(ours: { [k: string]: Json }, objectKey: string): Promise<unknown> {
    let source = [...this.templates.values()].find((t) => t.is_default) ?? [...this.templates.values()][0];
    if (!source) {
      const ids = (await this.call('freight.list', { json: { offset: 0, limit: 1 }, schema: templateListReply })).template_id_list;
      if (ids[0] !== undefined) source = (await this.call('freight.get', { json: { template_id: ids[0] }, schema: templateDetailReply })).freight_template;
    }
    if (!source?.address_info) {
      throw new PlatformError(
        { platform: this.target.platform, target: this.target.name, endpoint: `${this.target.platform} freight template`, objectKey, code: 'no-ship-from', message: 'the store has no freight template to take the ship-from address from', hint: 'create one freight template with the ship-from address in the store admin, then run apply again' },
        this.transport.secrets(),
      );
    }
    return { send_time: source.send_time ?? 'SendTime_FOUTYEIGHT_HOUR', address_info: source.address_info, delivery_id: [], is_default: false, ...ours };
  }

  private async upload(args: { key: string; path?: string; url?: string }, ctx: InvokeContext, objectKey: string): Promise<CallResult> {
    if (args.url !== undefined) {
      const r = await this.call('image.upload', { json: { img_url: args.url }, query: { upload_type: '1', resp_type: '1' }, objectKey, schema: uploadImageReply });
      return this.uploaded(args.key, r.pic_file.img_url, { url: args.url });
    }
    const path = args.path!;
    const bytes = new Uint8Array(await readFile(join(ctx.catalogRoot, path)));
    if (createHash('sha256').update(bytes).digest('hex') !== args.key) throw new Error(`${path} changed since the plan was made; run \`catalog plan\` again`);
    const size = imageDimensions(bytes);
    const boundary = `----catalog${args.key.slice(0, 24)}`;
    const contentType = /\.png$/i.test(path) ? 'image/png' : 'image/jpeg';
    const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${basename(path).replace(/["\r\n]/g, '_')}"\r\nContent-Type: ${contentType}\r\n\r\n`);
    const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
    const body = new Uint8Array(head.length + bytes.length + tail.length);
    body.set(head, 0);
    body.set(bytes, head.length);
    body.set(tail, head.length + bytes.length);
    const r = await this.call('image.upload', {
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      query: { upload_type: '0', resp_type: '1', height: String(size?.height ?? 0), width: String(size?.width ?? 0) },
      objectKey,
      schema: uploadImageReply,
    });
    return this.uploaded(args.key, r.pic_file.img_url, { path });
  }

  /** An upload's state record, also logged in the cache folder for `recover`. */
  private uploaded(key: string, url: string, record: { path: string } | { url: string }): CallResult {
    mkdirSync(dirname(this.uploadLog), { recursive: true });
    appendFileSync(this.uploadLog, `${JSON.stringify({ key, id: url, ...record })}\n`);
    return { id: url, record };
  }

  /** Every page of list/get (optionally filtered by online status); the cursor is next_key. */
  private async listIds(status: number | undefined, count: () => void): Promise<string[]> {
    const ids: string[] = [];
    let nextKey: string | undefined;
    for (;;) {
      count();
      const r = await this.call('product.list', { json: { page_size: LIST_PAGE_SIZE, ...(nextKey ? { next_key: nextKey } : {}), ...(status !== undefined ? { status } : {}) }, schema: listProductsReply });
      ids.push(...r.product_ids);
      // End: an empty page, or no cursor / the same cursor again (the document leaves the end condition open).
      if (r.product_ids.length === 0 || !r.next_key || r.next_key === nextKey) break;
      nextKey = r.next_key;
    }
    return ids;
  }

  private async templatesRead(count: () => void): Promise<WireFreightTemplate[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += TEMPLATE_PAGE) {
      count();
      const page = (await this.call('freight.list', { json: { offset, limit: TEMPLATE_PAGE }, schema: templateListReply })).template_id_list;
      ids.push(...page);
      if (page.length < TEMPLATE_PAGE) break;
    }
    const out: WireFreightTemplate[] = [];
    await Promise.all(
      ids.map(async (template_id) => {
        count();
        out.push((await this.call('freight.get', { json: { template_id }, schema: templateDetailReply })).freight_template);
      }),
    );
    return out.sort((a, b) => (BigInt(a.template_id) < BigInt(b.template_id) ? -1 : 1));
  }

  /** getauditquota (body unconfirmed): the audit submissions left, when the platform answers. */
  private async auditQuota(count: () => void): Promise<QuotaUse[]> {
    try {
      count();
      const q = (await this.call('product.auditQuota', { json: {}, schema: auditQuotaReply })).audit_quota;
      // avail_quota is what can be submitted now (the quota is dynamic, and may be per hour as well as per
      // day): shown as the limit with nothing used, so the plan is refused only beyond what is left.
      return [{ name: 'audit', needed: 0, used: q.block_status === true ? q.avail_quota : 0, limit: q.avail_quota, resetsAt: nextBeijingMidnight(this.now()) }];
    } catch (e) {
      if (e instanceof PlatformError && !(e instanceof QuotaExhaustedError)) return []; // not offered to this store: the platform refuses over-quota submissions itself
      throw e;
    }
  }

  /**
   * Lists every product id (list/get; also with status 5 to learn the on-sale ones, and status 0 for
   * never-listed drafts, which the plain list may leave out), templates (list + detail) and the audit
   * quota; then product/get (data_type 3) only for products the cache cannot answer for (see
   * product-cache.ts), and stock/batchget for the managed ones answered from the cache.
   */
  async refresh(ctx: RefreshContext): Promise<LiveSnapshot> {
    let reads = 0;
    const count = () => void (reads += 1);
    const full = ctx.mode === 'full';
    const nowS = Math.floor(this.now() / 1000);
    await this.cache.load();
    const cache = this.cache;
    const [all, onSale, drafts, templates, quotas] = await Promise.all([
      this.listIds(undefined, count),
      this.listIds(STATUS.onSale, count),
      this.listIds(STATUS.initial, count),
      this.templatesRead(count),
      this.auditQuota(count),
    ]);
    this.templates.clear();
    for (const t of templates) this.templates.set(t.template_id, t);
    const onSaleSet = new Set(onSale);
    const listed = new Set([...all, ...onSale, ...drafts]);

    const stateIds = new Map<string, string>(); // product_id -> key
    for (const [ref, rec] of ctx.state.entries()) if (ref.startsWith('Product/')) stateIds.set(rec.id, ref.slice('Product/'.length));
    const ids = [...new Set([...listed, ...stateIds.keys()])];
    const wantedKeys = new Set(ctx.desired.filter((d) => d.kind === 'Product').map((d) => d.key));
    const wantedWithoutRecord = [...wantedKeys].some((key) => !ctx.state.get(`Product/${key}`));
    const completeFresh = !full && cache.completeAt !== undefined && nowS - cache.completeAt < COMPLETE_READ_EVERY_S;

    const reads_: Map<string, ProductRead> = new Map();
    const unread: string[] = [];
    const fromCache = new Set<string>();
    const toRead: string[] = [];
    for (const id of ids) {
      const entry = cache.entries.get(id);
      const parsed = entry ? getProductReply.safeParse(entry.read) : undefined;
      const read = parsed?.success ? { draft: parsed.data.edit_product, online: parsed.data.product } : undefined;
      const managed = stateIds.has(id) || (read !== undefined && wantedKeys.has(productKeyOf(read) ?? ''));
      if (read && completeFresh && listed.has(id) && trustable(read, onSaleSet.has(id))) {
        reads_.set(id, read);
        if (managed) fromCache.add(id);
        continue;
      }
      if (managed || !read) {
        // Unknown ids are read when a wanted product may be among them (adoption), or for import.
        if (managed || wantedWithoutRecord || ctx.details === 'all' || full || !listed.has(id)) toRead.push(id);
        else unread.push(id);
        continue;
      }
      reads_.set(id, read); // unmanaged, known from an earlier read: its summary is enough
    }
    const gone = new Set<string>();
    await eachConcurrently(toRead, Math.max(1, this.target.policy.concurrency), async (id) => {
      count();
      try {
        const r = await this.call('product.get', { json: { product_id: id, data_type: 3 }, schema: getProductReply });
        cache.remember(id, r, nowS);
        reads_.set(id, { draft: r.edit_product, online: r.product });
      } catch (e) {
        if (e instanceof PlatformError && Number(e.code) === CODES.notFound) {
          gone.add(id);
          cache.drop(id);
          return;
        }
        throw e;
      }
    });
    const stock = await this.stockOf([...fromCache].filter((id) => reads_.get(id)?.online), count);
    if (!completeFresh) cache.completeAt = nowS;
    for (const id of cache.entries.keys()) if (!listed.has(id) && !reads_.has(id)) cache.drop(id);
    await cache.save();

    const keyOf = keyResolver(ctx.state, ctx.desired, this.target.name);
    const templateKeys = keysByName('ShippingTemplate', templates.map((t) => ({ id: t.template_id, name: t.name })), ctx, keyOf);
    const urlToken = new Map<string, string>();
    for (const [ref, rec] of ctx.state.entries()) if (ref.startsWith('Image/')) urlToken.set(rec.id, imageToken(ref.slice('Image/'.length)));
    const live = { imageToken: (url: string) => urlToken.get(url) ?? url, templateKey: (id: string) => templateKeys.get(id) ?? `id:${id}`, stock };
    const asked = new Map(ctx.desired.filter((d) => d.kind === 'Product').map((d) => [d.key, d.fields]));

    const objects: LiveObject[] = templates.map((t) => liveTemplate(t, templateKeys.get(t.template_id)));
    const claimed = new Set<string>();
    const sortedIds = [...reads_.keys()].filter((id) => !gone.has(id)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    // State records first, then out_product_id (the oldest product wins when several carry one), then import keys.
    const keys = new Map<string, string>();
    for (const id of sortedIds) if (stateIds.has(id)) claimed.add(stateIds.get(id)!);
    for (const id of sortedIds) {
      const key = stateIds.get(id) ?? productKeyOf(reads_.get(id)!) ?? keyOf('Product', id);
      if (key === undefined) continue;
      if (!stateIds.has(id) && claimed.has(key)) continue;
      claimed.add(key);
      keys.set(id, key);
    }
    for (const id of sortedIds) {
      const r = reads_.get(id)!;
      if (!r.draft && !r.online) continue;
      const key = keys.get(id);
      const o = liveProduct(id, r, key, live, key !== undefined ? asked.get(key) : undefined);
      if (o.meta.status === STATUS.recycled || o.meta.status === STATUS.deleted) continue;
      objects.push(o);
    }
    // Listed products nobody wants whose details were never needed: unmanaged, shown by id.
    for (const id of unread) objects.push({ kind: 'Product', id, name: `product ${id}`, fields: {}, meta: {} });
    return { objects, quotas, readCalls: reads };
  }

  /** Normal stock by sku_id (stock/batchget, 50 products a call). */
  private async stockOf(productIds: string[], count: () => void): Promise<Map<string, number>> {
    const stock = new Map<string, number>();
    const batches: string[][] = [];
    for (let i = 0; i < productIds.length; i += STOCK_BATCH) batches.push(productIds.slice(i, i + STOCK_BATCH));
    await Promise.all(
      batches.map(async (product_id) => {
        count();
        const r = await this.call('stock.batchget', { json: { product_id }, schema: stockBatchReply });
        for (const p of r.data.spu_stock_list ?? []) for (const s of p.sku_stock ?? []) stock.set(s.sku_id, s.normal_stock_num);
      }),
    );
    return stock;
  }

  /**
   * Rebuild: uploaded images. (1) The uploads logged in the cache folder by earlier applies on this
   * machine (key, URL and source) whose URL a managed product still shows, or whose source the catalog
   * still has. (2) Every other product image URL of a managed product that the state does not know is
   * downloaded and hashed; when its content is a catalog file's, it is recorded as that file's upload
   * (`Image/<sha256>`). Either way the file is not uploaded again and the product not updated.
   */
  async recover(ctx: RecoverContext): Promise<Recovered> {
    const wanted = new Map<string, { [k: string]: Json }>();
    for (const d of ctx.desired) if (d.kind === 'Image') wanted.set(d.key, d.extra ?? {});
    const urls = new Set<string>();
    for (const o of ctx.live.objects) {
      if (o.kind !== 'Product' || o.key === undefined) continue;
      const f = o.fields as { headImages?: string[]; description?: { images?: string[] }; skus?: { [k: string]: { image?: string } } };
      for (const u of [...(f.headImages ?? []), ...(f.description?.images ?? []), ...Object.values(f.skus ?? {}).map((s) => s.image ?? '')]) if (/^https?:\/\//.test(u)) urls.add(u);
    }
    let images = 0;
    const record = (key: string, url: string, source: { [k: string]: Json }): void => {
      if (ctx.state.get(imageRef(key))) return;
      ctx.state.set(imageRef(key), { id: url, ...source });
      urls.delete(url);
      images += 1;
    };
    for (const line of await readFile(this.uploadLog, 'utf8').then((t) => t.split('\n'), () => [] as string[])) {
      let logged: { key?: unknown; id?: unknown; path?: unknown; url?: unknown };
      try {
        logged = JSON.parse(line) as typeof logged;
      } catch {
        continue; // an empty or torn line
      }
      if (typeof logged.key !== 'string' || typeof logged.id !== 'string' || !wanted.has(logged.key)) continue;
      const source: { [k: string]: Json } | undefined = typeof logged.path === 'string' ? { path: logged.path } : typeof logged.url === 'string' ? { url: logged.url } : undefined;
      if (source && urls.has(logged.id)) record(logged.key, logged.id, source);
    }
    const failed: string[] = [];
    await eachConcurrently([...urls], this.target.policy.concurrency, async (url) => {
      const got = await downloadBytes(this.downloadFetch, url);
      if ('failed' in got) {
        failed.push(`${url} (${got.failed})`);
        return;
      }
      const sha = createHash('sha256').update(got.bytes).digest('hex');
      const path = wanted.get(sha)?.path;
      if (typeof path === 'string') record(sha, url, { path });
    });
    const lost = failed.length > 0 ? [`${failed.length} image URL(s) neither logged by an upload from this machine nor downloadable, so their sources are uploaded again by the next apply: ${failed.slice(0, 3).join(', ')}${failed.length > 3 ? ', ...' : ''}`] : [];
    return { recovered: [{ what: 'uploaded image(s) matched to catalog images', count: images }], lost };
  }

  readReference(query: ReferenceQuery): Promise<ReferenceList> {
    return readChannelsReference((op, json, schema) => this.call(op, { json, schema }), query);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

/** Whether a cached read still answers for a listed product (see product-cache.ts). */
function trustable(read: ProductRead, onSaleNow: boolean): boolean {
  const draft = read.draft ?? read.online;
  if (!draft) return false;
  const editStatus = draft.edit_status ?? read.online?.edit_status;
  if (editStatus === EDIT.inAudit || editStatus === EDIT.uploading || editStatus === EDIT.writing) return false;
  const status = read.online?.status ?? draft.status;
  return (status === STATUS.onSale) === onSaleNow;
}

