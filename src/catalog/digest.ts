/**
 * The catalog digest: saved plans are checked against it (a plan made from other files is stale).
 * It covers every file's path and bytes (by hash; a file over the size limit by its size).
 */
import { createHash } from 'node:crypto';

/** `rels[i]`: file i's path relative to the catalog folder; `hashes[i]`: its content hash, or undefined when it was not read (over the size limit: `sizes[i]` is then its size). */
export function catalogDigest(rels: readonly string[], hashes: ReadonlyArray<string | undefined>, sizes: readonly number[]): string {
  const digest = createHash('sha256');
  rels.forEach((rel, i) => digest.update(rel).update('\u0000').update(hashes[i] ?? `size:${String(sizes[i])}`).update('\u0000'));
  return digest.digest('hex');
}
