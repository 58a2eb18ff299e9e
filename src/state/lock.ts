/**
 * One command at a time per state folder (docs/state.md, docs/how-it-works.md "Guards"): `<stateDir>/lock`.
 *
 * Contract:
 *  - `acquireLock(dir, { command })` creates `lock` exclusively (open flag `wx`) and writes the owner as JSON
 *    `{ pid, host, command, since }`. It returns `{ lock }` on success, otherwise `{ heldBy, stale, message }`
 *    without waiting or retrying. It never takes over a lock, even a stale one.
 *  - A lock is `stale` when its owner ran on this host and that pid is no longer alive. The message then
 *    says so and tells the user to run `catalog state unlock`; owners on other hosts cannot be checked.
 *  - `lock.release()` removes the file only if it still holds this owner (someone may have force-unlocked
 *    and another command taken the lock since); calling it twice is harmless.
 *  - `forceUnlock(dir)` removes the lock whoever holds it and returns that owner (undefined if unlocked).
 *  - `readLock(dir)` returns the current owner without changing anything.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';

export const LOCK_FILE = 'lock';

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  /** ISO time the lock was taken. */
  since: string;
}

export interface Lock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): Promise<void>;
}

export interface LockRefusal {
  heldBy: LockOwner;
  /** The owner is known to be dead (same host, pid not running). */
  stale: boolean;
  /** What to tell the user, naming the owner and the way out. */
  message: string;
}

export type LockResult = { lock: Lock } | LockRefusal;

/**
 * A lock file that exists but holds no readable owner: another command has just created it and not yet
 * written it, or it crashed in between. Older than this, it is reported as stale.
 */
const UNWRITTEN_LOCK_GRACE_MS = 60_000;

export async function acquireLock(stateDir: string, opts: { command: string }): Promise<LockResult> {
  await mkdir(stateDir, { recursive: true });
  const path = join(stateDir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    command: opts.command,
    since: new Date().toISOString(),
  };
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return refusal(stateDir);
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return {
    lock: {
      path,
      owner,
      async release() {
        const current = await readLock(stateDir);
        if (current && sameOwner(current, owner)) await unlinkIfPresent(path);
      },
    },
  };
}

export async function readLock(stateDir: string): Promise<LockOwner | undefined> {
  const path = join(stateDir, LOCK_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const owner = parseOwner(text);
  if (owner) return owner;
  const since = await stat(path).then(
    (s) => s.mtime.toISOString(),
    () => new Date().toISOString(),
  );
  return { pid: 0, host: 'unknown', command: 'unknown', since };
}

export async function forceUnlock(stateDir: string): Promise<LockOwner | undefined> {
  const owner = await readLock(stateDir);
  if (owner) await unlinkIfPresent(join(stateDir, LOCK_FILE));
  return owner;
}

/** Whether the owner is known to be gone. */
export function isStale(owner: LockOwner, now: Date = new Date()): boolean {
  if (owner.pid === 0) return now.getTime() - Date.parse(owner.since) > UNWRITTEN_LOCK_GRACE_MS;
  if (owner.host !== hostname()) return false;
  return !isAlive(owner.pid);
}

async function refusal(stateDir: string): Promise<LockResult> {
  const heldBy = await readLock(stateDir);
  // Released between our open and our read: report it as held anyway; the caller may simply retry.
  const owner = heldBy ?? { pid: 0, host: 'unknown', command: 'unknown', since: new Date().toISOString() };
  const stale = heldBy !== undefined && isStale(owner);
  return { heldBy: owner, stale, message: lockHeldMessage(`state folder ${stateDir}`, owner, stale) };
}

/** What to tell the user when `what` (e.g. "state folder ./.catalog") is locked by `owner`: who, since when, the way out. */
export function lockHeldMessage(what: string, owner: LockOwner, stale: boolean): string {
  const who =
    owner.pid === 0
      ? `${what} is locked (owner not recorded, since ${owner.since})`
      : `${what} is locked by "${owner.command}" (pid ${owner.pid} on ${owner.host}, since ${owner.since})`;
  return stale
    ? `${who}, which is no longer running. Make sure no other catalog command uses this state, ` +
        'then run "catalog state unlock".'
    : `${who}. Wait for it to finish; if it is no longer running, run "catalog state unlock".`;
}

/** The owner record of a lock, or undefined when `text` is not one. */
export function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.command === 'string' &&
      typeof value.since === 'string'
    ) {
      return { pid: value.pid, host: value.host, command: value.command, since: value.since };
    }
  } catch {
    // fall through: an unwritten or damaged lock file
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.host === b.host && a.since === b.since && a.command === b.command;
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
