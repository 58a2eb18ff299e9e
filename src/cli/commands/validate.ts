/**
 * `catalog validate [--format text|json]`: offline checks of config and catalog (files,
 * references, platform rules). Exit 0 when valid, 1 otherwise. Makes no network call.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostics.js';
import { loadCatalog } from '../../catalog/load.js';
import type { Catalog } from '../../catalog/types.js';
import { loadConfig } from '../../config/load.js';
import { WITH_PLATFORMS } from '../../platforms/registry.js';
import type { Config } from '../../config/model.js';
import { renderDiagnostics } from '../../render/diagnostics.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../main.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Catalog valid: 14 products (31 SKUs), 4 groups, 2 shipping templates, 1 shelf in 9 files; 5 targets." */
export function validSummary(catalog: Catalog, fileCount: number, config: Config): string {
  const skus = catalog.products.reduce((n, p) => n + p.skus.length, 0);
  return (
    `Catalog valid: ${plural(catalog.products.length, 'product')} (${plural(skus, 'SKU')}), ` +
    `${plural(catalog.groups.length, 'group')}, ${plural(catalog.shippingTemplates.length, 'shipping template')}, ` +
    `${plural(catalog.shelves.length, 'shelf', 'shelves')} in ${plural(fileCount, 'file')}; ${plural(config.targets.length, 'target')}.`
  );
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('check the config and the catalog offline: YAML, fields, money, references, platform limits')
    .option('--format <format>', 'output format: text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  catalog validate\n  catalog validate --format json > diagnostics.json\n  catalog --config prod.config.yaml validate',
    )
    .action(async (opts: { format: string }) => {
      const { io } = ctx;
      const globals = ctx.globals();
      if (opts.format !== 'text' && opts.format !== 'json') {
        io.stderr.write(`catalog validate: --format must be text or json, not "${opts.format}"\n`);
        ctx.exitCode = EXIT.ERROR;
        return;
      }
      const format = opts.format;
      const loadedConfig = loadConfig(path.resolve(io.cwd, globals.config), io.env, WITH_PLATFORMS);
      let diagnostics: Diagnostic[] = loadedConfig.diagnostics;
      let fileCount: number | undefined;
      let catalog: Catalog | undefined;
      // A config with mistakes still names the targets the catalog is checked against (all at once).
      const checkWith = loadedConfig.config ?? loadedConfig.offlineConfig;
      if (checkWith) {
        const loaded = await loadCatalog(checkWith, WITH_PLATFORMS);
        diagnostics = [...diagnostics, ...loaded.diagnostics];
        fileCount = loaded.fileCount;
        catalog = loaded.catalog;
      }
      const valid = !hasErrors(diagnostics) && catalog !== undefined && loadedConfig.config !== undefined;
      ctx.exitCode = valid ? EXIT.OK : EXIT.ERROR;
      if (format === 'json') {
        io.stdout.write(renderDiagnostics(diagnostics, 'json', { color: false, ...(fileCount !== undefined ? { fileCount } : {}) }));
        return;
      }
      if (diagnostics.length > 0) {
        const out = valid ? io.stdout : io.stderr;
        out.write(renderDiagnostics(diagnostics, 'text', { color: globals.color, ...(fileCount !== undefined ? { fileCount } : {}) }));
      }
      if (valid) io.stdout.write(`${validSummary(catalog!, fileCount ?? 0, loadedConfig.config!)}\n`);
    });
}
