/**
 * 闲管家 open API request signature (docs/platforms/goofish.md, "Facts the adapter relies on"):
 *   bodyMd5 = md5_hex(body bytes as sent), md5_hex("{}") when there is no body
 *   sign    = md5_hex(appKey + "," + bodyMd5 + "," + timestamp + "," + appSecret)
 * and for business-partner (商务对接) accounts, which also send `seller_id` in the query (the public
 * SDKs named there):
 *   sign    = md5_hex(appKey + "," + bodyMd5 + "," + timestamp + "," + seller_id + "," + appSecret)
 * Written for the simulator from the documents; the adapter has its own implementation.
 */
import { createHash } from 'node:crypto';

const EMPTY_BODY = new TextEncoder().encode('{}');

function md5Hex(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('hex');
}

export function goofishBodyMd5(body: Uint8Array): string {
  return md5Hex(body.length === 0 ? EMPTY_BODY : body);
}

export function goofishSign(appKey: string, appSecret: string, timestamp: string, body: Uint8Array, sellerId?: string): string {
  const seller = sellerId === undefined ? '' : `${sellerId},`;
  return md5Hex(`${appKey},${goofishBodyMd5(body)},${timestamp},${seller}${appSecret}`);
}
