/**
 * Parsing YAML is most of the work; large catalogs are read in parallel (this thread plus worker
 * threads: one thread per core, at most 4). Only from compiled JavaScript: under a TypeScript
 * runner the worker module does not exist.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/model.js';
import { cacheRecord, recordResult } from './file-cache.js';
import type { FileResult } from './file-result.js';

/** Reads one catalog file: `data` is its bytes, or its size when it is over the limit (see load.ts). */
export interface FileReader {
  readFile(abs: string, data: Uint8Array | number): FileResult;
  /** Absolute paths of the local images the objects of the file read last may refer to (for its cache record). */
  localImages(): string[];
}

/**
 * Receives the file-cache record (file-cache.ts, made by the thread that read the file) of the
 * file at `index` in the list read, for each file that has a hash (a file over the size limit has
 * none and is not cached); as soon as it is made when this thread read the file.
 */
export type KeepRecord = (index: number, record: Uint8Array) => void;

/**
 * The catalog size from which reading on threads beats reading on this one, by core count. A worker
 * costs ~0.3 s of CPU to start (it loads the reader's code), has a heap of its own, and its results
 * must be sent back; with two cores it also slows this thread down, as both compete with the garbage
 * collectors' helper threads. Measured on a 2-core VM (docs/benchmarks.md, cold validate,
 * 2026-12-07): one thread wins at 8.8 MB (10,000 products: 1.45-1.56 s vs 1.81-1.88 s), they are
 * even at 43 MB (50,000 products: 5.0-7.1 s vs 5.2-7.1 s, 265 vs 420 MB). With more cores the
 * workers have cores of their own; that threshold is the earlier one, not measured here.
 */
export function parallelMinBytes(cores: number): number {
  return cores <= 2 ? 48 * 1024 * 1024 : 2 * 1024 * 1024;
}

/**
 * How many threads (this one included) read `fileCount` files of `bytes` in all on `cores` cores:
 * one per core, at most 4, from parallelMinBytes; `forced` (CATALOG_WORKERS=N) sets it (0 or 1: this one only).
 */
export function readerThreads(fileCount: number, bytes: number, cores: number, forced?: string): number {
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.max(1, Math.min(Number(forced), fileCount));
  if (bytes < parallelMinBytes(cores) || fileCount < 2) return 1;
  return Math.max(1, Math.min(4, cores, fileCount));
}

const WORKER_URL = new URL('./load-worker.js', import.meta.url);

/** Reader threads for `fileCount` files of these sizes in bytes (readerThreads on this machine); only from compiled JavaScript (see the header). */
export function workerCount(fileCount: number, sizes: readonly number[]): number {
  if (!import.meta.url.endsWith('.js')) return 1;
  const bytes = sizes.reduce((n, size) => n + size, 0);
  return readerThreads(fileCount, bytes, availableParallelism(), process.env.CATALOG_WORKERS);
}

/**
 * Reads the files on this thread (with `reader`) and `count - 1` worker threads (load-worker.ts,
 * each with a reader of its own for `config` and the platforms `platformsModule` exports). Each thread takes the next unread
 * file from a shared counter until none is left, so the threads finish together however fast each
 * one is (the workers start late: they load their modules first, while this thread already reads).
 * Results are put back in file order, so the outcome does not depend on who read what.
 *
 * Workers parse the bytes this thread already read and hashed, never the files on disk again: a
 * file changed in between would otherwise be parsed in one version and cached (file-cache.ts) under
 * the hash of another.
 */
export async function readInParallel(
  config: Config,
  platformsModule: string,
  reader: FileReader,
  files: string[],
  contents: ReadonlyArray<Uint8Array | number>,
  hashes: ReadonlyArray<string | undefined>,
  count: number,
  keep: KeepRecord,
): Promise<FileResult[]> {
  const nextFile = new Int32Array(new SharedArrayBuffer(4));
  const shared = shareContents(contents);
  const inWorkers = Array.from(
    { length: count - 1 },
    () =>
      new Promise<ReadResults>((resolve, reject) => {
        // A worker sends each file's cache record instead of its result (see readShared): main reads the result from it.
        const worker = new Worker(WORKER_URL, { workerData: { config, platformsModule, files, contents: shared, hashes, nextFile } satisfies ReaderWorkerData });
        worker.once('message', (results: ReadResults) => {
          resolve(results);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`catalog reader worker exited with code ${code}`));
        });
      }),
  );
  const here = readShared(reader, files, nextFile, (i) => contents[i]!, hashes);
  const results = new Array<FileResult>(files.length);
  for (const part of [here, ...(await Promise.all(inWorkers))]) {
    part.indexes.forEach((fileIndex, j) => {
      const record = part.records[j];
      results[fileIndex] = part.results[j] ?? recordResult(record!);
      if (record) keep(fileIndex, record);
    });
  }
  return results;
}

/** Reads every file on this thread, in order; each record goes to `keep` as soon as it is made. */
export function readHere(reader: FileReader, files: string[], contents: ReadonlyArray<Uint8Array | number>, hashes: ReadonlyArray<string | undefined>, keep: KeepRecord): FileResult[] {
  return files.map((abs, i) => {
    const result = reader.readFile(abs, contents[i]!);
    const hash = hashes[i];
    if (hash !== undefined) keep(i, cacheRecord(hash, result, reader.localImages()));
    return result;
  });
}

/** What a worker thread of the loader is given (see load-worker.ts). */
export interface ReaderWorkerData {
  config: Config;
  /** The module whose export `PLATFORMS` lists the platforms (LoadCatalogOptions.platformsModule in load.ts). */
  platformsModule: string;
  files: string[];
  /** The files' contents as read by the main thread (see contentAt). */
  contents: SharedContents;
  /** The files' hashes (for their cache records), undefined for a file over the size limit. */
  hashes: ReadonlyArray<string | undefined>;
  /** Index of the next file nobody has taken yet, shared by all reading threads. */
  nextFile: Int32Array;
}

/**
 * Files' contents in one SharedArrayBuffer, so every worker sees them without a copy of its own:
 * `slices[i]` is file i's [start, end) in `bytes`, or its size when it is over the limit (not read).
 */
export interface SharedContents {
  bytes: Uint8Array;
  slices: Array<[start: number, end: number] | number>;
}

export function shareContents(contents: ReadonlyArray<Uint8Array | number>): SharedContents {
  const total = contents.reduce<number>((n, c) => n + (typeof c === 'number' ? 0 : c.byteLength), 0);
  const bytes = new Uint8Array(new SharedArrayBuffer(total));
  let at = 0;
  const slices = contents.map((c): [number, number] | number => {
    if (typeof c === 'number') return c;
    bytes.set(c, at);
    at += c.byteLength;
    return [at - c.byteLength, at];
  });
  return { bytes, slices };
}

/** File i's bytes (a view, not a copy) or its size when over the limit. */
export function contentAt(shared: SharedContents, i: number): Uint8Array | number {
  const slice = shared.slices[i]!;
  return typeof slice === 'number' ? slice : shared.bytes.subarray(slice[0], slice[1]);
}

/**
 * The files one thread read (indexes into the file list), their results and cache records, in the
 * same order. With `sendRecords`, a file that has a record has no result here (undefined): the
 * record holds it, and sending its bytes to the main thread costs far less than a structured clone.
 */
export interface ReadResults {
  indexes: number[];
  results: Array<FileResult | undefined>;
  records: Array<Uint8Array | undefined>;
}

/** Reads files taken from the shared counter until none is left. `contents(i)`: file i's bytes, or its size when over the limit. */
export function readShared(
  reader: FileReader,
  files: readonly string[],
  nextFile: Int32Array,
  contents: (i: number) => Uint8Array | number,
  hashes: ReadonlyArray<string | undefined>,
  sendRecords = false,
): ReadResults {
  const taken: ReadResults = { indexes: [], results: [], records: [] };
  for (let i = Atomics.add(nextFile, 0, 1); i < files.length; i = Atomics.add(nextFile, 0, 1)) {
    const result = reader.readFile(files[i]!, contents(i));
    const hash = hashes[i];
    const record = hash === undefined ? undefined : cacheRecord(hash, result, reader.localImages());
    taken.indexes.push(i);
    taken.results.push(sendRecords && record ? undefined : result);
    taken.records.push(record);
  }
  return taken;
}
