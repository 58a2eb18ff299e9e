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
 * Layout: JSON Lines. The first line holds the format, the fingerprint, and each catalog file's path,
 * hash and record length, in order; then one line per record (cacheRecord: UTF-8 JSON). A record is
 * decoded only when its file is looked up with the same hash, and written back as the bytes it was
 * read as: when one file of 10,000 products changes, saving no longer encodes the other records again
 * (that was 0.3 s of such a run).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/model.js';
import type { FileResult } from './file-result.js';

const FORMAT = 2;

interface CachedFile {
  hash: string;
  result: FileResult;
  /** Absolute paths of the local images the file's objects refer to. */
  images: string[];
}

/** The first line of the cache file. */
interface CacheHeader {
  format: number;
  fingerprint: string;
  /** [path relative to the catalog folder, the file's hash, its record's length in bytes], in the order of the records. */
  files: Array<[rel: string, hash: string, length: number]>;
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
 * thread that read the file (load-pool.ts), so that saving a cold load's cache joins bytes instead
 * of encoding every result on the main thread at the end; a worker thread sends it instead of the
 * result (recordResult), as a warm load reads the result from the cache file.
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
  /** Each file's record: read from the cache file (a view of its bytes), or made since for a file read. */
  private readonly files: Map<string, HeldRecord>;
  private changed = false;

  constructor(config: Config) {
    this.file = path.join(config.cacheDir, 'cache', 'catalog-files.jsonl');
    this.fingerprint = fingerprintOf(config);
    this.files = this.read();
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
    const held = this.files.get(rel);
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

  /** Keeps what `rel` gave when it was read: `record` is cacheRecord(hash, its result). */
  store(rel: string, hash: string, record: Uint8Array): void {
    this.files.set(rel, { hash, record });
    this.changed = true;
  }

  /** Writes the cache when it changed, keeping only the files still in the catalog. */
  save(present: ReadonlySet<string>): void {
    for (const rel of this.files.keys()) {
      if (!present.has(rel)) {
        this.files.delete(rel);
        this.changed = true;
      }
    }
    if (!this.changed) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeParts(tmp, encodeCacheFile(this.fingerprint, this.files));
      renameSync(tmp, this.file);
      rmSync(path.join(path.dirname(this.file), 'catalog-files.json'), { force: true }); // the cache of versions before this layout
      this.changed = false;
    } catch {
      // A read-only or full disk only costs the next run a full read.
    }
  }
}

const NEWLINE = new Uint8Array([0x0a]);

/** The cache file's parts: its header line, then each record's bytes as held, each ending its line. */
export function encodeCacheFile(fingerprint: string, files: ReadonlyMap<string, HeldRecord>): Uint8Array[] {
  const header: CacheHeader = { format: FORMAT, fingerprint, files: [...files].map(([rel, { hash, record }]) => [rel, hash, record.byteLength]) };
  return [utf8.encode(`${JSON.stringify(header)}\n`), ...[...files.values()].flatMap((f) => [f.record, NEWLINE])];
}

/** The records of a cache file for `fingerprint` (views of `bytes`); empty for another fingerprint or format. Throws when damaged. */
export function decodeCacheFile(bytes: Uint8Array, fingerprint: string): Map<string, HeldRecord> {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) throw new Error('no header');
  const header = JSON.parse(fromUtf8.decode(bytes.subarray(0, newline))) as CacheHeader;
  const files = new Map<string, HeldRecord>();
  if (header.format !== FORMAT || header.fingerprint !== fingerprint || !Array.isArray(header.files)) return files;
  let at = newline + 1;
  for (const [rel, hash, length] of header.files) {
    if (typeof rel !== 'string' || typeof hash !== 'string' || !Number.isInteger(length) || length < 0 || at + length >= bytes.byteLength) throw new Error('damaged');
    if (bytes[at + length] !== 0x0a) throw new Error('damaged');
    files.set(rel, { hash, record: bytes.subarray(at, at + length) });
    at += length + 1;
  }
  if (at !== bytes.byteLength) throw new Error('damaged');
  return files;
}

/** Writes `parts` one after the other to a new `file`, without first joining them (17 MB for 10,000 products). */
function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const part of parts) {
      for (let at = 0; at < part.byteLength; ) at += writeSync(fd, part, at);
    }
  } finally {
    closeSync(fd);
  }
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
