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

