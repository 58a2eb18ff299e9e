import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeObject, OutcomeUnknownError, PlatformError, TransportError } from './errors.js';
import { parseResponse, ResponseShapeError } from './parse.js';
import { redact } from './redact.js';

describe('redact', () => {
  it('replaces registered secrets, also URL- and JSON-encoded', () => {
    const secret = 'p@ss/word"42';
    const text = `raw ${secret} url ${encodeURIComponent(secret)} json ${JSON.stringify({ s: secret })}`;
    const out = redact(text, [secret]);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain('word\\"42');
    expect(out.match(/\*\*\*/g)).toHaveLength(3);
  });

  it('replaces values of credential-named query parameters whatever their case', () => {
    expect(redact('https://x/a?appKey=k1&sign=ABC&timestamp=1&access_token=T0K#f', [])).toBe(
      'https://x/a?appKey=k1&sign=***&timestamp=1&access_token=***#f',
    );
    expect(redact('POST /x?AppSecret=zz&Digest=dd', [])).toBe('POST /x?AppSecret=***&Digest=***');
    expect(redact('got token=abc in body', [])).toBe('got token=*** in body');
  });

  it('does not touch parameters that merely end like a credential name', () => {
    expect(redact('/x?design=blue&tokenizer=y', [])).toBe('/x?design=blue&tokenizer=y');
  });

  it('replaces credential-named JSON string properties', () => {
    expect(redact('{"access_token":"abc\\"def","expires_in":7200,"appSecret": "s"}', [])).toBe(
      '{"access_token":"***","expires_in":7200,"appSecret": "***"}',
    );
  });

  it('ignores empty and very short secrets instead of garbling text', () => {
    expect(redact('a b c 1', ['', 'a', '1'])).toBe('a b c 1');
  });
});

describe('PlatformError', () => {
  it('describes platform, target, object, endpoint, code, message and hint', () => {
    const error = new PlatformError({
      platform: 'goofish',
      target: 'xianyu',
      endpoint: 'goofish product/create',
      objectKey: 'Product/iphone12',
      code: 40001,
      message: '参数错误',
      hint: 'check platforms.goofish.channelCatId',
    });
    expect(error.describe()).toBe(
      'goofish target "xianyu", product iphone12: product/create failed with code 40001 "参数错误": ' +
        'check platforms.goofish.channelCatId',
    );
    expect(error.message).toBe(error.describe());
    expect(error).toMatchObject({ code: 40001, platformMessage: '参数错误', target: 'xianyu' });
  });

  it('reads well without target, object or hint', () => {
    const error = new PlatformError({ platform: 'waiqin365', endpoint: 'group/save', code: 'E1', message: 'bad' });
    expect(error.describe()).toBe('waiqin365: group/save failed with code E1 "bad"');
  });

  it('redacts secrets echoed in the platform message', () => {
    const error = new PlatformError(
      { platform: 'goofish', endpoint: 'x', code: 1, message: 'invalid sign for secret S3CRET-KEY' },
      ['S3CRET-KEY'],
    );
    expect(error.message).not.toContain('S3CRET-KEY');
    expect(error.stack).not.toContain('S3CRET-KEY');
    expect(error.platformMessage).not.toContain('S3CRET-KEY');
  });

  it('names object refs in words', () => {
    expect(describeObject('ShippingTemplate/express-default')).toBe('shipping template express-default');
    expect(describeObject('Image/ab12')).toBe('image ab12');
    expect(describeObject('goods 42')).toBe('goods 42');
  });
});

describe('transport errors', () => {
  it('keep secrets out of message and stack', () => {
    const t = new TransportError({ endpoint: 'e', attempts: 2, causeMessage: 'GET /a?sign=SIG123 failed' });
    expect(t.message).toBe('e failed after 2 attempts: GET /a?sign=*** failed');
    expect(t.stack).not.toContain('SIG123');
    const o = new OutcomeUnknownError({ endpoint: 'e', reason: 'dropped TOKENVALUE', attempts: 1 }, ['TOKENVALUE']);
    expect(o.reason).toBe('dropped ***');
    expect(o.stack).not.toContain('TOKENVALUE');
  });
});

describe('parseResponse', () => {
  const schema = z.object({ code: z.number(), data: z.object({ list: z.array(z.object({ id: z.string() })) }) });

  it('returns typed data when the shape matches', () => {
    const data = parseResponse(schema, { code: 0, data: { list: [{ id: 'a' }] } }, 'goofish product/list');
    expect(data.data.list[0]?.id).toBe('a');
  });

  it('names the endpoint and the first issues with their paths', () => {
    const error = (() => {
      try {
        parseResponse(schema, { code: '0', data: { list: [{ id: 1 }, { id: 2 }, { id: 3 }] } }, 'goofish product/list');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ResponseShapeError);
    const message = (error as Error).message;
    expect(message).toMatch(/^goofish product\/list: unexpected response shape: code: .*number/);
    expect(message).toContain('data.list.0.id');
    expect(message).toContain('(and 1 more)');
    expect((error as ResponseShapeError).issues).toHaveLength(4);
  });

  it('never quotes response values (they may be tokens)', () => {
    const tokenSchema = z.object({ access_token: z.string().length(3) });
    expect(() => parseResponse(tokenSchema, { access_token: 'LEAKY-TOKEN' }, 'wechat token')).toThrow(
      /^(?!.*LEAKY-TOKEN)/s,
    );
  });
});
