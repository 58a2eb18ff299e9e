/**
 * Pointing a platform refusal at the catalog: a PlatformError that names the catalog field it is
 * about (`catalogField`, set by the adapter) gets `catalogAt`, the file:line:col where that field
 * is written for the failed object, so the message says which line to change. When the target
 * overrides the field (`overrides.<target>.<field>`), that is the line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatPos } from '../diagnostics/diagnostics.js';
import type { Catalog, CatalogObject } from '../catalog/types.js';
import { readYamlText, type Path } from '../yaml/yaml-source.js';
import { PlatformError } from '../http/index.js';

export function locateCatalogField(e: Error, catalog: Catalog, configDir: string): void {
  if (!(e instanceof PlatformError) || e.catalogField === undefined || e.objectKey === undefined || e.catalogAt !== undefined) return;
  const ref = /^([A-Za-z]+)\/(.+)$/.exec(e.objectKey);
  if (!ref) return;
  const object = objectsOf(catalog).find((o) => o.kind === ref[1] && o.key === ref[2]);
  if (!object) return;
  let fieldPath: Path = e.catalogField.split('.');
  if (object.kind === 'Product' && e.target !== undefined && object.overrides?.[e.target]?.fields.includes(e.catalogField)) {
    fieldPath = ['overrides', e.target, ...fieldPath];
  }
  try {
    const text = readFileSync(path.resolve(configDir, object.source.file), 'utf8');
    const doc = readYamlText(text, object.source.file).docs.find((d) => {
      const start = d.pos([]);
      return start.line === object.source.line && start.col === object.source.col;
    });
    if (doc) e.catalogAt = formatPos(doc.pos(fieldPath));
  } catch {
    // The file changed or went away since the plan: the message stands without a position.
  }
}

function objectsOf(catalog: Catalog): CatalogObject[] {
  return [...catalog.products, ...catalog.groups, ...catalog.shippingTemplates, ...catalog.shelves];
}
