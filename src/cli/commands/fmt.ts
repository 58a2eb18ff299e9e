/**
 * `catalog fmt [--check] [paths...]`: rewrite catalog files in canonical format (see
 * src/catalog/format.ts). `--check` writes nothing, lists the files that would change and exits 1
 * when there are any (for CI). A file with a YAML error is reported and left untouched.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { formatCatalogFile, listCatalogFiles } from '../../catalog/format.js';
import { decodeYamlBytes } from '../../yaml/yaml-source.js';
import type { Diagnostic } from '../../diagnostics/diagnostics.js';
import { renderDiagnostics } from '../../render/diagnostics.js';
import { loadConfig } from '../../config/load.js';
import { PLATFORMS, WITH_PLATFORMS } from '../../platforms/registry.js';

interface FmtOptions {
  check?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('fmt')
    .description('rewrite catalog files in canonical format (key order, indentation); comments are kept')
    .argument('[paths...]', 'files or folders to format (default: the catalog folder from the config)')
    .option('--check', 'write nothing; list the files that would change and exit 1 if there are any')
    .addHelpText(
      'after',
      `
Examples:
  $ catalog fmt                     format every *.yaml/*.yml file under the catalog folder
  $ catalog fmt --check             in CI: fail when a file is not canonically formatted
  $ catalog fmt catalog/products    format one folder`,
    )
    .action((paths: string[], options: FmtOptions) => {
      ctx.exitCode = runFmt(ctx, paths, options);
    });
}

function runFmt(ctx: CommandContext, paths: string[], options: FmtOptions): number {
  const { io } = ctx;
  const shown = (file: string): string => path.relative(io.cwd, file).split(path.sep).join('/') || '.';
  const report = (diags: readonly Diagnostic[]): void => {
    io.stderr.write(renderDiagnostics(diags, 'text', { color: ctx.globals().color }));
  };

  const roots = paths.length > 0 ? paths.map((p) => path.resolve(io.cwd, p)) : catalogDirFromConfig(ctx, report);
  if (!roots) return EXIT.ERROR;
  const files: string[] = [];
  for (const root of roots) {
    let isDir: boolean;
    try {
      isDir = statSync(root).isDirectory();
    } catch {
      report([{ code: 'fmt.not-found', severity: 'error', message: `${shown(root)} does not exist` }]);
      return EXIT.ERROR;
    }
    files.push(...(isDir ? listCatalogFiles(root) : [root]));
  }

  const problems: Diagnostic[] = [];
  const changed: string[] = [];
  for (const file of files) {
    const name = shown(file);
    const decoded = decodeYamlBytes(readFileSync(file), name);
    if (decoded.text === undefined) {
      problems.push(...decoded.diagnostics);
      continue;
    }
    const result = formatCatalogFile(decoded.text, name, PLATFORMS);
    if ('error' in result) {
      problems.push(...result.error);
      continue;
    }
    if (result.text === decoded.text) continue;
    changed.push(name);
    if (options.check) {
      io.stdout.write(`${name}\n`);
    } else {
      // Write + rename: an interrupted fmt never leaves a half-written catalog file.
      const temp = `${file}.fmt-${process.pid}.tmp`;
      writeFileSync(temp, result.text);
      renameSync(temp, file);
      io.stdout.write(`formatted ${name}\n`);
    }
  }

  const failed = problems.length > 0;
  if (failed) {
    report(problems);
    const unformatted = new Set(problems.map((d) => d.pos?.file)).size;
    io.stderr.write(`${unformatted} file(s) with errors were left unchanged\n`);
  }
  const quiet = ctx.globals().quiet;
  if (options.check && changed.length > 0) {
    io.stderr.write(`${changed.length} of ${files.length} file(s) would be reformatted; run \`catalog fmt\` to fix\n`);
    return EXIT.ERROR;
  }
  if (!quiet && changed.length === 0 && !failed) io.stderr.write(`${files.length} file(s) already formatted\n`);
  return failed ? EXIT.ERROR : EXIT.OK;
}

/**
 * The catalog folder named by the config. fmt needs no credentials (fmt --check runs in CI jobs
 * without secrets): environment variables that are not set read as empty instead of failing, and
 * absent or empty credentials are accepted (credentialsOptional).
 */
function catalogDirFromConfig(ctx: CommandContext, report: (d: readonly Diagnostic[]) => void): string[] | undefined {
  const env = new Proxy(ctx.io.env, { get: (target, name) => (typeof name === 'string' ? (target[name] ?? '') : undefined) });
  const { config, diagnostics } = loadConfig(path.resolve(ctx.io.cwd, ctx.globals().config), env, { ...WITH_PLATFORMS, credentialsOptional: true });
  if (!config) {
    report(diagnostics);
    return undefined;
  }
  return [config.catalogDir];
}
