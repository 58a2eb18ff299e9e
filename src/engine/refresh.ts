/**
 * Refresh: read the live state of every target concurrently and project the catalog onto each.
 * Produces the planner's inputs. Reads only; never writes state (plan must not need the lock).
 */
import { catalogForTarget } from '../catalog/overrides.js';
import type { Catalog } from '../catalog/types.js';
import type { TargetConfig } from '../config/model.js';
import type { DesiredObject, LiveSnapshot, PlatformAdapter, PlatformClient, RefreshContext, TargetState } from '../platforms/types.js';
import { keyResolver } from '../platforms/import-key.js';
import { withNormalisedText } from '../platforms/text.js';
import type { Plan } from '../plan/types.js';
import type { PlanInput, TargetPlanInput } from './plan.js';
import { ABSENT } from './progress.js';
import { assemblePlan, desiredDigestOf, liveDigest, ownedLive, planTarget, refOf } from './plan.js';

export interface RefreshTarget {
  target: TargetConfig;
  adapter: PlatformAdapter;
  client: PlatformClient;
  state: TargetState;
  /** Passed to the client's refresh (RefreshContext). */
  refresh?: Pick<RefreshContext, 'mode' | 'details'>;
}

export interface RefreshHooks {
  onTargetStart?(target: string): void;
  onTargetDone?(target: string, objects: number, reads: number): void;
}

export async function refreshTargets(catalog: Catalog, targets: RefreshTarget[], hooks: RefreshHooks = {}): Promise<TargetPlanInput[]> {
  return Promise.all(targets.map((t) => refreshTarget(catalog, t, hooks)));
}

/**
 * What the catalog asks of one target: the adapter's projection of the catalog with that target's
 * overrides in place; each overridden product names its overridden fields (the plan notes them).
 */
export function desiredFor(adapter: PlatformAdapter, catalog: Catalog, target: TargetConfig): DesiredObject[] {
  const desired = adapter.desired(catalogForTarget(catalog, target.name), target);
  const overridden = new Map(catalog.products.flatMap((p) => (p.overrides?.[target.name] ? [[p.key, p.overrides[target.name]!.fields] as const] : [])));
  if (overridden.size === 0) return desired;
  return desired.map((d) => (d.kind === 'Product' && overridden.has(d.key) ? { ...d, overrides: [...overridden.get(d.key)!] } : d));
}

async function refreshTarget(catalog: Catalog, { target, adapter, client, state, refresh }: RefreshTarget, hooks: RefreshHooks): Promise<TargetPlanInput> {
  hooks.onTargetStart?.(target.name);
  // Trailing whitespace of text is no difference, on either side (src/platforms/text.ts).
  const desired = desiredFor(adapter, catalog, target).map(withNormalisedText);
  const snapshot = await client.refresh({ target, state, desired, ...refresh });
  const live = assignKeys({ ...snapshot, objects: snapshot.objects.map(withNormalisedText) }, state, target.name, desired);
  hooks.onTargetDone?.(target.name, live.objects.length, live.readCalls);
  return { target, adapter, desired, live, state };
}

/**
 * Refreshes every target and plans each one as soon as its own reads are done, so planning the
 * quick targets overlaps the reads of the slow ones. The plan equals buildPlan over refreshTargets.
 */
export async function refreshAndPlan(
  catalog: Catalog,
  targets: RefreshTarget[],
  meta: Omit<PlanInput, 'targets'>,
  hooks: RefreshHooks = {},
): Promise<{ plan: Plan; inputs: TargetPlanInput[] }> {
  const done = await Promise.all(
    targets.map(async (t) => {
      const input = await refreshTarget(catalog, t, hooks);
      return { input, planned: planTarget({ ...input, now: meta.now }) };
    }),
  );
  return { plan: assemblePlan(meta, done.map((d) => d.planned)), inputs: done.map((d) => d.input) };
}

/**
 * Objects that carry no key of their own on the platform get one from the state (the key it maps
 * their id to), else the import key derived from their id when the catalog has an object with that
 * key (`catalog import` names such objects `<target>-<id>`, so losing the state loses nothing).
 * One mechanism for every platform: adapters only report identity the platform itself holds.
 */
export function assignKeys(live: LiveSnapshot, state: TargetState, target: string, desired: DesiredObject[]): LiveSnapshot {
  const keyOf = keyResolver(state, desired, target);
  const objects = live.objects.map((o) => {
    if (o.key !== undefined) return o;
    const key = keyOf(o.kind, o.id);
    return key === undefined ? o : { ...o, key };
  });
  return { ...live, objects };
}

/** Identities observed live: "<Kind>/<key>" -> id of the object the planner manages under that key. */
export function observedIdentities(input: TargetPlanInput): Map<string, string> {
  return new Map([...ownedLive(input).managed].map(([ref, o]) => [ref, o.id]));
}

/**
 * Why a saved plan may no longer be applied: the catalog changed, or an object it touches changed
 * on the platform (or appeared, for a planned create). Empty when the plan is fresh.
 * `touched` (per target, ref -> digest or "absent"): objects earlier runs of this same plan changed,
 * as its own calls left them; such an object is stale only when it differs from that.
 */
export function staleReasons(plan: Plan, catalogDigest: string, fresh: TargetPlanInput[], touched?: ReadonlyMap<string, ReadonlyMap<string, string>>): string[] {
  const reasons: string[] = [];
  if (plan.catalogDigest !== catalogDigest) reasons.push('the catalog files changed since the plan was made');
  for (const tp of plan.targets) {
    const input = fresh.find((f) => f.target.name === tp.target);
    if (!input) {
      reasons.push(`target ${tp.target} is not in the configuration any more`);
      continue;
    }
    if (plan.catalogDigest === catalogDigest && tp.desiredDigest !== undefined && tp.desiredDigest !== desiredDigestOf(input.desired)) {
      reasons.push(`${tp.target}: what the catalog asks of this target changed since the plan was made (e.g. an image file's contents)`);
    }
    const ids = observedIdentities(input);
    const byId = new Map(input.live.objects.map((o) => [o.id, o]));
    const seen = new Set<string>();
    for (const a of tp.actions) {
      const ref = refOf(a.kind, a.key);
      if (seen.has(ref) || !a.observed) continue;
      seen.add(ref);
      const after = touched?.get(tp.target)?.get(ref);
      if (after !== undefined) {
        const id = ids.get(ref);
        const o = id === undefined ? undefined : byId.get(id);
        if ((o ? liveDigest(o) : ABSENT) !== after) reasons.push(`${tp.target}: ${a.kind} ${a.key} changed on the platform since an earlier run of this plan changed it`);
        continue;
      }
      if ('absent' in a.observed) {
        if (ids.has(ref)) reasons.push(`${tp.target}: ${a.kind} ${a.key} now exists on the platform`);
      } else {
        const o = byId.get(a.observed.id);
        if (!o) reasons.push(`${tp.target}: ${a.kind} ${a.key} (id ${a.observed.id}) is gone from the platform`);
        else if (liveDigest(o) !== a.observed.digest) reasons.push(`${tp.target}: ${a.kind} ${a.key} changed on the platform`);
      }
    }
  }
  return reasons;
}
