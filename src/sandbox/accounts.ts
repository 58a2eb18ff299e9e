/**
 * One simulated platform account: its simulator, its state and the file the state persists in.
 *
 * Persistence contract: `<stateDir>/sandbox/<account>.json` holds `{ formatVersion, platform, state }`
 * (never credentials). It is read once when the account starts (absent: `initialState(seed)`), and
 * rewritten atomically (temp file + rename) at most once per debounce window after changes, and on
 * flush/close; a request never waits for a write. Separate CLI processes (a `plan`, then an `apply`)
 * therefore see one world as long as they run one after the other; two processes serving the same
 * account at the same time each keep their own copy and the last writer wins.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlatformName } from '../catalog/model.js';
import type { Simulator } from './types.js';

export interface SandboxAccount {
  /** URL prefix and file name: letters, digits, "_" and "-" (a target name). */
  name: string;
  platform: PlatformName;
  /** Verified by the simulator; never persisted or printed. */
  credentials: Record<string, string>;
  options?: Record<string, unknown>;
}

export const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const FORMAT_VERSION = 1;
export const DEFAULT_SAVE_DEBOUNCE_MS = 200;

export function accountStateFile(stateDir: string, accountName: string): string {
  return join(stateDir, 'sandbox', `${accountName}.json`);
}

export class AccountHost<S = unknown> {
  state!: S;
  private saveTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  /** Writes run one after another; this is the tail of that chain. */
  private writing: Promise<void> = Promise.resolve();
  /** Requests to one account run one after another (simulators may await inside `handle`). */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(
    readonly account: SandboxAccount,
    readonly simulator: Simulator<S>,
    readonly file: string,
    private readonly debounceMs: number = DEFAULT_SAVE_DEBOUNCE_MS,
  ) {}

  /** Loads the persisted state, or starts from `initialState(seed)`. */
  async load(seed: boolean): Promise<void> {
    let text: string | undefined;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text === undefined) {
      // Persisted right away, so the next process sees this very world (seed data may carry times).
      this.state = this.simulator.initialState(seed);
      this.changed();
      return;
    }
    let doc: { formatVersion?: unknown; platform?: unknown; state?: unknown };
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch {
      throw new Error(`sandbox state file ${this.file} is not valid JSON; delete it or run "catalog sandbox --reset"`);
    }
    if (doc.formatVersion !== FORMAT_VERSION || doc.platform !== this.account.platform || doc.state === undefined) {
      throw new Error(
        `sandbox state file ${this.file} does not hold a ${this.account.platform} account (format ${FORMAT_VERSION}); ` +
          'delete it or run "catalog sandbox --reset"',
      );
    }
    this.state = doc.state as S;
  }

  /** How long the last write took (serialising included). */
  private lastWriteMs = 0;

  /**
   * Marks the state changed; it is written within the debounce window. The window grows with the
   * cost of a write (20x the last one), so a large account spends at most ~5% of its time saving.
   */
  changed(): void {
    this.dirty = true;
    if (this.saveTimer) return;
    const delay = Math.max(this.debounceMs, 20 * this.lastWriteMs);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush().catch((e: unknown) => {
        // The state stays marked changed (see flush): the next change or flush writes it again.
        process.emitWarning(`sandbox: could not save ${this.file}: ${(e as Error).message}`);
      });
    }, delay);
  }

  /**
   * Writes the state now if it changed since the last write. A failed write rejects this call only:
   * the state stays marked changed and later writes are not held back by the failure.
   */
  flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    const write = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const started = performance.now();
      const text = JSON.stringify({ formatVersion: FORMAT_VERSION, platform: this.account.platform, state: this.state });
      try {
        await writeAtomically(this.file, text);
      } catch (e) {
        this.dirty = true;
        throw e;
      }
      this.lastWriteMs = performance.now() - started;
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  /** Runs `task` after every earlier task of this account has finished. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.serial.then(task, task);
    this.serial = run.catch(() => undefined);
    return run;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Deletes every persisted sandbox account under `stateDir` (`catalog sandbox --reset`). */
export async function resetSandboxState(stateDir: string): Promise<void> {
  await rm(join(stateDir, 'sandbox'), { recursive: true, force: true });
}
