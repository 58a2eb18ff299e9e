/**
 * One read YAML document: its plain value and an index from paths back to source positions.
 * Shared by the two readers in yaml-source.ts (the fast CST reader and the Document-based reader
 * used for files with YAML errors), so both answer positions the same way.
 */
import type { LineCounter } from 'yaml';
import { error, type Diagnostic, type SourcePos } from '../diagnostics/diagnostics.js';

/** Alias dereferences allowed in one document (each expansion of a nested alias counts). */
export const MAX_ALIAS_COUNT = 100;

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** A path as one string, to key maps by path (a path's segments cannot contain NUL). */
export const pathKey = (p: Path): string => p.join('\u0000');

/** Called for every string scalar in value position (not keys); returns the value to use. */
export type StringTransform = (value: string, pos: () => SourcePos) => string;

/**
 * What a value was read from: a scalar's resolved source text (e.g. "19.90" for a plain 19.90,
 * the text between the quotes for a quoted one), the index of a mapping or sequence, or null (no
 * node: an alias to an unknown anchor, a value the reader did not descend into).
 */
export type ValueSource = string | MapSource | SeqSource | null;

/**
 * Index of a mapping: per pair, in source order, the key, where key and value start, and what the
 * value was read from. One array of 4 slots per pair: catalogs have many small mappings, and four
 * arrays each (V8 gives a first push room for 17) were most of what reading YAML allocated.
 */
export class MapSource {
  /** key, keyStart, valueStart (-1 when the pair has no value node, `{a}`; an alias's own offset when the value is an alias), value source (for an alias: the anchored node's). */
  private readonly pairs: Array<string | number | ValueSource> = [];

  add(key: string, keyStart: number, valueStart: number, value: ValueSource): void {
    this.pairs.push(key, keyStart, valueStart, value);
  }

  /** Index of the pair whose key is `key` (its first), or -1. */
  find(key: string): number {
    for (let i = 0; i < this.pairs.length; i += 4) if (this.pairs[i] === key) return i >> 2;
    return -1;
  }

  keyStart(pair: number): number {
    return this.pairs[pair * 4 + 1] as number;
  }

  valueStart(pair: number): number {
    return this.pairs[pair * 4 + 2] as number;
  }

  value(pair: number): ValueSource {
    return this.pairs[pair * 4 + 3] as ValueSource;
  }
}

/** Index of a sequence: per item, where it starts and what it was read from (2 slots per item). */
export class SeqSource {
  private readonly items: Array<number | ValueSource> = [];

  add(start: number, value: ValueSource): void {
    this.items.push(start, value);
  }

  /** Where item `i` starts; undefined past the end. */
  start(i: number): number | undefined {
    return this.items[i * 2] as number | undefined;
  }

  value(i: number): ValueSource {
    return (this.items[i * 2 + 1] as ValueSource | undefined) ?? null;
  }
}

interface Located {
  /** Start of the value at the path (an alias's own position when the value is an alias). */
  value?: number;
  /** Start of the key when the last segment is a mapping key. */
  key?: number;
  /** Start of the deepest existing node on the way (for positions of missing fields). */
  nearest: number;
  source?: ValueSource;
}

/** One YAML document: its plain value and a way back from a path to source positions. */
export class YamlDoc {
  /** The plain value (objects, arrays, strings, numbers, booleans, null). */
  value: unknown = null;
  /** True when the value is cut short (alias limit): it must not be validated further. */
  incomplete = false;
  /** Index of the document's root node and where it starts. */
  root: ValueSource = null;
  rootStart = 0;

  constructor(
    /** File path for diagnostics (relative to the config folder, forward slashes). */
    readonly file: string,
    /** 0-based index of the document in its file. */
    readonly index: number,
    private readonly lineCounter: LineCounter,
  ) {}

  posOfOffset(offset: number): SourcePos {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.file, line: Math.max(line, 1), col: Math.max(col, 1) };
  }

  /** Position of the value at `path`, else its key, else the nearest enclosing node. */
  pos(path: Path): SourcePos {
    const found = this.locate(path);
    return this.posOfOffset(found.value ?? found.key ?? found.nearest);
  }

  /** Position of the key at `path` (for unknown fields), else of the value. */
  keyPos(path: Path): SourcePos {
    const found = this.locate(path);
    return this.posOfOffset(found.key ?? found.value ?? found.nearest);
  }

  /** The source text of the scalar at `path` as written (e.g. "19.90" for a plain 19.90). */
  sourceText(path: Path): string | undefined {
    const source = this.locate(path).source;
    return typeof source === 'string' ? source : undefined;
  }

  private locate(path: Path): Located {
    let start = this.rootStart;
    let source: ValueSource = this.root;
    let key: number | undefined;
    for (const segment of path) {
      key = undefined;
      let nextStart: number | undefined;
      let next: ValueSource = null;
      if (source instanceof MapSource) {
        const i = source.find(String(segment));
        if (i >= 0) {
          key = source.keyStart(i);
          nextStart = source.valueStart(i);
          next = source.value(i);
        }
      } else if (source instanceof SeqSource && typeof segment === 'number') {
        nextStart = source.start(segment);
        next = source.value(segment);
      }
      if (nextStart === undefined || nextStart < 0) return key !== undefined ? { key, nearest: key } : { nearest: start };
      start = nextStart;
      source = next;
    }
    return { value: start, ...(key !== undefined ? { key } : {}), nearest: start, source };
  }
}

/**
 * Counts alias expansions in one document. Nested aliases count each time they are expanded; past
 * MAX_ALIAS_COUNT every further alias reads as null and the first one written at the top level
 * (outside any expansion) is reported once, so alias bombs stop early.
 */
export class AliasBudget {
  exceeded = false;
  private count = 0;
  private depth = 0;
  private outerStart = 0;

  constructor(private readonly doc: YamlDoc, private readonly diagnostics: Diagnostic[]) {}

  /** True while converting an alias's target (anchors inside are already registered). */
  get expanding(): boolean {
    return this.depth > 0;
  }

  /** Runs `expand` for the alias at `aliasStart` if the budget allows; null otherwise. */
  expand(aliasStart: number, expand: () => unknown): unknown {
    this.count++;
    if (this.depth === 0) this.outerStart = aliasStart;
    if (this.count > MAX_ALIAS_COUNT) {
      if (!this.exceeded) {
        this.exceeded = true;
        this.diagnostics.push(
          error(
            'yaml.alias-limit',
            `more than ${MAX_ALIAS_COUNT} alias expansions in one document (nested aliases multiply)`,
            this.doc.posOfOffset(this.outerStart),
            'write the values out instead of nesting aliases',
          ),
        );
      }
      return null;
    }
    this.depth++;
    try {
      return expand();
    } finally {
      this.depth--;
    }
  }
}

/** Sets `key` on a plain object; a key named "__proto__" is data, not a prototype change. */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
