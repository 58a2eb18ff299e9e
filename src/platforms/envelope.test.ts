import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { classifyEnvelope, type EnvelopeRules } from './envelope.js';

const schema = z.looseObject({ code: z.union([z.number(), z.string()]), msg: z.string().nullish() });
const rules: EnvelopeRules<typeof schema> = { schema, code: (e) => e.code, message: (e) => e.msg, busyCodes: new Set([9999]), authCode: 401 };
const judge = (status: number, json: unknown, r = rules) => classifyEnvelope({ status, json, text: '' }, r);

describe('classifyEnvelope', () => {
  it('judges by status when there is no envelope, and any 5xx as a failure', () => {
    expect(judge(200, undefined)).toBe('ok');
    expect(judge(404, { other: 1 })).toBe('fail');
    expect(judge(502, { code: 0 })).toBe('fail');
  });

  it('judges an envelope by its code (numeric strings too) and busy message', () => {
    expect(judge(200, { code: '0' })).toBe('ok');
    expect(judge(200, { code: 401 })).toBe('auth');
    expect(judge(200, { code: 401 }, { ...rules, authCode: undefined })).toBe('fail');
    expect(judge(200, { code: '9999' })).toBe('busy');
    expect(judge(200, { code: 1, msg: '系统繁忙，请稍后再试' })).toBe('busy');
    expect(judge(400, { code: 1, msg: 'Too many requests' })).toBe('busy');
    expect(judge(200, { code: 1, msg: '参数错误' })).toBe('fail');
  });
});
