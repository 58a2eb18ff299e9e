/**
 * Reliability harness shared by the crash, fault, concurrency and secrets tests:
 *
 * - `makeSyntheticProject(products)`: a project with a generated catalog over all five targets (the
 *   bench generator, bench/generate.mjs), every target on the in-process sandbox.
 * - `startSandboxServer(dir, ...)`: the simulators as a SEPARATE `catalog sandbox` process, so the
 *   simulated platforms outlive a killed CLI; `pointConfigAt` rewrites the project's config so every
 *   target talks to that server as to a real platform (`sandbox: false`, a baseUrl, credentials).
 * - `checkPlatforms(dir)`: after convergence, per target: zero duplicates on the simulated platform
 *   (counted by the platform's own identity field), and every catalog object's id recorded in the state
 *   and present on the platform.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
// @ts-expect-error plain ESM module without type declarations
import { generateCatalog } from '../../bench/generate.mjs';
import { loadCatalog } from '../../src/catalog/load.js';
import type { CatalogObject } from '../../src/catalog/types.js';
import { loadConfig } from '../../src/config/load.js';
import { createBackend } from '../../src/state/index.js';
import { CLI, makeProject } from './cli.js';
import { platformSpec, WITH_PLATFORMS, type PlatformId as PlatformName } from '../../src/platforms/registry.js';

/** Target name -> platform, as the generator lays them out. */
export const TARGETS: Record<string, PlatformName> = {
  store: 'wechat-store',
  live: 'wechat-live',
  xianyu: 'goofish',
  wecom: 'xiaoliebian',
  sales: 'waiqin365',
};

/** The config the simulators are served with (`catalog sandbox --config ...`); its state folder is separate. */
export const SANDBOX_CONFIG = 'sandbox.config.yaml';
export const SANDBOX_STATE = '.sim';

/**
 * A project with `products` generated products over the five targets. `target` adds fields to every
 * target (e.g. concurrency, ratePerSecond).
 */
export async function makeSyntheticProject(products: number, target: Record<string, unknown> = {}): Promise<string> {
  const dir = await makeProject({});
  generateCatalog(dir, { products, files: Math.max(1, Math.round(products / 50)), targetOptions: target });
  return dir;
}

export interface SandboxServer {
  url: string;
  process: ChildProcess;
  /** SIGTERM; resolves once the server flushed its state and exited. */
  stop(): Promise<void>;
}

/**
 * Moves the project's config to sandbox.config.yaml (state under .sim/, so the simulated accounts and
 * the CLI's state never share a folder), starts `catalog sandbox` on a free port with it, and writes
 * a catalog.config.yaml whose targets point at that server.
 */
export async function startSandboxServer(dir: string, opts: { faults?: string; env?: Record<string, string> } = {}): Promise<SandboxServer> {
  const configFile = join(dir, 'catalog.config.yaml');
  const sandboxFile = join(dir, SANDBOX_CONFIG);
  const original = parse(await readFile(configFile, 'utf8')) as { targets: Record<string, Record<string, unknown>> };
  await rename(configFile, sandboxFile).catch(() => undefined);
  await writeFile(sandboxFile, stringify({ ...original, state: `./${SANDBOX_STATE}` }));
  const child = spawn(process.execPath, [CLI, 'sandbox', '--config', SANDBOX_CONFIG, '--port', '0', ...(opts.faults ? ['--faults', opts.faults] : [])], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`catalog sandbox did not start: ${out}${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Sandbox listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`catalog sandbox exited with ${code}: ${out}${stderr}`));
    });
  });
  await pointConfigAt(dir, original.targets, url);
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** catalog.config.yaml with every target talking to the sandbox server at `url` like to a real platform. */
async function pointConfigAt(dir: string, targets: Record<string, Record<string, unknown>>, url: string): Promise<void> {
  const pointed = Object.fromEntries(
    Object.entries(targets).map(([name, t]) => {
      const { sandbox: _sandbox, sandboxOptions: _options, ...rest } = t;
      const platform = t.platform as PlatformName;
      return [name, { ...rest, sandbox: false, baseUrl: `${url}/${name}`, ...platformSpec(platform).sandboxCredentials }];
    }),
  );
  await writeFile(join(dir, 'catalog.config.yaml'), stringify({ catalog: './catalog', state: './.catalog', targets: pointed }));
}

/** The persisted state of one simulated account (written by the server on change and on stop). */
export async function readSimState(dir: string, target: string, stateDir = SANDBOX_STATE): Promise<any> {
  return (JSON.parse(await readFile(join(dir, stateDir, 'sandbox', `${target}.json`), 'utf8')) as { state: unknown }).state;
}

export interface SimObject {
  kind: CatalogObject['kind'];
  id: string;
  /** What makes the object unique on the platform for us: two live objects with one identity are a duplicate. */
  identity: string;
}

/** The live (not deleted) objects of one simulated account, with the identity the adapter uses. */
export function simObjects(platform: PlatformName, s: any): SimObject[] {
  switch (platform) {
    case 'goofish':
      return Object.values<any>(s.products)
        .filter((p) => p.product_status !== -1)
        .map((p) => ({ kind: 'Product', id: String(p.product_id), identity: p.outer_id }));
    case 'wechat-store':
      return [
        ...s.products.map((p: any) => ({ kind: 'Product', id: String(p.product_id), identity: String(p.sku_list[0]?.product_code ?? `(no code) ${p.product_id}`).split(':')[0]! })),
        ...s.groups.map((g: any) => ({ kind: 'Group', id: String(g.group_id), identity: g.group_name })),
        ...s.templates.map((t: any) => ({ kind: 'ShippingTemplate', id: String(t.Id), identity: t.Name })),
        ...s.shelves.map((x: any) => ({ kind: 'Shelf', id: String(x.shelf_id), identity: x.shelf_name })),
      ];
    case 'wechat-live':
      return s.goods.map((g: any) => ({ kind: 'Product', id: String(g.goodsId), identity: g.url }));
    case 'xiaoliebian':
      return [
        ...Object.values<any>(s.products).map((p): SimObject => ({ kind: 'Product', id: String(p.productId), identity: String(p.productId) })),
        ...Object.values<any>(s.groups).map((g): SimObject => ({ kind: 'Group', id: String(g.groupId), identity: g.groupName })),
      ];
    case 'waiqin365':
      return Object.values<any>(s.groups).map((g) => ({ kind: 'Group', id: String(g.id), identity: g.source_code }));
    case 'wechat-channels':
      return [
        ...s.products.filter((p: any) => p.status !== 6 && p.status !== 9).map((p: any): SimObject => ({ kind: 'Product', id: String(p.product_id), identity: p.out_product_id || `(no out_product_id) ${p.product_id}` })),
        ...s.templates.map((t: any): SimObject => ({ kind: 'ShippingTemplate', id: String(t.template_id), identity: t.name })),
      ];
  }
}

/** Kinds each platform manages (the others are not projected onto it). */
const KINDS: Record<PlatformName, ReadonlyArray<CatalogObject['kind']>> = {
  goofish: ['Product'],
  'wechat-live': ['Product'],
  'wechat-store': ['Product', 'Group', 'ShippingTemplate', 'Shelf'],
  xiaoliebian: ['Product', 'Group'],
  waiqin365: ['Group'],
  'wechat-channels': ['Product', 'ShippingTemplate'],
};

export interface PlatformCheck {
  /** "target Kind identity xN" for every identity held by more than one live object. */
  duplicates: string[];
  /** "target Kind/key: why" for catalog objects without a state record naming a live object. */
  unrecorded: string[];
  /** How many catalog objects were checked. */
  checked: number;
}

/**
 * Compares the project's catalog, its state (opened as the next process would) and the simulated
 * platforms. The sandbox server must be stopped (or flushed) first so its files are current.
 */
export async function checkPlatforms(dir: string, opts: { simStateDir?: string; configFile?: string; cacheDir?: string; env?: Record<string, string> } = {}): Promise<PlatformCheck> {
  const loaded = loadConfig(join(dir, opts.configFile ?? 'catalog.config.yaml'), opts.env ?? {}, WITH_PLATFORMS);
  if (!loaded.config) throw new Error(`config does not load: ${JSON.stringify(loaded.diagnostics)}`);
  const { catalog } = await loadCatalog(loaded.config, WITH_PLATFORMS);
  if (!catalog) throw new Error('catalog does not load');
  const objects: CatalogObject[] = [...catalog.products, ...catalog.groups, ...catalog.shippingTemplates, ...catalog.shelves];
  const backend = await createBackend(loaded.config.state, { cacheDir: join(dir, opts.cacheDir ?? '.catalog'), configDir: loaded.config.dir, env: { ...process.env, ...opts.env } });
  const state = await backend.open();
  const result: PlatformCheck = { duplicates: [], unrecorded: [], checked: 0 };
  try {
    for (const target of loaded.config.targets) {
      const live = simObjects(target.platform as PlatformName, await readSimState(dir, target.name, opts.simStateDir ?? SANDBOX_STATE));
      const counts = new Map<string, number>();
      for (const o of live) counts.set(`${o.kind} ${o.identity}`, (counts.get(`${o.kind} ${o.identity}`) ?? 0) + 1);
      for (const [identity, n] of counts) if (n > 1) result.duplicates.push(`${target.name} ${identity} x${n}`);
      const liveIds = new Set(live.map((o) => `${o.kind}/${o.id}`));
      for (const o of objects) {
        if (!o.targets.includes(target.name) || !KINDS[target.platform as PlatformName].includes(o.kind)) continue;
        result.checked += 1;
        const record = state.get(target.name, `${o.kind}/${o.key}`);
        if (!record) result.unrecorded.push(`${target.name} ${o.kind}/${o.key}: no state record`);
        else if (!liveIds.has(`${o.kind}/${record.id}`)) result.unrecorded.push(`${target.name} ${o.kind}/${o.key}: recorded id ${record.id} is not on the platform`);
      }
      const pending = state.pendingCreates(target.name);
      if (pending.length > 0) result.unrecorded.push(`${target.name}: ${pending.length} pending creates left (${pending.slice(0, 3).map((p) => p.ref).join(', ')})`);
    }
  } finally {
    await state.close();
    await backend.close();
  }
  return result;
}

export { seededRandom } from '../../src/sandbox/faults.js';
