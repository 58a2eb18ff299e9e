/**
 * `catalog init [dir]`: scaffold a merchant repository (see catalog/scaffold.ts) into a new or
 * existing folder. It never overwrites a file unless --force: files that exist are skipped and listed.
 *
 * The CI file is the tool's own, read from the installed package so there is one copy of each:
 * GitHub Actions is `.github/workflows/catalog.yml` (the workflow this repository runs, checked by
 * actionlint in test/ci), GitLab is the `.gitlab-ci.yml` block of docs/ci.md (checked by the same test).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { scaffoldFiles } from '../../catalog/scaffold.js';
import { PLATFORMS } from '../../platforms/registry.js';
import { PACKAGE_ROOT } from '../package-root.js';

type CiKind = 'github' | 'gitlab';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('scaffold a merchant repository: config (sandbox targets), a small catalog, package.json, .gitignore, CI and editor settings')
    .argument('[dir]', 'folder to initialise; created if missing', '.')
    .addOption(new Option('--ci <system>', 'CI file to write').choices(['github', 'gitlab']).default('github'))
    .option('--force', 'overwrite files that already exist (default: skip them)')
    .addHelpText(
      'after',
      `
Examples:
  $ catalog init                  in the current folder
  $ catalog init my-shop          in ./my-shop (created)
  $ catalog init --ci gitlab      .gitlab-ci.yml instead of .github/workflows/catalog.yml`,
    )
    .action((dir: string, opts: { ci: CiKind; force?: boolean }) => {
      ctx.exitCode = runInit(ctx, dir, opts);
    });
}

export function packageInfo(): { name: string; version: string } {
  return JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { name: string; version: string };
}

/** The CI file init writes, from the installed package (see the header). */
export function ciTemplate(ci: CiKind): { path: string; text: string } {
  if (ci === 'github') {
    return { path: '.github/workflows/catalog.yml', text: readFileSync(new URL('.github/workflows/catalog.yml', PACKAGE_ROOT), 'utf8') };
  }
  // The GitLab job is documented in docs/ci.md (shipped in the package), and written from there.
  const doc = readFileSync(new URL('docs/ci.md', PACKAGE_ROOT), 'utf8');
  const block = /```yaml\n(# \.gitlab-ci\.yml[^\n]*\n[\s\S]*?)```/.exec(doc)?.[1];
  if (block === undefined) throw new Error('bug: docs/ci.md holds no ```yaml block starting with "# .gitlab-ci.yml"');
  return { path: '.gitlab-ci.yml', text: block };
}

/** A valid npm package name from a folder name ("My Shop" -> "my-shop"). */
function projectNameOf(root: string): string {
  const name = path
    .basename(root)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name || 'catalog';
}

function runInit(ctx: CommandContext, dir: string, opts: { ci: CiKind; force?: boolean }): number {
  const { io } = ctx;
  const root = path.resolve(io.cwd, dir);
  const relative = path.relative(io.cwd, root);
  const shown = path.isAbsolute(dir) || relative.startsWith('..') ? root : relative || '.';
  if (existsSync(root) && !statSync(root).isDirectory()) {
    io.stderr.write(`catalog init: ${shown} exists and is not a folder\n`);
    return EXIT.ERROR;
  }
  const pkg = packageInfo();
  const files = scaffoldFiles({ packageName: pkg.name, version: pkg.version, ci: ciTemplate(opts.ci), projectName: projectNameOf(root) }, PLATFORMS);
  const skipped: string[] = [];
  const display = (file: string) => (shown === '.' ? file : `${shown.split(path.sep).join('/')}/${file}`);
  for (const file of files) {
    const target = path.join(root, ...file.path.split('/'));
    const exists = existsSync(target);
    if (exists && !opts.force) {
      skipped.push(display(file.path));
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    if (!ctx.globals().quiet) io.stdout.write(`${exists ? 'overwrote' : 'created'} ${display(file.path)}\n`);
  }
  if (skipped.length > 0) {
    io.stdout.write(`skipped (already there; --force overwrites): ${skipped.join(', ')}\n`);
  }
  const cd = shown === '.' ? '' : `cd ${shown} && `;
  io.stdout.write(
    `\nNext: ${cd}npm install && npx catalog validate && npx catalog plan   (every target runs against the built-in simulator)\n`,
  );
  return EXIT.OK;
}
