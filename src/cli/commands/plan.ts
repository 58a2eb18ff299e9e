// Placeholder until the command is built; replaced by its issue's work.
import type { Command } from 'commander';
import type { CommandContext } from '../main.js';

export function register(program: Command, ctx: CommandContext): void {
  program.command('plan').description('(not built yet)').action(() => {
    ctx.io.stderr.write('catalog plan: not built yet\n');
    ctx.exitCode = 1;
  });
}
