/**
 * Matching live objects that carry no identity of ours to catalog keys by name (platforms whose
 * templates, groups or shelves have a name but no field for our key).
 */
import type { DesiredObject, RefreshContext } from './types.js';

/**
 * Keys of objects identified by name + state map: the state's record wins; without one, a live
 * object is adopted when its name is unique on the platform and equals the name of exactly one
 * desired object that has no live record of its own.
 */
export function keysByName(
  kind: string,
  live: Array<{ id: string; name: string }>,
  ctx: { state: RefreshContext['state']; desired: DesiredObject[] },
  keyOf?: (kind: string, id: string) => string | undefined,
): Map<string, string> {
  const keys = new Map<string, string>();
  const liveIds = new Set(live.map((o) => o.id));
  const claimed = new Set<string>();
  for (const [ref, rec] of ctx.state.entries()) {
    if (!ref.startsWith(`${kind}/`) || !liveIds.has(rec.id)) continue;
    const key = ref.slice(kind.length + 1);
    keys.set(rec.id, key);
    claimed.add(key);
  }
  // Imported objects keep their import key "<target>-<id>" after a lost state.
  for (const o of live) {
    const key = keys.has(o.id) ? undefined : keyOf?.(kind, o.id);
    if (key === undefined || claimed.has(key)) continue;
    keys.set(o.id, key);
    claimed.add(key);
  }
  const count = <T>(xs: T[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());
  const liveNames = count(live.map((o) => o.name));
  const desired = ctx.desired.filter((d) => d.kind === kind);
  const desiredNames = count(desired.map((d) => String(d.fields.name)));
  for (const o of live) {
    if (keys.has(o.id) || liveNames.get(o.name) !== 1 || desiredNames.get(o.name) !== 1) continue;
    const d = desired.find((x) => x.fields.name === o.name)!;
    if (claimed.has(d.key)) continue;
    keys.set(o.id, d.key);
    claimed.add(d.key);
  }
  return keys;
}
