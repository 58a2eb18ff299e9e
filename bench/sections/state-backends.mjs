/**
 * Bench section `state-backends`: the cost of each state backend (README, "State backends"). The same
 * apply of BENCH_BACKEND_SIZE (default 1,000) goofish creates against the in-process sandbox, with the
 * state in the local folder, on a git branch (a bare repository in a temp folder: the cost of the
 * commits and pushes without network latency), and in PostgreSQL (a throwaway local server with fsync on).
 * The difference to the local row is the backend's cost; the git row also counts the pushes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { generateCatalog } from '../generate.mjs';
import { makeBareRemote, startPostgres } from '../../test/helpers/backends.mjs';

const size = Number(process.env.BENCH_BACKEND_SIZE ?? 1000);

export function stateBackendSections({ cli }) {
  return [
    {
      name: 'state-backends',
      async run(ctx) {
        const rows = [];
        const postgres = await startPostgres({ fsync: true });
        try {
          const remote = await makeBareRemote();
          const backends = [
            { label: 'local folder', state: './.catalog' },
            { label: 'git (bare repository on this disk)', state: { backend: 'git', remote } },
            { label: 'postgres (local server, fsync on)', state: { backend: 'postgres', url: '${CATALOG_STATE_URL}' }, env: { CATALOG_STATE_URL: await postgres.database() } },
          ];
          for (const backend of backends) {
            const dir = join(ctx.work, `backend-${backend.label.split(' ')[0]}`);
            generateCatalog(dir, { products: size, files: Math.max(1, Math.round(size / 50)), targets: { xianyu: 'goofish' }, targetOptions: { concurrency: 16, ratePerSecond: 1000 } });
            const configFile = join(dir, 'catalog.config.yaml');
            writeFileSync(configFile, stringify({ ...parse(readFileSync(configFile, 'utf8')), state: backend.state }));
            const apply = ctx.measure([cli, 'apply', '--auto-approve'], { cwd: dir, env: backend.env ?? {}, keepOutput: true });
            const writes = /; (\d+) write calls?\./.exec(apply.stdout ?? '')?.[1];
            const pushes = backend.state.backend === 'git' ? `; ${execFileSync('git', ['--git-dir', remote, 'rev-list', '--count', 'catalog-state'], { encoding: 'utf8' }).trim()} commits pushed` : '';
            rows.push({ case: `apply of ${size} creates, state: ${backend.label}`, wallMs: apply.wallMs, peakMiB: apply.peakMiB, ok: apply.ok, result: apply.ok ? `${writes ?? '?'} write calls${pushes}` : apply.result });
          }
        } finally {
          await postgres.stop();
        }
        return rows;
      },
    },
  ];
}
