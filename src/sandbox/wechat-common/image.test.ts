import { describe, expect, it } from 'vitest';
import { readImageInfo } from './image.js';
import { jpegBytes, pngBytes } from '../../../test/helpers/wechat-sandbox.js';

describe('readImageInfo', () => {
  it('reads PNG and JPEG sizes', () => {
    expect(readImageInfo(pngBytes(300, 120))).toEqual({ format: 'png', width: 300, height: 120 });
    expect(readImageInfo(jpegBytes(640, 480))).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  it('rejects anything else', () => {
    expect(readImageInfo(new TextEncoder().encode('GIF89a not supported here'))).toBeUndefined();
    expect(readImageInfo(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBeUndefined();
    expect(readImageInfo(pngBytes(300, 120).slice(0, 20))).toBeUndefined();
  });
});
