/**
 * goofish (闲管家) request signing, as published (PLATFORMS.md):
 *   bodyMd5 = md5_hex(body bytes as sent)            ("{}" when there is no body)
 *   sign    = md5_hex(appKey + "," + bodyMd5 + "," + timestamp + "," + appSecret)
 * The timestamp is unix seconds and valid for 5 minutes, so it is computed per attempt.
 */
import { createHash } from 'node:crypto';

export function md5Hex(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

export function goofishSign(appKey: string, appSecret: string, body: string, timestamp: number): string {
  const bodyMd5 = md5Hex(body === '' ? '{}' : body);
  return md5Hex(`${appKey},${bodyMd5},${timestamp},${appSecret}`);
}
