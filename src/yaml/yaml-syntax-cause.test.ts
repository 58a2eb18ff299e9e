/** YAML syntax errors are reported where their cause opens: an unclosed [, { or quote. */
import { describe, expect, it } from 'vitest';
import { readYamlText } from './yaml-source.js';

function syntaxErrors(text: string): string[] {
  return readYamlText(text, 'f.yaml').diagnostics.map((d) => `${d.code} ${d.pos!.line}:${d.pos!.col} ${d.message}`);
}

const list = (at: string): string => `yaml.syntax ${at} YAML syntax error: the list opened here with "[" is never closed`;
const mapping = (at: string): string => `yaml.syntax ${at} YAML syntax error: the mapping opened here with "{" is never closed`;
const quote = (at: string): string => `yaml.syntax ${at} YAML syntax error: the quoted text starting here is never closed`;

describe('the cause of a YAML syntax error', () => {
  it.each([
    ['an unclosed [ followed by another field (noticed on the next line)', 'kind: Product\nkey: p1\nimages: [a.jpg, b.jpg\nprice: 10\n', [list('3:9')]],
    ['an unclosed [ at the end of the file', 'a: [1, 2', [list('1:4')]],
    ['an unclosed [ over continuation lines', 'kind: Product\nimages: [a.jpg,\n  b.jpg\n', [list('2:9')]],
    ['an unclosed { around a closed one', 'platforms: { goofish: { a: 1 }\ntitle: x\n', [mapping('1:12')]],
    ['the outer [ of a closed inner one', 'a: [1, [2, 3]\nb: 1\n', [list('1:4')]],
    ['the innermost of two unclosed [', 'a: [1, [2, 3\nb: 1\n', [list('1:8')]],
    ['a [ inside plain text is text, not structure', 'a: x [y\nb: [1\nc: 2\n', [list('2:4')]],
    ['an unclosed [ in a sequence item', 'a:\n  - [1, 2\n  - 3\n', [list('2:5')]],
    ['an unclosed quote', 'title: "unclosed\nprice: 10\n', [quote('1:8')]],
    ['an unclosed quote inside a list is the one mistake', 'a: [1, "x, 2]\nb: 1\n', [quote('1:8')]],
    ['the second document of a file', 'a: 1\n---\nb: [1\nc: 2\n---\nd: 1\n', [list('3:4')]],
  ])('%s', (_name, text, expected) => {
    expect(syntaxErrors(text)).toEqual(expected);
  });

  it('keeps reading the other documents of the file', () => {
    expect(readYamlText('a: 1\n---\nb: [1\nc: 2\n---\nd: 1\n', 'f.yaml').docs.map((d) => d.value)).toEqual([{ a: 1 }, { d: 1 }]);
  });
});
