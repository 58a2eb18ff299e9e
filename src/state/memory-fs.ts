/**
 * A `StateFs` held in memory: what a command that does not hold a remote backend's lock (plan, state
 * list/show) opens. It reads the remote's files as they were when loaded; whatever the store writes
 * (a checkpoint on close, identities a plan records) stays in this process and is dropped: only the
 * lock holder writes to a remote backend.
 *
 * Files are keyed by their full path; `rename` moves the content, `truncate` cuts it.
 */
import type { StateFile, StateFs } from './fs.js';

export function memoryStateFs(initial: Record<string, string> = {}): StateFs & { files: Map<string, string> } {
  const files = new Map(Object.entries(initial));
  return {
    files,
    async mkdir() {},
    async readText(path) {
      return files.get(path);
    },
    async open(path, flags): Promise<StateFile> {
      if (flags === 'w' || !files.has(path)) files.set(path, '');
      return {
        async write(data) {
          files.set(path, (files.get(path) ?? '') + data);
        },
        async sync() {},
        async truncate(length) {
          files.set(path, Buffer.from(files.get(path) ?? '', 'utf8').subarray(0, length).toString('utf8'));
        },
        async close() {},
      };
    },
    async rename(from, to) {
      files.set(to, files.get(from) ?? '');
      files.delete(from);
    },
    async syncDir() {},
  };
}
