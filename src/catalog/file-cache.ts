/**
 * What reading each catalog file produced (entries and diagnostics), kept between runs in
 * `<cacheDir>/cache/catalog-files.json`, so that a command re-reads only the files that changed
 * (parsing YAML is most of a large catalog's load time). ESLint's and Prettier's caches work alike.
 *
 * Contract: a cached result is used only when all of these are unchanged: the file's bytes (sha256),
 * the code that reads files (a digest of the modules of this folder and of the folders it reads
 * with: yaml/, schema/, diagnostics/, platforms/, and the YAML and schema libraries' versions), the
 * configuration the reader uses (folders, target names and platforms; never credentials), and every local image the file refers to still resolving to a file inside the
 * catalog folder. Anything else is a miss and the file is read again. The file holds catalog data
 * only; a missing, damaged or foreign cache file is an empty cache, and a cache that cannot be
 * written is skipped. Written atomically, only after a load without errors.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/model.js';
import type { FileResult } from './file-result.js';

const FORMAT = 1;

interface CachedFile {
  hash: string;
  result: FileResult;
  /** Absolute paths of the local images the file's objects refer to. */
  images: string[];
}

interface CacheDoc {
  format: number;
  fingerprint: string;
  files: Record<string, CachedFile>;
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
 */
export function cacheRecord(hash: string, result: FileResult, images: string[]): Uint8Array {
  return utf8.encode(JSON.stringify({ hash, result, images } satisfies CachedFile));
}

/** The result in a cacheRecord. */
export function recordResult(record: Uint8Array): FileResult {
  return (JSON.parse(fromUtf8.decode(record)) as CachedFile).result;
}

export class CatalogFileCache {
  private readonly file: string;
  private readonly fingerprint: string;
  /** Records read from the cache file, and (as bytes, see cacheRecord) the files read since. */
  private readonly files: Map<string, CachedFile | Uint8Array>;
  private changed = false;

  constructor(config: Config) {
    this.file = path.join(config.cacheDir, 'cache', 'catalog-files.json');
    this.fingerprint = fingerprintOf(config);
    this.files = this.read();
  }

  private read(): Map<string, CachedFile | Uint8Array> {
    try {
      const doc = JSON.parse(readFileSync(this.file, 'utf8')) as CacheDoc;
      if (doc.format === FORMAT && doc.fingerprint === this.fingerprint && doc.files && typeof doc.files === 'object') return new Map(Object.entries(doc.files));
    } catch {
      // absent or damaged: start empty
    }
    return new Map();
  }

  /** The cached result of `rel` when its bytes and images are as they were; `imageOk(abs)` re-checks an image. */
  lookup(rel: string, hash: string, imageOk: (abs: string) => boolean): FileResult | undefined {
    const hit = this.files.get(rel);
    if (!hit || hit instanceof Uint8Array || hit.hash !== hash || !hit.images.every(imageOk)) return undefined;
    return hit.result;
  }

  /** Keeps what `rel` gave when it was read: `record` is cacheRecord(its hash, its result). */
  store(rel: string, record: Uint8Array): void {
    this.files.set(rel, record);
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
    // The CacheDoc as JSON, from the records' bytes.
    const parts: Uint8Array[] = [utf8.encode(`{"format":${FORMAT},"fingerprint":${JSON.stringify(this.fingerprint)},"files":{`)];
    let separator = '';
    for (const [rel, record] of this.files) {
      parts.push(utf8.encode(`${separator}${JSON.stringify(rel)}:`), record instanceof Uint8Array ? record : utf8.encode(JSON.stringify(record)));
      separator = ',';
    }
    parts.push(utf8.encode('}}'));
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeParts(tmp, parts);
      renameSync(tmp, this.file);
      this.changed = false;
    } catch {
      // A read-only or full disk only costs the next run a full read.
    }
  }
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
