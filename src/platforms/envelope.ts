/**
 * The `{code, message, data}` reply envelope several platforms share: how an answer is judged for the
 * transport, and the texts their errors share. Each adapter passes its own envelope schema, fields
 * and codes in (EnvelopeRules); the rules are the same for all of them.
 */
import type { z } from 'zod';
import type { ClassifyInput, Verdict } from '../http/index.js';

/** Messages meaning "try again later" (no platform document lists its busy codes in full). */
export const BUSY_MESSAGE = /繁忙|稍后|频繁|busy|too many/i;

/** The hint for a refusal no more specific hint matches. */
export const FALLBACK_HINT = 'run `catalog plan` to see the current state, then `catalog apply` again; if it persists, contact the platform with the message above';

export interface EnvelopeRules<S extends z.ZodType> {
  /** The envelope (a reply that does not match is no envelope). */
  schema: S;
  /** Its result code (number or numeric string); 0 is success. */
  code(env: z.output<S>): number | string;
  /** Its message, matched against BUSY_MESSAGE. */
  message(env: z.output<S>): string | null | undefined;
  /** Codes meaning "try again later". */
  busyCodes: ReadonlySet<number>;
  /** The code meaning "credentials expired", judged 'auth' (the transport re-authenticates once); none when undefined. */
  authCode?: number | undefined;
}

/**
 * The verdict on one answer: HTTP >= 500 'fail' (the transport treats it as a server error); no
 * envelope: 'ok' below 300, else 'fail'; code 0 'ok'; the auth code 'auth'; a busy code or busy
 * message 'busy'; any other code 'fail'.
 */
export function classifyEnvelope<S extends z.ZodType>(res: ClassifyInput, rules: EnvelopeRules<S>): Verdict {
  if (res.status >= 500) return 'fail';
  const env = rules.schema.safeParse(res.json);
  if (!env.success) return res.status < 300 ? 'ok' : 'fail';
  const code = Number(rules.code(env.data));
  if (code === 0) return 'ok';
  if (rules.authCode !== undefined && code === rules.authCode) return 'auth';
  return rules.busyCodes.has(code) || BUSY_MESSAGE.test(rules.message(env.data) ?? '') ? 'busy' : 'fail';
}
