/**
 * One catalog file from bytes to documents, and one document to what it says as written: its kind
 * and key, the value checked against its kind's schema (repaired where refused, repair.ts), and its
 * money read exactly from the source text (src/money/fen.ts). Normalisation (load.ts) starts from this.
 */
import type { z } from 'zod';
import { error, type Diagnostic } from '../diagnostics/diagnostics.js';
import { suggestHint } from '../diagnostics/suggest.js';
import { validateWithSchema, type InvalidValue } from '../schema/zod-issues.js';
import { formatPath, isRecord, valueAt } from '../schema/zod-schema.js';
import { decodeYamlBytes, fileTooLarge, pathKey, readYamlText, type YamlDoc } from '../yaml/yaml-source.js';
import { KEY_PATTERN, KINDS, type CatalogDoc, type Kind } from './model.js';
import { parseMoney, type Fen, type MoneyErrorCode } from '../money/fen.js';
import { repairValue, Taint } from './repair.js';
import { CATALOG_ISSUES, moneyPaths } from './schema-issues.js';

const MONEY_HINTS: Record<MoneyErrorCode, string> = {
  'money.precision': 'money has at most 2 decimals (fen); round the amount, e.g. 19.99',
  'money.invalid': 'write the amount in yuan as plain digits, e.g. 1000 or 19.90',
  'money.range': 'write an amount of 0 or more that fits in fen',
};

/**
 * A file's YAML documents. `data` is its bytes (parsed as given; the file is not read again) or,
 * for a file over the limit, its size; `file` names it in diagnostics, which go to `diagnostics`.
 */
export function readDocuments(file: string, data: Uint8Array | number, diagnostics: Diagnostic[]): YamlDoc[] {
  if (typeof data === 'number') {
    diagnostics.push(fileTooLarge(file, data));
    return [];
  }
  const decoded = decodeYamlBytes(data, file);
  diagnostics.push(...decoded.diagnostics);
  if (decoded.text === undefined) return [];
  const read = readYamlText(decoded.text, file);
  diagnostics.push(...read.diagnostics);
  return read.docs;
}

/** A catalog document as written (see parseDocument). */
export interface ParsedDocument {
  kind: Kind;
  /** The key when it is a valid key (also for documents with other errors). */
  key?: string;
  /** The document as written: validated, or repaired where the schema refused it (repair.ts). */
  written: CatalogDoc;
  /** Money values in fen by path (see pathKey). */
  fen: Map<string, Fen>;
  moneyOk: boolean;
  /** The values the schema refused and the money that could not be read: checks skip them (repair.ts). */
  taint: Taint;
}

/**
 * A document's kind, schema (`kindSchemas`: documentSchemas(platforms).kinds) and money. Its mistakes
 * go to `diagnostics`; undefined when the document is not a catalog object of a known kind (nothing
 * more can be checked).
 */
export function parseDocument(doc: YamlDoc, kindSchemas: Readonly<Record<Kind, z.ZodType<CatalogDoc>>>, diagnostics: Diagnostic[]): ParsedDocument | undefined {
  if (doc.incomplete) return undefined; // cut short by the alias limit, already reported
  const value = doc.value;
  if (!isRecord(value)) {
    diagnostics.push(error('schema.type', 'a catalog document must be a mapping with kind: and key:', doc.pos([]), 'start the document with kind: Product (or Group, ShippingTemplate, Shelf) and key: ...'));
    return undefined;
  }
  const kind = value.kind;
  if (kind === undefined) {
    diagnostics.push(error('schema.required', 'missing required field "kind"', doc.pos([]), `add kind: ${KINDS.join(' | ')}`));
    return undefined;
  }
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    diagnostics.push(error('schema.enum', `kind must be one of ${KINDS.join(', ')}, not ${JSON.stringify(kind)}`, doc.pos(['kind']), suggestHint(String(kind), KINDS, 'kinds')));
    return undefined;
  }
  const k = kind as Kind;
  const schema = kindSchemas[k];
  const fen = new Map<string, Fen>();
  const moneyFields = moneyPaths(schema, value);
  let moneyOk = true;
  const tainted: InvalidValue[] = [];
  for (const [field, p] of moneyFields) {
    const raw = valueAt(value, p);
    const text = typeof raw === 'number' || typeof raw === 'string' ? doc.sourceText(p) : undefined;
    const parsed = text === undefined
      ? ({ code: 'money.invalid', error: `must be an amount in yuan, e.g. 19.90` } as const)
      : parseMoney(text);
    if ('fen' in parsed) {
      fen.set(field, parsed.fen);
    } else {
      moneyOk = false;
      tainted.push({ path: p, drop: false });
      diagnostics.push(error(parsed.code, `${formatPath(p)}: ${parsed.error}`, doc.pos(p), MONEY_HINTS[parsed.code]));
    }
  }
  const validated = validateWithSchema(schema, value, doc, { ...CATALOG_ISSUES, skip: (p) => moneyFields.has(pathKey(p)) });
  diagnostics.push(...validated.diagnostics);
  const key = typeof value.key === 'string' && KEY_PATTERN.test(value.key) ? value.key : undefined;
  // Every check runs on every document of a known kind: a document the schema refused is checked
  // in a repaired form, its mistakes tainted so that they are not reported twice (repair.ts).
  tainted.push(...validated.invalid);
  const taint = new Taint(tainted);
  const written = validated.data ?? (repairValue(schema, value, validated.invalid) as CatalogDoc);
  return { kind: k, ...(key !== undefined ? { key } : {}), written, fen, moneyOk, taint };
}
