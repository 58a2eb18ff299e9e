/**
 * Machine output: the plan itself (schemas/plan.schema.json, versioned by formatVersion).
 *
 * Laid out for people and for size: the plan's outer structure is indented, and each action (and
 * every other entry of a target's lists) is one compact line. Produced in pieces (`planJsonChunks`),
 * so a plan of tens of thousands of products is written to a file without ever being one string:
 * a single string that large is slow to build and can pass V8's string length limit.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Plan } from '../plan/types.js';
import type { PlanRenderer } from './renderer.js';

/** Objects and arrays this deep are indented; deeper ones are written on one line. */
const INDENTED_DEPTH = 3;

export function* planJsonChunks(plan: Plan): Generator<string> {
  yield* chunks(plan, 0);
  yield '\n';
}

function* chunks(value: unknown, depth: number): Generator<string> {
  if (depth > INDENTED_DEPTH || value === null || typeof value !== 'object') {
    yield JSON.stringify(value);
    return;
  }
  const pad = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (const [i, item] of value.entries()) {
      yield `${i === 0 ? '' : ','}\n${pad}`;
      yield* chunks(item === undefined ? null : item, depth + 1);
    }
    yield `\n${close}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (const [i, [key, v]] of entries.entries()) {
    yield `${i === 0 ? '' : ','}\n${pad}${JSON.stringify(key)}: `;
    yield* chunks(v, depth + 1);
  }
  yield `\n${close}}`;
}

export const jsonRenderer: PlanRenderer = {
  render: (plan) => [...planJsonChunks(plan)].join(''),
};

/** Writes the plan to `file` piece by piece (the caller renames it into place). */
export async function writePlanJson(file: string, plan: Plan): Promise<void> {
  const out = createWriteStream(file);
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined);
  let buffered: string[] = [];
  let size = 0;
  for (const chunk of planJsonChunks(plan)) {
    buffered.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) {
      if (!out.write(buffered.join(''))) await Promise.race([once(out, 'drain'), failed]);
      buffered = [];
      size = 0;
    }
  }
  out.end(buffered.join(''));
  await Promise.race([once(out, 'finish'), failed]);
}
