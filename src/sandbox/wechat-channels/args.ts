/**
 * Error codes and argument checks of the Channels store simulator. A failed check throws a
 * WxFailure (see ../wechat-common/gate.ts). Codes are the document's (platform-docs/
 * wechat-channels.md §6–§8); those from its secondary, unconfirmed list are marked there and used
 * here for the same meaning.
 */
import type { SimContext, SimRequest } from '../types.js';
import { fail, isRecord, WX, type WxFailure } from '../wechat-common/envelope.js';
import { parseJsonKeepingBigIntegers } from './json.js';
import type { WechatChannelsState } from './state.js';

export const CH_ERR = {
  notEditable: 10020008,
  categoryDepth: 10020011,
  saleAttr: 10020012,
  skuCount: 10020013,
  illegalCategory: 10020017,
  noQualification: 10020018,
  freightTemplate: 10020019,
  titleEmpty: 10020020,
  titleTooLong: 10020021,
  noHeadImage: 10020022,
  priceTooHigh: 10020028,
  imageNotUploaded: 10020035,
  priceZero: 10020039,
  saleAboveMarket: 10020040,
  auditNotInProgress: 10020044,
  inAudit: 10020049,
  invalidParams: 10020051,
  notFound: 10020052,
  queryParamsInBody: 10020055,
  imageEmpty: 10020059,
  imageTooLarge: 10020060,
  notListed: 10020065,
  hourlyAuditQuota: 10020066,
  asyncUploading: 10020067,
  duplicateAttrKey: 10020096,
  missingField: 10020097,
  fewHeadImages: 10020106,
  noDetailImage: 10020107,
  sevenDayReturn: 10020108,
  checkFailed: 10020110,
  dailyAuditQuota: 10020111,
  stockInAudit: 10020217,
  stockZeroDelta: 10020218,
  stockInsufficient: 10020219,
  stockNeverListed: 10020289,
  freightDefaultHasAddresses: 10021053,
  freightBadRegion: 10021054,
  freightNoDefaultRule: 10021055,
  freightNoAddress: 10021081,
  freightSendTime: 10021082,
  freightNameTaken: 10021200,
  freightWholeCountry: 10025501,
  freightTooManyCouriers: 10025502,
  freightTooManyFreeRules: 10025503,
  freightTooManyRules: 10025504,
} as const;

export type ChannelsCtx = SimContext<WechatChannelsState>;

export function invalid(message: string): WxFailure {
  return fail(CH_ERR.invalidParams, `invalid parameter: ${message}`);
}

export function missing(field: string): WxFailure {
  return fail(CH_ERR.missingField, `required field missing: ${field}`);
}

/**
 * The JSON body (integers beyond 2^53 read exactly, as strings). Like the real API, a JSON POST
 * without `Content-Type: application/json` is refused with 47001.
 */
export function body(req: SimRequest): Record<string, unknown> {
  if (req.text.trim() === '') throw fail(WX.emptyPostData, 'empty post data');
  if (!(req.headers.get('content-type') ?? '').toLowerCase().includes('application/json')) {
    throw fail(WX.dataFormat, 'data format error: send Content-Type: application/json');
  }
  let value: unknown;
  try {
    value = parseJsonKeepingBigIntegers(req.text);
  } catch {
    throw fail(WX.dataFormat, 'data format error: body is not valid JSON');
  }
  if (!isRecord(value)) throw fail(WX.dataFormat, 'data format error: body must be a JSON object');
  return value;
}

export function record(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalid(`${field} must be an object`);
  return value;
}

export function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(`${field} must be a list`);
  return value;
}

export function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  if ([...value].length > max) throw invalid(`${field} is longer than ${max} characters`);
  return value;
}

export function optionalText(value: unknown, field: string, max: number): string {
  return value === undefined || value === null ? '' : text(value, field, max);
}

export function integer(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(`${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function oneOf<T extends number | string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw invalid(`${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** A uint64 id sent as a decimal string (preferred) or a number; returned as the decimal string. */
export function id(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') throw missing(field);
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value.replace(/^0+(?=\d)/, '');
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw invalid(`${field} must be a uint64 id (a decimal string)`);
}
