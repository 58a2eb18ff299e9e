/**
 * Parity of the two YAML readers: the CST reader (readYamlText's fast path) must give what the
 * Document-based reader gives — values, diagnostics, and the position and source text of every
 * path — and the values `yaml`'s own toJS() gives, on the example catalog, the broken-catalog
 * corpus, a generated catalog and hand-written corner cases.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it, test } from 'vitest';
import { listCatalogFiles } from '../catalog/format.js';
import { plainValue, readYamlCst } from './yaml-cst-reader.js';
import { readYamlLines, TYPED_PLAIN_START } from './yaml-line-reader.js';
import { readYamlDocuments, readYamlText, type Path, type YamlDoc } from './yaml-source.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function yamlFilesUnder(dir: string): string[] {
  return listCatalogFiles(dir);
}

/** Every path in a value (objects and arrays), plus a missing child of each. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
    out.push([...prefix, value.length]);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    out.push([...prefix, 'no-such-field', 'deeper']);
  }
  return out;
}

function describeDoc(doc: YamlDoc): unknown {
  return {
    index: doc.index,
    value: doc.value,
    incomplete: doc.incomplete,
    positions: pathsOf(doc.value).map((p) => [p.join('.'), doc.pos(p), doc.keyPos(p), doc.sourceText(p)]),
  };
}

function expectSameAsDocumentReader(text: string, file = 'f.yaml'): void {
  const fast = readYamlText(text, file);
  const slow = readYamlDocuments(text, file);
  expect(fast.diagnostics).toEqual(slow.diagnostics);
  expect(fast.docs.map(describeDoc)).toEqual(slow.docs.map(describeDoc));
}

/** True when the CST reader reads the text itself (no fallback to the Document path). */
function fastPathReads(text: string): boolean {
  return readYamlCst(text, 'f.yaml', new LineCounter()) !== undefined;
}

/** `yaml`'s own conversion, empty documents left out as the readers do. */
function toJS(text: string): unknown[] {
  return parseAllDocuments(text, { schema: 'core', version: '1.2' })
    .map((d) => d.toJS({ maxAliasCount: -1 }) as unknown)
    .filter((v) => v !== null);
}

/** The corner cases and mistakes below, for the line reader's tests too. */
const sharedCases: Record<string, string> = {};

describe('CST reader parity', () => {
  it('reads the example catalog itself, with the same values, positions and source texts', () => {
    const files = yamlFilesUnder(join(repoRoot, 'catalog'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(fastPathReads(text), file).toBe(true);
      expectSameAsDocumentReader(text, file);
      expect(readYamlText(text, file).docs.map((d) => d.value)).toEqual(toJS(text));
    }
  });

  it('gives the same diagnostics and values on every file of the broken-catalog corpus', () => {
    const files = yamlFilesUnder(join(repoRoot, 'test/fixtures/broken'));
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expectSameAsDocumentReader(text, file);
      const read = readYamlText(text, file);
      if (read.diagnostics.length === 0) expect(read.docs.map((d) => d.value), file).toEqual(toJS(text));
    }
  });

  describe('generated catalog', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yaml-parity-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads a generated catalog itself, with the same values and positions', async () => {
      const { generateCatalog } = (await import(join(repoRoot, 'bench/generate.mjs'))) as {
        generateCatalog: (dir: string, options: { products: number; files: number }) => { catalogDir: string };
      };
      const { catalogDir } = generateCatalog(dir, { products: 300, files: 6 });
      const files = yamlFilesUnder(catalogDir);
      expect(files.length).toBeGreaterThan(5);
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        expect(fastPathReads(text), file).toBe(true);
        expectSameAsDocumentReader(text, file);
        expect(readYamlText(text, file).docs.map((d) => d.value)).toEqual(toJS(text));
      }
    });
  });

  const corners: Record<string, string> = {
    'plain scalars of every core type':
      'a: ~\nb: null\nc: Null\nd: true\ne: False\nf: 0x1F\ng: 0o17\nh: 012\ni: +12\nj: -7\nk: 1e3\nl: .5\nm: 1.\nn: .inf\no: -.Inf\np: .NaN\nq: 1_000\nr: yes\ns: 19.90\nt: 2024-01-01\nu:\n',
    'quoted scalars stay strings': `a: "12"\nb: 'true'\nc: "tab\\tnew\\nline \\u4e2d \\x41"\nd: 'it''s'\ne: "multi\n  line"\nf: ''\n`,
    'block scalars': 'a: |\n  x\n   y\n\nb: >-\n  p\n  q\n\n  r\nc: |+\n  keep\n\nd: >2\n    indented\ne: |\n\nf: last\n',
    'plain multi-line scalar': 'a: one\n  two\n  three\nb: x\n',
    'keys of other types': '1: one\ntrue: t\nnull: n\n1.50: money\n"quoted key": q\n\'single\': s\n__proto__: p\nconstructor: c\n',
    'comments everywhere': '# head\na: 1 # trailing\n# between\nb:\n  # inside\n  - x # item\n  # after\nc: {p: 1, # in flow\n  q: 2}\n# tail\n',
    'flow collections': 'a: [1, "two", [3, 4], {x: y}]\nb: {p: 1, q}\nc: []\nd: {}\ne: [a, b, ]\nf: { "k": v , m: [ ] }\ng: [\n  1,\n  2\n]\n',
    'nested block collections': 'a:\n  - b: 1\n    c:\n      - - x\n        - y\n      - z\n  -\n  - ~\nd:\n- 1\n- 2\n',
    'anchors and aliases': 'base: &b {price: 1.50, tags: [a, b]}\ncopy: *b\nlist: &l\n  - &s one\n  - two\nagain: *l\nscalar: *s\nempty: &e\nuse: *e\nunknown: *nothing\nredefined: &b 2\nlatest: *b\n',
    'alias bomb stops': 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c]\ne: ok\n',
    'self-referencing anchor': 'a: &a [*a]\n',
    'several documents, empty ones skipped': '---\na: 1\n---\n---\n# only a comment\n---\n- x\n...\n---\nb: 2\n...\n',
    'document-level anchor and scalar documents': '--- &root\na: 1\n--- just text\n--- ~\n--- 42\n',
    'root alias to nothing': '*x\n',
    'crlf line ends': 'a: 1\r\nb:\r\n  - x\r\n  - "y"\r\nc: |\r\n  t\r\n',
    'indentation with empty lines and trailing spaces': 'a:   \n\n  b: 1   \n\n\n  c: 2\nd: x   \n',
    'tab after value': 'a: 1\t\nb:\t2\n',
    'utf-8 and wide characters': 'title: 无线蓝牙耳机 🎧\n描述: "中文 key"\n',
    'merge key is a plain key': 'base: &b {a: 1}\nx:\n  <<: *b\n  c: 2\n',
    'stray doc end before the document': '...\na: 1\n',
  };
  for (const [name, text] of Object.entries(corners)) {
    it(`same result on: ${name}`, () => expectSameAsDocumentReader(text));
  }

  const mistakes: Record<string, string> = {
    'duplicate key': 'a: 1\nb: 2\na: 3\n',
    'number and string keys that collide': '1: a\n"1": b\n',
    'duplicate key in a flow map': 'x: {a: 1, a: 2}\n',
    'custom tag': 'a: !secret value\n',
    'core tag': 'a: !!str 123\nb: !!int "5"\n',
    'tag on a collection': 'a: !!map {b: 1}\nc: !custom [1]\n',
    'explicit key': '? a\n: b\n',
    'pair in a flow sequence': 'a: [b: 1, c]\n',
    'unclosed quote': 'a: "open\nb: 1\n',
    'bad indentation': 'a:\n  b: 1\n c: 2\n',
    'tab indentation': 'a:\n\tb: 1\n',
    'directive': '%YAML 1.1\n---\na: yes\n',
    'key longer than 1024 characters': `${'k'.repeat(1100)}: v\n`,
    'null keys that collide': 'null: n\n~: tilde\n',
    'implicit key without value': 'a: 1\njust words\n',
    'compact nested mapping': 'a: b: c\n',
    'anchor on a key': '&k a: 1\nb: *k\n',
    'alias with properties': 'a: &x 1\nb: &y *x\n',
    'missing comma in flow': 'a: [1 2]\nb: {c: 1 d: 2}\n',
    'unclosed flow': 'a: [1, 2\nb: 3\n',
    'comment without space': 'a: "x"#c\n',
    'block sequence props on the same line': 'a: &s - 1\n',
  };
  Object.assign(sharedCases, corners, mistakes);
  for (const [name, text] of Object.entries(mistakes)) {
    it(`same diagnostics and values on a file the Document path reads: ${name}`, () => {
      expect(fastPathReads(text)).toBe(false);
      expectSameAsDocumentReader(text);
    });
  }

  it('reads the corner cases without falling back', () => {
    const fallback = Object.entries(corners).filter(([, text]) => !fastPathReads(text)).map(([name]) => name);
    expect(fallback).toEqual([]);
  });

  it('gives positions of values, keys, missing fields and source texts of scalars as written', () => {
    const text = 'kind: Product\nkey: p1\nprice: 19.90\nskus:\n  - key: a\n    price: 5\n  - key: b\n    stock:\ncopy: &c 0o17\nref: *c\n';
    const [doc] = readYamlText(text, 'p.yaml').docs;
    expect(doc!.pos(['price'])).toEqual({ file: 'p.yaml', line: 3, col: 8 });
    expect(doc!.keyPos(['price'])).toEqual({ file: 'p.yaml', line: 3, col: 1 });
    expect(doc!.sourceText(['price'])).toBe('19.90');
    expect(doc!.pos(['skus', 1, 'key'])).toEqual({ file: 'p.yaml', line: 7, col: 10 });
    expect(doc!.pos(['skus', 1, 'stock'])).toEqual({ file: 'p.yaml', line: 8, col: 11 });
    expect(doc!.pos(['skus', 1, 'title'])).toEqual({ file: 'p.yaml', line: 7, col: 5 });
    expect(doc!.pos(['skus', 5])).toEqual({ file: 'p.yaml', line: 5, col: 3 });
    expect(doc!.pos(['ref'])).toEqual({ file: 'p.yaml', line: 10, col: 6 });
    expect(doc!.sourceText(['ref'])).toBe('0o17');
    expect(doc!.value).toMatchObject({ price: 19.9, copy: 15, ref: 15 });
    expect(doc!.sourceText(['skus'])).toBeUndefined();
  });

  it('hands string values in value position, with their positions, to the transform', () => {
    const seen: [string, number][] = [];
    const read = readYamlText('a: ${X}\nb: [x, 2]\n"k": v\n', 'c.yaml', (value, pos) => {
      seen.push([value, pos().line]);
      return value.toUpperCase();
    });
    expect(read.docs[0]!.value).toEqual({ a: '${X}'.toUpperCase(), b: ['X', 2], k: 'V' });
    expect(seen).toEqual([['${X}', 1], ['x', 2], ['v', 3]]);
  });

  it('leaves process.env as it was', () => {
    const env = process.env;
    readYamlText('a: 1\n', 'f.yaml');
    readYamlText('a: [\n', 'f.yaml');
    expect(process.env).toBe(env);
  });
});

describe('line reader parity', () => {
  /** The line reader's documents, compared with the Document path's when it reads the text; whether it read it. */
  function expectLineReaderAgrees(text: string, file = 'f.yaml'): boolean {
    const lines = readYamlLines(text, file);
    if (!lines) return false;
    const slow = readYamlDocuments(text, file);
    expect(slow.diagnostics, file).toEqual([]);
    expect(lines.map(describeDoc), file).toEqual(slow.docs.map(describeDoc));
    return true;
  }

  it('reads every file of the example catalog and of a generated catalog, as the Document path does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yaml-lines-'));
    try {
      const { generateCatalog } = (await import(join(repoRoot, 'bench/generate.mjs'))) as {
        generateCatalog: (dir: string, options: { products: number; files: number }) => { catalogDir: string };
      };
      const { catalogDir } = generateCatalog(dir, { products: 300, files: 6 });
      for (const file of [...yamlFilesUnder(join(repoRoot, 'catalog')), ...yamlFilesUnder(catalogDir)]) {
        expect(expectLineReaderAgrees(readFileSync(file, 'utf8'), file), file).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('agrees with the Document path on every test fixture it reads, and reads none with a YAML mistake', () => {
    let read = 0;
    for (const file of yamlFilesUnder(join(repoRoot, 'test/fixtures'))) {
      if (expectLineReaderAgrees(readFileSync(file, 'utf8'), file)) read++;
    }
    expect(read).toBeGreaterThan(20);
  });

  const lineCorners: Record<string, string> = {
    'sequence at the key indent, compact mappings': 'a:\n- x\n- k: 1\n  v: "2"\nb:\n  - k: a\n    deeper:\n      - 1\n      -   c: d\n          e: f\n  - last\n',
    'literal block scalars': 'a: |\n  one\n    two\n\n  three\n\n\nb: |-\n  x\n\n  # not a comment\nc:\n  - |\n    item\n  - |-\n    item2\nd: end\n',
    'quoted scalars and comments': "# head\na: \"x # y\"  # c\nb: 'it''s'\nc: ''\nd: \"\"\ne: plain # c\nf: http://x.y/a#b\n# between\ng: [] # empty\nh: {}\n",
    'keys and plain scalars of every core type': '1: one\ntrue: t\nnull: n\n1.50: m\nx y: z\na: ~\nb: 0x1F\nc: 1e3\nd: .inf\ne: 19.90\nf: 2024-01-01\ng: -1\n__proto__: p\n',
    'documents and comments around them': '# lead\n---\na: 1\n# after\n---\n\n---   # c\nb: 2\n---\n',
    'content before the first separator': 'a: 1\n---\nb: 2\n',
  };
  for (const [name, text] of Object.entries(lineCorners)) {
    it(`same result on: ${name}`, () => {
      expectSameAsDocumentReader(text);
      expectLineReaderAgrees(text);
    });
  }

  it('agrees with the Document path on every corner case and mistake above that it reads', () => {
    const all = { ...sharedCases, ...lineCorners };
    for (const [name, text] of Object.entries(all)) expect(() => expectLineReaderAgrees(text), name).not.toThrow();
  });
});

test('a plain scalar whose first character is not in TYPED_PLAIN_START is text under the core schema', () => {
  const suffixes = ['', '1', '.5', 'e3', 'x', 'rue', 'ull', 'alse', 'inf', 'nan', 'o17', 'x1F'];
  for (let code = 0x21; code < 0x7f; code++) {
    const first = String.fromCharCode(code);
    if (TYPED_PLAIN_START.has(first)) continue;
    for (const suffix of suffixes) expect(typeof plainValue(first + suffix), first + suffix).toBe('string');
  }
});
