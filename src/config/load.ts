/**
 * catalog.config.yaml -> Config: `${ENV}` substitution, defaults and per-target policy overrides,
 * base URLs, sandbox credentials. Mistakes are diagnostics with positions; nothing is thrown.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { error, hasErrors, sortDiagnostics, type Diagnostic, type SourcePos } from '../diagnostics/diagnostics.js';
import { isRecord } from '../schema/zod-schema.js';
import { validateWithSchema } from '../schema/zod-issues.js';
import { suggestHint } from '../diagnostics/suggest.js';
import { decodeYamlBytes, readYamlText, type YamlDoc } from '../yaml/yaml-source.js';
import type { ConfigPlatform } from './platform.js';
import {
  configSchemaFor,
  DEFAULT_POLICY,
  DEFAULT_STATE_BRANCH,
  STATE_BACKEND_FIELDS,
  targetSchemaFor,
  type Config,
  type ConfigDoc,
  type Policy,
  type StateLocation,
  type TargetConfig,
} from './model.js';

/**
 * `${NAME}` and `${NAME:-default}` ("$${" is a literal "${"). Users (and docs/platforms/) write references
 * unquoted inside flow mappings (`{ appId: ${APP_ID} }`), where YAML reads "{" and "}" as structure; before
 * parsing, the braces of references are swapped for private-use characters of the same length (so
 * positions stay exact) and swapped back in the values.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const REFERENCE_IN_SOURCE = /\$\{([A-Za-z_][A-Za-z0-9_]*(?::-[^}\n]*)?)\}/g;
const ENV_REFERENCE = /\$\$\uE000|\$\uE000([A-Za-z_][A-Za-z0-9_]*)(?::-([^\uE001]*))?\uE001/g;
const RESTORE_BRACES = /[\uE000\uE001]/g;
const TARGET_FIELDS = Object.keys(targetSchemaFor([]).shape);

export interface LoadConfigResult {
  config?: Config;
  /**
   * When the config has errors (no `config`): what is known of it for offline checks, so that
   * `validate` checks the catalog too and reports everything at once. Targets whose platform is
   * known are listed (the others are left out); a target with a mistake has no credentials and the
   * default policy. Never used to call a platform.
   */
  offlineConfig?: Config;
  diagnostics: Diagnostic[];
}

export interface LoadConfigOptions {
  /** The platforms a target may be of (the CLI passes the registry's list, src/platforms/registry.ts). */
  platforms: readonly ConfigPlatform[];
  /**
   * The caller uses no credentials (e.g. `catalog fmt`, which only needs the catalog folder): a
   * non-sandbox target's credential fields may then be absent or empty. Off by default: an absent or
   * empty credential of a non-sandbox target is `config.credential-missing`.
   */
  credentialsOptional?: boolean;
}

/** Read and resolve a config file. `config` is present only when there are no errors. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv, options: LoadConfigOptions): LoadConfigResult {
  const absFile = path.resolve(file);
  const dir = path.dirname(absFile);
  const shownFile = path.basename(absFile);
  if (!existsSync(absFile) || !statSync(absFile).isFile()) {
    return {
      diagnostics: [
        error(
          'config.missing',
          `config file ${absFile} not found`,
          undefined,
          'run `catalog init` to create one, or pass --config FILE',
        ),
      ],
    };
  }
  const decoded = decodeYamlBytes(readFileSync(absFile), shownFile);
  if (decoded.text === undefined) return { diagnostics: decoded.diagnostics };

  const diagnostics: Diagnostic[] = [];
  const substitute = (value: string, pos: () => SourcePos): string =>
    value.replace(ENV_REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
      if (name === undefined) return '$' + OPEN; // "$${" escapes a literal "${"
      const whole = match.replace(RESTORE_BRACES, (c) => (c === OPEN ? '{' : '}'));
      const set = env[name];
      if (set !== undefined && (set !== '' || fallback === undefined)) return set;
      if (fallback !== undefined) return fallback;
      diagnostics.push(
        error(
          'config.env-missing',
          `environment variable ${name} is not set (used as ${whole})`,
          pos(),
          `set ${name} in the environment, or write \${${name}:-default} to give a default`,
        ),
      );
      return '';
    }).replace(RESTORE_BRACES, (c) => (c === OPEN ? '{' : '}'));
  const source = decoded.text.replace(REFERENCE_IN_SOURCE, `$${OPEN}$1${CLOSE}`);
  const read = readYamlText(source, shownFile, substitute);
  diagnostics.push(...read.diagnostics);
  const doc = read.docs[0];
  if (read.docs.length > 1) {
    diagnostics.push(error('config.multiple-documents', `${shownFile} holds ${read.docs.length} YAML documents; it must hold one`, read.docs[1]!.pos([]), 'remove the extra `---` documents'));
  }
  if (!doc) {
    if (!hasErrors(diagnostics)) {
      diagnostics.push(error('config.required', `${shownFile} is empty`, { file: shownFile, line: 1, col: 1 }, 'run `catalog init` to create a config'));
    }
    return { diagnostics };
  }

  const platforms = new Map(options.platforms.map((p) => [p.name, p]));
  const parsed = validateWithSchema(configSchemaFor(options.platforms), doc.value, doc, { prefix: 'config' });
  diagnostics.push(...parsed.diagnostics);
  const targets: TargetConfig[] = [];
  // Targets are checked one by one even when another part of the file is wrong: report everything at once.
  const rawTargets = isRecord(doc.value) && isRecord(doc.value.targets) ? doc.value.targets : {};
  const defaults = parsed.data?.defaults ?? {};
  for (const [name, raw] of Object.entries(rawTargets)) {
    const target = resolveTarget(name, raw, doc, { ...DEFAULT_POLICY, ...stripUndefined(defaults) }, diagnostics, options, platforms);
    if (target) targets.push(target);
  }
  if (parsed.data && typeof parsed.data.state === 'object') checkStateFields(parsed.data.state, doc, diagnostics);
  sortDiagnostics(diagnostics);
  if (hasErrors(diagnostics) || !parsed.data) return { diagnostics, offlineConfig: offlineConfig(absFile, doc.value, rawTargets, targets, platforms) };
  return {
    config: {
      file: absFile,
      dir,
      catalogDir: path.resolve(dir, parsed.data.catalog ?? './catalog'),
      ...resolveStateAndCache(dir, parsed.data.state, parsed.data.cache),
      targets,
    },
    diagnostics,
  };
}

function offlineConfig(file: string, value: unknown, rawTargets: Record<string, unknown>, resolved: readonly TargetConfig[], platforms: ReadonlyMap<string, ConfigPlatform>): Config {
  const dir = path.dirname(file);
  const folder = (field: 'catalog', fallback: string): string => {
    const written = isRecord(value) ? value[field] : undefined;
    return path.resolve(dir, typeof written === 'string' ? written : fallback);
  };
  const targets = Object.entries(rawTargets).flatMap(([name, raw]): TargetConfig[] => {
    const done = resolved.find((t) => t.name === name);
    if (done) return [done];
    const platform = isRecord(raw) ? raw.platform : undefined;
    if (typeof platform !== 'string' || !platforms.has(platform)) return [];
    return [{ name, platform, baseUrl: '', sandbox: false, credentials: {}, paths: {}, policy: DEFAULT_POLICY }];
  });
  const written = (field: 'state' | 'cache'): string | undefined => (isRecord(value) && typeof value[field] === 'string' ? value[field] : undefined);
  return { file, dir, catalogDir: folder('catalog', './catalog'), ...resolveStateAndCache(dir, written('state'), written('cache')), targets };
}

function resolveTarget(
  name: string,
  raw: unknown,
  doc: YamlDoc,
  basePolicy: Policy,
  diagnostics: Diagnostic[],
  options: LoadConfigOptions,
  platforms: ReadonlyMap<string, ConfigPlatform>,
): TargetConfig | undefined {
  const at = ['targets', name];
  const parsed = targetSchemaFor([...platforms.values()]).safeParse(raw);
  if (!parsed.success || !isRecord(raw)) return undefined; // reported by the whole-file validation
  const t = parsed.data;
  const platform = t.platform;
  const spec = platforms.get(platform)!;
  const credentialFields = spec.credentials;
  const optionalFields = spec.optionalCredentials;
  const allowed = [...TARGET_FIELDS, ...credentialFields, ...optionalFields];
  let ok = true;
  for (const field of Object.keys(raw)) {
    if (allowed.includes(field)) continue;
    ok = false;
    diagnostics.push(
      error(
        'config.unknown-field',
        `unknown field "${field}" in target ${name} (platform ${platform})`,
        doc.keyPos([...at, field]),
        suggestHint(field, allowed, 'allowed fields'),
      ),
    );
  }
  const sandbox = t.sandbox ?? false;
  const credentials: Record<string, string> = {};
  for (const field of credentialFields) {
    const value = credentialText(raw[field], doc, [...at, field]);
    if (value !== undefined && value !== '') {
      credentials[field] = value;
    } else if (sandbox) {
      credentials[field] = spec.sandboxCredentials[field]!;
    } else if (raw[field] !== undefined && value === undefined) {
      ok = false;
      diagnostics.push(error('config.type', `${field} of target ${name} must be text`, doc.pos([...at, field]), `write ${field}: \${ENV_VAR}`));
    } else if (options.credentialsOptional) {
      // Absent or empty, and the caller needs no credentials: leave the field out.
    } else if (raw[field] === undefined) {
      ok = false;
      diagnostics.push(
        error(
          'config.credential-missing',
          `target ${name} (${platform}) has no ${field}`,
          doc.keyPos(at),
          `add ${field}: \${SOME_ENV_VAR} to the target, or set sandbox: true to use the simulator`,
        ),
      );
    } else {
      // Empty: written as "" or a ${NAME} that substituted to "" (e.g. a CI secret that is not
      // configured arrives as an empty variable). An unset variable was already reported as
      // config.env-missing at this value's position; one diagnostic per mistake is enough.
      ok = false;
      const pos = doc.pos([...at, field]);
      const reported = diagnostics.some((d) => d.code === 'config.env-missing' && samePos(d.pos, pos));
      if (!reported) {
        diagnostics.push(
          error(
            'config.credential-missing',
            `${field} of target ${name} (${platform}) is empty`,
            pos,
            `give ${field} a value (if it is \${SOME_ENV_VAR}, set that variable to a non-empty value), or set sandbox: true to use the simulator`,
          ),
        );
      }
    }
  }
  for (const field of optionalFields) {
    // Used when set; absent or empty (e.g. `${SELLER_ID:-}`) means the account does not take it.
    const value = credentialText(raw[field], doc, [...at, field]);
    if (value !== undefined && value !== '') credentials[field] = value;
    else if (raw[field] !== undefined && raw[field] !== null && value === undefined) {
      ok = false;
      diagnostics.push(error('config.type', `${field} of target ${name} must be text`, doc.pos([...at, field]), `write ${field}: \${ENV_VAR}`));
    }
  }
  if (!ok) return undefined;
  const { prune, maxDeletePercent, stock, concurrency, ratePerSecond, stopAfterFailures } = t;
  return {
    name,
    platform,
    baseUrl: (t.baseUrl ?? spec.defaultBaseUrl).replace(/\/+$/, ''),
    sandbox,
    credentials,
    secretCredentials: spec.secretCredentials,
    paths: normalisePaths(t.paths ?? {}),
    sandboxOptions: t.sandboxOptions ?? {},
    policy: { ...basePolicy, ...stripUndefined({ prune, maxDeletePercent, stock, concurrency, ratePerSecond, stopAfterFailures }) },
  };
}

/** Credentials are text; a number written without quotes (e.g. a goofish appKey) is taken as written. */
function credentialText(value: unknown, doc: YamlDoc, at: readonly (string | number)[]): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return doc.sourceText(at) ?? String(value);
  return undefined;
}

/**
 * `paths:` overrides, normalised once for every adapter: a leading "/" and no trailing "/" (the root
 * stays "/"), so `product.list: api/open/product/list` and `/api/open/product/list/` both append to
 * the base URL (which has no trailing "/") as `/api/open/product/list`.
 */
function normalisePaths(paths: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(paths).map(([op, p]) => [op, `/${p.replace(/^\/+|\/+$/g, '')}`]));
}

function samePos(a: SourcePos | undefined, b: SourcePos): boolean {
  return a !== undefined && a.file === b.file && a.line === b.line && a.col === b.col;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}


/** The `state:` and `cache:` keys resolved: the cache defaults to the local state folder, else ./.catalog. */
export function resolveStateAndCache(dir: string, state: ConfigDoc['state'], cache: string | undefined): Pick<Config, 'state' | 'cacheDir'> {
  const resolved = resolveState(dir, state);
  const cacheDir = path.resolve(dir, cache ?? (resolved.backend === 'local' ? resolved.dir : './.catalog'));
  return { state: resolved, cacheDir };
}

/** Each backend takes its own fields only; postgres needs its url. */
function checkStateFields(state: Exclude<ConfigDoc['state'], string | undefined>, doc: YamlDoc, diagnostics: Diagnostic[]): void {
  const allowed = ['backend', ...STATE_BACKEND_FIELDS[state.backend]];
  for (const field of Object.keys(state)) {
    if (allowed.includes(field)) continue;
    diagnostics.push(error('config.unknown-field', `state field "${field}" does not apply to the ${state.backend} backend`, doc.keyPos(['state', field]), suggestHint(field, allowed, `fields of the ${state.backend} backend`)));
  }
  if (state.backend === 'postgres' && !state.url) {
    diagnostics.push(error('config.required', 'the postgres state backend needs its url', doc.pos(['state']), 'add url: "${CATALOG_STATE_URL}" and set CATALOG_STATE_URL to postgres://user:password@host:port/database'));
  }
}

function resolveState(dir: string, state: ConfigDoc['state']): StateLocation {
  if (state === undefined || typeof state === 'string') return { backend: 'local', dir: path.resolve(dir, state ?? './.catalog') };
  switch (state.backend) {
    case 'local':
      return { backend: 'local', dir: path.resolve(dir, state.path ?? './.catalog') };
    case 'git': {
      // A path (not a URL or scp-like host:path) is relative to the config file, like every other path.
      const remote = state.remote === undefined || isGitUrl(state.remote) ? state.remote : path.resolve(dir, state.remote);
      return { backend: 'git', remote, branch: state.branch ?? DEFAULT_STATE_BRANCH };
    }
    case 'postgres':
      return { backend: 'postgres', url: state.url ?? '' };
  }
}

/** `https://...`, `ssh://...`, `file://...` or scp-like `git@host:path` / `host:path` (a colon before any slash). */
function isGitUrl(remote: string): boolean {
  return remote.includes('://') || /^[^/]+:/.test(remote);
}
