import { describe, expect, it } from 'vitest';
import { OutcomeUnknownError, PlatformError } from '../http/index.js';
import type { Plan, PlannedAction } from '../plan/types.js';
import type { ApplyResult } from './apply.js';
import { summarize } from './plan.js';
import { mergeRounds, restrictToUnsettled, unsettledWork } from './settle.js';

function action(target: string, ref: string, op: PlannedAction['op'] = 'create', n = 0): PlannedAction {
  const [kind, key] = ref.split('/') as [string, string];
  return {
    id: `${target}:${ref}#${n}`,
    target,
    kind,
    key,
    op,
    label: op,
    changes: [],
    calls: [{ op: `${kind}.${op}`, effect: op === 'delete' ? 'delete' : op === 'create' ? 'create' : 'update', args: {} }],
    phase: 'products',
    dependsOn: [],
    destructive: op === 'delete' || op === 'replace',
  };
}

function plan(...actions: PlannedAction[]): Plan {
  const names = [...new Set(actions.map((a) => a.target))];
  const targets = names.map((t) => ({ target: t, platform: 'goofish' as const, actions: actions.filter((a) => a.target === t), unmanaged: [], orphaned: [], notes: [], quotas: [], managedCount: 0, readCalls: 0 }));
  return { formatVersion: 1, createdAt: '2026-01-01T00:00:00Z', catalogDigest: 'd', targetNames: names, targets, guards: [], summary: summarize(targets) } as Plan;
}

const unknown = () => new OutcomeUnknownError({ endpoint: 'product/create', reason: 'HTTP 502', attempts: 1, status: 502 });
const definite = () => new PlatformError({ platform: 'goofish', target: 'a', endpoint: 'product/create', message: 'bad', hint: 'fix it' } as never);

function result(parts: { done?: PlannedAction[]; failed?: Array<[PlannedAction, Error]>; skipped?: PlannedAction[] }): ApplyResult {
  const status = new Map<string, 'done' | 'failed' | 'skipped'>();
  for (const a of parts.done ?? []) status.set(a.id, 'done');
  for (const [a] of parts.failed ?? []) status.set(a.id, 'failed');
  for (const a of parts.skipped ?? []) status.set(a.id, 'skipped');
  return {
    status,
    done: parts.done?.length ?? 0,
    failures: (parts.failed ?? []).map(([a, error]) => ({ action: a, error })),
    skipped: (parts.skipped ?? []).map((a) => ({ action: a, because: 'depends' })),
  };
}

describe('settling unknown outcomes', () => {
  const p1 = action('a', 'Product/p1');
  const p1publish = action('a', 'Product/p1', 'action', 1);
  const p2 = action('a', 'Product/p2');
  const g1 = action('b', 'Group/g1');

  it('has nothing to settle without an unknown outcome (definite failures are reported as they are)', () => {
    expect(unsettledWork(plan(p1, p2), result({ done: [p1], failed: [[p2, definite()]] }))).toBeUndefined();
  });

  it('collects the objects with unknown outcomes and those skipped after them, and their targets', () => {
    const u = unsettledWork(plan(p1, p1publish, p2, g1), result({ done: [g1], failed: [[p1, unknown()], [p2, definite()]], skipped: [p1publish] }))!;
    expect(u.targets).toEqual(['a']);
    expect([...u.objects.keys()]).toEqual(['a\u0000Product/p1']);
  });

  it('keeps only approved unfinished work from the fresh plan, and no new destruction', () => {
    const u = unsettledWork(plan(p1, p1publish), result({ failed: [[p1, unknown()]], skipped: [p1publish] }))!;
    const drift = action('a', 'Product/p9', 'update');
    const replaceP1 = action('a', 'Product/p1', 'replace', 2);
    const fresh = plan(action('a', 'Product/p1', 'action', 0), drift, replaceP1, action('b', 'Group/g1', 'update'));
    const rest = restrictToUnsettled(fresh, u);
    expect(rest.targets.flatMap((t) => t.actions.map((a) => `${a.target} ${a.kind}/${a.key} ${a.op}`))).toEqual(['a Product/p1 action']);
    expect(rest.targetNames).toEqual(['a']);
    expect(rest.summary.apiCalls).toBe(1);
  });

  it('merges rounds: done adds up, definite failures stay, the last round has the last word on the rest', () => {
    const first = result({ done: [g1], failed: [[p1, unknown()], [p2, definite()]], skipped: [p1publish] });
    const second = result({ done: [p1publish] });
    const merged = mergeRounds([first, second]);
    expect(merged.done).toBe(2);
    expect(merged.failures.map((f) => f.action.key)).toEqual(['p2']);
    expect(merged.skipped).toEqual([]);
    expect(merged.status.get(p1publish.id)).toBe('done');
  });
});
