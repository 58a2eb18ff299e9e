/** Worker thread of startSandboxThread (thread.ts): serves the sandbox until told to close. */
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox } from './server.js';
import type { FromWorker, ThreadSandboxOptions, ToWorker } from './thread.js';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

startSandbox(workerData as ThreadSandboxOptions).then(
  (running) => {
    port.on('message', (m: ToWorker) => {
      const done = m.type === 'close' ? running.close() : running.flush();
      done.then(
        () => post({ type: 'done', id: m.id }),
        (e: unknown) => post({ type: 'done', id: m.id, error: e instanceof Error ? e.message : String(e) }),
      );
    });
    post({ type: 'ready', url: running.url });
  },
  (e: unknown) => post({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
);
