/**
 * Bundles the compiled CLI (dist/, from tsc) into dist/bundle/, which is what `bin/catalog.js` runs
 * and what the package ships. Why: Node starts the CLI by loading each ES module on its own
 * (resolve, read, compile), about 240 of ours; that was most of a command's start-up (0.45 s of
 * `catalog --version`) and is paid again by every worker thread. One file per entry is far less.
 *
 * Layout contract, relied on by the code that names modules by URL (see each):
 * - every entry and shared chunk is written to the one folder dist/bundle/, so
 *   `new URL('./<entry>.js', import.meta.url)` finds an entry from any chunk, as it finds the
 *   compiled module beside it under dist/<folder>/;
 * - the entries are the CLI (main.js) and the modules threads load: the catalog reader's worker
 *   (load-worker.js), the platform registry it imports by URL (registry.js) and the sandbox's
 *   thread (thread-worker.js);
 * - dist/bundle/ is two folders below the package root, as dist/cli/ is (src/cli/package-root.ts).
 * Libraries are bundled too (loading zod's and yaml's ~200 files was a third of the start-up), except
 * those loaded on first use (pg, undici, listr2). Code shared by entries is split into chunks, so a
 * worker and the CLI share one copy of each module (zod schemas included).
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');

/**
 * zod's namespace carries its 40-odd message locales (`z.locales`), half of its code: every start-up
 * compiled them. The tool speaks to zod in English only (the default, which zod imports on its own),
 * so the namespace's `locales` is an empty module in the bundle.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'english-only-zod' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: {
    main: join(dist, 'cli', 'main.js'),
    'load-worker': join(dist, 'catalog', 'load-worker.js'),
    registry: join(dist, 'platforms', 'registry.js'),
    'thread-worker': join(dist, 'sandbox', 'thread-worker.js'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['pg', 'undici', 'listr2'],
  chunkNames: 'chunk-[hash]',
  // Some libraries are CommonJS (yaml's Node build, commander) and require Node's modules.
  banner: { js: "import { createRequire as __catalogRequire } from 'node:module'; const require = __catalogRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
  plugins: [englishOnlyZod],
});

// ASCII only: Node decodes a module with other characters to a two-byte string first (17 ms of
// every start-up). esbuild already escapes strings; what is left are regular expressions with
// Chinese (platform error messages) and comments. \uXXXX means the same character in a string,
// a regular expression and an identifier alike (the code has no String.raw of non-ASCII text).
for (const file of readdirSync(outdir).filter((f) => f.endsWith('.js'))) {
  const code = readFileSync(join(outdir, file), 'utf8');
  const ascii = code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== code) writeFileSync(join(outdir, file), ascii);
}

// The bundled libraries' licences travel with their code: dist/bundle/THIRD-PARTY-LICENSES.txt.
const packages = new Set();
for (const input of Object.keys(metafile.inputs)) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.add(m[1]);
}
const notices = [...packages].sort().map((name) => {
  const dir = join(root, 'node_modules', name);
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`bundled package ${name} not found in node_modules`);
  const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  return `${name}@${version} (${license})\n\n${file ? readFileSync(join(dir, file), 'utf8').trim() : '(no licence file in the package)'}\n`;
});
writeFileSync(join(outdir, 'THIRD-PARTY-LICENSES.txt'), `Libraries bundled into this folder, with their licences.\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`);
