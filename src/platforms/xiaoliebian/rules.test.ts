/** xiaoliebian rules that the broken-catalog corpus cannot hold: what is fine is not reported. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { loadCatalog } from '../../catalog/load.js';
import { WITH_PLATFORMS } from '../registry.js';

const dir = mkdtempSync(join(tmpdir(), 'xlb-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a product going to xiaoliebian with several groups loads without a diagnostic (the platform binds a product to several groups)', async () => {
  writeFileSync(join(dir, 'catalog.config.yaml'), 'targets:\n  wecom: { platform: xiaoliebian, sandbox: true }\n');
  mkdirSync(join(dir, 'catalog'));
  writeFileSync(
    join(dir, 'catalog', 'all.yaml'),
    [
      'kind: Group\nkey: a\nname: A\n',
      'kind: Group\nkey: b\nname: B\n',
      'kind: Product\nkey: p1\ntitle: T\nprice: 1\nimages: [https://img.example.com/p1.jpg]\ngroups: [a, b]\ntargets: [wecom]\nplatforms:\n  xiaoliebian: { platformType: 1, link: { url: https://m.example.com/p1 } }\n',
    ].join('---\n'),
  );
  const { config } = loadConfig(join(dir, 'catalog.config.yaml'), {}, WITH_PLATFORMS);
  const loaded = await loadCatalog(config!, WITH_PLATFORMS);
  expect(loaded.catalog).toBeDefined();
  expect(loaded.diagnostics).toEqual([]);
});
