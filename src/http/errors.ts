/**
 * Errors raised by the transport and by platform adapters.
 *
 * Contract:
 *  - `TransportError`: the request could not get a usable answer (network failure, timeout, HTTP 429 or 5xx)
 *    after all permitted attempts. Safe to report; the call may be retried by a later run.
 *  - `OutcomeUnknownError`: an unsafe write (create, stock delta) may or may not have been processed
 *    (timeout, connection dropped after sending, 5xx). It is never retried by the transport; the engine
 *    records the object as pending and the next run looks it up by identity and adopts it.
 *  - `PlatformError`: the platform answered with an error code. Built by adapters from a 'fail' response.
 *  - `ResponseShapeError`: a platform response did not match its zod schema (see parse.ts).
 * Every message is passed through `redact()` before the Error is constructed, so neither `message` nor
 * `stack` can carry a secret. Raw causes (which may hold URLs with signatures) are never attached; only
 * their redacted message is kept.
 */
import { redact } from './redact.js';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly attempts: number;
  /** Redacted message of the last underlying failure. */
  readonly causeMessage: string;

  constructor(
    fields: { endpoint: string; status?: number; attempts: number; causeMessage: string },
    secrets: readonly string[] = [],
  ) {
    const causeMessage = redact(fields.causeMessage, secrets);
    const what = fields.status === undefined ? causeMessage : `HTTP ${fields.status}: ${causeMessage}`;
    super(redact(`${fields.endpoint} failed after ${plural(fields.attempts, 'attempt')}: ${what}`, secrets));
    this.endpoint = fields.endpoint;
    this.status = fields.status;
    this.attempts = fields.attempts;
    this.causeMessage = causeMessage;
  }
}

export class OutcomeUnknownError extends Error {
  override readonly name = 'OutcomeUnknownError';
  readonly endpoint: string;
  /** Why the outcome is unknown, e.g. "timed out after 30000 ms", "HTTP 502", "connection dropped". */
  readonly reason: string;
  readonly attempts: number;
  readonly status: number | undefined;

  constructor(
    fields: { endpoint: string; reason: string; attempts: number; status?: number },
    secrets: readonly string[] = [],
  ) {
    const reason = redact(fields.reason, secrets);
    super(
      redact(
        `${fields.endpoint}: outcome unknown (${reason}); the request may have been processed, ` +
          'so it is not retried; the next run looks the object up and adopts it',
        secrets,
      ),
    );
    this.endpoint = fields.endpoint;
    this.reason = reason;
    this.attempts = fields.attempts;
    this.status = fields.status;
  }
}

export interface PlatformErrorFields {
  /** Platform id as in config (a target's `platform:`). */
  platform: string;
  /** Target name from config, e.g. "xianyu". */
  target?: string;
  /** Stable endpoint name, e.g. "<platform> product/create" or "product/create". */
  endpoint: string;
  /** The object concerned: a state ref "Product/iphone12" (shown as "product iphone12") or free text. */
  objectKey?: string;
  /** The platform's own error code. */
  code: string | number;
  /** The platform's own error message. */
  message: string;
  /** Suggested action for the user. */
  hint?: string;
  /**
   * The catalog field the refusal is about, as a path in the object's document (e.g.
   * `platforms.goofish.channelCatId`): the cause is in the catalog, and the CLI points at that
   * field's file:line (`catalogAt`). The hint then says what to change there.
   */
  catalogField?: string;
}

/** A hint, and the catalog field it is about when the cause is in the catalog (see PlatformErrorFields). */
export interface PlatformHint {
  hint: string;
  catalogField?: string;
}

export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  readonly platform: string;
  readonly target: string | undefined;
  readonly endpoint: string;
  readonly objectKey: string | undefined;
  readonly code: string | number;
  /** The platform's message (redacted); `message` is the full `describe()` text. */
  readonly platformMessage: string;
  readonly hint: string | undefined;
  readonly catalogField: string | undefined;
  /** Where `catalogField` is written, "catalog/products.yaml:12:5"; filled in by the CLI, which knows the catalog. */
  catalogAt: string | undefined;

  constructor(fields: PlatformErrorFields, secrets: readonly string[] = []) {
    const platformMessage = redact(fields.message, secrets);
    const hint = fields.hint === undefined ? undefined : redact(fields.hint, secrets);
    super(redact(describePlatformError({ ...fields, message: platformMessage, hint }), secrets));
    this.platform = fields.platform;
    this.target = fields.target;
    this.endpoint = fields.endpoint;
    this.objectKey = fields.objectKey;
    this.code = fields.code;
    this.platformMessage = platformMessage;
    this.hint = hint;
    this.catalogField = fields.catalogField;
  }

  /** `goofish target "xianyu", product iphone12: product/create failed with code 40001 "参数错误": <hint>` */
  describe(): string {
    return this.message;
  }
}

function describePlatformError(f: PlatformErrorFields): string {
  const where = [f.target === undefined ? f.platform : `${f.platform} target ${JSON.stringify(f.target)}`];
  if (f.objectKey !== undefined) where.push(describeObject(f.objectKey));
  const endpoint = f.endpoint.startsWith(`${f.platform} `) ? f.endpoint.slice(f.platform.length + 1) : f.endpoint;
  const text = `${where.join(', ')}: ${endpoint} failed with code ${f.code} ${JSON.stringify(f.message)}`;
  return f.hint === undefined || f.hint === '' ? text : `${text}: ${f.hint}`;
}

/** "Product/iphone12" -> "product iphone12"; "ShippingTemplate/x" -> "shipping template x"; other text unchanged. */
export function describeObject(objectKey: string): string {
  const match = /^([A-Z][A-Za-z]*)\/(.+)$/.exec(objectKey);
  if (!match) return objectKey;
  const kind = match[1]!.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${kind} ${match[2]}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A platform quota that does not come back by retrying (e.g. wechat-live's 500 audit submissions a day)
 * is used up, or would be by this call: the adapter refuses the call before making it (or the platform
 * refused it). apply reports it and exits 4 (refused), not 3: re-running before `resetsAt` cannot help.
 */
export class QuotaExhaustedError extends PlatformError {
  /** Quota name as in the plan, e.g. "audit". */
  readonly quota: string;
  /** ISO time the quota resets. */
  readonly resetsAt: string;

  constructor(fields: PlatformErrorFields & { quota: string; resetsAt: string }, secrets: readonly string[] = []) {
    super(fields, secrets);
    this.quota = fields.quota;
    this.resetsAt = fields.resetsAt;
  }
}
