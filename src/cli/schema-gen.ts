/**
 * `npm run schemas`: writes the generated JSON Schemas to `schemas/` (or the folder given as the
 * first argument). Run it after changing a zod schema the files are generated from, and commit the result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSchemas, serializeSchema } from '../catalog/schema-gen.js';
import { PLATFORMS } from '../platforms/registry.js';

const defaultDir = fileURLToPath(new URL('../../schemas/', import.meta.url));
const outDir = resolve(process.argv[2] ?? defaultDir);
mkdirSync(outDir, { recursive: true });
for (const [file, schema] of Object.entries(generateSchemas(PLATFORMS))) {
  writeFileSync(join(outDir, file), serializeSchema(schema));
  process.stdout.write(`wrote ${join(outDir, file)}\n`);
}
