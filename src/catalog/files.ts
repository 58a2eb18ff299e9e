/**
 * The catalog's files: every *.yaml / *.yml under the catalog folder (hidden folders skipped), in
 * one stable order, and their bytes. A link may not lead out of the catalog folder.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostics.js';
import { MAX_FILE_BYTES } from '../yaml/yaml-source.js';

const YAML_FILE = /\.ya?ml$/i;

export const toPosix = (p: string): string => p.split(path.sep).join('/');

/**
 * Every YAML file under `root`, sorted by relative path, and a diagnostic for each folder that
 * cannot be read and each link that leads out of `realRoot` (the root with links resolved).
 * `shown` names a path in diagnostics.
 */
export function listCatalogFiles(root: string, realRoot: string, shown: (abs: string) => string): { files: string[]; diagnostics: Diagnostic[] } {
  const out: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const walk = (dir: string): void => {
    let dirents: Dirent[];
    try {
      dirents = readdirSync(dir, { withFileTypes: true });
    } catch {
      diagnostics.push(error('file.unreadable', `cannot read folder ${shown(dir)}`, undefined, 'check its permissions'));
      return;
    }
    for (const d of dirents) {
      const abs = path.join(dir, d.name);
      if (d.isDirectory()) {
        if (!d.name.startsWith('.')) walk(abs);
      } else if (d.isSymbolicLink() && YAML_FILE.test(d.name)) {
        const real = safeRealpath(abs);
        if (real === undefined || !isInside(realRoot, real)) {
          diagnostics.push(error('file.escape', `${shown(abs)} is a link to a file outside the catalog folder`, { file: shown(abs), line: 1, col: 1 }, 'copy the file into the catalog folder instead of linking to it'));
        } else if (statSync(real).isFile()) {
          out.push(abs);
        }
      } else if (d.isFile() && YAML_FILE.test(d.name)) {
        out.push(abs);
      }
    }
  };
  walk(root);
  const rel = new Map(out.map((abs) => [abs, toPosix(path.relative(root, abs))]));
  return { files: out.sort((a, b) => (rel.get(a)! < rel.get(b)! ? -1 : 1)), diagnostics };
}

/** A file's bytes, or its size when it is over the limit (it is then not read). */
/** A catalog file's size in bytes (0 when it cannot be read: reading it reports why). */
export function catalogFileSize(abs: string): number {
  try {
    return statSync(abs).size;
  } catch {
    return 0;
  }
}

export function readCatalogFile(abs: string): Uint8Array | number {
  const size = statSync(abs).size;
  return size > MAX_FILE_BYTES ? size : readFileSync(abs);
}

export function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

export function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}
