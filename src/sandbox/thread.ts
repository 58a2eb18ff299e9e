/**
 * The sandbox on a worker thread (plan/apply/import with `sandbox: true` targets). The simulated
 * platforms then run beside the CLI as real ones run on their own machines: the CLI's thread does
 * only the CLI's work, so what it measures and how fast it reads are its own.
 *
 * Contract: as `startSandbox` (server.ts) minus the in-thread core: a bad fault spec or an
 * unreadable account file rejects with the worker's message; `flush`/`close` resolve once every
 * changed account has been written. Only from compiled JavaScript: under a TypeScript runner
 * (tests) the worker module does not exist, and the server runs on this thread.
 */
import { Worker } from 'node:worker_threads';
import { startSandbox, type StartSandboxOptions } from './server.js';

/** Options a worker can receive (no clock or simulator objects: they do not cross threads). */
export type ThreadSandboxOptions = Omit<StartSandboxOptions, 'clock' | 'simulators' | 'port'>;

/** Sandbox accounts served somewhere on localhost. */
interface SandboxAccounts {
  /** The baseUrl of one account. */
  accountUrl(name: string): string;
  /** Writes every changed account's state now. */
  flush(): Promise<void>;
  /** Stops serving and flushes. */
  close(): Promise<void>;
}

export type ToWorker = { type: 'flush' | 'close'; id: number };
export type FromWorker = { type: 'ready'; url: string } | { type: 'failed'; message: string } | { type: 'done'; id: number; error?: string };

const WORKER_URL = new URL('./thread-worker.js', import.meta.url);

export async function startSandboxThread(opts: ThreadSandboxOptions): Promise<SandboxAccounts> {
  if (!import.meta.url.endsWith('.js')) return startSandbox(opts);
  const worker = new Worker(WORKER_URL, { workerData: opts });
  const pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
  let exited = false;
  const url = await new Promise<string>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') resolve(m.url);
      else if (m.type === 'failed') reject(new Error(m.message));
      else {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error === undefined) p?.resolve();
        else p?.reject(new Error(m.error));
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      exited = true;
      const gone = new Error(`sandbox worker exited with code ${code}`);
      reject(gone);
      // A worker that died cannot answer: settle what waits on it.
      for (const p of pending.values()) p.reject(gone);
      pending.clear();
    });
  });
  let nextId = 0;
  const ask = (type: ToWorker['type']) =>
    exited
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const id = ++nextId;
          pending.set(id, { resolve, reject });
          worker.postMessage({ type, id } satisfies ToWorker);
        });
  let closing: Promise<void> | undefined;
  return {
    accountUrl: (name) => `${url}/${encodeURIComponent(name)}`,
    flush: () => ask('flush'),
    close: () =>
      (closing ??= ask('close').finally(async () => {
        if (!exited) await worker.terminate();
      })),
  };
}
