/**
 * goofish (闲管家) request signing, as published and, for business-partner accounts (商务对接), as the
 * public SDKs do it (docs/platforms/goofish.md, "Facts the adapter relies on": signing):
 *   bodyMd5 = md5_hex(body bytes as sent)            ("{}" when there is no body)
 *   sign    = md5_hex(appKey + "," + bodyMd5 + "," + timestamp + "," + appSecret)
 *   sign    = md5_hex(appKey + "," + bodyMd5 + "," + timestamp + "," + seller_id + "," + appSecret)   (with a seller id)
 * A signed seller id also goes in the query as `seller_id`. The timestamp is unix seconds and valid
 * for 5 minutes, so it is computed per attempt.
 */
import { createHash } from 'node:crypto';

export function md5Hex(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

export function goofishSign(appKey: string, appSecret: string, body: string, timestamp: number, sellerId?: string): string {
  const bodyMd5 = md5Hex(body === '' ? '{}' : body);
  const parts = sellerId === undefined ? [appKey, bodyMd5, timestamp, appSecret] : [appKey, bodyMd5, timestamp, sellerId, appSecret];
  return md5Hex(parts.join(','));
}
