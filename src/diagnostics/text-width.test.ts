import { describe, expect, test } from 'vitest';
import { charLength, isWide, textWidth } from './text-width.js';

describe('textWidth', () => {
  test.each([
    ['', 0],
    ['iPhone 12', 9],
    ['苹果', 4],
    ['iPhone 12 黑色', 14],
    ['苹果十二黑色一百二十八国行九', 28], // 14 汉字: the wechat-live limit exactly
    ['苹果十二黑色一百二十八国行九成', 30],
    ['，。！？', 8], // full-width punctuation
    ['ＡＢＣ１２３', 12], // full-width Latin letters and digits
    ['ｱｲｳ', 3], // half-width katakana stays 1
    ['ひらがなカタカナ', 16],
    ['한국어', 6],
    ['𠀀𠀁', 4], // CJK extension B: astral code points, one character each
    ['é', 1],
  ])('%j is %i wide', (text, width) => {
    expect(textWidth(text)).toBe(width);
  });

  test('counts code points, not UTF-16 units', () => {
    expect('𠀀'.length).toBe(2);
    expect(charLength('𠀀')).toBe(1);
    expect(textWidth('𠀀')).toBe(2);
  });

  test('range edges', () => {
    expect(isWide(0x4e00)).toBe(true);
    expect(isWide(0x9fff)).toBe(true);
    expect(isWide(0x4dbf)).toBe(true); // end of extension A
    expect(isWide(0x4dc0)).toBe(false); // Yijing hexagrams: neutral width
    expect(isWide(0x10ff)).toBe(false);
    expect(isWide(0xff61)).toBe(false); // half-width ideographic full stop
    expect(isWide(0x41)).toBe(false);
  });
});

describe('charLength', () => {
  test('counts characters', () => {
    expect(charLength('机身颜色分类')).toBe(6);
    expect(charLength('abc')).toBe(3);
  });
});
