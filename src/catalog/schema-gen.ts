/**
 * The JSON Schemas in `schemas/` are generated from the zod schemas, which stay the single source of
 * truth for each file format. The generated files are committed (editors and other tools read them
 * from the repository) and a test fails when they are stale.
 *
 * To publish another format, add one row to schemaFiles.
 */
import { z } from 'zod';
import { documentSchemas } from './model.js';
import type { CatalogPlatform } from './platform.js';
import { publishedConfigSchema } from '../config/model.js';
import type { ConfigPlatform } from '../config/platform.js';
import { planSchemaFor } from '../plan/types.js';

export interface SchemaFile {
  /** File name inside `schemas/`. */
  file: string;
  title: string;
  schema: z.ZodType;
}

/** The published formats, composed with the platforms' parts (the CLI passes the registry's list). */
export function schemaFiles(platforms: ReadonlyArray<CatalogPlatform & ConfigPlatform>): readonly SchemaFile[] {
  return [
    { file: 'catalog.schema.json', title: 'catalog document (one YAML document of a file under catalog/)', schema: documentSchemas(platforms).document },
    { file: 'config.schema.json', title: 'catalog.config.yaml', schema: publishedConfigSchema(platforms) },
    { file: 'plan.schema.json', title: 'catalog plan (JSON output and saved plan files)', schema: planSchemaFor(platforms.map((p) => p.name)) },
  ];
}

/**
 * File name -> JSON Schema. Draft-07, because it is the draft editors (yaml-language-server) and ajv's
 * default build support best. `io: 'input'` describes what users write, not what parsing returns.
 */
export function generateSchemas(platforms: ReadonlyArray<CatalogPlatform & ConfigPlatform>): Record<string, object> {
  const out: Record<string, object> = {};
  for (const { file, title, schema } of schemaFiles(platforms)) {
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
