import { describe, expect, it } from 'vitest';
import { imageDimensions } from './image-size.js';

describe('imageDimensions', () => {
  it('reads PNG IHDR and JPEG SOF sizes', () => {
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 3, 0x20, 0, 0, 2, 0x58]);
    expect(imageDimensions(png)).toEqual({ width: 800, height: 600 });
    // SOI, APP0 (length 4), SOF0: length 17, precision 8, height 0x01e0, width 0x0280
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 17, 8, 0x01, 0xe0, 0x02, 0x80, 3, 0, 0, 0]);
    expect(imageDimensions(jpeg)).toEqual({ width: 640, height: 480 });
    expect(imageDimensions(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });
});
