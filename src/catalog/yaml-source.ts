/**
 * Safe YAML reading with source positions, shared by the catalog loader and the config loader.
 *
 * Files are data, never code: only the YAML core tags are accepted (an explicit custom tag is a
 * diagnostic), alias expansion is bounded per document, files are size-bounded and must be UTF-8.
 * The documents are converted to plain JS values by this module (not by `toJS`) so that every value
 * can be traced back to its node, and so anchors are resolved in one pass without quadratic lookups.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Scalar } from 'yaml';
import { error, type Diagnostic, type SourcePos } from './diagnostics.js';

/** Alias dereferences allowed in one document (each expansion of a nested alias counts). */
export const MAX_ALIAS_COUNT = 100;
/** Largest YAML file read (catalog and config). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

const CORE_TAGS = new Set([
  '!',
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Called for every string scalar in value position (not keys); returns the value to use. */
export type StringTransform = (value: string, node: Scalar, doc: YamlDoc) => string;

/** One YAML document: its plain value and a way back from a path to the node and its position. */
export class YamlDoc {
  /** The plain value (objects, arrays, strings, numbers, booleans, null). */
  value: unknown = null;
  /** True when the value is cut short (alias limit): it must not be validated further. */
  incomplete = false;
  private readonly aliasTargets = new Map<Node, Node>();

  constructor(
    /** File path for diagnostics (relative to the config folder, forward slashes). */
    readonly file: string,
    /** 0-based index of the document in its file. */
    readonly index: number,
    readonly contents: Node | null,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Position of a node (its first character). */
  posOfNode(node: Node | null | undefined): SourcePos {
    return this.posOfOffset(node?.range?.[0] ?? 0);
  }

  posOfOffset(offset: number): SourcePos {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.file, line: Math.max(line, 1), col: Math.max(col, 1) };
  }

  /**
   * The nodes at `path`: the value node, the key node when the last segment is a map key, and the
   * deepest existing node on the way (for positions of missing fields).
   */
  nodeAt(path: Path): { value?: Node; key?: Node; nearest: Node | null } {
    let current: Node | null = this.contents;
    let key: Node | undefined;
    for (const segment of path) {
      const resolved = this.deref(current);
      let next: Node | undefined;
      key = undefined;
      if (isMap(resolved)) {
        for (const pair of resolved.items) {
          if (plainKey(pair.key) === String(segment)) {
            key = pair.key as Node;
            next = (pair.value ?? undefined) as Node | undefined;
            break;
          }
        }
      } else if (isSeq(resolved) && typeof segment === 'number') {
        next = resolved.items[segment] as Node | undefined;
      }
      if (next === undefined) return key ? { key, nearest: key } : { nearest: current };
      current = next;
    }
    return { value: current ?? undefined, ...(key ? { key } : {}), nearest: current };
  }

  /** Position of the value at `path`, else its key, else the nearest enclosing node. */
  pos(path: Path): SourcePos {
    const found = this.nodeAt(path);
    return this.posOfNode(found.value ?? found.key ?? found.nearest);
  }

  /** Position of the key at `path` (for unknown fields), else of the value. */
  keyPos(path: Path): SourcePos {
    const found = this.nodeAt(path);
    return this.posOfNode(found.key ?? found.value ?? found.nearest);
  }

  /** The source text of the scalar at `path` as written (e.g. "19.90" for a plain 19.90). */
  sourceText(path: Path): string | undefined {
    const node = this.deref(this.nodeAt(path).value ?? null);
    if (!isScalar(node)) return undefined;
    if (typeof node.value === 'string') return node.value;
    return typeof node.source === 'string' ? node.source : String(node.value);
  }

  /** @internal record where an alias points, for path navigation. */
  setAliasTarget(alias: Node, target: Node): void {
    this.aliasTargets.set(alias, target);
  }

  private deref(node: Node | null): Node | null {
    return node && isAlias(node) ? (this.aliasTargets.get(node) ?? null) : node;
  }
}

function plainKey(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

export interface YamlReadResult {
  docs: YamlDoc[];
  diagnostics: Diagnostic[];
}

export function fileTooLarge(file: string, size: number): Diagnostic {
  return error(
    'file.too-large',
    `${file} is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes (4 MiB)`,
    { file, line: 1, col: 1 },
    'split the objects over several files',
  );
}

/** Bytes -> text: size limit, strict UTF-8, BOM removed. */
export function decodeYamlBytes(bytes: Uint8Array, file: string): { text?: string; diagnostics: Diagnostic[] } {
  if (bytes.byteLength > MAX_FILE_BYTES) return { diagnostics: [fileTooLarge(file, bytes.byteLength)] };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, diagnostics: [] };
  } catch {
    const { line, col } = firstInvalidUtf8(bytes);
    return {
      diagnostics: [
        error('file.encoding', `${file} is not valid UTF-8`, { file, line, col }, 'save the file as UTF-8'),
      ],
    };
  }
}

/** Line/column (in characters of the valid prefix) of the first byte that is not valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; col: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.byteLength;
  // Largest prefix that decodes (a prefix cut inside a valid sequence fails too, so back off <= 3 bytes).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, lo));
  const lines = prefix.split('\n');
  return { line: lines.length, col: [...(lines[lines.length - 1] ?? '')].length + 1 };
}

/** Parse YAML text (one or more documents) into plain values with positions. */
export function readYamlText(text: string, file: string, transform?: StringTransform): YamlReadResult {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    schema: 'core',
    version: '1.2',
  });
  const diagnostics: Diagnostic[] = [];
  const docs: YamlDoc[] = [];
  const at = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line: Math.max(line, 1), col: Math.max(col, 1) };
  };
  const documents = Array.isArray(parsed) ? parsed : [];
  documents.forEach((document, index) => {
    if (document.errors.length > 0) {
      for (const e of document.errors) {
        const duplicate = e.code === 'DUPLICATE_KEY';
        const quoteStart = e.code === 'MISSING_CHAR' ? unclosedQuoteStart(text, e.pos[0]) : undefined;
        diagnostics.push(
          error(
            duplicate ? 'yaml.duplicate-key' : 'yaml.syntax',
            duplicate
              ? `${e.message.replace(/\.$/, '')} in the same mapping`
              : quoteStart !== undefined
                ? `YAML syntax error: the quoted text starting here is never closed`
                : `YAML syntax error: ${e.message}`,
            at(quoteStart ?? e.pos[0]),
            duplicate ? 'remove or rename one of the two entries' : quoteStart !== undefined ? 'add the closing quote' : 'fix the YAML syntax at this position',
          ),
        );
      }
      return;
    }
    const contents = document.contents;
    // An empty document (e.g. after a trailing `---`) is nothing, not a mistake.
    if (contents === null || (isScalar(contents) && contents.value === null)) return;
    const doc = new YamlDoc(file, index, document.contents as Node, lineCounter);
    const converter = new PlainConverter(doc, text, transform);
    doc.value = converter.convert(document.contents as Node);
    doc.incomplete = converter.aliasLimitReported;
    diagnostics.push(...converter.diagnostics);
    docs.push(doc);
  });
  return { docs, diagnostics };
}

/**
 * Offset of the opening quote of a quoted scalar left open until `end` (where the parser noticed),
 * so the diagnostic points at the start of the mistake rather than at the end of the file.
 */
function unclosedQuoteStart(text: string, end: number): number | undefined {
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') return i;
    if (ch === "'") {
      if (text[i - 1] === "'") i--; // '' is an escaped quote inside single quotes
      else return i;
    }
  }
  return undefined;
}

class PlainConverter {
  readonly diagnostics: Diagnostic[] = [];
  aliasLimitReported = false;
  private readonly anchors = new Map<string, Node>();
  private aliasCount = 0;
  /** > 0 while expanding an alias: anchors inside are already registered and must not be re-registered. */
  private expanding = 0;
  /** The alias being expanded at the top level (the one written where the limit is reported). */
  private outerAlias: Node | undefined;

  constructor(
    private readonly doc: YamlDoc,
    private readonly text: string,
    private readonly transform: StringTransform | undefined,
  ) {}

  /** Position of an explicit tag: the token before the node's value (the node range starts after it). */
  private tagPos(node: Node): SourcePos {
    let i = (node.range?.[0] ?? 0) - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    let start = i;
    while (start > 0 && !/\s/.test(this.text[start - 1]!)) start--;
    if (this.text[start] !== '!') return this.doc.posOfNode(node);
    return this.doc.posOfOffset(start);
  }

  convert(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.expandAlias(node);
    if (node.anchor && this.expanding === 0) this.anchors.set(node.anchor, node);
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      this.diagnostics.push(
        error(
          'yaml.tag',
          `tag ${node.tag} is not allowed; catalog files are plain data`,
          this.tagPos(node),
          'remove the tag; only plain YAML values (strings, numbers, booleans, lists, mappings) are read',
        ),
      );
      return isScalar(node) ? (node.source ?? null) : null;
    }
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') return this.transform ? this.transform(value, node, this.doc) : value;
      if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
      return typeof node.source === 'string' ? node.source : String(value);
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(this.convert(pair.key as Node));
        // defineProperty: a key named "__proto__" is data, not a prototype change.
        Object.defineProperty(out, key, {
          value: this.convert(pair.value as Node | null),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    if (isSeq(node)) return node.items.map((item) => this.convert(item as Node));
    return null;
  }

  private expandAlias(alias: Node & { source: string }): unknown {
    const target = this.anchors.get(alias.source);
    if (!target) return null; // the parser already reported an unknown anchor
    this.doc.setAliasTarget(alias, target);
    this.aliasCount++;
    if (this.expanding === 0) this.outerAlias = alias;
    if (this.aliasCount > MAX_ALIAS_COUNT) {
      if (!this.aliasLimitReported) {
        this.aliasLimitReported = true;
        this.diagnostics.push(
          error(
            'yaml.alias-limit',
            `more than ${MAX_ALIAS_COUNT} alias expansions in one document (nested aliases multiply)`,
            this.doc.posOfNode(this.outerAlias ?? alias),
            'write the values out instead of nesting aliases',
          ),
        );
      }
      return null;
    }
    this.expanding++;
    try {
      return this.convert(target);
    } finally {
      this.expanding--;
    }
  }
}
