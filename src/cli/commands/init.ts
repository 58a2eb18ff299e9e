/**
 * `catalog init [dir]`: scaffold a config (every target on the simulator), a small catalog and the
 * JSON Schemas into an empty or new folder. A folder that holds anything besides `.git` is refused,
 * so init never overwrites a user's file.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { scaffoldFiles } from '../../catalog/scaffold.js';

/** Entries a fresh project folder may already have. */
const IGNORED_ENTRIES = new Set(['.git']);

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('create catalog.config.yaml (sandbox targets) and a small example catalog in an empty folder')
    .argument('[dir]', 'folder to initialise; created if missing', '.')
    .addHelpText(
      'after',
      `
Examples:
  $ catalog init              in the current (empty) folder
  $ catalog init my-shop      in ./my-shop (created)`,
    )
    .action((dir: string) => {
      ctx.exitCode = runInit(ctx, dir);
    });
}

function runInit(ctx: CommandContext, dir: string): number {
  const { io } = ctx;
  const root = path.resolve(io.cwd, dir);
  const relative = path.relative(io.cwd, root);
  const shown = path.isAbsolute(dir) || relative.startsWith('..') ? root : relative || '.';
  let existing: string[] = [];
  try {
    if (!statSync(root).isDirectory()) {
      io.stderr.write(`catalog init: ${shown} exists and is not a folder\n`);
      return EXIT.ERROR;
    }
    existing = readdirSync(root).filter((name) => !IGNORED_ENTRIES.has(name));
  } catch {
    // Does not exist yet: created below.
  }
  if (existing.length > 0) {
    const listed = existing.sort().slice(0, 5).join(', ') + (existing.length > 5 ? ', ...' : '');
    io.stderr.write(
      `catalog init: ${shown} is not empty (${listed}); nothing was written.\n` +
        `  hint: run it in an empty folder, or name a new one: catalog init my-shop\n`,
    );
    return EXIT.ERROR;
  }

  for (const file of scaffoldFiles()) {
    const target = path.join(root, ...file.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content, { flag: 'wx' });
    if (!ctx.globals().quiet) io.stdout.write(`created ${path.join(shown, file.path).split(path.sep).join('/')}\n`);
  }
  const cd = shown === '.' ? '' : `cd ${shown} && `;
  io.stdout.write(`\nNext: ${cd}catalog validate && catalog plan   (every target runs against the built-in simulator)\n`);
  return EXIT.OK;
}
