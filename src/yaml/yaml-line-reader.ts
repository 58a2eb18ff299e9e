/**
 * Fastest path of the YAML reader, for the YAML that catalog files are written in: a line-by-line
 * reader of block mappings and sequences (also `- key: value` items), one-line plain and quoted
 * scalars, literal block scalars (`|`, `|-`), the empty `[]` and `{}`, comments and `---` between
 * documents. Reading these from `yaml`'s lexer and parser (yaml-cst-reader.ts) costs about 20 times
 * more, most of the time of a cold `validate` (docs/benchmarks.md).
 *
 * Contract: it reads a file, or gives up (undefined) and the caller reads it with the CST reader
 * (which hands every file with a mistake on to the Document path). It gives up on anything it does
 * not own — anchors, aliases, tags, directives, flow collections with items, multi-line plain or
 * quoted scalars, escapes, folded or kept (`+`) block scalars, empty values, explicit or quoted
 * keys, tabs, CR, control characters, a root that is not a mapping — and on everything the
 * Document path would call a mistake (bad indentation, duplicate keys, `a: b: c`). What it reads
 * it reads as the other two: the same values (core schema, YAML 1.2), the same path index
 * (MapSource, SeqSource: offsets of keys and values) and the same line starts, so positions, source
 * texts and therefore every diagnostic are identical (yaml-source.test.ts, test/catalog-load-paths.test.ts).
 */
import { LineCounter } from 'yaml';
import { plainValue } from './yaml-cst-reader.js';
import { MapSource, SeqSource, setOwn, YamlDoc, type ValueSource } from './yaml-doc.js';

/** Thrown to leave this reader; never escapes this module. */
const GIVE_UP = Symbol('give up');

function giveUp(): never {
  throw GIVE_UP;
}

/**
 * Characters this reader never reads: tabs, CR and other control characters, a BOM or line
 * separators inside the text (the YAML readers treat them specially).
 */
// eslint-disable-next-line no-control-regex
const UNOWNED_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

/** First characters of a plain scalar or key that YAML gives another meaning (indicators, quotes). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

/** Where a plain scalar inside `[...]` or `{...}` ends. */
const FLOW_PLAIN_END = new Set([',', '[', ']', '{', '}']);

/** Characters a key may not contain here (flow indicators: the Document path decides). */
const UNOWNED_IN_KEY = /[,[\]{}"'#]/;

/**
 * First characters of the plain scalars the core schema reads as something other than text: null
 * (`~`, `null`), booleans, numbers (digits, sign, `.`: `.5`, `.inf`, `.nan`). Any other plain scalar
 * is its text, without trying the schema's patterns (test: yaml-source.test.ts).
 */
export const TYPED_PLAIN_START = new Set(['~', 'n', 'N', 't', 'T', 'f', 'F', '+', '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/**
 * A scalar's text as a string of its own. V8 makes a slice of 13 characters or more a view of the
 * whole text it was cut from, so every URL or path kept in the catalog kept its file's text alive:
 * 15 MB of two-byte text for 10,000 products, a tenth of a cold `validate`'s memory, and on a VM
 * every page of memory first touched costs (docs/benchmarks.md). Concatenating and slicing again
 * makes V8 copy the characters; shorter slices are copies already.
 */
function detached(slice: string): string {
  return slice.length < 13 ? slice : (' ' + slice).slice(1);
}

/** plainValue (the core schema), skipped for a scalar that can only be text. */
function typedPlain(text: string): unknown {
  return text === '' || TYPED_PLAIN_START.has(text[0]!) ? plainValue(text) : text;
}

/**
 * Key texts this reader accepted before, and the name each reads as. Nearly every key repeats on
 * every object (title, price, skus...): the checks and the core schema's patterns run once per
 * text, and objects get the same name string each time. Bounded; what it holds is pure text.
 */
const knownKeys = new Map<string, string>();
const KNOWN_KEYS_MAX = 4096;

/** A node read: its value, its index for positions (ValueSource) and the first line after it. */
interface Read {
  value: unknown;
  source: ValueSource;
  next: number;
}

class LineReader {
  /** Offset of each line's first character; one more line after a final newline (as LineCounter has it). */
  readonly starts: number[];
  /** Offset of each line's end (its newline, or the end of the text). */
  private readonly ends: Int32Array;
  /** Leading spaces of each line; -1 for a line that is blank or only a comment. */
  private readonly indents: Int32Array;
  /** The line after the current document. */
  private end = 0;

  constructor(private readonly text: string) {
    // Counted first, so that each table is allocated once at its size (they were a tenth of what reading allocated).
    let lines = 1;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lines++;
    this.starts = new Array<number>(lines);
    this.ends = new Int32Array(lines);
    this.indents = new Int32Array(lines);
    this.starts[0] = 0;
    let line = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
      this.ends[line] = nl;
      this.starts[++line] = nl + 1;
    }
    this.ends[line] = text.length;
    for (let i = 0; i < lines; i++) {
      const start = this.starts[i]!;
      const end = this.ends[i]!;
      let at = start;
      while (at < end && text.charCodeAt(at) === 32) at++;
      this.indents[i] = at === end || text.charCodeAt(at) === 35 /* # */ ? -1 : at - start;
    }
  }

  /** The documents: [first line, end line) of each, in order; empty ones included (they count in doc.index). */
  documents(): Array<[number, number]> {
    const docs: Array<[number, number]> = [];
    let first = 0;
    let started = false; // a `---` opened the current document
    for (let i = 0; i < this.starts.length; i++) {
      const s = this.starts[i]!;
      const e = this.ends[i]!;
      const c = this.text.charCodeAt(s);
      if (c === 45 /* - */ && this.text.startsWith('---', s)) {
        if (!/^---(?: +(?:#.*)?)?$/.test(this.text.slice(s, e))) giveUp();
        if (started || this.hasContent(first, i)) docs.push([first, i]);
        first = i + 1;
        started = true;
      } else if ((c === 46 /* . */ && this.text.startsWith('...', s)) || c === 37 /* % */) {
        giveUp();
      }
    }
    if (started || this.hasContent(first, this.starts.length)) docs.push([first, this.starts.length]);
    return docs;
  }

  private hasContent(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.indents[i]! >= 0) return true;
    return false;
  }

  /** The document in lines [from, to): its root mapping, or undefined when it is empty. */
  document(from: number, to: number): Read | undefined {
    this.end = to;
    const first = this.nextContent(from);
    if (first >= to) return undefined;
    if (this.indents[first] !== 0 || this.isSeqItem(first, 0)) giveUp();
    const root = this.map(first, 0);
    if (root.next < to) giveUp();
    return root;
  }

  private nextContent(line: number): number {
    while (line < this.end && this.indents[line]! < 0) line++;
    return line;
  }

  private isSeqItem(line: number, col: number): boolean {
    const at = this.starts[line]! + col;
    return this.text.charCodeAt(at) === 45 /* - */ && (at + 1 === this.ends[line] || this.text.charCodeAt(at + 1) === 32);
  }

  /** Offset of the first non-space at or after `at` on a line ending at `end`. */
  private skipSpaces(at: number, end: number): number {
    while (at < end && this.text.charCodeAt(at) === 32) at++;
    return at;
  }

  /** Offset of `: ` or of a final `:` in [from, end) before any ` #`, or -1. */
  private mappingColon(from: number, end: number): number {
    const text = this.text;
    for (let i = from; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 58 /* : */ && (i + 1 === end || text.charCodeAt(i + 1) === 32)) return i;
      if (c === 32 && text.charCodeAt(i + 1) === 35 /* # */ && i + 1 < end) return -1;
    }
    return -1;
  }

  /** Offset of ` #` (a comment) in [from, end), or `end`. */
  private commentStart(from: number, end: number): number {
    const text = this.text;
    for (let i = from; i + 1 < end; i++) if (text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 35 /* # */) return i;
    return end;
  }

  /** A block mapping whose first key is at `col` of `line` (later keys start their lines at `col`). */
  private map(line: number, col: number): Read {
    const text = this.text;
    const out: Record<string, unknown> = {};
    const index = new MapSource();
    let keyStart = this.starts[line]! + col;
    for (;;) {
      const lineEnd = this.ends[line]!;
      const colon = this.mappingColon(keyStart, lineEnd);
      if (colon < 0 || colon - keyStart > 1024) giveUp();
      const keyText = text.slice(keyStart, colon);
      let name = knownKeys.get(keyText);
      if (name === undefined) {
        if (keyText === '' || INDICATORS.has(keyText[0]!) || UNOWNED_IN_KEY.test(keyText) || keyText.endsWith(' ')) giveUp();
        name = String(typedPlain(keyText));
        if (knownKeys.size < KNOWN_KEYS_MAX) knownKeys.set(keyText, name);
      }
      if (Object.prototype.hasOwnProperty.call(out, name)) giveUp(); // a duplicate: the Document path reports it
      const at = this.skipSpaces(colon + 1, lineEnd);
      let read: Read;
      let valueStart: number;
      if (at === lineEnd || text.charCodeAt(at) === 35 /* # */) {
        // The value is on the next lines: more indented, or a sequence at the key's own indent.
        const next = this.nextContent(line + 1);
        const indent = next < this.end ? this.indents[next]! : -1;
        if (indent > col) read = this.isSeqItem(next, indent) ? this.seq(next, indent) : this.map(next, indent);
        else if (indent === col && this.isSeqItem(next, col)) read = this.seq(next, col);
        else return giveUp(); // an empty value
        valueStart = this.starts[next]! + indent;
      } else {
        read = this.inlineValue(line, at, col);
        valueStart = at;
      }
      setOwn(out, name, read.value);
      index.add(name, keyStart, valueStart, read.source);
      line = this.nextContent(read.next);
      if (line >= this.end || this.indents[line]! < col) break;
      if (this.indents[line]! > col || this.isSeqItem(line, col)) giveUp();
      keyStart = this.starts[line]! + col;
    }
    return { value: out, source: index, next: line };
  }

  /** A block sequence whose items start their lines at `col`. */
  private seq(line: number, col: number): Read {
    const text = this.text;
    const out: unknown[] = [];
    const index = new SeqSource();
    for (;;) {
      const lineEnd = this.ends[line]!;
      const at = this.skipSpaces(this.starts[line]! + col + 1, lineEnd);
      if (at === lineEnd || text.charCodeAt(at) === 35 /* # */ || this.isSeqItemAt(at, lineEnd)) giveUp(); // item on the next lines, or a nested `- -`
      const c = text[at]!;
      const read =
        c !== '"' && c !== "'" && c !== '|' && c !== '[' && c !== '{' && this.mappingColon(at, lineEnd) >= 0
          ? this.map(line, at - this.starts[line]!)
          : this.inlineValue(line, at, col);
      out.push(read.value);
      index.add(at, read.source);
      line = this.nextContent(read.next);
      if (line >= this.end || this.indents[line]! < col) break;
      if (this.indents[line]! > col) giveUp();
      if (!this.isSeqItem(line, col)) break; // the next key of a mapping at the same indent
    }
    return { value: out, source: index, next: line };
  }

  private isSeqItemAt(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === 45 /* - */ && (at + 1 === end || this.text.charCodeAt(at + 1) === 32);
  }

  /**
   * A value that starts at `at` on `line` (after `key: ` or `- `): a scalar, a literal block scalar or
   * an empty flow collection. `parentIndent`: the indent of the mapping or sequence it belongs to.
   */
  private inlineValue(line: number, at: number, parentIndent: number): Read {
    const text = this.text;
    const lineEnd = this.ends[line]!;
    const c = text[at]!;
    let value: unknown;
    let source: ValueSource;
    if (c === '|') return this.literal(line, at, parentIndent);
    if (c === '"' || c === "'") {
      const { content, after } = c === '"' ? this.doubleQuoted(at, lineEnd) : this.singleQuoted(at, lineEnd);
      this.expectLineEnd(after, lineEnd);
      value = content;
      source = content;
    } else if (c === '[' || c === '{') {
      ({ value, source } = this.flow(at, lineEnd));
    } else {
      if (INDICATORS.has(c)) giveUp();
      let end = this.commentStart(at, lineEnd);
      while (end > at && text.charCodeAt(end - 1) === 32) end--;
      const plain = detached(text.slice(at, end));
      if (plain.endsWith(':') || plain.includes(': ')) giveUp(); // `a: b: c`: the Document path reports it
      value = typedPlain(plain);
      source = plain;
    }
    // A more indented line after a one-line scalar would continue it (or be a mistake).
    const next = this.nextContent(line + 1);
    if (next < this.end && this.indents[next]! > parentIndent) giveUp();
    return { value, source, next: line + 1 };
  }

  /**
   * `[a, "b", 'c']` or `{ k: v, k2: "w" }` on one line: scalars only (no nested collections, no
   * empty item or value, no trailing comma).
   */
  private flow(at: number, lineEnd: number): Omit<Read, 'next'> {
    const text = this.text;
    const isMap = text.charCodeAt(at) === 123; /* { */
    const close = isMap ? 125 /* } */ : 93; /* ] */
    const seq: unknown[] = [];
    const map: Record<string, unknown> = {};
    const source = isMap ? new MapSource() : new SeqSource();
    let i = this.skipSpaces(at + 1, lineEnd);
    if (i < lineEnd && text.charCodeAt(i) === close) {
      this.expectLineEnd(i + 1, lineEnd);
      return { value: isMap ? map : seq, source };
    }
    for (;;) {
      let keyName: string | undefined;
      let keyStart = 0;
      if (isMap) {
        const key = this.flowScalar(i, lineEnd);
        if (key.quoted || text.charCodeAt(key.after) !== 58 /* : */ || text.charCodeAt(key.after + 1) !== 32) giveUp();
        keyName = String(key.value);
        if (Object.prototype.hasOwnProperty.call(map, keyName)) giveUp();
        keyStart = i;
        i = this.skipSpaces(key.after + 1, lineEnd);
      }
      const item = this.flowScalar(i, lineEnd);
      if (keyName === undefined) {
        seq.push(item.value);
        (source as SeqSource).add(i, item.source);
      } else {
        setOwn(map, keyName, item.value);
        (source as MapSource).add(keyName, keyStart, i, item.source);
      }
      const sep = text.charCodeAt(item.after);
      if (item.after < lineEnd && sep === close) {
        this.expectLineEnd(item.after + 1, lineEnd);
        return { value: isMap ? map : seq, source };
      }
      if (item.after >= lineEnd || sep !== 44 /* , */) giveUp();
      i = this.skipSpaces(item.after + 1, lineEnd);
      if (i >= lineEnd || text.charCodeAt(i) === close) giveUp(); // a trailing comma: the Document path decides
    }
  }

  /** A quoted or plain scalar inside `[...]` or `{...}` at `at`; `after`: the first non-space after it. */
  private flowScalar(at: number, lineEnd: number): { value: unknown; source: string; after: number; quoted: boolean } {
    const text = this.text;
    const c = text[at];
    if (c === '"' || c === "'") {
      const quoted = c === '"' ? this.doubleQuoted(at, lineEnd) : this.singleQuoted(at, lineEnd);
      return { value: quoted.content, source: quoted.content, after: this.skipSpaces(quoted.after, lineEnd), quoted: true };
    }
    if (at >= lineEnd || INDICATORS.has(c!)) giveUp();
    let end = at;
    while (end < lineEnd && !FLOW_PLAIN_END.has(text[end]!)) end++;
    const after = end;
    while (text.charCodeAt(end - 1) === 32) end--;
    const plain = detached(text.slice(at, end));
    // `: ` ends a key (the caller checks for it); a final `:` or a comment is the Document path's.
    const colon = plain.indexOf(': ');
    if (colon >= 0) return this.flowKey(at, colon);
    if (plain.endsWith(':') || plain.includes(' #')) giveUp();
    return { value: typedPlain(plain), source: plain, after, quoted: false };
  }

  /** A flow map key `k` of `k: v`, `colon` characters after `at`. */
  private flowKey(at: number, colon: number): { value: unknown; source: string; after: number; quoted: boolean } {
    const plain = this.text.slice(at, at + colon);
    if (plain.endsWith(' ') || plain.includes(' #')) giveUp();
    return { value: typedPlain(plain), source: plain, after: at + colon, quoted: false };
  }

  /** Only spaces, then optionally a comment, from `at` to the end of the line. */
  private expectLineEnd(at: number, lineEnd: number): void {
    if (at === lineEnd) return;
    if (this.text.charCodeAt(at) !== 32) giveUp();
    const rest = this.skipSpaces(at, lineEnd);
    if (rest !== lineEnd && this.text.charCodeAt(rest) !== 35 /* # */) giveUp();
  }

  /** `"..."` on one line without escapes. */
  private doubleQuoted(at: number, lineEnd: number): { content: string; after: number } {
    let close = at + 1;
    while (close < lineEnd && this.text.charCodeAt(close) !== 34 /* " */) close++;
    if (close >= lineEnd) giveUp();
    const content = detached(this.text.slice(at + 1, close));
    if (content.includes('\\')) giveUp();
    return { content, after: close + 1 };
  }

  /** `'...'` on one line (`''` is a quote). */
  private singleQuoted(at: number, lineEnd: number): { content: string; after: number } {
    let close = at;
    for (;;) {
      close++;
      while (close < lineEnd && this.text.charCodeAt(close) !== 39 /* ' */) close++;
      if (close >= lineEnd) giveUp();
      if (this.text.charCodeAt(close + 1) !== 39 /* ' */) break;
      close++;
    }
    return { content: detached(this.text.slice(at + 1, close).replaceAll("''", "'")), after: close + 1 };
  }

  /** `|` or `|-` at `at`, its content on the next lines, indented more than `parentIndent`. */
  private literal(line: number, at: number, parentIndent: number): Read {
    const text = this.text;
    const lineEnd = this.ends[line]!;
    const strip = text.charCodeAt(at + 1) === 45; /* - */
    this.expectLineEnd(at + (strip ? 2 : 1), lineEnd);
    const first = line + 1;
    if (first >= this.end) giveUp();
    const indent = this.leadingSpaces(first);
    // No leading empty lines and no empty scalar: their indentation rules are the Document path's.
    if (indent <= parentIndent || this.starts[first]! + indent === this.ends[first]) giveUp();
    const lines: string[] = [];
    let next = first;
    for (; next < this.end; next++) {
      const s = this.starts[next]!;
      const e = this.ends[next]!;
      if (s === e) {
        if (e === text.length) break; // the line after the final newline
        lines.push('');
        continue;
      }
      const spaces = this.leadingSpaces(next);
      if (s + spaces === e) giveUp(); // a line of only spaces
      if (spaces < indent) break;
      if (e === text.length) giveUp(); // content without a final newline
      lines.push(text.slice(s + indent, e));
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const value = lines.join('\n') + (strip || lines.length === 0 ? '' : '\n');
    return { value, source: value, next };
  }

  private leadingSpaces(line: number): number {
    const s = this.starts[line]!;
    return this.skipSpaces(s, this.ends[line]!) - s;
  }
}

/**
 * Reads every document of `text` (empty documents are skipped but counted in doc.index); undefined
 * when the file needs the other readers (see the contract above). Never reports a diagnostic.
 */
export function readYamlLines(text: string, file: string): YamlDoc[] | undefined {
  if (UNOWNED_CHARACTERS.test(text)) return undefined;
  try {
    const reader = new LineReader(text);
    const lineCounter = new LineCounter();
    lineCounter.lineStarts = reader.starts; // as yaml's parser records them for the text (see LineReader.starts)
    const docs: YamlDoc[] = [];
    reader.documents().forEach(([from, to], index) => {
      const root = reader.document(from, to);
      if (!root) return;
      const doc = new YamlDoc(file, index, lineCounter);
      doc.value = root.value;
      doc.root = root.source;
      doc.rootStart = root.source instanceof MapSource ? root.source.keyStart(0) : 0;
      docs.push(doc);
    });
    return docs;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}
