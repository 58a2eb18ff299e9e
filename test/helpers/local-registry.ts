/**
 * A throwaway npm registry on 127.0.0.1 that serves this repository's production dependencies,
 * exactly the versions package-lock.json pins, from the installed node_modules. `npm install
 * --registry <url>` then resolves and installs the packed tool the way it would from npmjs.org,
 * without the internet and without relying on what the npm cache happens to hold.
 *
 * Packuments come from the lockfile (name, version, dependency ranges); tarballs are the installed
 * package folders (without their nested node_modules) packed with the system `tar`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface LocalRegistry {
  url: string;
  /** Package names served. */
  names: string[];
  close(): Promise<void>;
}

export async function startLocalRegistry(repo: string): Promise<LocalRegistry> {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  // name -> version -> the installed folder and its dependency ranges
  const served = new Map<string, Map<string, { dir: string; entry: LockEntry }>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.devOptional || entry.link || entry.version === undefined) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const versions = served.get(name) ?? new Map();
    versions.set(entry.version, { dir: join(repo, path), entry });
    served.set(name, versions);
  }

  let base = '';
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]!).slice(1);
    const tarball = /^(.+)\/-\/[^/]+-(\d[^/]*)\.tgz$/.exec(url);
    if (tarball) {
      const found = served.get(tarball[1]!)?.get(tarball[2]!);
      if (!found) return void res.writeHead(404).end();
      const tar = spawn('tar', ['-czf', '-', '--exclude=./node_modules', '--transform', 's,^\\.,package,', '-C', found.dir, '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      tar.stdout.pipe(res);
      return;
    }
    const versions = served.get(url);
    if (!versions) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    const leaf = url.slice(url.lastIndexOf('/') + 1);
    const packument = {
      name: url,
      'dist-tags': { latest: [...versions.keys()].at(-1) },
      versions: Object.fromEntries(
        [...versions].map(([version, { entry }]) => [
          version,
          {
            name: url,
            version,
            dependencies: entry.dependencies ?? {},
            optionalDependencies: entry.optionalDependencies ?? {},
            dist: { tarball: `${base}${url}/-/${leaf}-${version}.tgz` },
          },
        ]),
      ),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    names: [...served.keys()],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
