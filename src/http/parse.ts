/**
 * Parsing platform responses with zod: every platform response is parsed with a schema (docs/how-it-works.md, "HTTP").
 *
 * Contract: `parseResponse(schema, json, endpoint)` returns the parsed value, or throws
 * `ResponseShapeError` whose message names the endpoint and the first few issues with their paths,
 * e.g. `goofish product/list: unexpected response shape: data.list.0.id: expected string, received number`.
 * Values from the response are never quoted in the message (they might be tokens), only paths and expectations.
 */
import type { z } from 'zod';
import { redact } from './redact.js';

/** How many issues the message lists; the rest are counted. All are kept in `issues`. */
const ISSUES_IN_MESSAGE = 3;

export interface ShapeIssue {
  path: string;
  message: string;
}

export class ResponseShapeError extends Error {
  override readonly name = 'ResponseShapeError';
  readonly endpoint: string;
  readonly issues: readonly ShapeIssue[];

  constructor(endpoint: string, issues: readonly ShapeIssue[], secrets: readonly string[] = []) {
    const shown = issues.slice(0, ISSUES_IN_MESSAGE).map((i) => `${i.path || '(root)'}: ${i.message}`);
    const more = issues.length > ISSUES_IN_MESSAGE ? ` (and ${issues.length - ISSUES_IN_MESSAGE} more)` : '';
    super(redact(`${endpoint}: unexpected response shape: ${shown.join('; ')}${more}`, secrets));
    this.endpoint = endpoint;
    this.issues = issues;
  }
}

export function parseResponse<S extends z.ZodType>(
  schema: S,
  json: unknown,
  endpoint: string,
  secrets: readonly string[] = [],
): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new ResponseShapeError(endpoint, issues, secrets);
}
