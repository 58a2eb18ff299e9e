/** Worker thread of the catalog loader: reads files taken from the shared counter (see readInParallel in load.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { CatalogFileReader, readShared, type ReaderWorkerData } from './load.js';

const { config, files, nextFile } = workerData as ReaderWorkerData;
parentPort!.postMessage(readShared(new CatalogFileReader(config), files, nextFile));
