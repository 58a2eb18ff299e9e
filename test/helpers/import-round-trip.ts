/**
 * Test helper (not part of the public API): the `catalog import` round trip for one adapter, without
 * I/O to a platform:
 *
 *   live objects -> planImport (the command's choice of objects and keys) -> adapter.toDocuments
 *   -> YAML files in a temp project -> the real catalog loader (diagnostics = `validate`)
 *   -> adapter.desired -> live read again (`reread`, with the state the import records, or with a
 *   lost state) -> assignKeys -> buildPlan
 *
 * Callers assert that the plan has no actions for the imported objects and nothing unmanaged.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Diagnostic } from '../../src/diagnostics/diagnostics.js';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/types.js';
import { loadConfig } from '../../src/config/load.js';
import type { TargetConfig } from '../../src/config/model.js';
import { planImport } from '../../src/engine/import.js';
import { buildPlan } from '../../src/engine/plan.js';
import { assignKeys } from '../../src/engine/refresh.js';
import { memoryState } from './engine.js';
import type { TargetPlan } from '../../src/plan/types.js';
import type { DesiredObject, ImportedDocument, LiveObject, PlatformAdapter, TargetState } from '../../src/platforms/types.js';
import { WITH_PLATFORMS } from '../../src/platforms/registry.js';

const CONFIG = `targets:
  store: { platform: wechat-store, sandbox: true }
  live: { platform: wechat-live, sandbox: true }
  xianyu: { platform: goofish, sandbox: true }
  wecom: { platform: xiaoliebian, sandbox: true }
  sales: { platform: waiqin365, sandbox: true }
  channels: { platform: wechat-channels, sandbox: true }
`;

export interface RoundTripInput {
  adapter: PlatformAdapter;
  /** A target of the config above. */
  target: string;
  /** What a refresh without state shows (keys only where the platform holds our identity). */
  live: LiveObject[];
  /** Catalog files already in the project (relative to catalog/). */
  existing?: Record<string, string>;
  /** Reads the platform again with the given state and desired objects (default: `live` as is). */
  reread?: (state: TargetState, desired: DesiredObject[]) => LiveObject[];
}

export interface RoundTripResult {
  documents: ImportedDocument[];
  diagnostics: Diagnostic[];
  catalog: Catalog;
  /** Planned with the state the import records. */
  plan: TargetPlan;
  /** Planned with no state at all (after a lost state). */
  planWithoutState: TargetPlan;
}

export async function importRoundTrip(input: RoundTripInput): Promise<RoundTripResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalog-import-rt-'));
  try {
    const write = (rel: string, text: string) => {
      const file = path.join(dir, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    };
    write('catalog.config.yaml', CONFIG);
    for (const [rel, text] of Object.entries(input.existing ?? {})) write(path.join('catalog', rel), text);
    const config = loadConfig(path.join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS).config!;
    const target: TargetConfig = config.targets.find((t) => t.name === input.target)!;

    const before = await loadCatalog(config, WITH_PLATFORMS);
    const desiredBefore = before.catalog ? input.adapter.desired(before.catalog, target) : [];
    const emptyState = memoryState();
    const catalogKeys = new Map<string, Set<string>>([
      ['Product', new Set(before.catalog?.products.map((p) => p.key))],
      ['Group', new Set(before.catalog?.groups.map((g) => g.key))],
      ['ShippingTemplate', new Set(before.catalog?.shippingTemplates.map((s) => s.key))],
      ['Shelf', new Set(before.catalog?.shelves.map((s) => s.key))],
    ]);
    const live0 = assignKeys({ objects: input.live, readCalls: 1 }, emptyState, target.name, desiredBefore);
    const { documents } = planImport({ target, adapter: input.adapter, desired: desiredBefore, live: live0, state: emptyState }, catalogKeys);
    documents.forEach((d, i) => write(path.join('catalog', 'imported', `${i}-${d.kind}.yaml`), stringify(d.doc)));

    const after = await loadCatalog(config, WITH_PLATFORMS);
    const diagnostics = after.diagnostics.filter((d) => d.severity === 'error');
    if (!after.catalog) throw new Error(`the imported documents do not load: ${JSON.stringify(after.diagnostics)}`);
    const desired = input.adapter.desired(after.catalog, target);
    const planWith = (state: TargetState): TargetPlan => {
      const objects = input.reread ? input.reread(state, desired) : input.live;
      const live = assignKeys({ objects, readCalls: 1 }, state, target.name, desired);
      return buildPlan({ catalogDigest: 'd', now: '2025-01-01T00:00:00Z', targets: [{ target, adapter: input.adapter, desired, live, state }] }).targets[0]!;
    };
    const recorded = memoryState(Object.fromEntries(documents.map((d) => [`${d.kind}/${d.key}`, d.id])));
    return { documents, diagnostics, catalog: after.catalog, plan: planWith(recorded), planWithoutState: planWith(memoryState()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The actions of a plan that touch the imported objects ("<Kind>/<key>" refs). */
export function actionsOn(plan: TargetPlan, documents: ImportedDocument[]): Array<{ ref: string; label: string; changes: unknown }> {
  const refs = new Set(documents.map((d) => `${d.kind}/${d.key}`));
  return plan.actions.filter((a) => refs.has(`${a.kind}/${a.key}`)).map((a) => ({ ref: `${a.kind}/${a.key}`, label: a.label, changes: a.changes }));
}
