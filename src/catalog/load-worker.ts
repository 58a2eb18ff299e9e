/**
 * Worker thread of the catalog loader: reads files taken from the shared counter (see readInParallel
 * in load.ts), parsing the bytes the main thread read and hashed (never the files on disk). The
 * platforms come from the module the loader names (LoadCatalogOptions.platformsModule): functions
 * cannot be sent to a thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CatalogFileReader, contentAt, readShared, type ReaderWorkerData } from './load.js';
import type { CatalogPlatform } from './platform.js';

const { config, platformsModule, files, contents, nextFile } = workerData as ReaderWorkerData;
const { PLATFORMS } = (await import(platformsModule)) as { PLATFORMS: readonly CatalogPlatform[] };
parentPort!.postMessage(readShared(new CatalogFileReader(config, PLATFORMS), files, nextFile, (i) => contentAt(contents, i)));
