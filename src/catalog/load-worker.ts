/** Worker thread of the catalog loader: reads its share of the files (see readInWorkers in load.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/model.js';
import { CatalogFileReader } from './load.js';

const { config, files } = workerData as { config: Config; files: string[] };
const reader = new CatalogFileReader(config);
parentPort!.postMessage(files.map((abs) => reader.readFile(abs)));
