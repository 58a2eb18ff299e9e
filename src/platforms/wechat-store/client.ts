/**
 * wechat-store client: the official-account access token (shared module ../wechat-common/token.ts),
 * the call table, reads and writes. Every path is below `baseUrl` (https://api.weixin.qq.com) and
 * overridable per target with `paths:`; the product calls are the v1 manual's `/merchant/<call>`.
 *
 * Safety: creates (product/create, express/add, group/add, shelf/add) and the stock deltas
 * (stock/add, stock/reduce) are 'unsafe': a lost response is never retried blindly (the next plan
 * recomputes a delta from the live read; a create is adopted by identity).
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { TargetConfig } from '../../config/model.js';
import type { PlatformHint, Transport } from '../../http/index.js';
import type { Json, PlannedCall } from '../../plan/types.js';
import type { CallResult, ClientDeps, DesiredObject, InvokeContext, LiveObject, LiveSnapshot, PlatformClient, RecoverContext, Recovered, ReferenceList, ReferenceQuery, RefreshContext } from '../types.js';
import { eachConcurrently } from '../concurrency.js';
import { downloadBytes } from '../download.js';
import { readWechatStoreReference } from './references.js';
import { wechatConnection, type WechatAuth, type WechatEnvelope } from '../wechat-common/token.js';
import { keyResolver } from '../import-key.js';
import { keysByName } from '../keys-by-name.js';
import { imageRef, imageToken, liveGroup, liveProduct, liveShelf, liveTemplate, productKeyOf, type LiveContext } from './mapping.js';
import {
  createGroupReply,
  ENDPOINTS,
  createProductReply,
  createShelfReply,
  createTemplateReply,
  groupReply,
  groupsReply,
  productsReply,
  shelvesReply,
  templatesReply,
  uploadImageReply,
  type WireProduct,
  type WireShelf,
  type WireTemplate,
} from './wire.js';

/** Suggested actions for the wechat-store errcodes a user can act on. */
const STORE_HINTS: Record<number, string | ((message: string) => PlatformHint)> = {
  40097: invalidArgsHint,
  40066: 'an image URL was not returned by common/upload_img of this account; use a file under the catalog folder (catalog uploads it) and plan again',
  40005: 'the image is not a PNG or JPEG file; convert it and plan again',
  40009: 'the image is larger than the platform allows (2 MB); make it smaller and plan again',
};

/**
 * 40097 "invalid args": when the message names a catalog field (a frozen name, category or
 * properties of a product that has been on shelf; an unknown category), that field and what to
 * change; otherwise the general advice.
 */
function invalidArgsHint(message: string): PlatformHint {
  const frozen = /on shelf/i.test(message);
  const keep = 'a product that has been on shelf keeps its name, category and properties: change the catalog back to the live value, or delete the product in the store console so that catalog creates it again';
  if (frozen && /\bname\b/.test(message)) return { catalogField: 'title', hint: `title is frozen on this target; ${keep} (or keep the old title for this target only: overrides.<target>.title)` };
  if (frozen && /category/.test(message)) return { catalogField: 'platforms.wechat-store.categoryId', hint: `platforms.wechat-store.categoryId is frozen; ${keep}` };
  if (frozen && /propert/.test(message)) return { catalogField: 'platforms.wechat-store.properties', hint: `platforms.wechat-store.properties is frozen; ${keep}` };
  if (/category_id/.test(message)) return { catalogField: 'platforms.wechat-store.categoryId', hint: 'platforms.wechat-store.categoryId is not a leaf category of this store: change it in the catalog to a leaf category id (category/getsub)' };
  return { hint: 'the platform rejected a field (see the message): fix the object in the catalog and plan again' };
}

interface Create {
  /** Parses the reply (by the call, so a shape error names the path called). */
  schema: z.ZodType;
  /** The new object's id in the parsed reply. */
  id(reply: unknown): string;
}
/** `id` only ever receives what `schema` parsed: the one place its type is asserted. */
const create = <S extends z.ZodType>(schema: S, id: (reply: z.output<S>) => string): Create => ({ schema, id: (reply) => id(reply as z.output<S>) });

/** Create calls: the reply's schema and the field holding the new object's id. */
const CREATES: Record<string, Create> = {
  'product.create': create(createProductReply, (r) => r.product_id),
  'express.add': create(createTemplateReply, (r) => r.template_id),
  'group.add': create(createGroupReply, (r) => r.group_id),
  'shelf.add': create(createShelfReply, (r) => r.shelf_id),
};

const NUMERIC_ID_FIELDS = new Set(['template_id', 'group_id', 'shelf_id']);

/** Template, group and shelf ids are numbers on the wire; the plan and state keep them as strings. */
export function toWireIds(v: Json): Json {
  if (Array.isArray(v)) return v.map(toWireIds);
  if (v && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) out[k] = NUMERIC_ID_FIELDS.has(k) && typeof x === 'string' && /^\d{1,15}$/.test(x) ? Number(x) : toWireIds(x);
    return out;
  }
  return v;
}

export class WechatStoreClient implements PlatformClient {
  private readonly transport: Transport;
  private readonly auth: WechatAuth;
  /** Products the last refresh saw on shelf: calls on them record `everOnShelf` in state. */
  private readonly seenOnShelf = new Set<string>();
  private readonly downloadFetch: typeof fetch;

  constructor(
    private readonly target: TargetConfig,
    deps: ClientDeps,
  ) {
    ({ transport: this.transport, auth: this.auth, downloadFetch: this.downloadFetch } = wechatConnection(target, deps));
  }

  /** One API call; the reply is parsed with `schema` (errors name the path actually called), else returned as the envelope. */
  private call<S extends z.ZodType = z.ZodType<WechatEnvelope>>(
    op: string,
    opts: { json?: unknown; body?: Uint8Array; headers?: Record<string, string>; query?: Record<string, string>; objectKey?: string; schema?: S } = {},
  ): Promise<z.output<S>> {
    return this.auth.call<S>({
      op,
      endpoints: ENDPOINTS,
      hints: STORE_HINTS,
      ...opts,
    });
  }

  async invoke(call: PlannedCall, action: { kind: string; key: string }, ctx: InvokeContext): Promise<CallResult> {
    const objectKey = `${action.kind}/${action.key}`;
    if (call.op === 'image.upload') return this.upload(call.args as { path: string; sha256: string }, ctx, objectKey);
    const args = toWireIds(call.args) as { [k: string]: Json };
    const created = CREATES[call.op];
    if (created) return { id: created.id(await this.call(call.op, { json: args, objectKey, schema: created.schema })) };
    await this.call(call.op, { json: args, objectKey });
    // "Ever been on shelf" is not readable from the platform: remember it (see README).
    const productId = typeof args.product_id === 'string' ? args.product_id : undefined;
    const putOnShelf = call.op === 'product.modproductstatus' && args.status === 1;
    if (action.kind === 'Product' && call.effect === 'update' && (putOnShelf || (productId !== undefined && this.seenOnShelf.has(productId)))) {
      return { record: { everOnShelf: true } };
    }
    return {};
  }

  private async upload(args: { path: string; sha256: string }, ctx: InvokeContext, objectKey: string): Promise<CallResult> {
    const bytes = await readFile(join(ctx.catalogRoot, args.path));
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== args.sha256) throw new Error(`${args.path} changed since the plan was made; run \`catalog plan\` again`);
    const reply = await this.call('image.upload', {
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream' },
      query: { filename: basename(args.path) },
      objectKey,
      schema: uploadImageReply,
    });
    return { id: reply.image_url, record: { path: args.path } };
  }

  /**
   * Rebuild: (1) uploaded images. The platform returns only the URLs common/upload_img gave; each
   * URL a managed product or shelf shows that the state does not know is downloaded and hashed, and
   * when its content is a catalog file's, recorded as that file's upload (`Image/<sha256>`), so the
   * file is not uploaded again and the product is not updated. (2) `everOnShelf` for products on
   * shelf now (the platform does not tell whether an off-shelf product ever was on shelf).
   */
  async recover(ctx: RecoverContext): Promise<Recovered> {
    const files = new Map<string, string>();
    for (const d of ctx.desired) if (d.kind === 'Image' && typeof d.extra?.path === 'string') files.set(d.key, d.extra.path);
    const known = new Set(ctx.state.entries().flatMap(([ref, rec]) => (ref.startsWith('Image/') ? [rec.id] : [])));
    const urls = new Set<string>();
    for (const o of ctx.live.objects) if (o.key !== undefined) collectUrls(o.fields, urls);
    const unknown = [...urls].filter((u) => !known.has(u));
    let images = 0;
    const failed: string[] = [];
    await eachConcurrently(unknown, this.target.policy.concurrency, async (url) => {
      const got = await downloadBytes(this.downloadFetch, url);
      if ('failed' in got) {
        failed.push(`${url} (${got.failed})`);
        return;
      }
      const sha = createHash('sha256').update(got.bytes).digest('hex');
      const path = files.get(sha);
      if (path === undefined || ctx.state.get(imageRef(sha))) return;
      ctx.state.set(imageRef(sha), { id: url, path });
      images += 1;
    });
    let shelved = 0;
    for (const o of ctx.live.objects) {
      const rec = o.key !== undefined && o.kind === 'Product' ? ctx.state.get(`Product/${o.key}`) : undefined;
      if (!rec || rec.id !== o.id || o.fields.onShelf !== true || rec.everOnShelf === true) continue;
      ctx.state.set(`Product/${o.key}`, { ...rec, everOnShelf: true });
      shelved += 1;
    }
    const lost = failed.length > 0 ? [`${failed.length} image URL(s) could not be downloaded, so their files are uploaded again by the next apply: ${failed.slice(0, 3).join(', ')}${failed.length > 3 ? ', ...' : ''}`] : [];
    return { recovered: [{ what: 'uploaded image(s) matched to catalog files by content', count: images }, { what: 'product(s) on shelf marked as ever on shelf', count: shelved }], lost };
  }

  /** Reads products (one getbystatus), templates, groups (+ getbyid of managed groups) and shelves. */
  async refresh(ctx: RefreshContext): Promise<LiveSnapshot> {
    let reads = 4;
    const [{ products_info: products }, { templates_info: templates }, { groups_detail: groups }, { shelves }] = await Promise.all([
      this.call('product.getbystatus', { json: { status: 0 }, schema: productsReply }),
      this.call('express.getall', { schema: templatesReply }),
      this.call('group.getall', { schema: groupsReply }),
      this.call('shelf.getall', { schema: shelvesReply }),
    ]);

    const read: StoreRead = { products, templates, groups, shelves };
    const ids = storeIdentities(read, ctx, this.target.name);
    const details = new Map<string, string[]>();
    await Promise.all(
      groupsToRead(read, ids).map(async (g) => {
        reads += 1;
        const detail = (await this.call('group.getbyid', { json: { group_id: Number(g.group_id) }, schema: groupReply })).group_detail;
        details.set(g.group_id, detail.product_list);
      }),
    );
    this.seenOnShelf.clear();
    for (const p of products) if (p.status === 1) this.seenOnShelf.add(p.product_id);
    const objects = storeObjects(read, ids, details, ctx.state);
    return { objects, readCalls: reads };
  }

  readReference(query: ReferenceQuery): Promise<ReferenceList> {
    return readWechatStoreReference((op, json, schema) => this.call(op, { json, schema }), query);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

/** What one refresh reads with the list calls. */
export interface StoreRead {
  products: WireProduct[];
  templates: WireTemplate[];
  groups: Array<{ group_id: string; group_name: string }>;
  shelves: WireShelf[];
}

interface StoreIdentities {
  templateKeys: Map<string, string>;
  groupKeys: Map<string, string>;
  shelfKeys: Map<string, string>;
  /** product_id -> key: its product_codes', else the state's or the import key the catalog uses. */
  productKeys: Map<string, string>;
  wantedProducts: Set<string>;
}

/** Pure: the keys of the objects read (state, import keys, adoption by name, product_codes). */
export function storeIdentities(read: StoreRead, ctx: { state: RefreshContext['state']; desired: DesiredObject[] }, target: string): StoreIdentities {
  const keyOf = keyResolver(ctx.state, ctx.desired, target);
  const productKeys = new Map<string, string>();
  for (const p of read.products) {
    const key = productKeyOf(p) ?? keyOf('Product', p.product_id);
    if (key !== undefined) productKeys.set(p.product_id, key);
  }
  return {
    templateKeys: keysByName('ShippingTemplate', read.templates.map((t) => ({ id: t.Id, name: t.Name })), ctx, keyOf),
    groupKeys: keysByName('Group', read.groups.map((g) => ({ id: g.group_id, name: g.group_name })), ctx, keyOf),
    shelfKeys: keysByName('Shelf', read.shelves.map((s) => ({ id: s.shelf_id, name: s.shelf_name })), ctx, keyOf),
    productKeys,
    wantedProducts: new Set(ctx.desired.filter((d) => d.kind === 'Product').map((d) => d.key)),
  };
}

/** Every http(s) URL among a live object's compared values (image fields the state cannot name yet). */
function collectUrls(v: Json, into: Set<string>): void {
  if (typeof v === 'string') {
    if (/^https?:\/\//.test(v)) into.add(v);
  } else if (Array.isArray(v)) {
    for (const x of v) collectUrls(x, into);
  } else if (v && typeof v === 'object') {
    for (const x of Object.values(v)) collectUrls(x, into);
  }
}

/**
 * Groups whose members are read (group/getbyid): managed ones (membership is compared for them), and
 * every group while some product is not in the catalog (its groups go to its meta, for `catalog import`).
 */
export function groupsToRead(read: StoreRead, ids: StoreIdentities): StoreRead['groups'] {
  const someUnwanted = read.products.some((p) => !ids.wantedProducts.has(ids.productKeys.get(p.product_id) ?? ''));
  return read.groups.filter((g) => ids.groupKeys.has(g.group_id) || someUnwanted);
}

/**
 * Pure: the live objects in comparable shape. Membership (`details`: group_id -> product ids) is
 * compared for managed groups and products the catalog wants here; orphaned and unmanaged products
 * keep their groups.
 */
export function storeObjects(read: StoreRead, ids: StoreIdentities, details: ReadonlyMap<string, string[]>, state: RefreshContext['state']): LiveObject[] {
  const urlToken = new Map<string, string>();
  for (const [ref, rec] of state.entries()) if (ref.startsWith('Image/')) urlToken.set(rec.id, imageToken(ref.slice('Image/'.length)));
  const members = new Map<string, string[]>();
  const groupsOfProduct = new Map<string, string[]>();
  for (const [groupId, productIds] of details) {
    const groupKey = ids.groupKeys.get(groupId);
    for (const id of productIds) groupsOfProduct.set(id, [...(groupsOfProduct.get(id) ?? []), groupKey ?? `id:${groupId}`]);
    if (groupKey === undefined) continue;
    members.set(
      groupId,
      productIds.flatMap((id) => {
        const key = ids.productKeys.get(id);
        return key !== undefined && ids.wantedProducts.has(key) ? [key] : [];
      }),
    );
  }
  const live: LiveContext = {
    imageToken: (url) => urlToken.get(url) ?? url,
    templateKey: (id) => ids.templateKeys.get(id) ?? `id:${id}`,
    groupKey: (id) => ids.groupKeys.get(id) ?? `id:${id}`,
  };
  return [
    ...read.templates.map((t) => liveTemplate(t, ids.templateKeys.get(t.Id))),
    ...read.groups.map((g) => liveGroup(g.group_id, g.group_name, ids.groupKeys.get(g.group_id), members.get(g.group_id))),
    ...read.products.map((p) => {
      const key = ids.productKeys.get(p.product_id);
      const rec = key !== undefined ? state.get(`Product/${key}`) : undefined;
      return liveProduct(p, key, live, rec?.id === p.product_id && rec?.everOnShelf === true, groupsOfProduct.get(p.product_id));
    }),
    ...read.shelves.map((s) => liveShelf(s, ids.shelfKeys.get(s.shelf_id), live)),
  ];
}
