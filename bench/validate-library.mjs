// Child process for the "library" row: loadConfig + loadCatalog from the built dist/, nothing else.
import { loadConfig } from '../dist/config/load.js';
import { loadCatalog } from '../dist/catalog/load.js';
import { WITH_PLATFORMS } from '../dist/platforms/registry.js';

const { config, diagnostics } = loadConfig(process.argv[2], process.env, WITH_PLATFORMS);
if (!config) {
  console.error(JSON.stringify(diagnostics.slice(0, 3)));
  process.exit(1);
}
const result = await loadCatalog(config, WITH_PLATFORMS);
const errors = result.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) {
  console.error(`${errors.length} errors, first: ${JSON.stringify(errors[0])}`);
  process.exit(1);
}
console.log(`${result.catalog.products.length} products in ${result.fileCount} files`);
