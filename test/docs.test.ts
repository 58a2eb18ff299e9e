/**
 * The documentation stays true and complete in both languages: every command, option, exit code and
 * diagnostic code the program has is documented in English (docs/) and in Chinese (docs/zh-CN/), the
 * README stays a front page, and every relative link in the docs leads to a file that exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DIAGNOSTIC_CODES, PLATFORM_CHECK_CODES } from '../src/platforms/registry.js';
import { EXIT } from '../src/cli/exit-codes.js';
import { buildProgram } from '../src/cli/main.js';
import { REPO } from './helpers/cli.js';

const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');
const EDITIONS = { English: 'docs', Chinese: 'docs/zh-CN' } as const;

const program = buildProgram({ io: {} as never, globals: () => ({ config: '', color: false, quiet: false }), exitCode: 0 });

function markdownFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(REPO, path)).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

describe.each(Object.entries(EDITIONS))('%s documentation', (_language, dir) => {
  const commands = read(`${dir}/commands.md`);
  const diagnostics = read(`${dir}/diagnostics.md`);

  test('documents every command with its own heading', () => {
    const missing = program.commands.map((c) => c.name()).filter((n) => !commands.includes(`## catalog ${n}`));
    expect(missing, `add a "## catalog <command>" section to ${dir}/commands.md`).toEqual([]);
  });

  test('documents every option of every command and subcommand', () => {
    const missing: string[] = [];
    const visit = (cmd: typeof program, path: string): void => {
      for (const o of cmd.options) if (o.long && !commands.includes(o.long)) missing.push(`${path} ${o.long}`);
      for (const sub of cmd.commands) visit(sub, `${path} ${sub.name()}`);
    };
    visit(program, 'catalog');
    expect(missing, `document them in ${dir}/commands.md`).toEqual([]);
  });

  test('documents every exit code', () => {
    const missing = Object.values(EXIT).filter((code) => !new RegExp(`\\| ${code} \\|`).test(commands));
    expect(missing).toEqual([]);
  });

  test('lists every diagnostic code', () => {
    const missing = Object.keys({ ...DIAGNOSTIC_CODES, ...PLATFORM_CHECK_CODES }).filter((c) => !diagnostics.includes(`| \`${c}\` |`));
    expect(missing, `add them to ${dir}/diagnostics.md`).toEqual([]);
  });
});

describe('documentation as a whole', () => {
  test('README.md is a front page, well under 20 KB, in both languages', () => {
    for (const file of ['README.md', 'README.zh-CN.md']) {
      expect(Buffer.byteLength(read(file)), file).toBeLessThan(20 * 1024);
    }
  });

  test('the two editions name the same commands, options, exit codes and diagnostic codes', () => {
    const tokens = (text: string): Set<string> =>
      new Set([...text.matchAll(/`(--[a-z][a-z-]*|[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9-]+)`/g)].map((m) => m[1]!));
    const en = tokens(read('docs/commands.md') + read('docs/diagnostics.md'));
    const zh = tokens(read('docs/zh-CN/commands.md') + read('docs/zh-CN/diagnostics.md'));
    const diagnosticLike = (t: string): boolean => t.startsWith('--') || Object.hasOwn(DIAGNOSTIC_CODES, t) || Object.hasOwn(PLATFORM_CHECK_CODES, t);
    expect([...en].filter((t) => diagnosticLike(t) && !zh.has(t)), 'in English only').toEqual([]);
    expect([...zh].filter((t) => diagnosticLike(t) && !en.has(t)), 'in Chinese only').toEqual([]);
  });

  test('every relative link leads to a file that exists', () => {
    const broken: string[] = [];
    for (const file of ['README.md', 'README.zh-CN.md', ...markdownFiles('docs')]) {
      const text = read(file).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!) || target!.startsWith('#')) continue;
        const path = join(dirname(join(REPO, file)), target!.split('#')[0]!);
        if (!existsSync(path)) broken.push(`${file} -> ${relative(REPO, path)}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
