import { describe, expect, it } from 'vitest';
import { goofishSign, md5Hex } from './sign.js';

describe('goofish signing', () => {
  it('matches the published example', () => {
    const body = '{"product_id":"219530767978565"}';
    expect(md5Hex(body)).toBe('2608f2139cca8755cabf25209251e549');
    expect(goofishSign('203413189371893', 'o9wl81dncmvby3ijpq7eur456zhgtaxs', body, 1636087298)).toBe(
      'c26c8a48809141f3dd80bd9b9ddb41ea',
    );
  });

  it('business-partner accounts sign appKey,bodyMd5,timestamp,seller_id,appSecret', () => {
    const body = '{"product_id":"219530767978565"}';
    expect(goofishSign('203413189371893', 'o9wl81dncmvby3ijpq7eur456zhgtaxs', body, 1636087298, '1234567')).toBe(
      md5Hex('203413189371893,2608f2139cca8755cabf25209251e549,1636087298,1234567,o9wl81dncmvby3ijpq7eur456zhgtaxs'),
    );
    expect(goofishSign('k', 's', body, 1, '1')).not.toBe(goofishSign('k', 's', body, 1));
  });

  it('signs "{}" when there is no body', () => {
    expect(goofishSign('k', 's', '', 1)).toBe(goofishSign('k', 's', '{}', 1));
  });
});
