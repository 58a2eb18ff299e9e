import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateSchemas, serializeSchema } from './schema-gen.js';
import { PLATFORMS } from '../platforms/registry.js';
import { listCatalogFiles } from './format.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const schemas = generateSchemas(PLATFORMS);

function compile(file: string) {
  // Formats (e.g. "uri") are hints for editors; the loaders check values themselves.
  // `type: [string, number]` (a credential written as a number) is plain draft-07.
  // multipleOf 0.01 (money) needs a float tolerance in ajv (editors compare decimals exactly).
  const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false, allowUnionTypes: true, multipleOfPrecision: 9 });
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

  it('carries the money, key and target rules an editor can check', () => {
    const catalog = compile('catalog.schema.json');
    const product = (price: unknown) => ({ kind: 'Product', key: 'p1', title: 'T', price });
    expect([19.99, 0, 5500, '19.90', '0.3'].map((p) => catalog(product(p)))).toEqual([true, true, true, true, true]);
    expect([19.999, -5, '19.999', '-1', '1e3', '12,50'].map((p) => catalog(product(p)))).toEqual([false, false, false, false, false, false]);
    expect(catalog({ kind: 'Group', key: 'g1', name: 'G', targets: ['store'], platforms: {} })).toBe(true);
    expect(catalog({ kind: 'Product', key: 'p1', title: 'T', groups: ['Phones!'] })).toBe(false);
    const config = compile('config.schema.json');
    const targets = (target: object) => ({ targets: { store: target } });
    expect(config(targets({ platform: 'wechat-store', sandbox: true }))).toBe(true);
    expect(config(targets({ platform: 'wechat-store', appId: '${WX_APPID}', secret: '${WX_SECRET}' }))).toBe(true);
    expect(config(targets({ platform: 'goofish', appKey: 100000000000001, appSecret: 'x' }))).toBe(true);
    expect(config(targets({ platform: 'wechat-store', sandboxx: true }))).toBe(false);
    expect(config(targets({ platform: 'wechat-store', appKey: 'goofish-only' }))).toBe(false);
    expect(config(targets({ platform: 'wechat-shop', sandbox: true }))).toBe(false);
    expect(config({})).toBe(false);
  });
});
