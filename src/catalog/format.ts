/**
 * Canonical formatting of catalog files (`catalog fmt`).
 *
 * Canonical means: mapping keys in the order the zod schemas in model.ts declare them (kind, key,
 * title, ... platforms last), at every depth; 2-space indentation; `---` only between documents; one
 * trailing newline. Comments, quoting styles, block scalars and flow collections are kept as written,
 * and keys the schema does not know keep their relative order after the known ones (validate reports
 * them). Records whose keys the user chooses (SKU options, properties) keep the user's order.
 * Formatting never changes a value: the formatted text parses to the same data.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { z } from 'zod';
import { documentSchemas } from './model.js';
import type { CatalogPlatform } from './platform.js';
import { readYamlText } from '../yaml/yaml-source.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostics.js';
import { def as defOf, unwrap } from '../schema/zod-schema.js';

export type FormatResult = { text: string } | { error: Diagnostic[] };

/** Format one catalog file. A file with YAML errors is not formatted: its diagnostics are returned. */
export function formatCatalogFile(text: string, file: string, platforms: readonly CatalogPlatform[]): FormatResult {
  // The loader's reader decides what a valid file is, so fmt and validate agree on syntax errors.
  const { diagnostics } = readYamlText(text, file);
  const errors = diagnostics.filter((d) => d.code.startsWith('yaml.') || d.code.startsWith('file.'));
  if (hasErrors(errors)) return { error: errors };

  const documents = parseAllDocuments(text, { uniqueKeys: true, schema: 'core', version: '1.2' });
  const docs = Array.isArray(documents) ? documents : [];
  const parts: string[] = [];
  for (const doc of docs) {
    const part = canonicalDocumentText(doc, platforms);
    if (part.trim() !== '') parts.push(part);
  }
  return { text: parts.join('---\n') };
}

/** One parsed catalog document in canonical form (see the header), without a `---` line, ending in a newline. */
export function canonicalDocumentText(doc: Document.Parsed, platforms: readonly CatalogPlatform[]): string {
  if (isMap(doc.contents)) {
    hoistHeaderComment(doc.contents);
    reorder(doc.contents, documentSchemas(platforms).document);
  }
  visit(doc, { Map: (_, node) => padFlow(node, ' '), Seq: (_, node) => padFlow(node, '') });
  doc.directives.docStart = null;
  // lineWidth 0: never fold long plain scalars or break flow collections the user wrote on one line.
  const part = doc.toString({ indent: 2, indentSeq: true, lineWidth: 0 });
  return part.endsWith('\n') ? part : part + '\n';
}

/**
 * `*.yaml` / `*.yml` files under `dir` at any depth, sorted; like the loader, folders whose name
 * starts with "." are skipped. Symbolic links are not followed: rewriting one would replace the link.
 */
export function listCatalogFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(path);
      } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * A comment right above the first key of a document is the document's header (e.g. the
 * yaml-language-server line), not a comment about that key: it must stay on top when keys move.
 */
function hoistHeaderComment(map: YAMLMap): void {
  const first = map.items[0]?.key;
  if (!isScalar(first) || !first.commentBefore) return;
  map.commentBefore = map.commentBefore ? `${map.commentBefore}\n${first.commentBefore}` : first.commentBefore;
  first.commentBefore = undefined;
}

/**
 * Flow collections the way most YAML in the wild (and Prettier) writes them: `[a, b]` and `{ a: 1 }`.
 * The yaml library has one padding option for both, so each flow node sets it for its own text.
 */
function padFlow(node: YAMLMap | YAMLSeq, padding: string): void {
  if (!node.flow) return;
  const toString = node.toString.bind(node) as (ctx?: object, ...rest: unknown[]) => string;
  node.toString = ((ctx?: object, ...rest: unknown[]) =>
    toString(ctx ? { ...ctx, flowCollectionPadding: padding } : ctx, ...rest)) as typeof node.toString;
}

// ---------------------------------------------------------------- key order from the zod schemas

/** The object schema that describes `node`, for a union: the matching variant, or all variants merged. */
function objectShape(schema: z.ZodType, node: Node): Record<string, z.ZodType> | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === 'object') return def.shape;
  if (def.type !== 'union' || !def.options) return undefined;
  const variants = def.options.map((o) => defOf(unwrap(o))).filter((d) => d.type === 'object' && d.shape);
  if (def.discriminator && isMap(node)) {
    const tag = node.get(def.discriminator);
    const match = variants.find((v) => {
      const d = v.shape?.[def.discriminator!];
      return d !== undefined && (defOf(unwrap(d)).values ?? []).includes(tag);
    });
    if (match) return match.shape;
  }
  if (variants.length === 0) return undefined;
  const merged: Record<string, z.ZodType> = {};
  for (const v of variants) for (const [k, s] of Object.entries(v.shape!)) if (!(k in merged)) merged[k] = s;
  return merged;
}

/** A pair's key: a parsed scalar node, or the plain value a programmatic edit (`doc.setIn`) writes. */
function keyOf(pair: Pair): string | undefined {
  if (isScalar(pair.key)) return String(pair.key.value);
  return typeof pair.key === 'string' ? pair.key : undefined;
}

function reorder(node: unknown, schema: z.ZodType): void {
  const def = defOf(unwrap(schema));
  if (isMap(node)) {
    if (def.type === 'record' && def.valueType) {
      for (const pair of node.items) reorder(pair.value, def.valueType);
      return;
    }
    const shape = objectShape(schema, node);
    if (!shape) return;
    const order = Object.keys(shape);
    const rank = (pair: Pair): number => {
      const i = order.indexOf(keyOf(pair) ?? '');
      return i === -1 ? order.length : i;
    };
    // Array.prototype.sort is stable: unknown keys keep their relative order.
    node.items.sort((a, b) => rank(a) - rank(b));
    for (const pair of node.items) {
      const k = keyOf(pair);
      const child = k !== undefined && Object.hasOwn(shape, k) ? shape[k] : undefined;
      if (child) reorder(pair.value, child);
    }
  } else if (isSeq(node)) {
    if (def.type === 'array' && def.element) for (const item of node.items) reorder(item, def.element);
  }
}
