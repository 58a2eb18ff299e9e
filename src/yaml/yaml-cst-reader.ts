/**
 * Fast path of the YAML reader: builds plain values and the path index straight from the `yaml`
 * library's CST (its Parser), without composing a Document (AST nodes, pairs, ranges), which was
 * about a third of the time spent reading large catalogs.
 *
 * It follows the library's composer (compose-doc, compose-node, resolve-block-map/-seq,
 * resolve-flow-collection, resolve-props, resolve-end) step by step, and gives up — returning
 * undefined so the caller reads the file through the Document path — wherever the composer would
 * report an error or a warning, and on the few constructs it does not own: tags, directives,
 * explicit `?` keys, keys that are not plain or quoted scalars, anchors on keys, pairs inside flow
 * sequences. Files that read here therefore give exactly the values and positions the Document
 * path gives, and files with mistakes keep their exact diagnostics.
 */
import { CST, Document, isScalar, Parser, type LineCounter, type ScalarTag } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostics.js';
import { AliasBudget, MapSource, SeqSource, setOwn, YamlDoc, type StringTransform, type ValueSource } from './yaml-doc.js';

type Token = CST.Token;
type SourceToken = CST.SourceToken;

/** Thrown to leave the fast path; never escapes this module. */
const GIVE_UP = Symbol('give up');

/** The core schema's scalar tags and options exactly as `parseAllDocuments(..., { schema: 'core', version: '1.2' })` uses them. */
const CORE = new Document(null, { schema: 'core', version: '1.2' });
const PLAIN_TAGS = CORE.schema.tags.filter((tag): tag is ScalarTag & { test: RegExp } => tag.default === true && 'test' in tag && tag.test !== undefined && !tag.collection);
const TAG_OPTIONS = CORE.options;

/** Typed value of a plain scalar under the core schema (null, booleans, ints, floats, else the text). Shared with yaml-line-reader.ts. */
export function plainValue(text: string): unknown {
  for (const tag of PLAIN_TAGS) {
    if (!tag.test.test(text)) continue;
    const resolved: unknown = tag.resolve(text, giveUp, TAG_OPTIONS);
    return isScalar(resolved) ? resolved.value : resolved;
  }
  return text;
}

function giveUp(): never {
  throw GIVE_UP;
}

interface Props {
  found: SourceToken | null;
  comma: SourceToken | null;
  anchor: SourceToken | null;
  hasNewline: boolean;
  newlineAfterProp: SourceToken | null;
  end: number;
  start: number;
}

interface PropsContext {
  flow?: string;
  indicator: SourceToken['type'];
  next: Token | null | undefined;
  offset: number;
  parentIndent: number;
  startOnNewline: boolean;
}

/** resolve-props.js without comments; tags and every error or warning give up. */
function resolveProps(tokens: readonly SourceToken[], { flow, indicator, next, offset, parentIndent, startOnNewline }: PropsContext): Props {
  let atNewline = startOnNewline;
  let hasSpace = startOnNewline;
  let hasNewline = false;
  let reqSpace = false;
  let tab: SourceToken | null = null;
  let anchor: SourceToken | null = null;
  let newlineAfterProp: SourceToken | null = null;
  let comma: SourceToken | null = null;
  let found: SourceToken | null = null;
  let start: number | null = null;
  for (const token of tokens) {
    if (reqSpace) {
      if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') giveUp();
      reqSpace = false;
    }
    if (tab) {
      if (atNewline && token.type !== 'comment' && token.type !== 'newline') giveUp();
      tab = null;
    }
    switch (token.type) {
      case 'space':
        if (!flow && (indicator !== 'doc-start' || next?.type !== 'flow-collection') && token.source.includes('\t')) tab = token;
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) giveUp();
        atNewline = false;
        break;
      case 'newline':
        atNewline = true;
        hasNewline = true;
        if (anchor) newlineAfterProp = token;
        hasSpace = true;
        break;
      case 'anchor':
        if (anchor || token.source.endsWith(':') || token.source.length < 2) giveUp();
        anchor = token;
        start ??= token.offset;
        atNewline = false;
        hasSpace = false;
        reqSpace = true;
        break;
      case indicator:
        if (anchor || found) giveUp();
        found = token;
        atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
        hasSpace = false;
        break;
      case 'comma':
        if (flow) {
          if (comma) giveUp();
          comma = token;
          atNewline = false;
          hasSpace = false;
          break;
        }
        giveUp();
      // falls through (never reached: giveUp throws)
      default:
        giveUp(); // tags, and any token the composer would call unexpected
    }
  }
  const last = tokens[tokens.length - 1];
  const end = last ? last.offset + last.source.length : offset;
  if (reqSpace && next && next.type !== 'space' && next.type !== 'newline' && next.type !== 'comma' && (next.type !== 'scalar' || next.source !== '')) giveUp();
  if (tab && ((atNewline && tab.indent <= parentIndent) || next?.type === 'block-map' || next?.type === 'block-seq')) giveUp();
  return { found, comma, anchor, hasNewline, newlineAfterProp, end, start: start ?? end };
}

/** resolve-end.js: offset after the tokens following a node; gives up where it would report. */
function resolveEnd(end: readonly SourceToken[] | undefined, offset: number, reqSpace: boolean): number {
  if (!end) return offset;
  let hasSpace = false;
  for (const { source, type } of end) {
    if (type === 'space' || type === 'newline') hasSpace = true;
    else if (type !== 'comment' || (reqSpace && !hasSpace)) giveUp();
    offset += source.length;
  }
  return offset;
}

/** util-empty-scalar-position.js: where the composer places an empty (null) node. */
function emptyScalarPosition(offset: number, before: readonly SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    let st = before[i];
    const type = st!.type;
    if (type === 'space' || type === 'comment' || type === 'newline') {
      offset -= st!.source.length;
      continue;
    }
    st = before[++i];
    while (st?.type === 'space') {
      offset += st.source.length;
      st = before[++i];
    }
    break;
  }
  return offset;
}

/** util-contains-newline.js (for keys: scalars only reach it). */
function containsNewline(key: Token | null | undefined): boolean {
  if (!key) return false;
  if (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar' && key.type !== 'alias') return true;
  if (key.source.includes('\n')) return true;
  return key.end?.some((st) => st.type === 'newline') ?? false;
}

const isBlock = (token: Token | null | undefined): boolean => token?.type === 'block-map' || token?.type === 'block-seq';

interface Anchored {
  token: Token | undefined;
  /** Where an empty anchored node sits (token undefined). */
  emptyAt: number;
  source: ValueSource;
}

/** Reads one document's node tree into plain values and the document's index. */
class DocumentReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly aliases: AliasBudget;
  private readonly anchors = new Map<string, Anchored>();
  /** After each node: its source (for the index) and the offset after it (the composer's range[2]). */
  private source: ValueSource = null;
  private end = 0;

  constructor(
    private readonly doc: YamlDoc,
    private readonly transform: StringTransform | undefined,
  ) {
    this.aliases = new AliasBudget(doc, this.diagnostics);
  }

  read(token: CST.Document): void {
    const { offset, start, value, end } = token;
    const props = resolveProps(start, { indicator: 'doc-start', next: value ?? end?.[0], offset, parentIndent: 0, startOnNewline: true });
    if (props.found && value && isBlock(value) && !props.hasNewline) giveUp();
    const contentStart = value ? value.offset : emptyScalarPosition(props.end, start);
    this.doc.value = value ? this.node(value, props) : this.empty(props.end, start, props);
    this.doc.root = this.source;
    this.doc.rootStart = contentStart;
    resolveEnd(end, this.end, false);
  }

  /** compose-node.js: the value of `token`; sets this.source and this.end. */
  private node(token: Token, props: Props): unknown {
    switch (token.type) {
      case 'alias':
        if (props.anchor) giveUp();
        return this.alias(token);
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar': {
        const anchored = this.register(props, token);
        const value = this.scalar(token, true);
        if (anchored) anchored.source = this.source;
        return value;
      }
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (token.type === 'block-seq' && props.anchor && (!props.newlineAfterProp || props.newlineAfterProp.offset < props.anchor.offset)) giveUp();
        const anchored = this.register(props, token);
        try {
          if (token.type === 'block-map') return this.blockMap(token, anchored);
          if (token.type === 'block-seq') return this.blockSeq(token, anchored);
          return this.flowCollection(token, anchored);
        } catch (e) {
          if (e instanceof RangeError) giveUp(); // too deep: the composer reports it
          throw e;
        }
      }
      default:
        return giveUp();
    }
  }

  /** composeEmptyNode: a null at the composer's empty-scalar position. */
  private empty(offset: number, before: readonly SourceToken[] | undefined, props: Props): null {
    const at = emptyScalarPosition(offset, before);
    const anchored = this.register(props, undefined, at);
    this.source = '';
    this.end = at;
    if (anchored) anchored.source = '';
    return null;
  }

  private register(props: Props, token: Token | undefined, emptyAt = 0): Anchored | undefined {
    if (!props.anchor || this.aliases.expanding) return undefined;
    const anchored: Anchored = { token, emptyAt, source: null };
    this.anchors.set(props.anchor.source.substring(1), anchored);
    return anchored;
  }

  private alias(token: CST.FlowScalar): unknown {
    const name = token.source.substring(1);
    if (name === '' || name.endsWith(':')) giveUp();
    const aliasEnd = resolveEnd(token.end, token.offset + token.source.length, true);
    const target = this.anchors.get(name);
    const value = target
      ? this.aliases.expand(token.offset, () =>
          target.token ? this.node(target.token, NO_PROPS) : null,
        )
      : null; // an unknown anchor reads as null (the composer does not report it)
    this.source = target ? target.source : null;
    this.end = aliasEnd;
    return value;
  }

  /** A scalar's value (typed when plain); `transform` applies to strings in value position. */
  private scalar(token: Token, inValue: boolean): unknown {
    const resolved = CST.resolveAsScalar(token, true, giveUp);
    if (!resolved) return giveUp();
    const text = resolved.value;
    this.source = text;
    this.end = resolved.range[2];
    const value = token.type === 'scalar' ? plainValue(text) : text;
    if (inValue && typeof value === 'string' && this.transform) {
      return this.transform(value, () => this.doc.posOfOffset(resolved.range[0]));
    }
    return value;
  }

  /** A mapping key: a plain or quoted scalar without properties, as the string it names. */
  private key(key: Token | null | undefined, props: Props): { name: string; start: number; end: number } {
    if (!key || props.anchor || (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar')) giveUp();
    const resolved = CST.resolveAsScalar(key, true, giveUp)!;
    const name = key.type === 'scalar' ? String(plainValue(resolved.value)) : resolved.value;
    return { name, start: resolved.range[0], end: resolved.range[2] };
  }

  private blockMap(bm: CST.BlockMap, anchored: Anchored | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const index = new MapSource();
    if (anchored) anchored.source = index;
    let offset = bm.offset;
    let commentEnd: number | null = null;
    for (const { start, key, sep, value } of bm.items) {
      const keyProps = resolveProps(start, { indicator: 'explicit-key-ind', next: key ?? sep?.[0], offset, parentIndent: bm.indent, startOnNewline: true });
      if (keyProps.found) giveUp(); // explicit key
      if (key && (key.type === 'block-seq' || ('indent' in key && key.indent !== bm.indent))) giveUp();
      if (!keyProps.anchor && !sep) {
        commentEnd = keyProps.end;
        continue;
      }
      if (keyProps.newlineAfterProp || containsNewline(key)) giveUp();
      const k = this.key(key, keyProps);
      if (Object.prototype.hasOwnProperty.call(out, k.name)) giveUp(); // a duplicate key (or "1" and 1: the Document path decides)
      const valueProps = resolveProps(sep ?? [], { indicator: 'map-value-ind', next: value, offset: k.end, parentIndent: bm.indent, startOnNewline: !key || key.type === 'block-scalar' });
      offset = valueProps.end;
      if (!valueProps.found) giveUp(); // implicit key without a value
      if (value?.type === 'block-map' && !valueProps.hasNewline) giveUp();
      if (keyProps.start < valueProps.found.offset - 1024) giveUp();
      const v = value ? this.node(value, valueProps) : this.empty(offset, sep, valueProps);
      setOwn(out, k.name, v);
      index.add(k.name, k.start, value ? value.offset : emptyScalarPosition(offset, sep), this.source);
      offset = this.end;
    }
    if (commentEnd !== null && commentEnd < offset) giveUp();
    this.source = index;
    this.end = commentEnd ?? offset;
    return out;
  }

  private blockSeq(bs: CST.BlockSequence, anchored: Anchored | undefined): unknown[] {
    const out: unknown[] = [];
    const index = new SeqSource();
    if (anchored) anchored.source = index;
    let offset = bs.offset;
    let commentEnd: number | null = null;
    for (const { start, value } of bs.items) {
      const props = resolveProps(start, { indicator: 'seq-item-ind', next: value, offset, parentIndent: bs.indent, startOnNewline: true });
      if (!props.found) {
        if (props.anchor || value) giveUp();
        commentEnd = props.end;
        continue;
      }
      out.push(value ? this.node(value, props) : this.empty(props.end, start, props));
      index.add(value ? value.offset : emptyScalarPosition(props.end, start), this.source);
      offset = this.end;
    }
    this.source = index;
    this.end = commentEnd ?? offset;
    return out;
  }

  private flowCollection(fc: CST.FlowCollection, anchored: Anchored | undefined): unknown {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const out: Record<string, unknown> | unknown[] = isMap ? {} : [];
    const index = isMap ? new MapSource() : new SeqSource();
    if (anchored) anchored.source = index;
    let offset = fc.offset + fc.start.source.length;
    fc.items.forEach(({ start, key, sep, value }, i) => {
      const props = resolveProps(start, { flow: fcName, indicator: 'explicit-key-ind', next: key ?? sep?.[0], offset, parentIndent: fc.indent, startOnNewline: false });
      if (props.found) giveUp(); // explicit key
      if (!props.anchor && !sep && !value) {
        if ((i === 0 && props.comma) || i < fc.items.length - 1) giveUp();
        offset = props.end;
        return;
      }
      if (i === 0 ? props.comma : !props.comma) giveUp();
      if (!isMap && !sep) {
        if (isBlock(value)) giveUp();
        (out as unknown[]).push(value ? this.node(value, props) : this.empty(props.end, sep, props));
        (index as SeqSource).add(value ? value.offset : emptyScalarPosition(props.end, sep), this.source);
        offset = this.end;
        return;
      }
      if (!isMap || isBlock(key)) giveUp(); // a pair inside a flow sequence
      const k = this.key(key, props);
      if (Object.prototype.hasOwnProperty.call(out, k.name)) giveUp();
      const valueProps = resolveProps(sep ?? [], { flow: fcName, indicator: 'map-value-ind', next: value, offset: k.end, parentIndent: fc.indent, startOnNewline: false });
      if (!valueProps.found && (value || valueProps.anchor)) giveUp();
      if (isBlock(value)) giveUp();
      let v: unknown = null;
      let valueStart = -1;
      let source: ValueSource = null;
      if (value) {
        v = this.node(value, valueProps);
        valueStart = value.offset;
        source = this.source;
        offset = this.end;
      } else if (valueProps.found) {
        v = this.empty(valueProps.end, sep, valueProps);
        valueStart = this.end;
        source = this.source;
        offset = this.end;
      } else {
        offset = valueProps.end;
      }
      setOwn(out as Record<string, unknown>, k.name, v);
      (index as MapSource).add(k.name, k.start, valueStart, source);
    });
    const [ce, ...ee] = fc.end;
    if (ce?.source !== (isMap ? '}' : ']')) giveUp();
    const cePos = ce!.offset + ce!.source.length;
    this.source = index;
    this.end = ee.length > 0 ? resolveEnd(ee, cePos, true) : cePos;
    return out;
  }
}

const NO_PROPS: Props = { found: null, comma: null, anchor: null, hasNewline: false, newlineAfterProp: null, end: 0, start: 0 };

export interface CstReadResult {
  docs: YamlDoc[];
  diagnostics: Diagnostic[];
}

/**
 * Reads every document of `text` (empty documents are skipped); undefined when the file needs the
 * Document path (a YAML error or warning, or a construct this reader does not own).
 */
export function readYamlCst(text: string, file: string, lineCounter: LineCounter, transform?: StringTransform): CstReadResult | undefined {
  const docs: YamlDoc[] = [];
  const diagnostics: Diagnostic[] = [];
  let index = 0;
  let seenDocument = false;
  // The parser reads process.env.LOG_TOKENS for every lexeme, and Node's process.env is backed by
  // the C library's environment: each read costs about a microsecond, a quarter of the parser's
  // time on large catalogs. While the file is parsed (synchronously: no other code runs meanwhile)
  // process.env is a plain copy with the same entries; the real one is put back afterwards.
  const env = process.env;
  try {
    process.env = { ...env };
    for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
      switch (token.type) {
        case 'byte-order-mark':
        case 'space':
        case 'comment':
        case 'newline':
          break;
        case 'document': {
          seenDocument = true;
          const doc = new YamlDoc(file, index++, lineCounter);
          const reader = new DocumentReader(doc, transform);
          reader.read(token);
          diagnostics.push(...reader.diagnostics);
          doc.incomplete = reader.aliases.exceeded;
          // An empty document (e.g. after a trailing `---`) is nothing, not a mistake; nor is a null
          // scalar. (A collection never reads as null; an alias to nothing is kept, as before.)
          if (doc.value !== null || token.value?.type === 'alias') docs.push(doc);
          break;
        }
        case 'doc-end':
          if (!seenDocument) giveUp();
          resolveEnd(token.end, token.offset + token.source.length, true);
          break;
        default:
          giveUp(); // directives, error tokens
      }
    }
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  } finally {
    process.env = env;
  }
  return { docs, diagnostics };
}
