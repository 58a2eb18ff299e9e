/**
 * Argument checks of the 微信小店 simulator. A failed check throws a WxFailure (see
 * ../wechat-common/gate.ts) with one of the codes in STORE_ERR.
 */
import type { SimContext, SimRequest } from '../types.js';
import { fail, isRecord, jsonBody, WxFailure } from '../wechat-common/envelope.js';
import type { WechatStoreState } from './state.js';

export const STORE_ERR = {
  invalidArgs: 40097,
  invalidUrl: 40066,
  invalidFileType: 40005,
  invalidImageSize: 40009,
  mediaMissing: 41005,
} as const;

export type StoreCtx = SimContext<WechatStoreState>;

export function invalid(message: string): WxFailure {
  return fail(STORE_ERR.invalidArgs, `invalid args: ${message}`);
}

export function body(req: SimRequest): Record<string, unknown> {
  const parsed = jsonBody(req);
  if (parsed instanceof WxFailure) throw parsed;
  return parsed;
}

export function record(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalid(`${field} must be an object`);
  return value;
}

export function list(value: unknown, field: string, min = 0): unknown[] {
  if (!Array.isArray(value)) throw invalid(`${field} must be a list`);
  if (value.length < min) throw invalid(`${field} needs at least ${min} item(s)`);
  return value;
}

export function text(value: unknown, field: string, opts: { allowEmpty?: boolean } = {}): string {
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  if (!opts.allowEmpty && value.trim() === '') throw invalid(`${field} must not be empty`);
  return value;
}

export function integer(value: unknown, field: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${field} must be an integer >= ${min}`);
  }
  return value;
}

export function flag(value: unknown, field: string): 0 | 1 {
  if (value === undefined) return 0;
  if (value !== 0 && value !== 1) throw invalid(`${field} must be 0 or 1`);
  return value;
}

/** Ids the API hands out as numbers (template, group, shelf); numeric strings are accepted too. */
export function numericId(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return integer(n, field, 0);
}

const UPLOADED_IMAGE = /\/img\/([0-9a-f]{64})$/;

/**
 * An image URL must be one this account's common/upload_img returned. Only its `/img/<sha256>` end
 * is compared, so URLs stay valid when the sandbox is served on another port.
 */
export function uploadedImage(ctx: StoreCtx, value: unknown, field: string): string {
  const url = text(value, field);
  const sha = UPLOADED_IMAGE.exec(url)?.[1];
  if (sha === undefined || !Object.hasOwn(ctx.state.images, sha)) {
    throw fail(STORE_ERR.invalidUrl, `invalid url: ${field} is not an image uploaded by this account (common/upload_img)`);
  }
  return url;
}
