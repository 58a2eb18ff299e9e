/** The README documents every diagnostic code, command and exit code: it stays true as they change. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DIAGNOSTIC_CODES, PLATFORM_CHECK_CODES } from '../src/catalog/diagnostic-codes.js';
import { EXIT } from '../src/cli/exit-codes.js';
import { buildProgram } from '../src/cli/main.js';
import { REPO } from './helpers/cli.js';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

describe('README', () => {
  test('lists every diagnostic code', () => {
    const missing = Object.keys({ ...DIAGNOSTIC_CODES, ...PLATFORM_CHECK_CODES }).filter((c) => !readme.includes(`| \`${c}\` |`));
    expect(missing, 'add them to the "Diagnostic codes" table').toEqual([]);
  });

  test('documents every command', () => {
    const program = buildProgram({ io: {} as never, globals: () => ({ config: '', color: false, quiet: false }), exitCode: 0 });
    const missing = program.commands.map((c) => c.name()).filter((n) => !readme.includes(`### catalog ${n}`));
    expect(missing).toEqual([]);
  });

  test('documents every option of every command and subcommand', () => {
    const program = buildProgram({ io: {} as never, globals: () => ({ config: '', color: false, quiet: false }), exitCode: 0 });
    const missing: string[] = [];
    const visit = (cmd: typeof program, path: string): void => {
      for (const o of cmd.options) if (o.long && !readme.includes(o.long)) missing.push(`${path} ${o.long}`);
      for (const sub of cmd.commands) visit(sub, `${path} ${sub.name()}`);
    };
    visit(program, 'catalog');
    expect(missing).toEqual([]);
  });

  test('documents every exit code', () => {
    for (const code of Object.values(EXIT)) expect(readme).toMatch(new RegExp(`\\| ${code} \\|`));
  });
});
