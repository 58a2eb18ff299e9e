/**
 * Catalog -> desired and wire -> live for wechat-live goods, in one comparable shape:
 *   { name, priceType, price (fen), price2 (fen; absent for priceType 1, which has none), url, cover }
 *
 * Identity: the platform has no field for our key. The state maps "Product/<key>" -> { id: goodsId,
 * auditId, cover }; goods without a record are adopted by `url` (API-created goods only).
 *
 * Cover: the platform returns a URL of its own copy of the image, never the mediaID we sent, so the
 * cover cannot be compared with what the platform returns. Instead both sides carry the CONTENT HASH of
 * the catalog image: desired hashes the file (the only file read here; deterministic for a given
 * catalog folder), live takes the hash recorded in the state record when the cover was last sent.
 * Goods without a recorded cover (adopted ones) have no live `cover`, so it is not compared until the
 * goods is next created or its cover updated.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Catalog, ImageRef, Product } from '../../catalog/types.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import { type Fen } from '../../money/fen.js';
import { fenFields, type DesiredObject, type FieldUnits, type LiveObject } from '../types.js';
import { readBackFen, type WarehouseGoods } from './wire.js';

/** A goods' comparable fields (desired and live): prices in fen, `price2` absent for priceType 1. */
export type GoodsFields = { name: string; priceType: number; price: Fen; price2?: Fen; url: string; cover?: string };

/** Which comparable fields are money in fen, per kind (the plan shows them in yuan). */
export const FIELD_UNITS: FieldUnits = { Product: fenFields<GoodsFields>({ price: true, price2: true }) };

/** Where the cover comes from, for the apply-time upload (`$media` placeholder in call args). */
export type CoverSource = { file: string; sha256: string } | { url: string };

export function desired(catalog: Catalog, target: TargetConfig): DesiredObject[] {
  return catalog.products.filter((p) => p.targets.includes(target.name)).map(desiredOne);
}

function desiredOne(p: Product): DesiredObject {
  const l = p.platforms['wechat-live'];
  if (!l) throw new Error(`bug: product ${p.key} reached wechat-live without a wechat-live block (the loader requires it)`);
  const source = coverSource(l.coverImage);
  return {
    kind: 'Product',
    key: p.key,
    protect: p.protect,
    fields: {
      name: l.name,
      priceType: l.priceType,
      price: l.price,
      ...(l.priceType === 1 ? {} : { price2: l.price2 ?? 0 }),
      url: encodeUrlQuery(l.url),
      cover: coverIdentity(source),
    },
    extra: { cover: source },
  };
}

const fileHashes = new Map<string, string>();

function coverSource(image: ImageRef): CoverSource {
  if (image.kind === 'url') return { url: image.url };
  let sha256 = fileHashes.get(image.absPath);
  if (sha256 === undefined) {
    sha256 = sha256Hex(readFileSync(image.absPath));
    fileHashes.set(image.absPath, sha256);
  }
  return { file: image.path, sha256 };
}

export const MEDIA_TTL_MS = 3 * 86_400_000;
/** A cached mediaID is used only while it has at least this long left. */
export const MEDIA_SAFETY_MARGIN_MS = 3_600_000;

/**
 * Whether a cached cover upload (state "Image/<sha256>" -> { id: mediaId, expiresAt }) can still be
 * used at `now` (ms; undefined: no clock, only its presence counts). One rule for plan and apply.
 */
export function mediaUsable(record: { [k: string]: Json } | undefined, now: number | undefined): boolean {
  if (!record || typeof record.expiresAt !== 'string') return false;
  return now === undefined || Date.parse(record.expiresAt) - now > MEDIA_SAFETY_MARGIN_MS;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The comparable cover value: a short content hash for files, the URL for remote images. */
export function coverIdentity(source: CoverSource): string {
  return 'file' in source ? `sha256:${source.sha256.slice(0, 16)}` : `url:${source.url}`;
}

/**
 * The page says query values in `url` must be URL-encoded. Values written unencoded in the catalog
 * (e.g. Chinese) are encoded; already encoded ones are kept, so both sides compare equal.
 */
export function encodeUrlQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return encodePart(pair);
      return `${encodePart(pair.slice(0, eq))}=${encodePart(pair.slice(eq + 1))}`;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

function encodePart(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // A lone "%" is literal text: encode it as is.
  }
  return encodeURIComponent(decoded);
}

/** What the state record of a goods holds (besides `id` = goodsId). */
interface GoodsRecord {
  auditId?: number;
  cover?: string;
}

export function readRecord(rec: { [k: string]: Json } | undefined): GoodsRecord {
  if (!rec) return {};
  return {
    ...(typeof rec.auditId === 'number' ? { auditId: rec.auditId } : {}),
    ...(typeof rec.cover === 'string' ? { cover: rec.cover } : {}),
  };
}

/**
 * Goods as read (getgoodswarehouse, with the list's fields preferred where the goods is listed), in
 * the comparable shape; `key` when state or adoption names it. `asked`: the catalog's fields for the
 * goods, against which the prices' unit is judged (readBackFen).
 */
export function liveGoods(w: WarehouseGoods, key: string | undefined, record: GoodsRecord, asked?: { [k: string]: Json }): LiveObject {
  const priceType = w.price_type;
  const fields: { [k: string]: Json } = {
    name: w.name,
    priceType,
    price: readBackFen(w.price, asked?.price),
    url: w.url,
  };
  if (priceType !== 1) fields.price2 = readBackFen(w.price2 ?? 0, asked?.price2);
  if (record.cover !== undefined) fields.cover = record.cover;
  const meta: { [k: string]: Json } = {
    auditStatus: w.audit_status,
    thirdPartyTag: w.third_party_tag ?? null,
  };
  if (w.cover_img_url) meta.coverUrl = w.cover_img_url;
  if (record.auditId !== undefined) meta.auditId = record.auditId;
  if (w.audit_status === 3 && w.audit_reason) meta.auditReason = w.audit_reason;
  return { kind: 'Product', id: String(w.goods_id), ...(key !== undefined ? { key } : {}), name: w.name, fields, meta };
}
