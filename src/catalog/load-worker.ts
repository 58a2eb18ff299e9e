/**
 * Worker thread of the catalog loader: reads files taken from the shared counter (see readInParallel
 * in load-pool.ts), parsing the bytes the main thread read and hashed (never the files on disk). The
 * platforms come from the module the loader names (LoadCatalogOptions.platformsModule): functions
 * cannot be sent to a thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CatalogFileReader } from './load.js';
import { contentAt, readShared, type ReaderWorkerData } from './load-pool.js';
import type { CatalogPlatform } from './platform.js';

const { config, platformsModule, files, contents, hashes, nextFile } = workerData as ReaderWorkerData;
const { PLATFORMS } = (await import(platformsModule)) as { PLATFORMS: readonly CatalogPlatform[] };
const read = readShared(new CatalogFileReader(config, PLATFORMS), files, nextFile, (i) => contentAt(contents, i), hashes, true);
// The records' bytes move to the main thread without a copy.
parentPort!.postMessage(read, read.records.flatMap((r) => (r ? [r.buffer as ArrayBuffer] : [])));
