/**
 * catalog lookup [target] [list] [name=value ...]: list platform reference data a platform block
 * refers to (categories, properties, SKU tables, shops...: each adapter's `references.lists`). Read-only: no lock, no state writes, and the catalog need not be valid (this is
 * how a merchant fills it in). Without a list: the lists each target offers.
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostics.js';
import type { Catalog } from '../../catalog/types.js';
import { loadConfig } from '../../config/load.js';
import type { Config, TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import { adapterFor, PLATFORMS, WITH_PLATFORMS } from '../../platforms/registry.js';
import type { ReferenceList, ReferenceListSpec, ReferenceQuery } from '../../platforms/types.js';
import { renderDiagnostics } from '../../render/diagnostics.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../main.js';
import { openBackend, openWorkspace, reportFailure } from '../workspace.js';

type Format = 'text' | 'json';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('lookup')
    .description("List a target's platform reference data (categories, properties, SKU tables, shops, groups, pages) to fill in platform blocks. Read-only.")
    .argument('[target]', 'target name (default: show the lists of every target)')
    .argument('[list]', 'which list, e.g. categories, properties, shops')
    .argument('[params...]', 'list parameters as name=value, e.g. itemBizType=2 spBizType=1')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  catalog lookup                                       the lists every target offers
${PLATFORMS.flatMap((p) => p.lookupExamples.map((e) => `  catalog lookup ${e}\n`)).join('').trimEnd()}`,
    )
    .action(async (target: string | undefined, list: string | undefined, params: string[], opts: { format: Format }) => {
      ctx.exitCode = await runLookup(ctx, target, list, params, opts.format);
    });
}

const EMPTY_CATALOG: Catalog = { root: '', products: [], groups: [], shippingTemplates: [], shelves: [], digest: '' };

async function runLookup(ctx: CommandContext, targetName: string | undefined, list: string | undefined, rawParams: string[], format: Format): Promise<number> {
  const { io } = ctx;
  const g = ctx.globals();
  const cfg = loadConfig(resolve(io.cwd, g.config), io.env, WITH_PLATFORMS);
  if (cfg.diagnostics.length > 0 && (hasErrors(cfg.diagnostics) || !g.quiet)) io.stderr.write(renderDiagnostics(cfg.diagnostics, 'text', { color: g.color }));
  if (!cfg.config || hasErrors(cfg.diagnostics)) return EXIT.ERROR;
  const config = cfg.config;

  const chosen = targetName === undefined ? config.targets : config.targets.filter((t) => t.name === targetName);
  if (chosen.length === 0) {
    io.stderr.write(`error: unknown target "${targetName}"; configured targets: ${config.targets.map((t) => t.name).join(', ')}\n`);
    return EXIT.ERROR;
  }
  if (list === undefined) {
    io.stdout.write(format === 'json' ? `${JSON.stringify({ targets: chosen.map(describeTarget) }, null, 2)}\n` : chosen.map(describeTargetText).join('\n'));
    return EXIT.OK;
  }

  const target = chosen[0]!;
  const spec = adapterFor(target.platform).references?.lists.find((l) => l.name === list);
  if (!spec) {
    io.stderr.write(`error: ${target.platform} target ${target.name} has no list "${list}"; it offers: ${listNames(target) || 'none'}\n`);
    return EXIT.ERROR;
  }
  const query = parseParams(spec, rawParams);
  if ('error' in query) {
    io.stderr.write(`error: ${query.error}\n${usage(target, spec)}\n`);
    return EXIT.ERROR;
  }
  return read(ctx, config, target, query, format);
}

async function read(ctx: CommandContext, config: Config, target: TargetConfig, query: ReferenceQuery, format: Format): Promise<number> {
  let opened;
  let backend;
  try {
    backend = await openBackend(ctx, config);
    opened = await openWorkspace(ctx, { only: [target.name] }, { config, catalog: EMPTY_CATALOG }, backend);
  } catch (e) {
    await backend?.close();
    return reportFailure(ctx, e);
  }
  if ('exit' in opened) {
    await backend.close();
    return opened.exit;
  }
  try {
    const client = opened.ws.targets[0]!.client;
    if (!client.readReference) throw new Error(`bug: ${target.platform} declares reference lists but its client cannot read them`);
    const result = await client.readReference(query);
    if (format === 'json') {
      const refused = result.refused !== undefined ? { refused: result.refused } : {};
      ctx.io.stdout.write(`${JSON.stringify({ target: target.name, platform: target.platform, list: query.list, params: query.params, ...refused, entries: result.entries }, null, 2)}\n`);
    } else if (result.refused === undefined) {
      ctx.io.stdout.write(renderList(target, result));
    }
    if (result.refused !== undefined) {
      ctx.io.stderr.write(`error: the platform refused ${query.list} for ${paramText(query)}: ${result.refused}\n`);
      return EXIT.ERROR;
    }
    return EXIT.OK;
  } catch (e) {
    return reportFailure(ctx, e);
  } finally {
    await opened.ws.close();
    await backend.close();
  }
}

function parseParams(spec: ReferenceListSpec, raw: string[]): ReferenceQuery | { error: string } {
  const params: { [k: string]: string } = {};
  for (const r of raw) {
    const i = r.indexOf('=');
    const name = i > 0 ? r.slice(0, i) : '';
    if (!spec.params.some((p) => p.name === name)) return { error: i > 0 ? `unknown parameter "${name}" for ${spec.name}` : `parameters are name=value, not "${r}"` };
    params[name] = r.slice(i + 1);
  }
  const missing = spec.params.filter((p) => p.required && !(p.name in params)).map((p) => p.name);
  if (missing.length > 0) return { error: `${spec.name} needs ${missing.join(', ')}` };
  return { list: spec.name, params };
}

const listNames = (t: TargetConfig): string => (adapterFor(t.platform).references?.lists ?? []).map((l) => l.name).join(', ');
const paramText = (q: ReferenceQuery): string => Object.entries(q.params).map(([k, v]) => `${k}=${v}`).join(' ') || '(no parameters)';

function usage(t: TargetConfig, spec: ReferenceListSpec): string {
  const params = spec.params.map((p) => (p.required ? `${p.name}=<${p.name}>` : `[${p.name}=<${p.name}>]`)).join(' ');
  const lines = spec.params.map((p) => `    ${p.name}: ${p.description}${p.required ? ' (required)' : ''}`);
  return [`  catalog lookup ${t.name} ${spec.name}${params ? ` ${params}` : ''}`, `    ${spec.description}`, ...lines].join('\n');
}

function describeTarget(t: TargetConfig): { [k: string]: Json } {
  const refs = adapterFor(t.platform).references;
  return {
    target: t.name,
    platform: t.platform,
    lists: (refs?.lists ?? []).map((l) => ({ name: l.name, description: l.description, params: l.params.map((p) => ({ name: p.name, description: p.description, required: p.required === true })) })),
    ...(refs?.unavailable ? { unavailable: refs.unavailable } : {}),
  };
}

function describeTargetText(t: TargetConfig): string {
  const refs = adapterFor(t.platform).references;
  const lists = (refs?.lists ?? []).map((l) => usage(t, l));
  return `${t.name} (${t.platform}):\n${lists.join('\n') || '  (no lists)'}\n${refs?.unavailable ? `  note: ${refs.unavailable}\n` : ''}`;
}

function renderList(t: TargetConfig, result: ReferenceList): string {
  const q = result.query;
  const head = `${t.name} ${q.list}${Object.keys(q.params).length > 0 ? ` (${paramText(q)})` : ''}: ${result.entries.length} ${result.entries.length === 1 ? 'entry' : 'entries'}\n`;
  const idWidth = Math.min(40, Math.max(0, ...result.entries.map((e) => e.id.length)));
  const lines = result.entries.flatMap((e) => {
    const shown = Object.entries(e.info ?? {}).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
    const info = shown.length > 0 ? shown.map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ') : '';
    const own = `  ${e.id.padEnd(idWidth)}  ${e.name === e.id ? '' : e.name}${info ? `  ${info}` : ''}`.trimEnd();
    const vWidth = Math.max(0, ...(e.values ?? []).map((v) => v.id.length));
    return [own, ...(e.values ?? []).map((v) => `      ${v.id.padEnd(vWidth)}  ${v.name}`)];
  });
  return head + lines.map((l) => `${l}\n`).join('');
}
