/**
 * wechat-live client: access token (../wechat-common/token.ts), the call table, cover uploads, the
 * daily audit quota, reads.
 *
 * Contracts:
 *  - Every path is overridable per target (`paths: { 'goods.add': ... }`).
 *  - Covers: call args carry `{ "$media": { file, sha256 } | { url } }` for `coverImgUrl`; it is replaced
 *    by a mediaID inside the add/update call. mediaIDs are cached in state as "Image/<sha256>" ->
 *    { id: mediaId, expiresAt } (3 days after upload) and reused until 1 hour before they expire. On
 *    300006 (mediaID expired / upload failed) the image is uploaded again once and the call retried.
 *  - Audit quota: add and resubmit share 500 submissions a day (Asia/Shanghai day). The count is kept in
 *    the target's state meta `auditQuota: { day, used }`; a submission that would exceed it is refused
 *    BEFORE it is sent with QuotaExhaustedError (code 300012, like the platform's), which makes apply
 *    exit 4. A 300012 from the platform sets the count to the limit and is reported the same way.
 *  - Idempotent replays: withdrawing goods that are no longer in audit (300017) and deleting goods that
 *    are gone (1003) count as done.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import type { TargetConfig } from '../../config/model.js';
import {
  OutcomeUnknownError,
  PlatformError,
  QuotaExhaustedError,
  type Transport,
} from '../../http/index.js';
import type { Json, PlannedCall, QuotaUse } from '../../plan/types.js';
import type { CallResult, ClientDeps, InvokeContext, LiveObject, LiveSnapshot, MutableTargetState, PlatformClient, RecoverContext, Recovered, ReferenceList, ReferenceQuery, RefreshContext, TargetState } from '../types.js';
import { readWechatLiveReference } from './references.js';
import { wechatConnection, type WechatAuth, type WechatEnvelope } from '../wechat-common/token.js';
import { beijingDay, nextBeijingMidnight } from '../wechat-common/beijing-day.js';
import { downloadBytes } from '../download.js';
import { coverIdentity, liveGoods, MEDIA_TTL_MS, mediaUsable, readRecord, sha256Hex, type CoverSource } from './mapping.js';
import {
  addReply,
  auditReply,
  ENDPOINTS,
  quotaReply,
  isApiGoods,
  LIST_PAGE_SIZE,
  LIST_STATUSES,
  LIVE_CODES,
  listReply,
  mediaReply,
  WAREHOUSE_BATCH,
  warehouseReply,
  type ListedGoods,
  type WarehouseGoods,
} from './wire.js';

/** Calls that consume one audit submission. */
const AUDIT_CALLS = new Set(['goods.add', 'goods.audit']);

export const AUDIT_QUOTA_PER_DAY = 500;
export { MEDIA_TTL_MS, MEDIA_SAFETY_MARGIN_MS } from './mapping.js';

/** Hints for the documented codes a user can act on. */
const LIVE_HINTS: Record<number, string> = {
  1003: 'the goods is gone from the platform; run `catalog plan` again',
  200002: 'the platform rejected a field; check the wechat-live block of the product',
  300001: 'creating/updating goods is blocked for this mini-program; check the live console',
  300002: 'the name is too long: at most 14 汉字 (a 汉字 counts 2); shorten platforms.wechat-live.name',
  300003: 'the price is invalid (e.g. price2 above the original price for priceType 3); fix the prices',
  300004: 'the name contains prohibited content; change platforms.wechat-live.name',
  300005: 'the cover image contains prohibited content; use another cover',
  300006: 'the cover could not be used even after uploading it again: it must be a PNG/JPEG of at most 300x300 px and 2 MB',
  300007: 'the url is not a page of the released mini-program; release the page first or fix platforms.wechat-live.url',
  300009: 'the audit could not be withdrawn (it may have been decided meanwhile); run `catalog plan` again',
  300010: 'the goods is in another audit state than planned; run `catalog plan` again',
  300011: 'goods created in the live console cannot be managed through the API',
  300013: 'submitting the audit failed; run apply again later',
  300014: 'goods in audit cannot be deleted; run `catalog plan` again (it withdraws the audit first)',
  300017: 'the goods is not submitted for audit; run `catalog plan` again',
  300021: 'the goods was added but its audit submission failed; run `catalog plan` again to submit it',
};

interface AuditCount {
  day: string;
  used: number;
}

export { beijingDay, nextBeijingMidnight } from '../wechat-common/beijing-day.js';

/** Audits counted today in the state meta (0 on a new day). */
function auditsUsedToday(state: TargetState, now: number): number {
  const c = state.getMeta().auditQuota as AuditCount | undefined;
  return c && c.day === beijingDay(now) && typeof c.used === 'number' ? c.used : 0;
}

function setAuditsUsed(state: MutableTargetState, now: number, used: number): void {
  state.setMeta({ ...state.getMeta(), auditQuota: { day: beijingDay(now), used } });
}

type MediaPlaceholder = { $media: CoverSource };

function isMediaPlaceholder(v: Json | undefined): v is MediaPlaceholder {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.$media === 'object' && v.$media !== null;
}

/**
 * The status call's goods with the list call's fields where the list shows it: the list is the call
 * the public SDKs model alike, and what the adapter prefers when the two differ (the status call's
 * `price` unit is ambiguous, see readBackFen). The audit status (and reason) stay the status call's.
 */
function withListedFields(w: WarehouseGoods, l: ListedGoods | undefined): WarehouseGoods {
  if (!l) return w;
  return {
    ...w,
    name: l.name,
    url: l.url,
    ...(l.price !== undefined ? { price: l.price } : {}),
    ...(l.price2 !== undefined ? { price2: l.price2 } : {}),
    ...(l.priceType !== undefined ? { price_type: l.priceType } : {}),
    ...(l.coverImgUrl ? { cover_img_url: l.coverImgUrl } : {}),
    ...(l.thirdPartyTag !== null && l.thirdPartyTag !== undefined ? { third_party_tag: l.thirdPartyTag } : {}),
  };
}

export class WechatLiveClient implements PlatformClient {
  private readonly transport: Transport;
  private readonly auth: WechatAuth;
  private readonly downloadFetch: typeof fetch;
  private readonly now: () => number;
  /** Uploads in flight by content hash, so goods sharing a cover upload it once. */
  private readonly uploads = new Map<string, Promise<string>>();

  constructor(
    private readonly target: TargetConfig,
    deps: ClientDeps & { now?: () => number },
  ) {
    this.now = deps.now ?? Date.now;
    ({ transport: this.transport, auth: this.auth, downloadFetch: this.downloadFetch } = wechatConnection(target, deps));
  }

  /** One API call; the reply is parsed with `schema` (errors name the path actually called), else returned as the envelope. */
  private call<S extends z.ZodType = z.ZodType<WechatEnvelope>>(
    op: string,
    opts: { json?: unknown; body?: Uint8Array; headers?: Record<string, string>; query?: Record<string, string>; objectKey?: string; schema?: S },
  ): Promise<z.output<S>> {
    return this.auth.call<S>({
      op,
      endpoints: ENDPOINTS,
      hints: LIVE_HINTS,
      ...opts,
    });
  }

  async invoke(call: PlannedCall, action: { kind: string; key: string }, ctx: InvokeContext): Promise<CallResult> {
    const objectKey = `${action.kind}/${action.key}`;
    const args = call.args as { [k: string]: Json };
    if (AUDIT_CALLS.has(call.op)) return this.withAuditQuota(ctx.state, objectKey, () => this.submitCall(call.op, args, objectKey, ctx));
    if (call.op === 'goods.update') return this.submitCall(call.op, args, objectKey, ctx);
    if (call.op === 'media.upload') {
      // The cover upload planned before an add/update: the call that follows finds the mediaID cached.
      await this.mediaId((args.$media as CoverSource), ctx, objectKey, false);
      return {};
    }
    try {
      await this.call(call.op, { json: args, objectKey });
    } catch (e) {
      const replayed =
        e instanceof PlatformError &&
        ((call.op === 'goods.resetaudit' && e.code === LIVE_CODES.notSubmitted) || (call.op === 'goods.delete' && e.code === LIVE_CODES.goodsNotFound));
      if (!replayed) throw e;
    }
    return {};
  }

  /** add / update / audit: the cover placeholder resolved to a mediaID; one re-upload and retry on 300006. */
  private async submitCall(op: string, args: { [k: string]: Json }, objectKey: string, ctx: InvokeContext): Promise<CallResult> {
    const info = args.goodsInfo as { [k: string]: Json } | undefined;
    const placeholder = info && isMediaPlaceholder(info.coverImgUrl) ? info.coverImgUrl.$media : undefined;
    const send = async <S extends z.ZodType>(forceUpload: boolean, schema?: S) => {
      const body = placeholder ? { ...args, goodsInfo: { ...info, coverImgUrl: await this.mediaId(placeholder, ctx, objectKey, forceUpload) } } : args;
      return this.call(op, { json: body, objectKey, ...(schema ? { schema } : {}) });
    };
    const submit = async <S extends z.ZodType>(schema?: S): Promise<z.output<S>> => {
      try {
        return await send(false, schema);
      } catch (e) {
        if (!(placeholder && e instanceof PlatformError && e.code === LIVE_CODES.mediaFailed)) throw e;
        return send(true, schema);
      }
    };
    const cover: { [k: string]: Json } = placeholder ? { cover: coverIdentity(placeholder) } : {};
    if (op === 'goods.add') {
      const r = await submit(addReply);
      return { id: String(r.goodsId), record: { auditId: r.auditId, ...cover } };
    }
    if (op === 'goods.audit') {
      const r = await submit(auditReply);
      return { record: { auditId: r.auditId } };
    }
    await submit();
    return placeholder ? { record: cover } : {};
  }

  /** Reserves one audit submission before the call; gives it back when the call definitely failed. */
  private async withAuditQuota(state: MutableTargetState, objectKey: string, run: () => Promise<CallResult>): Promise<CallResult> {
    const now = this.now();
    const used = auditsUsedToday(state, now);
    const resetsAt = nextBeijingMidnight(now);
    const exhausted = (message: string) =>
      new QuotaExhaustedError({
        platform: 'wechat-live',
        target: this.target.name,
        endpoint: 'wechat-live audit quota',
        objectKey,
        code: LIVE_CODES.noAuditQuota,
        message,
        hint: `audit submissions resume at ${resetsAt} (midnight Beijing time); run \`catalog apply\` again then`,
        quota: 'audit',
        resetsAt,
      }, this.transport.secrets());
    if (used >= AUDIT_QUOTA_PER_DAY) throw exhausted(`all ${AUDIT_QUOTA_PER_DAY} audit submissions of today are used; not submitted`);
    setAuditsUsed(state, now, used + 1);
    try {
      return await run();
    } catch (e) {
      if (e instanceof PlatformError && e.code === LIVE_CODES.noAuditQuota) {
        setAuditsUsed(state, now, AUDIT_QUOTA_PER_DAY);
        throw exhausted(e.platformMessage);
      }
      if (!(e instanceof OutcomeUnknownError)) setAuditsUsed(state, now, Math.max(0, auditsUsedToday(state, this.now()) - 1));
      throw e;
    }
  }

  /** A valid mediaID for the cover: cached in state by content hash, else uploaded. */
  private async mediaId(source: CoverSource, ctx: InvokeContext, objectKey: string, forceUpload: boolean): Promise<string> {
    const bytes = await this.coverBytes(source, ctx, objectKey);
    const sha256 = sha256Hex(bytes);
    const ref = `Image/${sha256}`;
    const cached = ctx.state.get(ref);
    if (!forceUpload && cached && mediaUsable(cached, this.now())) {
      return cached.id;
    }
    let upload = this.uploads.get(sha256);
    if (!upload || forceUpload) {
      const filename = 'file' in source ? basename(source.file) : basename(new URL(source.url).pathname) || 'cover.jpg';
      upload = this.upload(bytes, filename, objectKey).then(({ mediaId, createdAt }) => {
        ctx.state.set(ref, { id: mediaId, expiresAt: new Date(createdAt + MEDIA_TTL_MS).toISOString() });
        return mediaId;
      });
      this.uploads.set(sha256, upload);
      upload.catch(() => this.uploads.delete(sha256));
    }
    return upload;
  }

  private async coverBytes(source: CoverSource, ctx: InvokeContext, objectKey: string): Promise<Uint8Array> {
    if ('file' in source) {
      const bytes = new Uint8Array(await readFile(join(ctx.catalogRoot, source.file)));
      if (sha256Hex(bytes) !== source.sha256) {
        throw new PlatformError({ platform: 'wechat-live', target: this.target.name, endpoint: 'cover image', objectKey, code: 'changed', message: `${source.file} changed since the plan was made`, hint: 'make a new plan' }, this.transport.secrets());
      }
      return bytes;
    }
    const downloadFailed = (code: string, detail = '') =>
      new PlatformError({ platform: 'wechat-live', target: this.target.name, endpoint: 'cover download', objectKey, code, message: `could not download ${source.url}${detail}`, hint: 'check the cover URL, or use an image file in the catalog' }, this.transport.secrets());
    const got = await downloadBytes(this.downloadFetch, source.url);
    if ('failed' in got) throw downloadFailed(got.failed, got.detail);
    return got.bytes;
  }

  private async upload(bytes: Uint8Array, filename: string, objectKey: string): Promise<{ mediaId: string; createdAt: number }> {
    const boundary = `----catalog${sha256Hex(bytes).slice(0, 24)}`;
    const contentType = /\.png$/i.test(filename) ? 'image/png' : 'image/jpeg';
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${filename.replace(/["\r\n]/g, '_')}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    );
    const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
    const body = new Uint8Array(head.length + bytes.length + tail.length);
    body.set(head, 0);
    body.set(bytes, head.length);
    body.set(tail, head.length + bytes.length);
    const r = await this.call('media.upload', {
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      query: { type: 'image' },
      objectKey,
      schema: mediaReply,
    });
    return { mediaId: r.media_id, createdAt: r.created_at * 1000 };
  }

  /**
   * Goods in state are read by id (getgoodswarehouse, which gives the audit status); every goods is
   * listed (getapproved per status 0..3, 100 per page) to adopt API-created goods of wanted keys that
   * have no state record, by `url`, and to show the rest as unmanaged.
   */
  async refresh(ctx: RefreshContext): Promise<LiveSnapshot> {
    let reads = 0;
    const listed = new Map<number, ListedGoods & { status: number }>();
    const listStatus = async (status: number) => {
      const page = async (offset: number) => {
        reads += 1;
        const r = await this.call('goods.list', { query: { offset: String(offset), limit: String(LIST_PAGE_SIZE), status: String(status) }, schema: listReply });
        for (const g of r.goods) listed.set(g.goodsId, { ...g, status });
        return r.total;
      };
      const total = await page(0);
      const offsets: number[] = [];
      for (let o = LIST_PAGE_SIZE; o < total; o += LIST_PAGE_SIZE) offsets.push(o);
      await Promise.all(offsets.map(page));
    };
    await Promise.all(LIST_STATUSES.map(listStatus));

    // Identity: state records first, then adoption by url of API goods nobody claims.
    const keyById = new Map<number, string>();
    for (const [ref, rec] of ctx.state.entries()) {
      if (ref.startsWith('Product/') && /^\d+$/.test(rec.id)) keyById.set(Number(rec.id), ref.slice('Product/'.length));
    }
    const claimedKeys = new Set(keyById.values());
    const wantedByUrl = new Map<string, string>();
    for (const d of ctx.desired) {
      if (!claimedKeys.has(d.key) && typeof d.fields.url === 'string' && !wantedByUrl.has(d.fields.url)) wantedByUrl.set(d.fields.url, d.key);
    }
    const newestFirst = [...listed.values()].sort((a, b) => b.goodsId - a.goodsId);
    for (const g of newestFirst) {
      const key = wantedByUrl.get(g.url);
      if (key === undefined || keyById.has(g.goodsId) || !isApiGoods(g.thirdPartyTag)) continue;
      keyById.set(g.goodsId, key);
      wantedByUrl.delete(g.url);
    }

    const ids = [...keyById.keys()];
    const batches: number[][] = [];
    for (let i = 0; i < ids.length; i += WAREHOUSE_BATCH) batches.push(ids.slice(i, i + WAREHOUSE_BATCH));
    const read: WarehouseGoods[] = [];
    await Promise.all(
      batches.map(async (goods_ids) => {
        reads += 1;
        read.push(...(await this.call('goods.status', { json: { goods_ids }, schema: warehouseReply })).goods);
      }),
    );

    const objects: LiveObject[] = [];
    const managed = new Set<number>();
    const asked = new Map(ctx.desired.map((d) => [d.key, d.fields]));
    for (const status of read.sort((a, b) => a.goods_id - b.goods_id)) {
      const key = keyById.get(status.goods_id);
      const w = withListedFields(status, listed.get(status.goods_id));
      if (key === undefined || !isApiGoods(w.third_party_tag)) continue;
      managed.add(w.goods_id);
      objects.push(liveGoods(w, key, readRecord(ctx.state.get(`Product/${key}`)), asked.get(key)));
    }
    for (const g of [...listed.values()].sort((a, b) => a.goodsId - b.goodsId)) {
      if (managed.has(g.goodsId)) continue;
      objects.push(
        liveGoods(
          {
            goods_id: g.goodsId,
            name: g.name,
            price: g.price ?? 0,
            price2: g.price2 ?? 0,
            price_type: g.priceType ?? 1,
            url: g.url,
            cover_img_url: g.coverImgUrl ?? null,
            audit_status: g.status,
            third_party_tag: g.thirdPartyTag ?? null,
          },
          undefined,
          {},
        ),
      );
    }
    const now = this.now();
    const quotas: QuotaUse[] = [
      { name: 'audit', needed: 0, used: auditsUsedToday(ctx.state, now), limit: AUDIT_QUOTA_PER_DAY, resetsAt: nextBeijingMidnight(now) },
    ];
    return { objects, quotas, readCalls: reads };
  }

  /**
   * Rebuild: today's audit submissions, from WeChat's API quota query (openapi/quota/get) for
   * goods/add, whose 500 a day add and audit share. Kept when the state already counts more.
   */
  async recover(ctx: RecoverContext): Promise<Recovered> {
    const lost = [
      'audit ids (goods in audit whose audit id is not in the state cannot be withdrawn; catalog waits for the audit to end)',
      'cover content hashes (the cover of each goods is compared again once catalog next sends it)',
    ];
    const now = this.now();
    let used: number;
    try {
      used = (await this.call('quota.get', { json: { cgi_path: ENDPOINTS['goods.add'].path }, schema: quotaReply })).quota.used;
    } catch (e) {
      if (!(e instanceof PlatformError)) throw e;
      return { recovered: [], lost: [`today's audit submissions (openapi/quota/get: ${e.platformMessage}); counted from 0, and the platform itself refuses submissions over 500`, ...lost] };
    }
    const counted = Math.max(used, auditsUsedToday(ctx.state, now));
    setAuditsUsed(ctx.state, now, counted);
    return { recovered: [{ what: 'audit submission(s) used today', count: counted }], lost };
  }

  /** The goods list read as refresh reads it, with an empty state (nothing is adopted or written). */
  readReference(query: ReferenceQuery): Promise<ReferenceList> {
    const state = { get: () => undefined, entries: () => [], getMeta: () => ({}) };
    return readWechatLiveReference(async () => (await this.refresh({ target: this.target, state, desired: [] })).objects, query);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

