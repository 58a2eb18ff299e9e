/**
 * The catalog key `catalog import` gives an object that carries no identity of its own on the
 * platform: derived from the target name and the platform id, so the engine can re-derive the
 * match after the state is lost (`catalog state rebuild`), with no write to the platform.
 */

export function importKey(target: string, id: string): string {
  return `${target}-${id}`
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 48);
}


/**
 * The key of a live object that carries no identity of its own: the key the state maps its id to,
 * else its import key when the catalog wants an object under that key; undefined otherwise. The
 * engine applies this to every key-less object after refresh (assignKeys); adapters that resolve
 * references between objects while reading (a product's template or groups) use the same resolver.
 */
export function keyResolver(
  state: { entries(): Array<[ref: string, record: { id: string }]> },
  desired: ReadonlyArray<{ kind: string; key: string }>,
  target: string,
): (kind: string, id: string) => string | undefined {
  const keyById = new Map<string, string>();
  for (const [ref, rec] of state.entries()) {
    const slash = ref.indexOf('/');
    keyById.set(`${ref.slice(0, slash)}/${rec.id}`, ref.slice(slash + 1));
  }
  const wanted = new Set(desired.map((d) => `${d.kind}/${d.key}`));
  return (kind, id) => {
    const recorded = keyById.get(`${kind}/${id}`);
    if (recorded !== undefined) return recorded;
    const key = importKey(target, id);
    return wanted.has(`${kind}/${key}`) ? key : undefined;
  };
}
