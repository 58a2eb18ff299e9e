/**
 * The JSON Schemas in `schemas/` are generated from the zod schemas, which stay the single source of
 * truth for each file format. The generated files are committed (editors and other tools read them
 * from the repository) and a test fails when they are stale.
 *
 * To publish another format, add one row to SCHEMA_FILES.
 */
import { z } from 'zod';
import { documentSchema } from './model.js';
import { publishedConfigSchema } from '../config/model.js';
import { planSchema } from '../plan/types.js';

export interface SchemaFile {
  /** File name inside `schemas/`. */
  file: string;
  title: string;
  schema: z.ZodType;
}

export const SCHEMA_FILES: readonly SchemaFile[] = [
  { file: 'catalog.schema.json', title: 'catalog document (one YAML document of a file under catalog/)', schema: documentSchema },
  { file: 'config.schema.json', title: 'catalog.config.yaml', schema: publishedConfigSchema },
  { file: 'plan.schema.json', title: 'catalog plan (JSON output and saved plan files)', schema: planSchema },
];

/**
 * File name -> JSON Schema. Draft-07, because it is the draft editors (yaml-language-server) and ajv's
 * default build support best. `io: 'input'` describes what users write, not what parsing returns.
 */
export function generateSchemas(): Record<string, object> {
  const out: Record<string, object> = {};
  for (const { file, title, schema } of SCHEMA_FILES) {
    const generated = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
    const { $schema, ...rest } = generated;
    out[file] = { $schema, title, ...rest };
  }
  return out;
}

/** The exact bytes committed for a schema (stable: the same input always gives the same text). */
export function serializeSchema(schema: object): string {
  return JSON.stringify(schema, null, 2) + '\n';
}
