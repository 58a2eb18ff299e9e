/**
 * The catalog loader: every *.yaml / *.yml under the catalog folder -> the normalised Catalog, or
 * diagnostics for every mistake found, all at once (docs/commands.md, `catalog validate`).
 *
 * One pass over the files (parse, schema, money read from the source text: parse.ts), then one pass
 * over the objects (duplicates, references: cross-checks.ts), with SKU rules, defaults, target
 * projection and the platform rules per document, here. Lookups are maps and caches, so the work
 * grows linearly with the catalog. A file whose bytes did not change since the last load is not read
 * again (file-cache.ts); large catalogs are read on several threads (load-pool.ts).
 *
 * This file: the orchestration (loadCatalog) and the normalisation of one document into a catalog
 * object (CatalogFileReader); each platform's block is normalised by its spec (src/platforms/<name>/).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { Config, TargetConfig } from '../config/model.js';
import { error, hasErrors, warning, sortDiagnostics, type Diagnostic, type SourcePos } from '../diagnostics/diagnostics.js';
import {
  documentSchemas,
  type CatalogDoc,
  type GroupDoc,
  type Kind,
  type PlatformName,
  type ProductDoc,
  type ShippingTemplateDoc,
} from './model.js';
import { asFen, type Fen } from '../money/fen.js';
import { CatalogFileCache, fileHash } from './file-cache.js';
import { mergeOverride, overrideTargetNames, remapDoc } from './overrides.js';
import type { BlockContext, BlockKind, CatalogPlatform } from './platform.js';
import type { Taint } from './repair.js';
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
import { pathKey, type Path, type YamlDoc } from '../yaml/yaml-source.js';
import { checkDuplicates, checkReferences } from './cross-checks.js';
import { catalogDigest } from './digest.js';
import type { Entry, FileResult } from './file-result.js';
import { catalogFileSize, listCatalogFiles, readCatalogFile, toPosix } from './files.js';
import { imageFileChecker, ImageResolver } from './images.js';
import { readHere, readInParallel, workerCount, type FileReader } from './load-pool.js';
import { parseDocument, readDocuments } from './parse.js';

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

/**
 * One document while its YAML tree is in memory: everything that needs positions inside the
 * document is checked then, so the tree can be dropped before the next file is read.
 */
interface DocContext {
  doc: YamlDoc;
  /** The document as written: validated, or repaired where the schema refused it (repair.ts). */
  written: CatalogDoc;
  /** Money values in fen by path (see pathKey). */
  fen: Map<string, Fen>;
  moneyOk: boolean;
  refs: Entry['refs'];
  /** The values the schema refused and the money that could not be read: checks skip them (repair.ts). */
  taint: Taint;
}

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
    const listed = listCatalogFiles(this.root, this.realRoot, (abs) => this.shown(abs));
    this.diagnostics.push(...listed.diagnostics);
    const files = listed.files;
    const rels = files.map((abs) => toPosix(path.relative(this.root, abs)));
    // Files read before with the same bytes come from the cache (file-cache.ts); the rest are read.
    const cache = new CatalogFileCache(this.config);
    const reader = new CatalogFileReader(this.config, this.options.platforms);
    const imageOk = imageFileChecker(this.realRoot); // a cached result is used only when its images are still in place
    const sizes = files.map(catalogFileSize);
    const threads = this.options.platformsModule === undefined ? 1 : workerCount(files.length, sizes);
    const { results, hashes } = threads > 1 ? await this.readAtOnce(files, rels, cache, imageOk, reader) : this.readInTurn(files, rels, cache, imageOk, reader);
    for (const r of results) {
      this.entries.push(...r.entries);
      this.diagnostics.push(...r.diagnostics);
    }

    this.diagnostics.push(...checkDuplicates(this.entries));
    this.diagnostics.push(...checkReferences(this.entries, this.targetsByName, (platform) => this.platforms.get(platform)!.kinds));

    const diagnostics = sortDiagnostics(this.diagnostics);
    if (hasErrors(diagnostics)) {
      cache.discard();
      return { diagnostics, fileCount: files.length };
    }
    cache.save(new Set(rels));
    const objects = this.entries.flatMap((e) => (e.object ? [e.object] : []));
    return {
      catalog: {
        root: this.root,
        products: objects.filter((o): o is Product => o.kind === 'Product'),
        groups: objects.filter((o): o is Group => o.kind === 'Group'),
        shippingTemplates: objects.filter((o): o is ShippingTemplate => o.kind === 'ShippingTemplate'),
        shelves: objects.filter((o): o is Shelf => o.kind === 'Shelf'),
        // Saved plans are checked against it.
        digest: catalogDigest(rels, hashes, sizes),
      },
      diagnostics,
      fileCount: files.length,
    };
  }

  /**
   * Each file in turn: its bytes read, hashed, and dropped once it is parsed, before the next file
   * is read (the bytes of 10,000 products, 8.8 MB, were held to the end: memory first touched costs,
   * docs/benchmarks.md). A file's record goes to the cache as soon as it is made.
   */
  private readInTurn(files: readonly string[], rels: readonly string[], cache: CatalogFileCache, imageOk: (abs: string) => boolean, reader: CatalogFileReader): ReadCatalog {
    const hashes: Array<string | undefined> = [];
    const results = files.map((abs, i) => {
      const data = readCatalogFile(abs);
      const hash = typeof data === 'number' ? undefined : fileHash(data);
      hashes.push(hash);
      const cached = hash === undefined ? undefined : cache.lookup(rels[i]!, hash, imageOk);
      return cached ?? readHere(reader, [abs], [data], [hash], (_, record) => cache.store(rels[i]!, hash!, record))[0]!;
    });
    return { results, hashes };
  }

  /**
   * Every file's bytes read and hashed first; those not in the cache are read on threads
   * (load-pool.ts: readInParallel shares the bytes), or here when they turn out to be few.
   */
  private async readAtOnce(files: readonly string[], rels: readonly string[], cache: CatalogFileCache, imageOk: (abs: string) => boolean, reader: CatalogFileReader): Promise<ReadCatalog> {
    const contents = files.map(readCatalogFile);
    const hashes = contents.map((c) => (typeof c === 'number' ? undefined : fileHash(c)));
    const results = files.map((_, i) => (hashes[i] === undefined ? undefined : cache.lookup(rels[i]!, hashes[i]!, imageOk)));
    const toRead = results.flatMap((r, i) => (r === undefined ? [i] : []));
    const readFiles = toRead.map((i) => files[i]!);
    const readContents = toRead.map((i) => contents[i]!);
    const readHashes = toRead.map((i) => hashes[i]);
    const threads = workerCount(readFiles.length, readContents.map((c) => (typeof c === 'number' ? 0 : c.byteLength)));
    const keep = (j: number, record: Uint8Array): void => cache.store(rels[toRead[j]!]!, readHashes[j]!, record);
    const read =
      threads > 1
        ? await readInParallel(this.config, this.options.platformsModule!, reader, readFiles, readContents, readHashes, threads, keep)
        : readHere(reader, readFiles, readContents, readHashes, keep);
    toRead.forEach((fileIndex, j) => {
      results[fileIndex] = read[j]!;
    });
    return { results: results as FileResult[], hashes };
  }
}

/** What reading the catalog's files gave: each file's result and its hash (undefined for a file over the size limit), in file order. */
interface ReadCatalog {
  results: FileResult[];
  hashes: Array<string | undefined>;
}

/**
 * Reads catalog files one at a time: parse, schema, money (parse.ts), then normalisation and
 * platform rules, all while the file's YAML tree is in memory. Its results are plain data, so the
 * work can run in worker threads (load-pool.ts, load-worker.ts).
 */
export class CatalogFileReader implements FileReader {
  private diagnostics: Diagnostic[] = [];
  private entries: Entry[] = [];
  private readonly targetsByName: Map<string, TargetConfig>;
  private readonly platforms: Map<PlatformName, CatalogPlatform>;
  private readonly kindSchemas: Readonly<Record<Kind, z.ZodType<CatalogDoc>>>;
  private readonly images: ImageResolver;
  /** The local images resolved while reading the current file (see localImages). */
  private fileImages = new Set<string>();

  constructor(
    private readonly config: Config,
    platforms: readonly CatalogPlatform[],
  ) {
    this.targetsByName = new Map(config.targets.map((t) => [t.name, t]));
    this.platforms = platformsByName(platforms);
    this.kindSchemas = documentSchemas(platforms).kinds;
    this.images = new ImageResolver(config.catalogDir, realpathSync(config.catalogDir), (abs) => this.shown(abs));
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
    this.fileImages = new Set();
    for (const doc of readDocuments(this.shown(abs), data, this.diagnostics)) this.readDocument(doc);
    return { entries: this.entries, diagnostics: this.diagnostics };
  }

  private readDocument(doc: YamlDoc): void {
    const parsed = parseDocument(doc, this.kindSchemas, this.diagnostics);
    if (!parsed) return;
    const { kind, key, written, fen, moneyOk, taint } = parsed;
    const entry: Entry = { kind, ...(key !== undefined ? { key } : {}), keyPos: doc.pos(['key']), refs: [] };
    const ctx: DocContext = { doc, written, fen, moneyOk, refs: entry.refs, taint };
    const object = this.normalize(ctx);
    entry.object = object;
    if (!taint.intact(['targets'])) entry.targetsUnknown = true;
    this.runPlatformRules(ctx, object);
    entry.refs = sized(entry.refs); // complete: the document's rules have run
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
    return sized(names);
  }

  private fen(entry: DocContext, p: Path): Fen {
    return entry.fen.get(pathKey(p)) ?? asFen(0);
  }

  private optionalFen(entry: DocContext, p: Path): Fen | undefined {
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
      const combination = JSON.stringify(byOptionName(options));
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
        price = asFen(0);
      } else {
        price = asFen(Math.min(...skus.map((s) => s.price)));
      }
    } else if (skus.length > 0 && entry.moneyOk && !skus.some((s) => s.price === price)) {
      this.report(entry, 'price.not-sku-price', `product price must equal the price of one of its SKUs`, ['price'], 'remove price (it defaults to the lowest SKU price) or set it to one SKU price');
    }

    const images = sized((w.images ?? []).flatMap((ref, i) => this.image(entry, ref, ['images', i]) ?? []));
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
      skus: sized(skus),
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

  /**
   * Every local image resolved while reading the last file: a superset of those its objects refer
   * to (every image reference goes through image()), kept in its file-cache record.
   */
  localImages(): string[] {
    return [...this.fileImages];
  }

  /** Resolve an image reference (images.ts); reports (once per use) a missing file or a path leaving the folder. */
  private image(entry: DocContext, ref: string | undefined, at: Path): ImageRef | undefined {
    if (ref === undefined) return undefined;
    const resolved = this.images.resolve(ref);
    if ('image' in resolved) {
      if (resolved.image.kind === 'file') this.fileImages.add(resolved.image.absPath);
      return resolved.image;
    }
    this.report(entry, resolved.code, resolved.message, at, resolved.hint);
    return undefined;
  }
}

// -------------------------------------------------------------------- helpers

/**
 * `items` in an array of their own size. V8 gives an array built by push room for 17 items; the
 * arrays kept in every normalised object (targets, images, SKUs, references) carried 6 MB of it
 * for 10,000 products, all of it copied by the garbage collector and first touched (docs/benchmarks.md).
 */
function sized<T>(items: T[]): T[] {
  return items.length < 17 ? items.slice() : items;
}

/**
 * The options ordered by name, as a new array (its JSON is a SKU's combination of values). A SKU has
 * a few options: insertion here allocated a fraction of what Array.prototype.sort does (V8 sorts in
 * a scratch array; 20 MB for 22,000 SKUs).
 */
function byOptionName(options: ReadonlyArray<[string, string]>): Array<[string, string]> {
  const sorted: Array<[string, string]> = [];
  for (const option of options) {
    let at = sorted.length;
    while (at > 0 && sorted[at - 1]![0] > option[0]) at--;
    sorted.splice(at, 0, option);
  }
  return sorted;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** `{ [name]: value }` when value is defined, else `{}` (optional fields stay absent, not undefined). */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}
