/**
 * The `imageUrls` meta of a live object, for platforms that compare images by a content token:
 * token -> URL for the images the state knows as uploads of catalog files (`catalog import` cannot
 * write a token, so it writes the URL). Empty when there are none.
 */
import type { Json } from '../plan/types.js';

export function imageUrlsMeta(imageToken: (url: string) => string, urls: Array<string | null | undefined>): { imageUrls?: { [token: string]: Json } } {
  const known: { [token: string]: Json } = {};
  for (const url of urls) {
    if (!url) continue;
    const token = imageToken(url);
    if (token !== url) known[token] = url;
  }
  return Object.keys(known).length > 0 ? { imageUrls: known } : {};
}
