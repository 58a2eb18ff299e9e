/**
 * The catalog loader: every *.yaml / *.yml under the catalog folder -> the normalised Catalog, or
 * diagnostics for every mistake found, all at once (DESIGN.md section 3).
 *
 * One pass over the files (parse, schema, money read from the source text), then one pass over the
 * objects (duplicates, references, SKU rules, defaults, target projection), then the platform rules
 * once per object and platform. Lookups are maps and caches, so the work grows linearly with the
 * catalog. A file whose bytes did not change since the last load is not read again (file-cache.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { z } from 'zod';
import type { Config, TargetConfig } from '../config/model.js';
import { error, hasErrors, warning, sortDiagnostics, type Diagnostic, type SourcePos } from '../diagnostics/diagnostics.js';
import {
  documentSchemas,
  KEY_PATTERN,
  KINDS,
  type CatalogDoc,
  type GroupDoc,
  type Kind,
  type PlatformName,
  type ProductDoc,
  type ShelfDoc,
  type ShippingTemplateDoc,
} from './model.js';
import type { BlockContext, BlockKind, CatalogPlatform } from './platform.js';
import { parseMoney, type MoneyErrorCode } from './money.js';
import { CatalogFileCache, fileHash } from './file-cache.js';
import { mergeOverride, overrideTargetNames, remapDoc } from './overrides.js';
import { repairValue, Taint } from './repair.js';
import { formatPath, isRecord, moneyPaths, validateWithSchema, valueAt, type InvalidValue } from './schema-issues.js';
import { suggestHint } from '../diagnostics/suggest.js';
import type {
  Catalog,
  CatalogObject,
  FeeRule,
  Group,
  ImageRef,
  Product,
  Shelf,
  ShippingTemplate,
  Sku,
} from './types.js';
import { decodeYamlBytes, fileTooLarge, MAX_FILE_BYTES, readYamlText, type Path, type YamlDoc } from '../yaml/yaml-source.js';

export interface LoadCatalogResult {
  /** Present only when there are no error diagnostics. */
  catalog?: Catalog;
  diagnostics: Diagnostic[];
  /** Number of catalog files read (for summaries). */
  fileCount: number;
}

/**
 * The platforms the catalog is read for (the CLI passes the registry's list, src/platforms/registry.ts).
 * Worker threads cannot be handed functions: they import `platformsModule`, an ES module whose
 * export `PLATFORMS` is the same list. Without it, the catalog is read on this thread only.
 */
export interface LoadCatalogOptions {
  platforms: readonly CatalogPlatform[];
  platformsModule?: string;
}

const KIND_NAMES: Record<Kind, string> = {
  Product: 'product',
  Group: 'group',
  ShippingTemplate: 'shipping template',
  Shelf: 'shelf',
};

const MONEY_HINTS: Record<MoneyErrorCode, string> = {
  'money.precision': 'money has at most 2 decimals (fen); round the amount, e.g. 19.99',
  'money.invalid': 'write the amount in yuan as plain digits, e.g. 1000 or 19.90',
  'money.range': 'write an amount of 0 or more that fits in fen',
};

const YAML_FILE = /\.ya?ml$/i;

/**
 * One document while its YAML tree is in memory: everything that needs positions inside the
 * document is checked then, so the tree can be dropped before the next file is read.
 */
interface DocContext {
  doc: YamlDoc;
  /** The document as written: validated, or repaired where the schema refused it (repair.ts). */
  written: CatalogDoc;
  /** Money values in fen by path (see pathKey). */
  fen: Map<string, number>;
  moneyOk: boolean;
  refs: Reference[];
  /** The values the schema refused and the money that could not be read: checks skip them (repair.ts). */
  taint: Taint;
}

/** A reference to another object, checked once every file is read. */
export interface Reference {
  kind: 'Group' | 'ShippingTemplate';
  key: string;
  pos: SourcePos;
  /** The targets of the referring object that use this reference (per-target overrides); default: all of them. */
  targets?: string[];
}

/** What is kept of one document after its file is processed. */
export interface Entry {
  kind: Kind;
  /** The key when it is a valid key (also for documents with other errors, for duplicate and reference checks). */
  key?: string;
  keyPos: SourcePos;
  /**
   * The normalised object, also from a repaired document (then only for the checks: a load with
   * errors gives no Catalog).
   */
  object?: CatalogObject;
  refs: Reference[];
  /** The object's `targets` had a mistake: where it goes is not known, so target checks skip it. */
  targetsUnknown?: true;
}

export interface FileResult {
  entries: Entry[];
  diagnostics: Diagnostic[];
}

/** A file's bytes, or its size when it is over the limit (it is then not read). */
function readCatalogFile(abs: string): Uint8Array | number {
  const size = statSync(abs).size;
  return size > MAX_FILE_BYTES ? size : readFileSync(abs);
}

/**
 * Parsing YAML is most of the work; large catalogs are read in parallel (this thread plus worker
 * threads: one thread per core, at most 4). Only from compiled JavaScript: under a TypeScript
 * runner the worker module does not exist.
 */
const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
const WORKER_URL = new URL('./load-worker.js', import.meta.url);

/** CATALOG_WORKERS=N sets the number of reader threads (0 or 1: read in-process). */
function workerCount(files: readonly string[], contents: ReadonlyArray<Uint8Array | number>, options: LoadCatalogOptions): number {
  if (!import.meta.url.endsWith('.js') || options.platformsModule === undefined) return 1;
  const forced = process.env.CATALOG_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.max(1, Math.min(Number(forced), files.length));
  const bytes = contents.reduce<number>((n, c) => n + (typeof c === 'number' ? 0 : c.byteLength), 0);
  if (bytes < PARALLEL_MIN_BYTES || files.length < 2) return 1;
  return Math.max(1, Math.min(4, availableParallelism(), files.length));
}

/**
 * Reads the files on this thread and `count - 1` worker threads. Each thread takes the next unread
 * file from a shared counter until none is left, so the threads finish together however fast each
 * one is (the workers start late: they load their modules first, while this thread already reads).
 * Results are put back in file order, so the outcome does not depend on who read what.
 *
 * Workers parse the bytes this thread already read and hashed, never the files on disk again: a
 * file changed in between would otherwise be parsed in one version and cached (file-cache.ts) under
 * the hash of another.
 */
async function readInParallel(config: Config, options: LoadCatalogOptions, files: string[], contents: ReadonlyArray<Uint8Array | number>, count: number): Promise<FileResult[]> {
  const nextFile = new Int32Array(new SharedArrayBuffer(4));
  const shared = shareContents(contents);
  const inWorkers = Array.from(
    { length: count - 1 },
    () =>
      new Promise<ReadResults>((resolve, reject) => {
        const worker = new Worker(WORKER_URL, { workerData: { config, platformsModule: options.platformsModule!, files, contents: shared, nextFile } satisfies ReaderWorkerData });
        worker.once('message', (results: ReadResults) => {
          resolve(results);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`catalog reader worker exited with code ${code}`));
        });
      }),
  );
  const here = readShared(new CatalogFileReader(config, options.platforms), files, nextFile, (i) => contents[i]!);
  const results: FileResult[] = new Array<FileResult>(files.length);
  for (const part of [here, ...(await Promise.all(inWorkers))]) {
    part.indexes.forEach((fileIndex, j) => {
      results[fileIndex] = part.results[j]!;
    });
  }
  return results;
}

/** What a worker thread of the loader is given (see load-worker.ts). */
export interface ReaderWorkerData {
  config: Config;
  /** The module whose export `PLATFORMS` lists the platforms (LoadCatalogOptions.platformsModule). */
  platformsModule: string;
  files: string[];
  /** The files' contents as read by the main thread (see contentAt). */
  contents: SharedContents;
  /** Index of the next file nobody has taken yet, shared by all reading threads. */
  nextFile: Int32Array;
}

/**
 * Files' contents in one SharedArrayBuffer, so every worker sees them without a copy of its own:
 * `slices[i]` is file i's [start, end) in `bytes`, or its size when it is over the limit (not read).
 */
export interface SharedContents {
  bytes: Uint8Array;
  slices: Array<[start: number, end: number] | number>;
}

export function shareContents(contents: ReadonlyArray<Uint8Array | number>): SharedContents {
  const total = contents.reduce<number>((n, c) => n + (typeof c === 'number' ? 0 : c.byteLength), 0);
  const bytes = new Uint8Array(new SharedArrayBuffer(total));
  let at = 0;
  const slices = contents.map((c): [number, number] | number => {
    if (typeof c === 'number') return c;
    bytes.set(c, at);
    at += c.byteLength;
    return [at - c.byteLength, at];
  });
  return { bytes, slices };
}

/** File i's bytes (a view, not a copy) or its size when over the limit. */
export function contentAt(shared: SharedContents, i: number): Uint8Array | number {
  const slice = shared.slices[i]!;
  return typeof slice === 'number' ? slice : shared.bytes.subarray(slice[0], slice[1]);
}

/** The files one thread read (indexes into the file list) and their results, in the same order. */
export interface ReadResults {
  indexes: number[];
  results: FileResult[];
}

/** Reads files taken from the shared counter until none is left. `contents(i)`: file i's bytes, or its size when over the limit. */
export function readShared(reader: CatalogFileReader, files: readonly string[], nextFile: Int32Array, contents: (i: number) => Uint8Array | number): ReadResults {
  const taken: ReadResults = { indexes: [], results: [] };
  for (let i = Atomics.add(nextFile, 0, 1); i < files.length; i = Atomics.add(nextFile, 0, 1)) {
    taken.indexes.push(i);
    taken.results.push(reader.readFile(files[i]!, contents(i)));
  }
  return taken;
}

function readHere(config: Config, platforms: readonly CatalogPlatform[], files: string[], contents: ReadonlyArray<Uint8Array | number>): FileResult[] {
  const reader = new CatalogFileReader(config, platforms);
  return files.map((abs, i) => reader.readFile(abs, contents[i]!));
}

const pathKey = (p: Path): string => p.join('\u0000');
const toPosix = (p: string): string => p.split(path.sep).join('/');

export async function loadCatalog(config: Config, options: LoadCatalogOptions): Promise<LoadCatalogResult> {
  return new CatalogLoader(config, options).load();
}

/** The platforms by name; a target's platform is one of them (the config loader accepts no other). */
function platformsByName(platforms: readonly CatalogPlatform[]): Map<PlatformName, CatalogPlatform> {
  return new Map(platforms.map((p) => [p.name, p]));
}

class CatalogLoader {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly entries: Entry[] = [];
  private readonly root: string;
  private realRoot = '';
  private readonly targetsByName: Map<string, TargetConfig>;
  private readonly platforms: Map<PlatformName, CatalogPlatform>;
  constructor(
    private readonly config: Config,
    private readonly options: LoadCatalogOptions,
  ) {
    this.root = config.catalogDir;
    this.targetsByName = new Map(config.targets.map((t) => [t.name, t]));
    this.platforms = platformsByName(options.platforms);
  }
  private shown(abs: string): string {
    return toPosix(path.relative(this.config.dir, abs)) || '.';
  }
  async load(): Promise<LoadCatalogResult> {
    if (!existsSync(this.root) || !statSync(this.root).isDirectory()) {
      return {
        diagnostics: [
          error('catalog.missing', `catalog folder ${this.shown(this.root)} not found`, undefined, 'create it, or set `catalog:` in catalog.config.yaml to the folder that holds your catalog files'),
        ],
        fileCount: 0,
      };
    }
    this.realRoot = realpathSync(this.root);
    const files = this.listFiles();
    // The catalog digest (saved plans are checked against it) covers every file's path and bytes.
    const contents = files.map(readCatalogFile);
    const rels = files.map((abs) => toPosix(path.relative(this.root, abs)));
    const hashes = contents.map((c) => (typeof c === 'number' ? undefined : fileHash(c)));
    const digest = createHash('sha256');
    rels.forEach((rel, i) => digest.update(rel).update('\u0000').update(hashes[i] ?? `size:${String(contents[i])}`).update('\u0000'));
    // Files read before with the same bytes come from the cache (file-cache.ts); the rest are read.
    const cache = new CatalogFileCache(this.config);
    const imageOk = memoize((abs: string) => imageFileStatus(this.realRoot, abs) === 'ok');
    const results = files.map((_, i) => (hashes[i] === undefined ? undefined : cache.lookup(rels[i]!, hashes[i]!, imageOk)));
    const toRead = results.flatMap((r, i) => (r === undefined ? [i] : []));
    const readFiles = toRead.map((i) => files[i]!);
    const readContents = toRead.map((i) => contents[i]!);
    const parallel = workerCount(readFiles, readContents, this.options);
    const read =
      parallel > 1
        ? await readInParallel(this.config, this.options, readFiles, readContents, parallel)
        : readHere(this.config, this.options.platforms, readFiles, readContents);
    toRead.forEach((fileIndex, j) => {
      results[fileIndex] = read[j]!;
      if (hashes[fileIndex] !== undefined) cache.store(rels[fileIndex]!, hashes[fileIndex]!, read[j]!);
    });
    for (const r of results as FileResult[]) {
      this.entries.push(...r.entries);
      this.diagnostics.push(...r.diagnostics);
    }

    this.checkDuplicates();
    this.checkReferences();

    const diagnostics = sortDiagnostics(this.diagnostics);
    if (hasErrors(diagnostics)) return { diagnostics, fileCount: files.length };
    cache.save(new Set(rels));
    const objects = this.entries.flatMap((e) => (e.object ? [e.object] : []));
    return {
      catalog: {
        root: this.root,
        products: objects.filter((o): o is Product => o.kind === 'Product'),
        groups: objects.filter((o): o is Group => o.kind === 'Group'),
        shippingTemplates: objects.filter((o): o is ShippingTemplate => o.kind === 'ShippingTemplate'),
        shelves: objects.filter((o): o is Shelf => o.kind === 'Shelf'),
        digest: digest.digest('hex'),
      },
      diagnostics,
      fileCount: files.length,
    };
  }

  // ------------------------------------------------------------------ files
  /** Every YAML file under the root, sorted by relative path. Symlinks may not lead out of the folder. */
  private listFiles(): string[] {
    const out: string[] = [];
    const walk = (dir: string): void => {
      let dirents: Dirent[];
      try {
        dirents = readdirSync(dir, { withFileTypes: true });
      } catch {
        this.diagnostics.push(error('file.unreadable', `cannot read folder ${this.shown(dir)}`, undefined, 'check its permissions'));
        return;
      }
      for (const d of dirents) {
        const abs = path.join(dir, d.name);
        if (d.isDirectory()) {
          if (!d.name.startsWith('.')) walk(abs);
        } else if (d.isSymbolicLink() && YAML_FILE.test(d.name)) {
          const real = safeRealpath(abs);
          if (real === undefined || !isInside(this.realRoot, real)) {
            this.diagnostics.push(error('file.escape', `${this.shown(abs)} is a link to a file outside the catalog folder`, { file: this.shown(abs), line: 1, col: 1 }, 'copy the file into the catalog folder instead of linking to it'));
          } else if (statSync(real).isFile()) {
            out.push(abs);
          }
        } else if (d.isFile() && YAML_FILE.test(d.name)) {
          out.push(abs);
        }
      }
    };
    walk(this.root);
    const rel = new Map(out.map((abs) => [abs, toPosix(path.relative(this.root, abs))]));
    return out.sort((a, b) => (rel.get(a)! < rel.get(b)! ? -1 : 1));
  }
  private checkDuplicates(): void {
    const byKindKey = new Map<string, Entry[]>();
    for (const e of this.entries) {
      if (e.key === undefined) continue;
      const id = `${e.kind}\u0000${e.key}`;
      const list = byKindKey.get(id);
      if (list) list.push(e);
      else byKindKey.set(id, [e]);
    }
    for (const list of byKindKey.values()) {
      if (list.length < 2) continue;
      const places = list.map((e) => e.keyPos);
      list.forEach((e, i) => {
        const others = places.filter((_, j) => j !== i).map((p) => `${p.file}:${p.line}:${p.col}`);
        this.diagnostics.push(
          error('key.duplicate', `${KIND_NAMES[e.kind]} key "${e.key}" is also defined at ${others.join(', ')}`, places[i], `keys are unique per kind across the catalog; rename or remove one of them`),
        );
      });
      // Only the first definition is projected, so later checks do not report the same object twice.
      for (const e of list.slice(1)) delete e.object;
    }
  }
  /**
   * References must name existing objects, and the referenced object must go to every target where
   * the referring object needs it (a product's groups and shipping template, a shelf's groups).
   */
  private checkReferences(): void {
    const objects = new Map<string, Entry>();
    const keys: Record<Kind, string[]> = { Product: [], Group: [], ShippingTemplate: [], Shelf: [] };
    for (const e of this.entries) {
      if (e.key === undefined) continue;
      keys[e.kind].push(e.key);
      if (e.object) objects.set(`${e.kind}\u0000${e.key}`, e);
    }
    const exists: Record<Kind, Set<string>> = { Product: new Set(), Group: new Set(keys.Group), ShippingTemplate: new Set(keys.ShippingTemplate), Shelf: new Set() };
    for (const entry of this.entries) {
      for (const r of entry.refs) {
        if (!exists[r.kind].has(r.key)) {
          this.diagnostics.push(
            error(r.kind === 'Group' ? 'ref.group' : 'ref.shipping', `${KIND_NAMES[r.kind]} "${r.key}" does not exist`, r.pos, suggestHint(r.key, keys[r.kind], `${KIND_NAMES[r.kind]} keys`)),
          );
          continue;
        }
        const from = entry.object;
        const referentEntry = objects.get(`${r.kind}\u0000${r.key}`);
        const referent = referentEntry?.object;
        // Where an object with a mistake in its targets goes is not known: nothing to compare.
        if (!from || !referent || entry.targetsUnknown || referentEntry.targetsUnknown) continue;
        const missing = (r.targets ?? from.targets).filter((t) => {
          const platform = this.targetsByName.get(t)?.platform;
          return platform !== undefined && this.platforms.get(platform)!.kinds.includes(r.kind) && !referent.targets.includes(t);
        });
        if (missing.length > 0) {
          const them = missing.length > 1 ? 'them' : 'it';
          this.diagnostics.push(
            error(
              r.kind === 'Group' ? 'ref.group-target' : 'ref.shipping-target',
              `${KIND_NAMES[r.kind]} "${r.key}" does not go to target${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, where ${KIND_NAMES[from.kind]} ${from.key} goes`,
              r.pos,
              `add ${missing.join(', ')} to the targets of ${KIND_NAMES[r.kind]} ${r.key}, or remove ${them} from this ${KIND_NAMES[from.kind]}'s targets`,
            ),
          );
        }
      }
    }
  }
}

/**
 * Reads catalog files one at a time: parse, schema, money, normalisation and platform rules, all
 * while the file's YAML tree is in memory. Its results are plain data, so the work can run in
 * worker threads (see load-worker.ts).
 */
export class CatalogFileReader {
  private diagnostics: Diagnostic[] = [];
  private entries: Entry[] = [];
  private readonly root: string;
  private readonly realRoot: string;
  private readonly targetsByName: Map<string, TargetConfig>;
  private readonly imageCache = new Map<string, { image: ImageRef } | { code: string; message: string; hint: string }>();
  private readonly platforms: Map<PlatformName, CatalogPlatform>;
  private readonly kindSchemas: Readonly<Record<Kind, z.ZodType<CatalogDoc>>>;

  constructor(
    private readonly config: Config,
    platforms: readonly CatalogPlatform[],
  ) {
    this.root = config.catalogDir;
    this.realRoot = realpathSync(this.root);
    this.targetsByName = new Map(config.targets.map((t) => [t.name, t]));
    this.platforms = platformsByName(platforms);
    this.kindSchemas = documentSchemas(platforms).kinds;
  }

  /** The platform of a target (the config loader accepts only known platforms). */
  private platformOf(target: TargetConfig): CatalogPlatform {
    return this.platforms.get(target.platform)!;
  }

  private shown(abs: string): string {
    return toPosix(path.relative(this.config.dir, abs)) || '.';
  }

  /**
   * One file: its documents' entries and diagnostics. `data` is what readCatalogFile gave: the bytes
   * (parsed as given; the file is not read again) or, for a file over the limit, its size. `abs`
   * names the file in diagnostics and resolves its relative image paths.
   */
  readFile(abs: string, data: Uint8Array | number): FileResult {
    this.diagnostics = [];
    this.entries = [];
    const file = this.shown(abs);
    if (typeof data === 'number') {
      this.diagnostics.push(fileTooLarge(file, data));
    } else {
      const decoded = decodeYamlBytes(data, file);
      this.diagnostics.push(...decoded.diagnostics);
      if (decoded.text !== undefined) {
        const read = readYamlText(decoded.text, file);
        this.diagnostics.push(...read.diagnostics);
        for (const doc of read.docs) this.readDocument(doc);
      }
    }
    return { entries: this.entries, diagnostics: this.diagnostics };
  }

  private readDocument(doc: YamlDoc): void {
    if (doc.incomplete) return; // cut short by the alias limit, already reported
    const value = doc.value;
    if (!isRecord(value)) {
      this.diagnostics.push(error('schema.type', 'a catalog document must be a mapping with kind: and key:', doc.pos([]), 'start the document with kind: Product (or Group, ShippingTemplate, Shelf) and key: ...'));
      return;
    }
    const kind = value.kind;
    if (kind === undefined) {
      this.diagnostics.push(error('schema.required', 'missing required field "kind"', doc.pos([]), `add kind: ${KINDS.join(' | ')}`));
      return;
    }
    if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
      this.diagnostics.push(error('schema.enum', `kind must be one of ${KINDS.join(', ')}, not ${JSON.stringify(kind)}`, doc.pos(['kind']), suggestHint(String(kind), KINDS, 'kinds')));
      return;
    }
    const k = kind as Kind;
    const schema = this.kindSchemas[k];
    const fen = new Map<string, number>();
    const moneyFields = new Set<string>();
    let moneyOk = true;
    const tainted: InvalidValue[] = [];
    for (const p of moneyPaths(schema, value)) {
      moneyFields.add(pathKey(p));
      const raw = valueAt(value, p);
      const text = typeof raw === 'number' || typeof raw === 'string' ? doc.sourceText(p) : undefined;
      const parsed = text === undefined
        ? ({ code: 'money.invalid', error: `must be an amount in yuan, e.g. 19.90` } as const)
        : parseMoney(text);
      if ('fen' in parsed) {
        fen.set(pathKey(p), parsed.fen);
      } else {
        moneyOk = false;
        tainted.push({ path: p, drop: false });
        this.diagnostics.push(error(parsed.code, `${formatPath(p)}: ${parsed.error}`, doc.pos(p), MONEY_HINTS[parsed.code]));
      }
    }
    const validated = validateWithSchema(schema, value, doc, { prefix: 'schema', skip: (p) => moneyFields.has(pathKey(p)) });
    this.diagnostics.push(...validated.diagnostics);
    const key = typeof value.key === 'string' && KEY_PATTERN.test(value.key) ? value.key : undefined;
    const entry: Entry = { kind: k, ...(key !== undefined ? { key } : {}), keyPos: doc.pos(['key']), refs: [] };
    // Every check runs on every document of a known kind: a document the schema refused is checked
    // in a repaired form, its mistakes tainted so that they are not reported twice (repair.ts).
    tainted.push(...validated.invalid);
    const taint = new Taint(tainted);
    const written = validated.data ?? (repairValue(schema, value, validated.invalid) as CatalogDoc);
    const ctx: DocContext = { doc, written, fen, moneyOk, refs: entry.refs, taint };
    const object = this.normalize(ctx);
    entry.object = object;
    if (!taint.intact(['targets'])) entry.targetsUnknown = true;
    this.runPlatformRules(ctx, object);
    this.entries.push(entry);
  }

  // ------------------------------------------------------------------ cross-object rules

  /** Reports a mistake at `p`, unless the value there is tainted (already reported, repair.ts). */
  private report(entry: DocContext, code: string, message: string, p: Path, hint?: string): void {
    if (entry.taint.intact(p)) this.diagnostics.push(error(code, message, entry.doc.pos(p), hint));
  }

  private normalize(entry: DocContext): CatalogObject {
    const written = entry.written;
    const base = {
      key: written.key,
      protect: written.protect ?? false,
      targets: this.resolveTargets(entry, written),
      source: entry.doc.pos([]),
    };
    const ref = (kind: 'Group' | 'ShippingTemplate', key: string, at: Path): string => {
      if (entry.taint.intact(at)) entry.refs.push({ kind, key, pos: entry.doc.pos(at) });
      return key;
    };
    switch (written.kind) {
      case 'Product':
        return this.withOverrides(entry, written, base, this.normalizeProduct(entry, written, base, ref));
      case 'Group':
        return this.normalizeGroup(entry, written, base);
      case 'ShippingTemplate':
        return this.normalizeShippingTemplate(entry, written, base);
      case 'Shelf':
        return {
          kind: 'Shelf',
          ...base,
          name: written.name,
          ...optional('banner', this.image(entry, written.banner, ['banner'])),
          modules: written.modules.map((m, i) => ({
            type: m.type,
            groups: m.groups.map((g, j) => ref('Group', g, ['modules', i, 'groups', j])),
            ...optional('count', m.count),
            ...optional('image', this.image(entry, m.image, ['modules', i, 'image'])),
          })),
        };
    }
  }

  /** Checks the targets `overrides` name, and builds the product as each of them gets it (overrides.ts). */
  private withOverrides(entry: DocContext, w: ProductDoc, base: Omit<Product, 'kind' | 'title' | 'description' | 'price' | 'stock' | 'images' | 'groups' | 'onSale' | 'skus' | 'platforms'>, product: Product): Product {
    const targets = new Set<string>();
    for (const { name, at } of overrideTargetNames(w)) {
      if (product.targets.includes(name)) targets.add(name);
      else if (this.targetsByName.has(name)) {
        const platform = this.targetsByName.get(name)!.platform;
        const hint = this.platforms.get(platform)!.kinds.includes('Product') ? `add ${name} to the product's targets, or remove these overrides` : `${name} is a ${platform} account, which manages no products: remove these overrides`;
        this.diagnostics.push(error('override.target', `overrides for target "${name}", which product ${w.key} does not go to`, entry.doc.keyPos(at), hint));
      } else {
        this.diagnostics.push(error('override.target', `overrides for target "${name}", which is not defined in catalog.config.yaml`, entry.doc.keyPos(at), suggestHint(name, product.targets, 'targets of this product')));
      }
    }
    if (targets.size === 0) return product;
    const overrides: NonNullable<Product['overrides']> = {};
    for (const target of targets) {
      const { merged, fields, sourcePath, moved } = mergeOverride(w, target);
      const fen = new Map(entry.fen);
      for (const [field, value] of moved) {
        const amount = entry.fen.get(pathKey(value));
        if (amount !== undefined) fen.set(pathKey(field), amount);
      }
      const ctx: DocContext = { ...entry, doc: remapDoc(entry.doc, sourcePath), written: merged, fen, refs: [] };
      // Mistakes outside the overrides were reported for the product itself: report each once.
      const before = this.diagnostics.length;
      // References the override itself writes (its groups) are checked for this target only.
      const ref = (kind: 'Group' | 'ShippingTemplate', key: string, at: Path): string => {
        if (sourcePath(at) !== at) entry.refs.push({ kind, key, pos: ctx.doc.pos(at), targets: [target] });
        return key;
      };
      const variant = this.normalizeProduct(ctx, merged, { ...base, targets: [target] }, ref);
      const seen = new Set(this.diagnostics.slice(0, before).map((d) => JSON.stringify(d)));
      this.diagnostics.splice(before, Infinity, ...this.diagnostics.slice(before).filter((d) => !seen.has(JSON.stringify(d))));
      this.overrideContexts.set(variant, ctx);
      overrides[target] = { product: variant, fields };
    }
    // The product's own groups serve the targets that do not override them.
    const ownGroups = product.targets.filter((t) => !overrides[t]?.fields.includes('groups'));
    if (ownGroups.length < product.targets.length) {
      for (const r of entry.refs) if (r.kind === 'Group' && r.targets === undefined) r.targets = ownGroups;
    }
    return { ...product, overrides };
  }

  /** The document view each per-target product was normalised from (its positions lead to the override values). */
  private readonly overrideContexts = new WeakMap<Product, DocContext>();

  private resolveTargets(entry: DocContext, written: CatalogDoc): string[] {
    const manages = (t: TargetConfig): boolean => this.platformOf(t).kinds.includes(written.kind);
    if (written.targets === undefined) {
      return this.config.targets
        .filter((t) => manages(t) && (this.platformOf(t).takesByDefault?.(written) ?? true))
        .map((t) => t.name);
    }
    const names: string[] = [];
    written.targets.forEach((name, i) => {
      const target = this.targetsByName.get(name);
      if (!target) {
        this.report(entry, 'ref.target', `target "${name}" is not defined in catalog.config.yaml`, ['targets', i], suggestHint(name, [...this.targetsByName.keys()], 'targets'));
      } else if (!manages(target)) {
        this.report(entry, 'ref.target-kind', `target "${name}" is a ${target.platform} account, which does not manage ${written.kind} objects`, ['targets', i], `${target.platform} manages: ${this.platformOf(target).kinds.join(', ')}`);
      } else if (!names.includes(name)) {
        names.push(name);
      }
    });
    return names;
  }

  private fen(entry: DocContext, p: Path): number {
    return entry.fen.get(pathKey(p)) ?? 0;
  }

  private optionalFen(entry: DocContext, p: Path): number | undefined {
    return entry.fen.get(pathKey(p));
  }

  private normalizeProduct(
    entry: DocContext,
    w: ProductDoc,
    base: Omit<Product, 'kind' | 'title' | 'description' | 'price' | 'stock' | 'images' | 'groups' | 'onSale' | 'skus' | 'platforms'>,
    ref: (kind: 'Group' | 'ShippingTemplate', key: string, at: Path) => string,
  ): Product {
    const skus: Sku[] = [];
    const firstSkuWithKey = new Map<string, number>();
    const firstCombination = new Map<string, number>();
    (w.skus ?? []).forEach((s, i) => {
      const options = Object.keys(s.options).map((name): [string, string] => [name, this.optionText(entry, s.options[name]!, ['skus', i, 'options', name])]);
      const sku: Sku = {
        key: s.key,
        options,
        price: this.fen(entry, ['skus', i, 'price']),
        ...optional('originalPrice', this.optionalFen(entry, ['skus', i, 'originalPrice'])),
        stock: s.stock,
        ...optional('image', this.image(entry, s.image, ['skus', i, 'image'])),
      };
      const dup = firstSkuWithKey.get(s.key);
      if (dup !== undefined) {
        this.report(entry, 'sku.duplicate-key', `SKU key "${s.key}" is used twice in product ${w.key} (skus[${dup}] and skus[${i}])`, ['skus', i, 'key'], 'give every SKU of a product its own key');
      } else {
        firstSkuWithKey.set(s.key, i);
      }
      if (i > 0 && entry.taint.intact(['skus', 0, 'options'])) {
        const expected = skus[0]!.options.map(([n]) => n);
        const names = options.map(([n]) => n);
        if (!sameSet(expected, names)) {
          this.report(entry, 'sku.options-mismatch', `SKU ${s.key} has options {${names.join(', ')}} but SKU ${skus[0]!.key} has {${expected.join(', ')}}`, ['skus', i, 'options'], 'every SKU of a product uses the same option names');
        }
      }
      const combination = JSON.stringify([...options].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const same = firstCombination.get(combination);
      if (same !== undefined && entry.taint.intact(['skus', same, 'options'])) {
        this.report(entry, 'sku.duplicate-options', `SKU ${s.key} has the same options as skus[${same}]`, ['skus', i, 'options'], 'each SKU needs a distinct combination of option values');
      } else {
        firstCombination.set(combination, i);
      }
      skus.push(sku);
    });

    const stockSum = skus.reduce((n, s) => n + s.stock, 0);
    if (w.stock !== undefined && skus.length > 0 && w.stock !== stockSum && entry.taint.intact(...skus.map((_, i) => ['skus', i, 'stock']))) {
      this.report(entry, 'stock.mismatch', `stock is ${w.stock} but the SKUs hold ${stockSum} in total`, ['stock'], `remove stock (it defaults to the SKU total) or set it to ${stockSum}`);
    }
    let price = this.optionalFen(entry, ['price']);
    if (price === undefined) {
      if (skus.length === 0) {
        if (w.price === undefined && entry.taint.intact(['skus']) && !entry.taint.droppedIn([])) this.report(entry, 'price.required', `product ${w.key} has no price and no skus`, ['title'], 'add price: <yuan>, or skus with prices');
        price = 0;
      } else {
        price = Math.min(...skus.map((s) => s.price));
      }
    } else if (skus.length > 0 && entry.moneyOk && !skus.some((s) => s.price === price)) {
      this.report(entry, 'price.not-sku-price', `product price must equal the price of one of its SKUs`, ['price'], 'remove price (it defaults to the lowest SKU price) or set it to one SKU price');
    }

    const images = (w.images ?? []).flatMap((ref, i) => this.image(entry, ref, ['images', i]) ?? []);
    const description = w.description ?? '';
    const p = w.platforms ?? {};
    const platforms = this.normalizeBlocks(entry, 'Product', p, { title: w.title, description, price, images });

    return {
      kind: 'Product',
      ...base,
      title: w.title,
      description,
      price,
      ...optional('originalPrice', this.optionalFen(entry, ['originalPrice'])),
      stock: w.stock ?? stockSum,
      images,
      groups: (w.groups ?? []).map((g, i) => ref('Group', g, ['groups', i])),
      ...optional('shipping', w.shipping === undefined ? undefined : ref('ShippingTemplate', w.shipping, ['shipping'])),
      onSale: w.onSale ?? true,
      skus,
      refPos: this.refPositions(entry.doc, p),
      platforms,
    };
  }

  /** Option values as written: `128` stays "128", `1.50` stays "1.50". */
  private optionText(entry: DocContext, value: string | number, p: Path): string {
    return typeof value === 'string' ? value : (entry.doc.sourceText(p) ?? String(value));
  }

  private normalizeGroup(entry: DocContext, w: GroupDoc, base: Omit<Group, 'kind' | 'name' | 'platforms'>): Group {
    return {
      kind: 'Group',
      ...base,
      name: w.name,
      platforms: this.normalizeBlocks(entry, 'Group', w.platforms ?? {}, undefined),
    };
  }

  /** Each platform's block under `platforms:`, normalised by its spec (src/platforms/<name>/catalog.ts). */
  private normalizeBlocks(entry: DocContext, kind: BlockKind, written: { [platform: string]: unknown }, product: BlockContext['product']): { [platform: string]: unknown } {
    const out: { [platform: string]: unknown } = {};
    for (const { name, blocks } of this.platforms.values()) {
      const block = written[name];
      const spec = blocks[kind];
      if (block === undefined || !spec) continue;
      const at = ['platforms', name];
      out[name] = spec.normalise(block, {
        at,
        written: entry.written,
        ...(product ? { product } : {}),
        fen: (p) => this.optionalFen(entry, p),
        image: (ref, p) => this.image(entry, ref, p),
        optionText: (value, p) => this.optionText(entry, value, p),
        intact: (...paths) => entry.taint.intact(...paths),
        report: (code, message, p, hint) => this.report(entry, code, message, p, hint),
        pos: (p) => entry.doc.pos(p),
      });
    }
    return out;
  }

  /**
   * Positions of a product's fields that refer to platform data, for the plan-time reference checks
   * (src/engine/references.ts): only these paths, so large catalogs do not carry a position per field.
   */
  private refPositions(doc: YamlDoc, p: NonNullable<ProductDoc['platforms']>): { [path: string]: SourcePos } {
    const out: { [path: string]: SourcePos } = {};
    for (const { name, blocks } of this.platforms.values()) {
      const block = p[name];
      const paths = block === undefined ? null : blocks.Product?.refPaths;
      for (const rel of paths?.(block) ?? []) out[[name, ...rel].join('.')] = doc.pos(['platforms', name, ...rel]);
    }
    return out;
  }

  private normalizeShippingTemplate(entry: DocContext, w: ShippingTemplateDoc, base: Omit<ShippingTemplate, 'kind' | 'name' | 'payer' | 'rates'>): ShippingTemplate {
    const fees = (at: Path, r: { firstItems: number; additionalItems: number }): FeeRule => ({
      firstItems: r.firstItems,
      firstFee: this.fen(entry, [...at, 'firstFee']),
      additionalItems: r.additionalItems,
      additionalFee: this.fen(entry, [...at, 'additionalFee']),
    });
    return {
      kind: 'ShippingTemplate',
      ...base,
      name: w.name,
      payer: w.payer,
      rates: w.rates.map((r, i) => ({
        carrier: r.carrier,
        ...fees(['rates', i], r),
        regions: (r.regions ?? []).map((g, j) => ({
          country: g.country ?? '中国',
          province: g.province,
          ...optional('city', g.city),
          ...fees(['rates', i, 'regions', j], g),
        })),
      })),
    };
  }

  private runPlatformRules(entry: DocContext, object: CatalogObject): void {
    const overrides = object.kind === 'Product' ? (object.overrides ?? {}) : {};
    for (const { product } of Object.values(overrides)) this.runPlatformRules(this.overrideContexts.get(product)!, product);
    const byPlatform = new Map<PlatformName, string[]>();
    for (const name of object.targets) {
      if (overrides[name]) continue;
      const platform = this.targetsByName.get(name)?.platform;
      if (!platform) continue;
      const list = byPlatform.get(platform);
      if (list) list.push(name);
      else byPlatform.set(platform, [name]);
    }
    for (const [platform, targets] of byPlatform) {
      const where = ` (${platform} target${targets.length > 1 ? 's' : ''} ${targets.join(', ')})`;
      this.platforms.get(platform)!.rule(object, {
        platform,
        targets,
        written: entry.written,
        pos: (p) => entry.doc.pos(p),
        intact: (...paths) => entry.taint.intact(...paths),
        report: (code, message, p, hint, at = 'value') => {
          if (entry.taint.intact(p)) this.diagnostics.push(error(code, message + where, at === 'key' ? entry.doc.keyPos(p) : entry.doc.pos(p), hint));
        },
        warn: (code, message, p, hint) => {
          if (entry.taint.intact(p)) this.diagnostics.push(warning(code, message + where, entry.doc.pos(p), hint));
        },
      });
    }
  }

  // ------------------------------------------------------------------ images

  /** Resolve an image reference; reports (once per use) a missing file or a path leaving the folder. */
  private image(entry: DocContext, ref: string | undefined, at: Path): ImageRef | undefined {
    if (ref === undefined) return undefined;
    let resolved = this.imageCache.get(ref);
    if (!resolved) {
      resolved = this.resolveImage(ref);
      this.imageCache.set(ref, resolved);
    }
    if ('image' in resolved) return resolved.image;
    this.report(entry, resolved.code, resolved.message, at, resolved.hint);
    return undefined;
  }

  private resolveImage(ref: string): { image: ImageRef } | { code: string; message: string; hint: string } {
    if (/^https?:\/\//i.test(ref)) return { image: { kind: 'url', url: ref } };
    const escape = (why: string) => ({ code: 'image.escape', message: `image ${ref} ${why}`, hint: 'images are paths inside the catalog folder (e.g. images/a.jpg) or http(s) URLs' });
    if (/^[a-z][a-z0-9+.-]+:/i.test(ref)) {
      return { code: 'ref.image', message: `image ${ref} is neither a path nor an http(s) URL`, hint: 'use a path inside the catalog folder (e.g. images/a.jpg) or an http(s) URL' };
    }
    if (path.isAbsolute(ref) || path.win32.isAbsolute(ref)) return escape('is an absolute path');
    const normalized = path.posix.normalize(ref.replace(/\\/g, '/'));
    if (normalized === '..' || normalized.startsWith('../')) return escape('points outside the catalog folder');
    const abs = path.join(this.root, normalized);
    switch (imageFileStatus(this.realRoot, abs)) {
      case 'missing':
        return { code: 'ref.image', message: `image file ${normalized} not found in the catalog folder`, hint: `put the file at ${this.shown(abs)}, or fix the path (relative to the catalog folder)` };
      case 'outside':
        return escape('is a link to a file outside the catalog folder');
      case 'not-file':
        return { code: 'ref.image', message: `image ${normalized} is not a file`, hint: 'point to an image file' };
      default:
        return { image: { kind: 'file', path: normalized, absPath: abs } };
    }
  }
}

// -------------------------------------------------------------------- helpers

/** Whether a local image path is a file inside the catalog folder (links followed), or why not. */
function imageFileStatus(realRoot: string, abs: string): 'ok' | 'missing' | 'outside' | 'not-file' {
  const real = safeRealpath(abs);
  if (real === undefined) return 'missing';
  if (!isInside(realRoot, real)) return 'outside';
  return statSync(real).isFile() ? 'ok' : 'not-file';
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function memoize<T>(f: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, f(key));
    return seen.get(key)!;
  };
}

function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** `{ [name]: value }` when value is defined, else `{}` (optional fields stay absent, not undefined). */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}
