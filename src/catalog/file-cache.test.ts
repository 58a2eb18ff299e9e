import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/model.js';
import { cacheRecord, decodeCacheFile, encodeCacheFile, recordResult } from './file-cache.js';
import type { FileResult } from './file-result.js';
import { loadCatalog } from './load.js';
import { WITH_PLATFORMS } from '../platforms/registry.js';

const temp = mkdtempSync(path.join(tmpdir(), 'catalog-cache-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;

const CONFIG = 'targets:\n  wecom: { platform: xiaoliebian, sandbox: true }\n';
const product = (key: string, title: string, image = 'images/a.jpg') =>
  `kind: Product\nkey: ${key}\ntitle: ${title}\nprice: 1\nimages: [${image}]\ntargets: [wecom]\nplatforms:\n  xiaoliebian: { platformType: 1, link: { url: "https://x.example.com" }, banner: "https://x.example.com/b.jpg" }\n`;

function project(files: Record<string, string>, config = CONFIG): { dir: string; config: () => Config; cacheFile: string } {
  const dir = path.join(temp, `p${n++}`);
  for (const [file, text] of Object.entries({ 'catalog.config.yaml': config, ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return {
    dir,
    config: () => loadConfig(path.join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS).config!,
    cacheFile: path.join(dir, '.catalog', 'cache', 'catalog-files.jsonl'),
  };
}

/** The records of a cache file, with the fingerprint its header names. */
function readCache(cacheFile: string) {
  const bytes = readFileSync(cacheFile);
  const indexLine = bytes.subarray(bytes.lastIndexOf(10, bytes.byteLength - 2) + 1).toString('utf8'); // the index is the last line
  const fingerprint = (JSON.parse(indexLine) as { fingerprint: string }).fingerprint;
  return { fingerprint, files: decodeCacheFile(bytes, fingerprint) };
}
/** Marks the cached title of `rel`'s first object, to tell a cache hit from a read. */
function markCached(cacheFile: string, rel: string): void {
  const { fingerprint, files } = readCache(cacheFile);
  const held = files.get(rel)!;
  const record = JSON.parse(Buffer.from(held.record).toString('utf8')) as { result: { entries: Array<{ object?: { title?: string } }> } };
  record.result.entries[0]!.object!.title = 'FROM CACHE';
  files.set(rel, { hash: held.hash, record: Buffer.from(JSON.stringify(record)) });
  writeFileSync(cacheFile, Buffer.concat(encodeCacheFile(fingerprint, files)));
}
const titles = async (config: Config) => {
  const r = await loadCatalog(config, WITH_PLATFORMS);
  return { titles: r.catalog?.products.map((p) => p.title).sort(), diagnostics: r.diagnostics.map((d) => d.code) };
};

describe('catalog file cache', () => {
  test('a second load takes unchanged files from the cache and reads changed ones again', async () => {
    const p = project({ 'catalog/a.yaml': product('a', 'A'), 'catalog/b.yaml': product('b', 'B'), 'catalog/images/a.jpg': 'x' });
    const first = await loadCatalog(p.config(), WITH_PLATFORMS);
    expect(first.diagnostics).toEqual([]);
    expect(existsSync(p.cacheFile)).toBe(true);
    const again = await loadCatalog(p.config(), WITH_PLATFORMS);
    expect(again.catalog).toEqual(first.catalog);

    markCached(p.cacheFile, 'a.yaml');
    markCached(p.cacheFile, 'b.yaml');
    writeFileSync(path.join(p.dir, 'catalog/b.yaml'), product('b', 'B2'));
    expect(await titles(p.config())).toEqual({ titles: ['B2', 'FROM CACHE'], diagnostics: [] });
  });

  test('when one file changes, the other records are written back as they were read (not encoded again); the JSON cache of earlier versions goes', async () => {
    const p = project({ 'catalog/a.yaml': product('a', 'A'), 'catalog/b.yaml': product('b', 'B'), 'catalog/images/a.jpg': 'x', '.catalog/cache/catalog-files.json': '{}' });
    await loadCatalog(p.config(), WITH_PLATFORMS);
    expect(existsSync(path.join(p.dir, '.catalog', 'cache', 'catalog-files.json'))).toBe(false);
    // a.yaml's record laid out in a way encoding never produces (a space after the brace): it must survive a save.
    const { fingerprint, files } = readCache(p.cacheFile);
    const a = files.get('a.yaml')!;
    const indented = Buffer.from(`{ ${Buffer.from(a.record).toString('utf8').slice(1)}`);
    files.set('a.yaml', { hash: a.hash, record: indented });
    writeFileSync(p.cacheFile, Buffer.concat(encodeCacheFile(fingerprint, files)));

    writeFileSync(path.join(p.dir, 'catalog/b.yaml'), product('b', 'B2'));
    expect(await titles(p.config())).toEqual({ titles: ['A', 'B2'], diagnostics: [] });
    const after = readCache(p.cacheFile).files;
    expect(Buffer.from(after.get('a.yaml')!.record).equals(indented)).toBe(true);
    expect(after.get('b.yaml')!.hash).not.toBe(files.get('b.yaml')!.hash);
  });

  test('a cached file whose image was removed is read again and reported', async () => {
    const p = project({ 'catalog/a.yaml': product('a', 'A'), 'catalog/images/a.jpg': 'x' });
    await loadCatalog(p.config(), WITH_PLATFORMS);
    markCached(p.cacheFile, 'a.yaml');
    rmSync(path.join(p.dir, 'catalog/images/a.jpg'));
    expect(await titles(p.config())).toEqual({ titles: undefined, diagnostics: ['ref.image'] });
  });

  test('a change to the targets in the config, or a damaged cache file, means reading everything', async () => {
    const p = project({ 'catalog/a.yaml': product('a', 'A'), 'catalog/images/a.jpg': 'x' });
    await loadCatalog(p.config(), WITH_PLATFORMS);
    markCached(p.cacheFile, 'a.yaml');
    writeFileSync(path.join(p.dir, 'catalog.config.yaml'), 'targets:\n  other: { platform: xiaoliebian, sandbox: true }\n');
    expect(await titles(p.config())).toEqual({ titles: undefined, diagnostics: ['ref.target'] });

    writeFileSync(path.join(p.dir, 'catalog.config.yaml'), CONFIG);
    writeFileSync(p.cacheFile, '{"format": 2, "fingerp');
    expect(await titles(p.config())).toEqual({ titles: ['A'], diagnostics: [] });
    // A record cut short: the cache is damaged, so every file is read again.
    const whole = readFileSync(p.cacheFile);
    writeFileSync(p.cacheFile, whole.subarray(0, whole.byteLength - 5));
    expect(await titles(p.config())).toEqual({ titles: ['A'], diagnostics: [] });
  });

  test('a catalog with errors is not cached; removed files leave the cache', async () => {
    const p = project({ 'catalog/a.yaml': product('a', 'A'), 'catalog/bad.yaml': 'kind: Product\nkey: [', 'catalog/images/a.jpg': 'x' });
    expect((await titles(p.config())).diagnostics.length).toBeGreaterThan(0);
    expect(existsSync(p.cacheFile)).toBe(false);
    expect(existsSync(path.join(p.dir, '.catalog'))).toBe(false); // the file written while reading is gone, and the folders made for it
    rmSync(path.join(p.dir, 'catalog/bad.yaml'));
    await loadCatalog(p.config(), WITH_PLATFORMS);
    expect([...readCache(p.cacheFile).files.keys()]).toEqual(['a.yaml']);
    writeFileSync(path.join(p.dir, 'catalog/c.yaml'), product('c', 'C'));
    await loadCatalog(p.config(), WITH_PLATFORMS);
    rmSync(path.join(p.dir, 'catalog/c.yaml'));
    await loadCatalog(p.config(), WITH_PLATFORMS);
    expect([...readCache(p.cacheFile).files.keys()]).toEqual(['a.yaml']);
  });

  test('a record is the UTF-8 JSON of the hash, the result and the images, whole (made entry by entry) and of its own buffer', () => {
    const pos = (line: number) => ({ file: 'catalog/a.yaml', line, col: 1 });
    const cases: FileResult[] = [
      { entries: [], diagnostics: [] },
      {
        entries: [
          { kind: 'Group', key: '手机壳', keyPos: pos(2), refs: [] },
          { kind: 'Product', keyPos: pos(9), refs: [{ kind: 'Group', key: '手机壳', pos: pos(12), targets: ['店铺'] }], targetsUnknown: true },
        ],
        diagnostics: [{ severity: 'warning', code: 'x.y', message: '“引号” \u2028 "quoted"', pos: pos(3) }],
      },
    ];
    for (const result of cases) {
      const record = cacheRecord('abc', result, ['/图片/a.jpg']);
      expect(Buffer.from(record).toString('utf8')).toBe(JSON.stringify({ hash: 'abc', result, images: ['/图片/a.jpg'] }));
      expect(recordResult(record)).toEqual(result);
      expect(record.byteOffset).toBe(0);
      expect(record.buffer.byteLength).toBe(record.byteLength);
    }
  });

  test('a save removes the unfinished cache files of processes that no longer run, not those of running ones', async () => {
    const p = project({ 'catalog/a.yaml': product('a', 'A'), 'catalog/images/a.jpg': 'x' });
    const dir = path.dirname(p.cacheFile);
    mkdirSync(dir, { recursive: true });
    const gone = 'catalog-files.jsonl.999999999.1.tmp'; // no such process
    const running = `catalog-files.jsonl.${process.ppid}.1.tmp`;
    for (const name of [gone, running, 'notes.txt']) writeFileSync(path.join(dir, name), 'x');
    expect((await loadCatalog(p.config(), WITH_PLATFORMS)).diagnostics).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['catalog-files.jsonl', running, 'notes.txt'].sort());
  });

  test('holds no credentials', async () => {
    const p = project({ 'catalog/a.yaml': product('a', 'A'), 'catalog/images/a.jpg': 'x' }, 'targets:\n  wecom: { platform: xiaoliebian, appId: app-1, secret: s3cret-t0ken-value }\n');
    expect((await loadCatalog(p.config(), WITH_PLATFORMS)).diagnostics).toEqual([]);
    expect(readFileSync(p.cacheFile, 'utf8')).not.toContain('s3cret-t0ken-value');
  });
});
