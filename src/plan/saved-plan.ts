/**
 * The saved-plan file (`catalog plan --out plan.json`, read by `catalog apply plan.json`): the
 * plan itself as JSON (schemas/plan.schema.json, versioned by `formatVersion`). One place for its
 * layout, writing and reading; `plan --format json` prints the same bytes.
 *
 * Layout, for people and for size: the plan's outer structure is indented, and each action (and
 * every other entry of a target's lists) is one compact line. Produced in pieces
 * (`savedPlanChunks`), so a plan of tens of thousands of products is written to a file without ever
 * being one string: a single string that large is slow to build and can pass V8's string length limit.
 *
 * Reading checks the file against the plan schema (src/plan/types.ts); every way it can be wrong
 * comes back as one message that says how to make a new plan, never as an exception.
 */
import { createWriteStream } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { once } from 'node:events';
import { PLAN_FORMAT_VERSION, planSchema, type Plan } from './types.js';

/** The version a saved plan file must carry to be applied. */
export const SAVED_PLAN_FORMAT_VERSION = PLAN_FORMAT_VERSION;

/** Objects and arrays this deep are indented; deeper ones are written on one line. */
const INDENTED_DEPTH = 3;

/** The file's text, in pieces (joined, they are the whole file). */
export function* savedPlanChunks(plan: Plan): Generator<string> {
  yield* chunks(plan, 0);
  yield '\n';
}

/** The file's text as one string (plans of ordinary size: `plan --format json`). */
export function savedPlanText(plan: Plan): string {
  return [...savedPlanChunks(plan)].join('');
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

/** Writes the plan to `file` piece by piece (not atomic: see saveSavedPlan). */
export async function writePlanFile(file: string, plan: Plan): Promise<void> {
  const out = createWriteStream(file);
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined);
  let buffered: string[] = [];
  let size = 0;
  for (const chunk of savedPlanChunks(plan)) {
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

/** Saves the plan as `file` atomically: written next to it, then renamed into place. */
export async function saveSavedPlan(file: string, plan: Plan): Promise<void> {
  await writePlanFile(`${file}.tmp`, plan);
  await rename(`${file}.tmp`, file);
}

/**
 * Reads and checks a saved plan. `file` is the path to read, `shown` the name the user gave it
 * (used in messages). A failure is a message (cannot read / not JSON / not a plan of this format),
 * each ending with how to make a new plan.
 */
export async function readSavedPlan(file: string, shown = file): Promise<{ plan: Plan } | { error: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { error: `cannot read plan file ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  return parseSavedPlan(text, shown);
}

/** Checks a saved plan's text (see readSavedPlan). */
export function parseSavedPlan(text: string, shown: string): { plan: Plan } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: `${shown} is not valid JSON; make a new plan with \`catalog plan --out ${shown}\`` };
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      error: `${shown} is not a plan of format version ${SAVED_PLAN_FORMAT_VERSION} (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}); make a new one with \`catalog plan --out ${shown}\``,
    };
  }
  return { plan: parsed.data };
}
