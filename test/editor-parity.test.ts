/**
 * Editor parity: what an editor running yaml-language-server with the published JSON Schemas
 * (schemas/*.json) shows, against what `catalog validate` reports, on the example project and on
 * every project of the broken-catalog corpus (test/fixtures/broken/).
 *
 * - Every mistake validate reports that the schemas can express (SCHEMA_EXPRESSIBLE) is shown by the
 *   server on the same line of the same file, in every document of multi-document files, as an error.
 * - The server shows no schema problem on a line where validate reports nothing (files with YAML
 *   syntax errors aside: validate does not schema-check a document it cannot parse).
 * The schemas are associated with the `yaml.schemas` setting, as in editor settings, because the
 * in-file `# yaml-language-server: $schema=...` comment covers the first document of a file only
 * (the last test shows it).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostics.js';
import { listCatalogFiles } from '../src/catalog/format.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadConfig } from '../src/config/load.js';
import { YamlLanguageServer, type LspDiagnostic } from './helpers/yaml-language-server.js';
import { WITH_PLATFORMS } from '../src/platforms/registry.js';

const ROOT = path.join(import.meta.dirname, '..');
const BROKEN = path.join(ROOT, 'test', 'fixtures', 'broken');
const CATALOG_SCHEMA = path.join(ROOT, 'schemas', 'catalog.schema.json');
const SCHEMAS = {
  [CATALOG_SCHEMA]: '**/catalog/**/*.yaml',
  [path.join(ROOT, 'schemas', 'config.schema.json')]: '**/catalog.config.yaml',
};

/** Diagnostic codes for mistakes a JSON Schema can express (a value's type, range, format, presence). */
const SCHEMA_EXPRESSIBLE = new Set([
  'schema.type',
  'schema.required',
  'schema.enum',
  'schema.range',
  'schema.format',
  'schema.unknown-field',
  'key.invalid',
  'money.precision',
  'money.range',
  'money.invalid',
  'config.type',
  'config.required',
  'config.enum',
  'config.range',
  'config.format',
  'config.unknown-field',
]);

/** Cases the schema cannot express, by project: why. */
const NOT_EXPRESSIBLE: Record<string, { codes: string[]; why: string }> = {
  'money-exponent': { codes: ['money.invalid'], why: '`1e3` is the number 1000 to a JSON Schema; only the source text shows the exponent' },
};

const SYNTAX_CODES = /^(yaml\.|file\.)/;

async function validate(dir: string): Promise<Diagnostic[]> {
  const loaded = loadConfig(path.join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS);
  const config = loaded.config ?? loaded.offlineConfig;
  if (!config) return loaded.diagnostics;
  return [...loaded.diagnostics, ...(await loadCatalog(config, WITH_PLATFORMS)).diagnostics];
}

const projects: Array<[string, string]> = [
  ['the example project', ROOT],
  ...readdirSync(BROKEN, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d): [string, string] => [d.name, path.join(BROKEN, d.name)])
    .sort(([a], [b]) => (a < b ? -1 : 1)),
];

const filesOf = (dir: string): string[] => [path.join(dir, 'catalog.config.yaml'), ...listCatalogFiles(path.join(dir, 'catalog'))];

let server: YamlLanguageServer;
/** What the server published for every file of every project (opened all at once: one wait). */
let published: Map<string, LspDiagnostic[]>;
beforeAll(async () => {
  server = new YamlLanguageServer(ROOT, SCHEMAS);
  await server.start();
  published = await server.diagnose(projects.flatMap(([, dir]) => filesOf(dir)), (f) => readFileSync(f, 'utf8'));
});
afterAll(async () => server?.stop());

describe('yaml-language-server with the published schemas shows what validate reports', () => {
  test.each(projects)('%s', async (name, dir) => {
    const schemaProblems: Array<{ at: string; d: LspDiagnostic }> = [];
    for (const file of filesOf(dir)) {
      for (const d of published.get(file)!) if (d.source?.startsWith('yaml-schema')) schemaProblems.push({ at: `${path.relative(dir, file)}:${d.range.start.line + 1}`, d });
    }
    const cli = await validate(dir);
    const at = (d: Diagnostic): string => `${d.pos?.file}:${d.pos?.line}`;
    const skipped = NOT_EXPRESSIBLE[name]?.codes ?? [];
    const expressible = cli.filter((d) => SCHEMA_EXPRESSIBLE.has(d.code) && !skipped.includes(d.code));

    // Every expressible mistake is shown on its line.
    const shownLines = new Set(schemaProblems.map((p) => p.at));
    expect(expressible.filter((d) => !shownLines.has(at(d))).map((d) => `${at(d)} ${d.code}: ${d.message}`)).toEqual([]);
    // As errors (the severity the server gives schema problems; it has no setting to choose).
    expect(schemaProblems.filter((p) => p.d.severity !== 1).map((p) => `${p.at} ${p.d.message}`)).toEqual([]);
    // Nothing where validate reports nothing, in files validate could parse.
    const reportedLines = new Set(cli.map(at));
    const unparsed = new Set(cli.filter((d) => SYNTAX_CODES.test(d.code)).map((d) => d.pos?.file));
    const editorOnly = schemaProblems.filter((p) => !reportedLines.has(p.at) && !unparsed.has(p.at.replace(/:\d+$/, '')));
    expect(editorOnly.map((p) => `${p.at} ${p.d.message}`)).toEqual([]);
    if (name === 'the example project') expect(schemaProblems).toEqual([]);
  });

  test('the corpus exercises the expressible codes', async () => {
    const codes = new Set<string>();
    for (const [, dir] of projects) for (const d of await validate(dir)) codes.add(d.code);
    expect(['schema.type', 'schema.required', 'schema.enum', 'schema.range', 'schema.unknown-field', 'key.invalid', 'money.precision', 'money.range', 'money.invalid', 'config.enum', 'config.range', 'config.unknown-field'].filter((c) => !codes.has(c))).toEqual([]);
  });
});

describe('the in-file $schema comment', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalog-modeline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('covers only the first document of a file: editors need the yaml.schemas setting (README)', async () => {
    const file = path.join(dir, 'products.yaml');
    writeFileSync(file, `# yaml-language-server: $schema=${CATALOG_SCHEMA}\nkind: Group\nkey: g1\nname: 1\n---\nkind: Group\nkey: g2\nname: 2\n`);
    const alone = new YamlLanguageServer(dir, {});
    await alone.start();
    try {
      const lines = (await alone.diagnose([file], (f) => readFileSync(f, 'utf8'))).get(file)!.map((d) => d.range.start.line + 1);
      expect(lines).toEqual([4]); // line 8 (name: 2, the second document) is not checked
    } finally {
      await alone.stop();
    }
  });
});
