/**
 * Worker thread of the catalog loader: reads files taken from the shared counter (see readInParallel
 * in load-pool.ts), parsing the bytes the main thread read and hashed (never the files on disk).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CatalogFileReader } from './load.js';
import { contentAt, readShared, type ReaderWorkerData } from './load-pool.js';

const { config, files, contents, hashes, nextFile } = workerData as ReaderWorkerData;
const read = readShared(new CatalogFileReader(config), files, nextFile, (i) => contentAt(contents, i), hashes, true);
// The records' bytes move to the main thread without a copy.
parentPort!.postMessage(read, read.records.flatMap((r) => (r ? [r.buffer as ArrayBuffer] : [])));
