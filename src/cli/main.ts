/**
 * CLI entry: builds the commander program, runs one command, returns its exit code.
 * Commands live in ./commands/<name>.ts and export `register(program, ctx)`; each action stores
 * its exit code in `ctx.exitCode`. Only src/cli writes to stdout/stderr.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { PACKAGE_ROOT } from './package-root.js';
import { processIO, type CliIO, type GlobalOptions } from './io.js';
import { PLATFORMS } from '../platforms/registry.js';
import * as validate from './commands/validate.js';
import * as fmt from './commands/fmt.js';
import * as init from './commands/init.js';
import * as plan from './commands/plan.js';
import * as apply from './commands/apply.js';
import * as importCmd from './commands/import.js';
import * as sandbox from './commands/sandbox.js';
import * as state from './commands/state.js';
import * as webhook from './commands/webhook.js';
import * as lookup from './commands/lookup.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string };
  return pkg.version;
}

export interface CommandContext {
  io: CliIO;
  globals(): GlobalOptions;
  exitCode: number;
}

export interface CommandModule {
  register(program: Command, ctx: CommandContext): void;
}

const COMMANDS: CommandModule[] = [init, validate, fmt, plan, apply, importCmd, lookup, sandbox, state, webhook];

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('catalog')
    .description(`Catalog-as-code: plan and apply product catalogs to ${PLATFORMS.map((p) => `${p.name} ${p.title}`).join(', ')}.`)
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--config <file>', 'config file', 'catalog.config.yaml')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('--quiet', 'print only results and errors', false)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
  for (const c of COMMANDS) c.register(program, ctx);
  return program;
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const ctx: CommandContext = {
    io,
    exitCode: EXIT.OK,
    globals: () => {
      const o = program.opts<{ config: string; color: boolean; quiet: boolean }>();
      return { config: o.config, color: o.color && !io.env.NO_COLOR && io.isTTY, quiet: o.quiet };
    },
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; usage mistakes are bad input.
      return e.exitCode === 0 ? EXIT.OK : EXIT.ERROR;
    }
    throw e;
  }
}
