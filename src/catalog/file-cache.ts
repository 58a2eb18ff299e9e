/**
 * What reading each catalog file produced (entries and diagnostics), kept between runs in
 * `<cacheDir>/cache/catalog-files.jsonl`, so that a command re-reads only the files that changed
 * (parsing YAML is most of a large catalog's load time). ESLint's and Prettier's caches work alike.
 *
 * Contract: a cached result is used only when all of these are unchanged: the file's bytes (sha256),
 * the code that reads files (a digest of the modules of this folder and of the folders it reads
 * with: yaml/, schema/, diagnostics/, platforms/, and the YAML and schema libraries' versions), the
 * configuration the reader uses (folders, target names and platforms; never credentials), and every local image the file refers to still resolving to a file inside the
 * catalog folder. Anything else is a miss and the file is read again. The file holds catalog data
 * only; a missing, damaged or foreign cache file is an empty cache, and a cache that cannot be
 * written is skipped. Written atomically, only after a load without errors.
 *
 * Layout: JSON Lines. One line per record (cacheRecord: UTF-8 JSON), then a last line, the index:
 * the format, the fingerprint, and each catalog file's path, hash, and its record's offset and
 * length. The index comes last so that records are written as files are read and never all held
 * in memory (17 MB for 10,000 products; on a VM every page first touched costs). A record is
 * decoded only when its file is looked up with the same hash, and written back as the bytes it was
 * read as: when one file of 10,000 products changes, saving does not encode the other records again.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path, { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/model.js';
import type { FileResult } from './file-result.js';

const FORMAT = 3;

interface CachedFile {
  hash: string;
  result: FileResult;
  /** Absolute paths of the local images the file's objects refer to. */
  images: string[];
}

/** The last line of the cache file. */
interface CacheIndex {
  format: number;
  fingerprint: string;
  /** [path relative to the catalog folder, the file's hash, its record's offset in the cache file, the record's length in bytes]. */
  files: Array<[rel: string, hash: string, at: number, length: number]>;
}

/** A file's record and the hash of the bytes it was made from. */
export interface HeldRecord {
  hash: string;
  record: Uint8Array;
}

export function fileHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * What the cache keeps of a file just read, as UTF-8 JSON: `images` are the absolute paths of the
 * local images its objects may refer to (more is safe: each is checked again on lookup). Made by the
 * thread that read the file (load-pool.ts), so that the cache writes bytes instead of encoding
 * every result on the main thread; a worker thread sends it instead of the result (recordResult),
 * as a warm load reads the result from the cache file.
 *
 * The same bytes as encoding JSON.stringify({ hash, result, images }) at once, but each entry is
 * stringified on its own and encoded into one growing buffer: V8 builds a large JSON text that holds
 * Chinese as a rope of two-byte parts, and flattening it to encode it cost more than the stringify
 * itself (10,000 products: 0.27 s at once, 0.11 s by entry; docs/benchmarks.md).
 */
export function cacheRecord(hash: string, result: FileResult, images: string[]): Uint8Array {
  const out = new Utf8Writer();
  out.write(`{"hash":${JSON.stringify(hash)},"result":{"entries":[`);
  result.entries.forEach((entry, i) => {
    if (i > 0) out.write(',');
    out.write(JSON.stringify(entry));
  });
  out.write(`],"diagnostics":${JSON.stringify(result.diagnostics)}},"images":${JSON.stringify(images)}}`);
  return out.bytes();
}

/** Room for the record being encoded, kept between records (they are made one at a time). */
let scratch = new Uint8Array(1 << 20);

/** Writes texts as UTF-8 into `scratch`, growing it as needed. */
class Utf8Writer {
  private at = 0;

  write(text: string): void {
    const room = this.at + text.length * 3; // a UTF-16 unit takes at most 3 bytes of UTF-8
    if (room > scratch.byteLength) {
      const grown = new Uint8Array(Math.max(room, scratch.byteLength * 2));
      grown.set(scratch.subarray(0, this.at));
      scratch = grown;
    }
    this.at += utf8.encodeInto(text, scratch.subarray(this.at)).written;
  }

  /** What was written, in a buffer of its own (records are transferred between threads). */
  bytes(): Uint8Array {
    return scratch.slice(0, this.at);
  }
}

/** The result in a cacheRecord. */
export function recordResult(record: Uint8Array): FileResult {
  return (JSON.parse(fromUtf8.decode(record)) as CachedFile).result;
}

export class CatalogFileCache {
  private readonly file: string;
  private readonly fingerprint: string;
  /** The records read from the cache file (views of its bytes), by path: those not yet replaced. */
  private readonly held: Map<string, HeldRecord>;
  /** The cache file being written, from the first record stored (see store). */
  private out: CacheFileWriter | undefined;
  /** The new file cannot be written: nothing more is tried (a read-only or full disk). */
  private broken = false;
  private changed = false;

  constructor(config: Config) {
    this.file = path.join(config.cacheDir, 'cache', 'catalog-files.jsonl');
    this.fingerprint = fingerprintOf(config);
    this.held = this.read();
  }

  private read(): Map<string, HeldRecord> {
    try {
      return decodeCacheFile(readFileSync(this.file), this.fingerprint);
    } catch {
      return new Map(); // absent or damaged: start empty
    }
  }

  /** The cached result of `rel` when its bytes and images are as they were; `imageOk(abs)` re-checks an image. */
  lookup(rel: string, hash: string, imageOk: (abs: string) => boolean): FileResult | undefined {
    const held = this.held.get(rel);
    if (!held || held.hash !== hash) return undefined;
    let hit: CachedFile;
    try {
      hit = JSON.parse(fromUtf8.decode(held.record)) as CachedFile;
    } catch {
      return undefined; // a damaged record: the file is read again
    }
    if (hit.hash !== hash || !Array.isArray(hit.images) || !hit.images.every(imageOk)) return undefined;
    return hit.result;
  }

  /**
   * Keeps what `rel` gave when it was read (`record` is cacheRecord(hash, its result)): written to the
   * new cache file at once, not held. The file takes the cache's place at save, or goes at discard.
   */
  store(rel: string, hash: string, record: Uint8Array): void {
    this.held.delete(rel);
    this.changed = true;
    this.write(rel, hash, record);
  }

  private write(rel: string, hash: string, record: Uint8Array): void {
    if (this.broken) return;
    try {
      // Named for this process and this cache: loads may overlap in one process (one awaits threads).
      this.out ??= new CacheFileWriter(`${this.file}.${process.pid}.${++writers}.tmp`);
      this.out.add(rel, hash, record);
    } catch {
      this.broken = true; // a read-only or full disk only costs the next run a full read
      this.discard();
    }
  }

  /** Writes the cache when it changed, keeping only the files still in the catalog. */
  save(present: ReadonlySet<string>): void {
    for (const rel of this.held.keys()) {
      if (!present.has(rel)) {
        this.held.delete(rel);
        this.changed = true;
      }
    }
    if (!this.changed) return;
    for (const [rel, { hash, record }] of this.held) this.write(rel, hash, record);
    this.held.clear();
    if (this.broken || !this.out) return;
    try {
      const tmp = this.out.finish(this.fingerprint);
      this.out = undefined;
      renameSync(tmp, this.file);
      removeStaleFiles(path.dirname(this.file));
      this.changed = false;
    } catch {
      this.discard();
    }
  }

  /** Drops the new cache file (a load with errors is not cached); the old one stays. */
  discard(): void {
    const out = this.out;
    this.out = undefined;
    if (out) out.abandon();
  }
}

/** Cache files begun by this process (they are named by it). */
let writers = 0;

const NEWLINE = new Uint8Array([0x0a]);

/** Lays out a cache file's lines (see the layout above), handing each part to `put` in order. */
class CacheLines {
  private at = 0;
  private readonly index: CacheIndex['files'] = [];

  constructor(private readonly put: (bytes: Uint8Array) => void) {}

  add(rel: string, hash: string, record: Uint8Array): void {
    this.index.push([rel, hash, this.at, record.byteLength]);
    this.emit(record);
    this.emit(NEWLINE);
  }

  /** The index line, last. */
  finish(fingerprint: string): void {
    this.emit(utf8.encode(`${JSON.stringify({ format: FORMAT, fingerprint, files: this.index } satisfies CacheIndex)}\n`));
  }

  private emit(bytes: Uint8Array): void {
    this.put(bytes);
    this.at += bytes.byteLength;
  }
}

/** Writes a cache file as its lines come; finish() adds the index and closes it. */
class CacheFileWriter {
  private readonly fd: number;
  private readonly lines = new CacheLines((bytes) => {
    for (let done = 0; done < bytes.byteLength; ) done += writeSync(this.fd, bytes, done);
  });

  /** The first folder this writer had to create for the file, if any (abandon removes what it made). */
  private readonly madeDir: string | undefined;

  constructor(readonly file: string) {
    this.madeDir = mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, 'w');
  }

  add(rel: string, hash: string, record: Uint8Array): void {
    this.lines.add(rel, hash, record);
  }

  /** Writes the index line and closes the file; returns its path. */
  finish(fingerprint: string): string {
    this.lines.finish(fingerprint);
    closeSync(this.fd);
    return this.file;
  }

  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.file, { force: true });
    // A load with errors leaves no trace: the folders made for the file go too, when nothing else is in them.
    if (this.madeDir === undefined) return;
    for (let dir = dirname(this.file); ; dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return; // not empty (or gone): stop
      }
      if (dir === this.madeDir) return;
    }
  }
}

/**
 * Removes what earlier versions and interrupted runs left beside the cache file: the JSON cache of
 * versions before layout 2, and the unfinished files of processes that no longer run.
 */
function removeStaleFiles(dir: string): void {
  rmSync(path.join(dir, 'catalog-files.json'), { force: true });
  for (const name of readdirSync(dir)) {
    const pid = /^catalog-files\.jsonl\.(\d+)\.\d+\.tmp$/.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !processRuns(Number(pid))) rmSync(path.join(dir, name), { force: true });
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
  }
}

/** A whole cache file's parts, for records held in memory (the same layout as the file written while reading). */
export function encodeCacheFile(fingerprint: string, files: ReadonlyMap<string, HeldRecord>): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const lines = new CacheLines((bytes) => parts.push(bytes));
  for (const [rel, { hash, record }] of files) lines.add(rel, hash, record);
  lines.finish(fingerprint);
  return parts;
}

/** The records of a cache file for `fingerprint` (views of `bytes`); empty for another fingerprint or format. Throws when damaged. */
export function decodeCacheFile(bytes: Uint8Array, fingerprint: string): Map<string, HeldRecord> {
  if (bytes.byteLength === 0 || bytes[bytes.byteLength - 1] !== 0x0a) throw new Error('cut short');
  const indexStart = bytes.lastIndexOf(0x0a, bytes.byteLength - 2) + 1;
  const index = JSON.parse(fromUtf8.decode(bytes.subarray(indexStart, bytes.byteLength - 1))) as CacheIndex;
  const files = new Map<string, HeldRecord>();
  if (index.format !== FORMAT || index.fingerprint !== fingerprint || !Array.isArray(index.files)) return files;
  for (const [rel, hash, at, length] of index.files) {
    if (typeof rel !== 'string' || typeof hash !== 'string' || !Number.isInteger(at) || !Number.isInteger(length) || at < 0 || length < 0 || at + length >= indexStart) throw new Error('damaged');
    if (bytes[at + length] !== 0x0a) throw new Error('damaged');
    files.set(rel, { hash, record: bytes.subarray(at, at + length) });
  }
  return files;
}

let codeDigest: string | undefined;

/** Folders next to this one whose modules read catalog files too (YAML readers, schema issues, diagnostics, each platform's blocks and rules). */
const READER_FOLDERS = ['yaml', 'schema', 'diagnostics', 'platforms'];

/**
 * The reader's code: the modules (source, compiled or bundled) of this module's folder and of the
 * READER_FOLDERS beside it, and the libraries it parses with. In the bundled CLI this module's
 * folder is the bundle's (dist/bundle/: every module of the tool) and READER_FOLDERS are absent.
 */
function readerCodeDigest(): string {
  if (codeDigest !== undefined) return codeDigest;
  const h = createHash('sha256');
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) h.update(e.name).update(readFileSync(p));
    }
  };
  walk(dir);
  for (const folder of READER_FOLDERS) {
    h.update(`/${folder}/`);
    walk(path.join(dir, '..', folder));
  }
  const require = createRequire(import.meta.url);
  for (const lib of ['yaml', 'zod']) {
    try {
      h.update(`${lib}@${(require(`${lib}/package.json`) as { version: string }).version}`);
    } catch {
      h.update(`${lib}@?`);
    }
  }
  codeDigest = h.digest('hex');
  return codeDigest;
}

function fingerprintOf(config: Config): string {
  const used = {
    dir: config.dir,
    catalogDir: config.catalogDir,
    targets: config.targets.map((t) => [t.name, t.platform]),
  };
  return createHash('sha256').update(readerCodeDigest()).update(JSON.stringify(used)).digest('hex');
}
