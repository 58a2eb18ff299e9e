import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateSchemas, serializeSchema } from './schema-gen.js';
import { listCatalogFiles } from './format.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const schemas = generateSchemas();

function compile(file: string) {
  // Formats (e.g. "uri") are hints for editors; the loaders check values themselves.
  const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false });
  return ajv.compile(schemas[file]!);
}

describe('generated JSON Schemas', () => {
  it('publishes the catalog and config schemas', () => {
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['catalog.schema.json', 'config.schema.json']));
  });

  for (const [file, schema] of Object.entries(schemas)) {
    it(`schemas/${file} is up to date`, () => {
      let committed: string | undefined;
      try {
        committed = readFileSync(join(repoRoot, 'schemas', file), 'utf8');
      } catch {
        committed = undefined;
      }
      expect(committed === serializeSchema(schema), `schemas/${file} is stale or missing: run npm run schemas and commit the result`).toBe(true);
    });
  }

  it('every document of the example catalog validates against catalog.schema.json', () => {
    const validate = compile('catalog.schema.json');
    let count = 0;
    for (const file of listCatalogFiles(join(repoRoot, 'catalog'))) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const ok = validate(doc.toJS());
        expect(ok, `${relative(repoRoot, file)}: ${JSON.stringify(validate.errors)}`).toBe(true);
        count++;
      }
    }
    expect(count).toBeGreaterThan(0);
  });

  it('the shipped catalog.config.yaml validates against config.schema.json', () => {
    const validate = compile('config.schema.json');
    const ok = validate(parse(readFileSync(join(repoRoot, 'catalog.config.yaml'), 'utf8')));
    expect(ok, JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what the zod schema rejects: unknown fields, bad keys, wrong kind', () => {
    const validate = compile('catalog.schema.json');
    expect(validate({ kind: 'Group', key: 'phones', name: '手机' })).toBe(true);
    expect(validate({ kind: 'Group', key: 'phones', name: '手机', colour: 'red' })).toBe(false);
    expect(validate({ kind: 'Group', key: 'Phones!', name: '手机' })).toBe(false);
    expect(validate({ kind: 'Gadget', key: 'phones', name: '手机' })).toBe(false);
    expect(validate({ kind: 'Product', key: 'p1', title: 'T', price: '19.90' })).toBe(true);
    expect(validate({ kind: 'Product', key: 'p1', title: 'T', price: '19,90' })).toBe(false);
  });
});
