/**
 * Safe YAML reading with source positions, shared by the catalog loader and the config loader.
 *
 * Files are data, never code: only the YAML core tags are accepted (an explicit custom tag is a
 * diagnostic), alias expansion is bounded per document, files are size-bounded and must be UTF-8.
 * The documents are converted to plain JS values by this module (not by `toJS`) so that every value
 * can be traced back to its source position (YamlDoc), and anchors are resolved in one pass.
 *
 * Three readers give the same result: the line reader (yaml-line-reader.ts) reads the block YAML
 * catalog files are written in without `yaml`'s lexer; the CST reader (yaml-cst-reader.ts) reads
 * other files without mistakes straight from the parser's tokens; any file neither owns — every
 * file with a YAML error — is read through `yaml`'s Document API here, which also words the YAML
 * diagnostics.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { error, formatPos, type Diagnostic, type SourcePos } from '../diagnostics/diagnostics.js';
import { readYamlCst } from './yaml-cst-reader.js';
import { readYamlLines } from './yaml-line-reader.js';
import { unclosedFlowCause } from './yaml-syntax-cause.js';
import { AliasBudget, MapSource, SeqSource, setOwn, YamlDoc, type StringTransform, type ValueSource } from './yaml-doc.js';

export { MAX_ALIAS_COUNT, pathKey, YamlDoc, type Path, type PathSegment, type StringTransform } from './yaml-doc.js';

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

/**
 * Which readers readYamlText may use before the Document path. Tests switch them off to compare the
 * paths (the results must be identical); nothing else changes them.
 */
export const yamlReaders = { lines: true, cst: true };

/** Parse YAML text (one or more documents) into plain values with positions. */
export function readYamlText(text: string, file: string, transform?: StringTransform): YamlReadResult {
  // The line reader has no transform hook (the config's ${VAR} expansion): the config is one small file.
  const docs = yamlReaders.lines && transform === undefined ? readYamlLines(text, file) : undefined;
  if (docs) return { docs, diagnostics: [] };
  return (yamlReaders.cst ? readYamlCst(text, file, new LineCounter(), transform) : undefined) ?? readYamlDocuments(text, file, transform);
}

/**
 * The Document-based reader: the same result as readYamlText for files the CST reader reads, and
 * the YAML diagnostics for files with mistakes. Exported for the parity tests.
 */
export function readYamlDocuments(text: string, file: string, transform?: StringTransform): YamlReadResult {
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
      let lastQuoteStart = -1;
      for (const e of document.errors) {
        const duplicate = e.code === 'DUPLICATE_KEY';
        const quoteStart = e.code === 'MISSING_CHAR' ? unclosedQuoteStart(text, e.pos[0]) : undefined;
        if (quoteStart !== undefined) lastQuoteStart = Math.max(lastQuoteStart, quoteStart);
        // An unclosed [ or { is reported where it opens (the parser notices it later); one left open
        // only because a quote inside it is never closed is the quote's mistake.
        const flow = quoteStart === undefined && /\bflow\b/i.test(e.message) ? unclosedFlowCause(text, e.pos[0]) : undefined;
        if (flow && flow.offset < lastQuoteStart) continue;
        const diagnostic = error(
          duplicate ? 'yaml.duplicate-key' : 'yaml.syntax',
          duplicate
            ? `${e.message.replace(/\.$/, '')} in the same mapping`
            : quoteStart !== undefined
              ? `YAML syntax error: the quoted text starting here is never closed`
              : (flow?.message ?? `YAML syntax error: ${e.message}`),
          at(quoteStart ?? flow?.offset ?? e.pos[0]),
          duplicate ? 'remove or rename one of the two entries' : quoteStart !== undefined ? 'add the closing quote' : (flow?.hint ?? 'fix the YAML syntax at this position'),
        );
        // One cause noticed twice (e.g. at the next line and at the end of the file) is one mistake.
        if (!diagnostics.some((d) => d.message === diagnostic.message && formatPos(d.pos) === formatPos(diagnostic.pos))) diagnostics.push(diagnostic);
      }
      return;
    }
    const contents = document.contents as Node | null;
    // An empty document (e.g. after a trailing `---`) is nothing, not a mistake.
    if (contents === null || (isScalar(contents) && contents.value === null)) return;
    const doc = new YamlDoc(file, index, lineCounter);
    const converter = new PlainConverter(doc, text, transform);
    doc.value = converter.convert(contents);
    doc.root = converter.source;
    doc.rootStart = contents.range?.[0] ?? 0;
    doc.incomplete = converter.aliases.exceeded;
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

/** Document nodes -> plain values and the document's index (see ValueSource). */
class PlainConverter {
  readonly diagnostics: Diagnostic[] = [];
  readonly aliases: AliasBudget;
  /** The source of the node converted last. */
  source: ValueSource = null;
  private readonly anchors = new Map<string, Node>();
  private readonly anchoredSources = new Map<Node, ValueSource>();

  constructor(
    private readonly doc: YamlDoc,
    private readonly text: string,
    private readonly transform: StringTransform | undefined,
  ) {
    this.aliases = new AliasBudget(doc, this.diagnostics);
  }

  /** Position of an explicit tag: the token before the node's value (the node range starts after it). */
  private tagPos(node: Node): SourcePos {
    let i = (node.range?.[0] ?? 0) - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    let start = i;
    while (start > 0 && !/\s/.test(this.text[start - 1]!)) start--;
    if (this.text[start] !== '!') return this.doc.posOfOffset(node.range?.[0] ?? 0);
    return this.doc.posOfOffset(start);
  }

  convert(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) {
      this.source = null;
      return null;
    }
    if (isAlias(node)) return this.expandAlias(node);
    const anchored = node.anchor && !this.aliases.expanding;
    if (anchored) this.anchors.set(node.anchor!, node);
    const value = this.convertNode(node);
    if (anchored) this.anchoredSources.set(node, this.source);
    return value;
  }

  private convertNode(node: Node): unknown {
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      this.diagnostics.push(
        error(
          'yaml.tag',
          `tag ${node.tag} is not allowed; catalog files are plain data`,
          this.tagPos(node),
          'remove the tag; only plain YAML values (strings, numbers, booleans, lists, mappings) are read',
        ),
      );
      this.source = isScalar(node) ? scalarSource(node) : null;
      return isScalar(node) ? (node.source ?? null) : null;
    }
    if (isScalar(node)) {
      this.source = scalarSource(node);
      const value = node.value;
      if (typeof value === 'string') return this.transform ? this.transform(value, () => this.doc.posOfOffset(node.range?.[0] ?? 0)) : value;
      if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
      return typeof node.source === 'string' ? node.source : String(value);
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const index = new MapSource();
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(this.convert(keyNode));
        const valueNode = pair.value as Node | null;
        setOwn(out, key, this.convert(valueNode));
        index.add(key, keyNode?.range?.[0] ?? 0, valueNode ? (valueNode.range?.[0] ?? 0) : -1, this.source);
      }
      this.source = index;
      return out;
    }
    if (isSeq(node)) {
      const index = new SeqSource();
      const out = node.items.map((item) => {
        const value = this.convert(item as Node);
        index.add((item as Node | null)?.range?.[0] ?? 0, this.source);
        return value;
      });
      this.source = index;
      return out;
    }
    this.source = null;
    return null;
  }

  private expandAlias(alias: Node & { source: string }): unknown {
    const target = this.anchors.get(alias.source);
    if (!target) {
      this.source = null;
      return null; // an unknown anchor reads as null
    }
    const value = this.aliases.expand(alias.range?.[0] ?? 0, () => this.convert(target));
    this.source = this.anchoredSources.get(target) ?? null;
    return value;
  }
}

/** What sourceText answers for a scalar: a string value as read, else the text as written. */
function scalarSource(node: { value: unknown; source?: unknown }): string {
  if (typeof node.value === 'string') return node.value;
  return typeof node.source === 'string' ? node.source : String(node.value);
}
