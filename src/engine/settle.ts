/**
 * Settling unknown outcomes within one apply.
 *
 * A create (or other 'unsafe' call) answered by a 5xx, a dropped connection or a lost response has an
 * unknown outcome: it is not retried blindly (that could duplicate the object). Left alone, it fails
 * the run and only the next `catalog apply` reads the platform, adopts the object and finishes the
 * actions that depended on it. Under a flaky network that takes many runs.
 *
 * Instead, apply re-reads the targets concerned right away, records what the platform did (adopting
 * pending creates), plans again and runs what is left, but ONLY work the user already approved:
 * actions of objects whose approved action had an unknown outcome or was skipped because of one. A
 * destructive action is kept only if the approved one for that object was destructive too, and
 * nothing else the fresh plan may contain (drift that appeared meanwhile) is touched.
 */
import { OutcomeUnknownError } from '../http/index.js';
import type { Plan, PlannedAction } from '../plan/types.js';
import type { ActionStatus, ApplyResult } from './apply.js';
import { summarize } from './plan.js';

/** How many extra read-plan-apply rounds one apply makes at most. */
export const MAX_SETTLE_ROUNDS = 2;

const objectOf = (a: Pick<PlannedAction, 'target' | 'kind' | 'key'>): string => `${a.target}\u0000${a.kind}/${a.key}`;

export interface Unsettled {
  /** Targets to read again. */
  targets: string[];
  /** Objects ("target\0Kind/key") whose approved work is unfinished, and whether it was destructive. */
  objects: Map<string, { destructive: boolean }>;
}

/**
 * The approved work an apply round left unfinished because of unknown outcomes, or undefined when
 * there is nothing to settle (no unknown outcome: definite failures are reported as they are).
 */
export function unsettledWork(plan: Plan, result: ApplyResult): Unsettled | undefined {
  const unknown = result.failures.filter((f) => f.error instanceof OutcomeUnknownError).map((f) => f.action);
  if (unknown.length === 0) return undefined;
  const objects = new Map<string, { destructive: boolean }>();
  const unfinished = [...unknown, ...result.skipped.map((s) => s.action)];
  for (const a of unfinished) {
    const o = objectOf(a);
    objects.set(o, { destructive: (objects.get(o)?.destructive ?? false) || a.destructive });
  }
  const targets = [...new Set(unfinished.map((a) => a.target))];
  return { targets: plan.targetNames.filter((t) => targets.includes(t)), objects };
}

/** The fresh plan cut down to the unfinished approved work (see the header). */
export function restrictToUnsettled(fresh: Plan, unsettled: Unsettled): Plan {
  const targets = fresh.targets
    .map((tp) => ({
      ...tp,
      actions: tp.actions.filter((a) => {
        const approved = unsettled.objects.get(objectOf(a));
        return approved !== undefined && (!a.destructive || approved.destructive);
      }),
    }))
    .filter((tp) => tp.actions.length > 0);
  return { ...fresh, targets, targetNames: targets.map((t) => t.target), guards: [], summary: summarize(targets) };
}

/** One apply's outcome over all its rounds: what is still failed or skipped is the last word. */
export function mergeRounds(rounds: ApplyResult[]): ApplyResult {
  const last = rounds.at(-1)!;
  const definite = rounds.slice(0, -1).flatMap((r) => r.failures.filter((f) => !(f.error instanceof OutcomeUnknownError)));
  const status = new Map<string, ActionStatus>();
  for (const r of rounds) for (const [id, s] of r.status) status.set(id, s);
  return {
    status,
    failures: [...definite, ...last.failures],
    skipped: last.skipped,
    done: rounds.reduce((n, r) => n + r.done, 0),
  };
}
