/**
 * The catalog digest: saved plans are checked against it (a plan made from other files is stale).
 * It covers every file's path and bytes (by hash; a file over the size limit by its size).
 */
import { createHash } from 'node:crypto';

/** `rels[i]`: file i's path relative to the catalog folder; `hashes[i]`: its content hash, or undefined when it was not read (`contents[i]` is then its size). */
export function catalogDigest(rels: readonly string[], hashes: ReadonlyArray<string | undefined>, contents: ReadonlyArray<Uint8Array | number>): string {
  const digest = createHash('sha256');
  rels.forEach((rel, i) => digest.update(rel).update('\u0000').update(hashes[i] ?? `size:${String(contents[i])}`).update('\u0000'));
  return digest.digest('hex');
}
