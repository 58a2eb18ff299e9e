/**
 * catalog import --target T [--out DIR]: adopt what an account already has. Writes catalog YAML
 * (one file per product; groups, templates and shelves in one file each) for every live object
 * the catalog does not hold yet, and records their ids in state so they become managed. Planned
 * against the same account, the imported files show no changes.
 */
import { mkdir, writeFile, access, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { formatCatalogFile } from '../../catalog/format.js';
import { mergeImportedProduct } from '../../catalog/import-merge.js';
import { PLATFORMS, platformSpec } from '../../platforms/registry.js';
import { planImport } from '../../engine/import.js';
import type { ImportedDocument } from '../../platforms/types.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../main.js';
import { refreshWithProgress, withWorkspace } from '../workspace.js';

const FILE_OF_KIND: Record<string, string> = {
  Group: 'groups.yaml',
  ShippingTemplate: 'shipping.yaml',
  Shelf: 'shelves.yaml',
};

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('Write catalog YAML for the objects a live account has that the catalog does not, and manage them from now on.')
    .requiredOption('-t, --target <name>', 'the target to import from')
    .option('--out <dir>', 'folder for the new files (default: <catalog>/imported/<target>)')
    .addHelpText(
      'after',
      `
Examples:
  catalog import --target xianyu                 into catalog/imported/xianyu/
  catalog import --target store --out catalog/store
  catalog plan --target xianyu                   then: no changes for the imported objects`,
    )
    .action(async (opts: { target: string; out?: string }) => {
      ctx.exitCode = await runImport(ctx, opts);
    });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function runImport(ctx: CommandContext, opts: { target: string; out?: string }): Promise<number> {
  const { io } = ctx;
  return withWorkspace(ctx, { only: [opts.target], lock: `import --target ${opts.target}`, refresh: { details: 'all' } }, async (ws) => {
    const t = ws.targets[0]!;
    if (!t.adapter.toDocuments) {
      io.stderr.write(`error: import is not supported for platform ${t.target.platform} yet\n`);
      return EXIT.ERROR;
    }
    const [input] = await refreshWithProgress(ctx, ws);
    const catalogKeys = new Map<string, Set<string>>([
      ['Product', new Set(ws.catalog.products.map((p) => p.key))],
      ['Group', new Set(ws.catalog.groups.map((g) => g.key))],
      ['ShippingTemplate', new Set(ws.catalog.shippingTemplates.map((s) => s.key))],
      ['Shelf', new Set(ws.catalog.shelves.map((s) => s.key))],
    ]);
    const { documents, merges, alreadyManaged, notImported } = planImport(input!, catalogKeys);
    const outDir = resolve(io.cwd, opts.out ?? join(ws.config.catalogDir, 'imported', t.target.name));
    const schemaFile = join(ws.config.dir, 'schemas', 'catalog.schema.json');
    let written = 0;
    const skipped: string[] = [];
    const recordId = (d: ImportedDocument) => ws.state.set(t.target.name, `${d.kind}/${d.key}`, { ...(ws.state.get(t.target.name, `${d.kind}/${d.key}`) ?? {}), id: d.id });
    for (const [rel, docs] of groupIntoFiles(documents)) {
      const file = join(outDir, rel);
      if (await exists(file)) {
        skipped.push(relative(io.cwd, file));
        continue;
      }
      const header = `# yaml-language-server: $schema=${relative(dirname(file), schemaFile).split('\\').join('/')}\n# Imported from target ${t.target.name} by \`catalog import\`.\n`;
      const body = docs.map((d) => stringify(d.doc, { lineWidth: 0 })).join('---\n');
      const formatted = formatCatalogFile(header + body, file, PLATFORMS);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, 'text' in formatted ? formatted.text : header + body);
      for (const d of docs) recordId(d);
      written += docs.length;
    }
    const changed = new Map<string, string[]>();
    const notMerged: string[] = [];
    for (const d of merges) {
      const product = ws.catalog.products.find((p) => p.key === d.key)!;
      const file = resolve(ws.config.dir, product.source.file);
      const result = mergeImportedProduct(await readFile(file, 'utf8'), d.key, {
        imported: d.doc,
        target: t.target.name,
        platform: t.target.platform,
        managesGroups: platformSpec(t.target.platform).kinds.includes('Group'),
        platforms: PLATFORMS,
      });
      if ('conflict' in result) {
        notMerged.push(`Product ${d.id} (${d.key}): ${result.conflict}`);
        continue;
      }
      await writeFile(file, result.text);
      recordId(d);
      const rel = relative(io.cwd, file);
      changed.set(rel, [...(changed.get(rel) ?? []), `${d.key}${result.overridden.length ? ` (overrides: ${result.overridden.join(', ')})` : ''}`]);
    }
    await ws.state.checkpoint();
    io.stdout.write(`Imported ${written} object${written === 1 ? '' : 's'} from ${t.target.name} into ${relative(io.cwd, outDir) || '.'}; ${alreadyManaged} already in the catalog.\n`);
    if (changed.size > 0) {
      const merged = [...changed.values()].reduce((n, keys) => n + keys.length, 0);
      io.stdout.write(`Merged ${merged} product${merged === 1 ? '' : 's'} the catalog already holds for other targets (same platform identity), adding target ${t.target.name}; changed files:\n`);
      for (const [file, keys] of changed) io.stdout.write(`  ${file}: ${keys.join('; ')}\n`);
    }
    if (notMerged.length > 0) {
      io.stderr.write(`Not merged (they stay unmanaged; edit the catalog product or the live one so they match, then import again):\n${notMerged.map((m) => `  ${m}\n`).join('')}`);
    }
    if (notImported.length > 0) {
      const listed = notImported.slice(0, 10).map((o) => `${o.kind} ${o.id} ${JSON.stringify(o.name)}`);
      io.stdout.write(
        `Not imported: ${notImported.length} object${notImported.length === 1 ? '' : 's'} ${t.target.platform} does not let its API manage, or the catalog cannot hold (they stay unmanaged; see the README, "Platform: ${t.target.platform}"): ${listed.join(', ')}${notImported.length > 10 ? ', ...' : ''}\n`,
      );
    }
    if (skipped.length > 0) io.stderr.write(`Skipped ${skipped.length} file(s) that already exist (never overwritten): ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', ...' : ''}\n`);
    if (written + changed.size > 0) io.stdout.write(`Check with: catalog plan --target ${t.target.name}  (the imported objects show no changes)\n`);
    return EXIT.OK;
  });
}

/** One file per product (products/<key>.yaml); the other kinds one file per kind. */
function groupIntoFiles(docs: ImportedDocument[]): Map<string, ImportedDocument[]> {
  const files = new Map<string, ImportedDocument[]>();
  for (const d of docs) {
    const rel = d.kind === 'Product' ? join('products', `${d.key}.yaml`) : (FILE_OF_KIND[d.kind] ?? `${d.kind.toLowerCase()}.yaml`);
    files.set(rel, [...(files.get(rel) ?? []), d]);
  }
  return files;
}
