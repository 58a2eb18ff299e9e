/**
 * The installed package's root folder (package.json, schemas/, docs/, the example catalog): two
 * folders up from this module, which holds both where tsc compiles it (dist/cli/) and where the
 * bundle puts it (dist/bundle/, scripts/bundle.mjs). Modules deeper in src/cli/ use this one so
 * that their own depth does not matter.
 */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);
