import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from './load.js';
import { targetSecrets } from '../platforms/transport.js';
import { DEFAULT_POLICY } from './model.js';
import { PLATFORM_NAMES as PLATFORMS, platformSpec, WITH_PLATFORMS } from '../platforms/registry.js';

const temp = mkdtempSync(path.join(tmpdir(), 'catalog-config-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

function write(text: string): string {
  const dir = path.join(temp, `c${n++}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'catalog.config.yaml');
  writeFileSync(file, text);
  return file;
}

const where = (d: { code: string; pos?: { line: number; col: number } }) => `${d.code}@${d.pos?.line}:${d.pos?.col}`;

describe('loadConfig', () => {
  test('targets as flow mappings with unquoted references (as docs/platforms/ writes them), with the environment set', () => {
    const file = write(`catalog: ./catalog
state: ./.catalog
targets:
  store:  { platform: wechat-store, appId: \${WX_STORE_APPID}, secret: \${WX_STORE_SECRET} }
  live:   { platform: wechat-live,  appId: \${WX_MINI_APPID},  secret: \${WX_MINI_SECRET} }
  xianyu: { platform: goofish,      appKey: \${GOOFISH_APPKEY}, appSecret: \${GOOFISH_SECRET} }
  wecom:  { platform: xiaoliebian,  appId: \${XLB_APPID}, secret: \${XLB_SECRET} }
  sales:  { platform: waiqin365,    openid: \${WQ_OPENID}, appkey: \${WQ_APPKEY}, baseUrl: "https://tenant.waiqin365.com/" }
defaults:
  prune: false
  maxDeletePercent: 20
  stock: initial
  concurrency: 4
  ratePerSecond: 10
`);
    const env = {
      WX_STORE_APPID: 'wxs', WX_STORE_SECRET: 'ss', WX_MINI_APPID: 'wxm', WX_MINI_SECRET: 'ms',
      GOOFISH_APPKEY: '203413189371893', GOOFISH_SECRET: 'gs', XLB_APPID: 'x', XLB_SECRET: 'xs', WQ_OPENID: 'o', WQ_APPKEY: 'k',
    };
    const { config, diagnostics } = loadConfig(file, env, WITH_PLATFORMS);
    expect(diagnostics).toEqual([]);
    expect(config!.file).toBe(file);
    expect(config!.dir).toBe(path.dirname(file));
    expect(config!.catalogDir).toBe(path.join(path.dirname(file), 'catalog'));
    expect(config!.state).toEqual({ backend: 'local', dir: path.join(path.dirname(file), '.catalog') });
    expect(config!.cacheDir).toBe(path.join(path.dirname(file), '.catalog'));
    expect(config!.targets.map((t) => [t.name, t.platform, t.baseUrl, t.sandbox])).toEqual([
      ['store', 'wechat-store', 'https://api.weixin.qq.com', false],
      ['live', 'wechat-live', 'https://api.weixin.qq.com', false],
      ['xianyu', 'goofish', 'https://open.goofish.pro', false],
      ['wecom', 'xiaoliebian', 'https://wechat.xiaoliebian.com/api/demo-wechat-work/open/api', false],
      ['sales', 'waiqin365', 'https://tenant.waiqin365.com', false],
    ]);
    expect(config!.targets[0]!.credentials).toEqual({ appId: 'wxs', secret: 'ss' });
    expect(config!.targets[2]!.credentials).toEqual({ appKey: '203413189371893', appSecret: 'gs' });
    expect(config!.targets[0]!.policy).toEqual(DEFAULT_POLICY);
  });

  test('defaults and per-target policy overrides', () => {
    const file = write(`catalog: ../shared/catalog
targets:
  a: { platform: goofish, sandbox: true, prune: true, concurrency: 2 }
  b: { platform: goofish, sandbox: true }
defaults:
  maxDeletePercent: 50
  stock: exact
`);
    const { config, diagnostics } = loadConfig(file, {}, WITH_PLATFORMS);
    expect(diagnostics).toEqual([]);
    expect(config!.catalogDir).toBe(path.resolve(path.dirname(file), '../shared/catalog'));
    expect(config!.targets[0]!.policy).toEqual({ prune: true, maxDeletePercent: 50, stock: 'exact', concurrency: 2, ratePerSecond: 10, stopAfterFailures: 5 });
    expect(config!.targets[1]!.policy).toEqual({ prune: false, maxDeletePercent: 50, stock: 'exact', concurrency: 4, ratePerSecond: 10, stopAfterFailures: 5 });
  });

  test('sandbox targets get the fake sandbox credentials unless given', () => {
    const file = write(`targets:\n${PLATFORMS.map((p) => `  t-${p}: { platform: ${p}, sandbox: true }`).join('\n')}\n  own: { platform: goofish, sandbox: true, appKey: "1", appSecret: s }\n`);
    const { config, diagnostics } = loadConfig(file, {}, WITH_PLATFORMS);
    expect(diagnostics).toEqual([]);
    for (const p of PLATFORMS) {
      const t = config!.targets.find((x) => x.name === `t-${p}`)!;
      expect(Object.keys(t.credentials).sort()).toEqual([...platformSpec(p).credentials].sort());
      expect(t.credentials).toEqual(platformSpec(p).sandboxCredentials);
      expect(t.baseUrl).toBe(platformSpec(p).defaultBaseUrl);
    }
    expect(config!.targets.find((t) => t.name === 'own')!.credentials).toEqual({ appKey: '1', appSecret: 's' });
  });

  test('goofish sellerId (business-partner accounts) is optional: used when set, absent when empty, never a secret; other platforms refuse it', () => {
    const file = write(`targets:
  partner: { platform: goofish, appKey: "1", appSecret: s, sellerId: \${SELLER} }
  numeric: { platform: goofish, sandbox: true, sellerId: 2200123456789 }
  normal: { platform: goofish, appKey: "1", appSecret: s, sellerId: \${UNSET:-} }
`);
    const { config, diagnostics } = loadConfig(file, { SELLER: 'seller-9' }, WITH_PLATFORMS);
    expect(diagnostics).toEqual([]);
    expect(config!.targets.map((t) => t.credentials.sellerId)).toEqual(['seller-9', '2200123456789', undefined]);
    expect(targetSecrets(config!.targets[0]!)).toEqual(['s']);
    const wrong = loadConfig(write(`targets:\n  a: { platform: goofish, sandbox: true, sellerId: [1] }\n  b: { platform: xiaoliebian, sandbox: true, sellerId: "1" }\n`), {}, WITH_PLATFORMS);
    expect(wrong.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['config.type', 'sellerId of target a must be text'],
      ['config.unknown-field', 'unknown field "sellerId" in target b (platform xiaoliebian)'],
    ]);
  });

  test('${NAME:-default}, quoted references, text around references and the $${ escape', () => {
    const file = write(`targets:
  a: { platform: goofish, appKey: \${KEY:-fallback}, appSecret: "pre-\${SECRET}-post", paths: { x: "/$\${literal}" } }
  b: { platform: goofish, sandbox: true, appKey: \${EMPTY:-used-when-empty} }
`);
    const { config, diagnostics } = loadConfig(file, { SECRET: 'abc', EMPTY: '' }, WITH_PLATFORMS);
    expect(diagnostics).toEqual([]);
    expect(config!.targets[0]!.credentials).toEqual({ appKey: 'fallback', appSecret: 'pre-abc-post' });
    expect(config!.targets[0]!.paths).toEqual({ x: '/${literal}' }); // the leading "/": paths are normalised
    expect(config!.targets[1]!.credentials.appKey).toBe('used-when-empty');
  });

  test('paths: overrides get a leading "/" and lose a trailing one, for every platform', () => {
    const file = write(`targets:
  a: { platform: goofish, sandbox: true, paths: { product.list: api/open/product/list, product.edit: /api/open/product/edit/, root: / } }
  b: { platform: wechat-store, sandbox: true, paths: { goods.add: "//merchant/create//" } }
`);
    const { config, diagnostics } = loadConfig(file, {}, WITH_PLATFORMS);
    expect(diagnostics).toEqual([]);
    expect(config!.targets[0]!.paths).toEqual({ 'product.list': '/api/open/product/list', 'product.edit': '/api/open/product/edit', root: '/' });
    expect(config!.targets[1]!.paths).toEqual({ 'goods.add': '/merchant/create' });
  });

  test('a missing variable is named, at its position, and no secret value is echoed', () => {
    const file = write(`targets:\n  store:\n    platform: wechat-store\n    appId: wx123\n    secret: \${WX_SECRET}\n`);
    const { config, diagnostics } = loadConfig(file, { OTHER: 'top-secret-value' }, WITH_PLATFORMS);
    expect(config).toBeUndefined();
    expect(diagnostics.map(where)).toEqual(['config.env-missing@5:13']);
    expect(diagnostics[0]!.message).toContain('WX_SECRET');
    expect(diagnostics[0]!.pos!.file).toBe('catalog.config.yaml');
    expect(JSON.stringify(diagnostics)).not.toContain('top-secret-value');
  });

  test('an empty credential of a non-sandbox target is credential-missing, at the value', () => {
    // A literal "" and a ${NAME} whose variable is set but empty (how an unconfigured CI secret arrives).
    const file = write(`targets:\n  store:\n    platform: wechat-store\n    appId: ""\n    secret: \${WX_SECRET}\n`);
    const { config, diagnostics } = loadConfig(file, { WX_SECRET: '' }, WITH_PLATFORMS);
    expect(config).toBeUndefined();
    expect(diagnostics.map(where)).toEqual(['config.credential-missing@4:12', 'config.credential-missing@5:13']);
    expect(diagnostics[0]!.message).toContain('appId');
    expect(diagnostics[1]!.message).toContain('secret');
  });

  test('an unset variable in a credential is reported once, as env-missing', () => {
    const file = write(`targets:\n  store: { platform: wechat-store, appId: wx1, secret: "pre\${WX_SECRET}" }\n  other: { platform: wechat-store, appId: wx1, secret: \${WX_SECRET} }\n`);
    const { diagnostics } = loadConfig(file, {}, WITH_PLATFORMS);
    expect(diagnostics.map((d) => d.code)).toEqual(['config.env-missing', 'config.env-missing']);
  });

  test('credentialsOptional: absent and empty credentials load (for commands that use none)', () => {
    const file = write(`catalog: ./cat\ntargets:\n  store: { platform: wechat-store, appId: "", secret: \${WX_SECRET} }\n  live: { platform: wechat-live }\n`);
    expect(loadConfig(file, { WX_SECRET: '' }, WITH_PLATFORMS).diagnostics.map((d) => d.code)).toEqual(['config.credential-missing', 'config.credential-missing', 'config.credential-missing', 'config.credential-missing']);
    const { config, diagnostics } = loadConfig(file, { WX_SECRET: '' }, { ...WITH_PLATFORMS, credentialsOptional: true });
    expect(diagnostics).toEqual([]);
    expect(config!.catalogDir).toBe(path.join(path.dirname(file), 'cat'));
    expect(config!.targets.map((t) => t.credentials)).toEqual([{}, {}]);
  });

  test('credential values never appear in diagnostics', () => {
    const file = write(`targets:\n  store: { platform: wechat-store, appId: wx1, secret: super-secret-1, secrett: super-secret-2 }\n`);
    const { diagnostics } = loadConfig(file, {}, WITH_PLATFORMS);
    expect(diagnostics.map(where)).toEqual(['config.unknown-field@2:72']);
    expect(diagnostics[0]!.hint).toBe('did you mean "secret"?');
    expect(JSON.stringify(diagnostics)).not.toMatch(/super-secret/);
  });

  test('credential fields of another platform are unknown fields', () => {
    const file = write(`targets:\n  xianyu: { platform: goofish, sandbox: true, appId: x }\n`);
    const { diagnostics } = loadConfig(file, {}, WITH_PLATFORMS);
    expect(diagnostics.map((d) => d.code)).toEqual(['config.unknown-field']);
    expect(diagnostics[0]!.hint).toContain('appKey');
  });

  test('a missing config file says to run catalog init', () => {
    const { config, diagnostics } = loadConfig(path.join(temp, 'nope', 'catalog.config.yaml'), {}, WITH_PLATFORMS);
    expect(config).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['config.missing']);
    expect(diagnostics[0]!.hint).toContain('catalog init');
  });

  test('type and range mistakes, all at once', () => {
    const file = write(`targets:\n  a: { platform: goofish, sandbox: yes, concurrency: 0, baseUrl: not-a-url }\nextra: 1\n`);
    const { diagnostics } = loadConfig(file, {}, WITH_PLATFORMS);
    expect(diagnostics.map(where)).toEqual(['config.type@2:36', 'config.range@2:54', 'config.format@2:66', 'config.unknown-field@3:1']);
  });

  test('an invalid target name', () => {
    const file = write(`targets:\n  "my store": { platform: goofish, sandbox: true }\n`);
    expect(loadConfig(file, {}, WITH_PLATFORMS).diagnostics.map(where)).toEqual(['config.format@2:3']);
  });
});

describe('state and cache keys', () => {
  const load = (state: string, extra = '') => {
    const file = write(`state: ${state}\n${extra}targets:\n  xianyu: { platform: goofish, sandbox: true }\n`);
    const { config, diagnostics } = loadConfig(file, { CATALOG_STATE_URL: 'postgres://u:pw-secret@db:5432/shop' }, WITH_PLATFORMS);
    return { config, diagnostics, dir: path.dirname(file) };
  };

  test('a folder: local state, caches in the same folder unless cache: says otherwise', () => {
    const { config, dir } = load('./state');
    expect(config!.state).toEqual({ backend: 'local', dir: path.join(dir, 'state') });
    expect(config!.cacheDir).toBe(path.join(dir, 'state'));
    expect(load('./state', 'cache: ./tmp-cache\n').config!.cacheDir).toMatch(/tmp-cache$/);
  });

  test('git: a path remote resolves from the config folder; URLs and scp-like remotes are kept; origin by default', () => {
    const { config, dir } = load('{ backend: git, remote: ../state.git }');
    expect(config!.state).toEqual({ backend: 'git', remote: path.resolve(dir, '../state.git'), branch: 'catalog-state' });
    expect(config!.cacheDir).toBe(path.join(dir, '.catalog'));
    expect(load('{ backend: git, remote: "https://github.com/acme/shop.git", branch: state }').config!.state).toEqual({ backend: 'git', remote: 'https://github.com/acme/shop.git', branch: 'state' });
    expect(load('{ backend: git, remote: "git@github.com:acme/shop.git" }').config!.state).toMatchObject({ remote: 'git@github.com:acme/shop.git' });
    expect(load('{ backend: git }').config!.state).toEqual({ backend: 'git', remote: undefined, branch: 'catalog-state' });
  });

  test('postgres: the url from the environment', () => {
    expect(load('{ backend: postgres, url: "${CATALOG_STATE_URL}" }').config!.state).toEqual({ backend: 'postgres', url: 'postgres://u:pw-secret@db:5432/shop' });
  });

  test('an unknown backend or field is a config error', () => {
    expect(load('{ backend: s3 }').diagnostics.map((d) => [d.code, d.message])).toEqual([['config.enum', 'state.backend must be one of local, git, postgres, not the text "s3"']]);
    const misspelt = load('{ backend: git, remote: x, url: y }');
    expect(misspelt.config).toBeUndefined();
    expect(misspelt.diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([['config.unknown-field', 'state field "url" does not apply to the git backend', 'fields of the git backend: backend, remote, branch']]);
    expect(load('{ backend: postgres }').diagnostics.map((d) => d.code)).toEqual(['config.required']);
  });
});
