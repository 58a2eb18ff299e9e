/**
 * Downloading an image by URL (a cover given as a URL, an uploaded image re-associated by content
 * in `catalog state rebuild`). Not sent through the transport (another host, no signing), so it gets
 * a time limit of its own: the one the transport gives a platform call, covering the body too. A
 * server that never answers must not hang a command.
 */
import { DEFAULT_TIMEOUT_MS } from '../http/index.js';

type DownloadResult = { bytes: Uint8Array } | { failed: string; detail: string };

export async function downloadBytes(fetchImpl: typeof fetch, url: string): Promise<DownloadResult> {
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS) });
    if (!res.ok) return { failed: `HTTP ${res.status}`, detail: '' };
    return { bytes: new Uint8Array(await res.arrayBuffer()) };
  } catch (e) {
    const name = typeof e === 'object' && e !== null ? (e as { name?: unknown }).name : undefined;
    if (name === 'TimeoutError') return { failed: 'timeout', detail: ` (no complete answer within ${DEFAULT_TIMEOUT_MS} ms)` };
    // fetch rejects with a TypeError for network failures (DNS, refused, reset); its cause says which.
    if (e instanceof TypeError) return { failed: 'network error', detail: ` (${String((e.cause as { code?: unknown } | undefined)?.code ?? e.message)})` };
    throw e;
  }
}

