/**
 * The few file operations the state store needs, behind an interface so tests can count fsyncs and
 * inject failures. `nodeStateFs` is the real implementation on node:fs/promises.
 *
 * Contract: `StateFile.write` appends/writes the whole string or throws; `StateFile.sync` returns once the
 * written data is on stable storage (fdatasync); `syncDir` makes a rename in that folder durable.
 */
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';

export interface StateFile {
  write(data: string): Promise<void>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface StateFs {
  /** Creates the folder and its parents if missing. */
  mkdir(dir: string): Promise<void>;
  /** The file's text, or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** 'a': append, creating if missing. 'w': create or truncate. */
  open(path: string, flags: 'a' | 'w'): Promise<StateFile>;
  rename(from: string, to: string): Promise<void>;
  syncDir(dir: string): Promise<void>;
}

export const nodeStateFs: StateFs = {
  async mkdir(dir) {
    await mkdir(dir, { recursive: true });
  },
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  async open(path, flags) {
    const handle = await open(path, flags);
    return {
      write: (data) => handle.appendFile(data, 'utf8'),
      sync: () => handle.datasync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
  rename: (from, to) => rename(from, to),
  async syncDir(dir) {
    const handle = await open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};
