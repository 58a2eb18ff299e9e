/**
 * The WeChat reply envelope shared by the simulators of the WeChat platforms.
 *
 * Like the real API, every reply is HTTP 200 with `{errcode, errmsg, ...}`; only an unknown path is
 * answered with HTTP 404 (still in the envelope shape, errcode 48001 "api unauthorized").
 */
import type { SimRequest, SimResponse } from '../types.js';

/** Error codes shared by both WeChat simulators (platform-specific codes live with each simulator). */
export const WX = {
  busy: -1,
  invalidCredential: 40001,
  invalidGrantType: 40002,
  invalidAppId: 40013,
  invalidAccessToken: 40014,
  accessTokenMissing: 41001,
  appIdMissing: 41002,
  secretMissing: 41004,
  accessTokenExpired: 42001,
  emptyPostData: 44002,
  dailyQuota: 45009,
  minuteLimit: 45011,
  dataFormat: 47001,
  apiUnauthorized: 48001,
} as const;

export function wxOk(fields: Record<string, unknown> = {}, errmsg = 'ok'): SimResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { errcode: 0, errmsg, ...fields } };
}

export function wxError(errcode: number, errmsg: string): SimResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { errcode, errmsg } };
}

export function wxBusy(): SimResponse {
  return wxError(WX.busy, 'system error');
}

export function wxUnknownPath(path: string): SimResponse {
  return { ...wxError(WX.apiUnauthorized, `api unauthorized: no api at ${path}`), status: 404 };
}

/** A failed check carries the reply to send; handlers return it as is. */
export class WxFailure {
  constructor(readonly response: SimResponse) {}
}

export function fail(errcode: number, errmsg: string): WxFailure {
  return new WxFailure(wxError(errcode, errmsg));
}

/**
 * The JSON object in the body: 44002 when there is none, 47001 when it is not a JSON object.
 * (GET calls documented with a JSON body, e.g. wechat-store product/get, send it the same way.)
 */
export function jsonBody(req: SimRequest): Record<string, unknown> | WxFailure {
  if (req.text.trim() === '') return fail(WX.emptyPostData, 'empty post data');
  let value: unknown;
  try {
    value = JSON.parse(req.text);
  } catch {
    return fail(WX.dataFormat, 'data format error: body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(WX.dataFormat, 'data format error: body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Numeric option from the sandbox spec, or the default when absent. A present non-number is a spec bug. */
export function numberOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`sandbox option ${name} must be a non-negative number`);
  }
  return value;
}

/** Shanghai calendar day number (UTC+8, no daylight saving): daily quotas reset at its midnight. */
export function shanghaiDay(ms: number): number {
  return Math.floor((ms + 8 * 3_600_000) / 86_400_000);
}
