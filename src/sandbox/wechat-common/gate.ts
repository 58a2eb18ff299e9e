/**
 * What every WeChat API call goes through before its own handler: the token endpoints, the
 * access-token check, the optional per-minute limit (option `perMinuteLimit`, calls per minute per
 * account, 45011; absent = unlimited) and the call's daily quota (45009).
 *
 * Handlers signal a failed check by throwing a `WxFailure` (its reply is sent as is); anything else
 * thrown is a simulator bug and propagates.
 */
import type { SimContext, SimRequest, SimResponse } from '../types.js';
import { checkAccessToken, handleTokenRequest, TOKEN_PATHS, type WxAuthState } from './auth.js';
import { numberOption, WX, wxError, WxFailure, wxUnknownPath } from './envelope.js';
import { takeDaily, takeMinute, type WxQuotaState } from './quota.js';

export interface WxCommonState {
  auth: WxAuthState;
  quota: WxQuotaState;
}

export interface WxRoute<S> {
  /** True when the call changes state. */
  write: boolean;
  /** Daily quota of the call: counted per bucket (calls may share one). */
  daily?: (ctx: SimContext<S>) => { bucket: string; limit: number };
  run(req: SimRequest, ctx: SimContext<S>): SimResponse | Promise<SimResponse>;
}

export async function serveWechat<S extends WxCommonState>(
  req: SimRequest,
  ctx: SimContext<S>,
  routes: Record<string, WxRoute<S>>,
): Promise<SimResponse> {
  if (TOKEN_PATHS.has(req.path)) return handleTokenRequest(req, ctx, ctx.state.auth);
  const route = Object.hasOwn(routes, req.path) ? routes[req.path] : undefined;
  if (!route) return wxUnknownPath(req.path);
  const denied = checkAccessToken(req, ctx, ctx.state.auth);
  if (denied) return denied;
  const now = ctx.clock.now();
  const perMinute = ctx.options['perMinuteLimit'] === undefined ? undefined : numberOption(ctx.options, 'perMinuteLimit', 0);
  if (perMinute !== undefined && !takeMinute(ctx.state.quota, now, perMinute)) {
    return wxError(WX.minuteLimit, 'api minute-quota reach limit, try again in a minute');
  }
  if (route.daily) {
    const { bucket, limit } = route.daily(ctx);
    if (!takeDaily(ctx.state.quota, now, bucket, limit)) return wxError(WX.dailyQuota, 'reach max api daily quota limit');
  }
  ctx.changed();
  try {
    return await route.run(req, ctx);
  } catch (e) {
    if (e instanceof WxFailure) return e.response;
    throw e;
  }
}

/** True for the calls of `routes` marked as writes (token endpoints and unknown paths are not). */
export function isWechatWrite(req: SimRequest, routes: Record<string, { write: boolean }>): boolean {
  return Object.hasOwn(routes, req.path) && routes[req.path]!.write;
}
