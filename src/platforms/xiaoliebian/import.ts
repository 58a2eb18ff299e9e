/** xiaoliebian `catalog import`: live groups and products -> catalog documents. */
import { KEY_PATTERN } from '../../catalog/model.js';
import { asFen, formatFen } from '../../money/fen.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import type { ImportCandidate, ImportedDocument } from '../types.js';
import type { ProductFields } from './mapping.js';

/**
 * Catalog documents for groups and products the catalog does not hold (catalog import).
 * Keys: a product's productId when it is a catalog key, else "<target>-<id>"; groups "<target>-<id>"
 * (a group has no identity of its own on the platform). A product names its group by the key the
 * group has or is imported under. Written: title, price (yuan), onSale and the xiaoliebian block
 * (platformType, link, banner, useScene when set), every field the adapter compares. A product with no
 * banner or an incomplete link cannot be written (the catalog needs them) and stays unmanaged.
 */
export function toDocuments(objects: ImportCandidate[], target: TargetConfig): ImportedDocument[] {
  const keyOf = (o: ImportCandidate) => o.key;
  const importedGroups = new Map(objects.filter((o) => o.kind === 'Group').map((g) => [g.id, keyOf(g)]));
  const groups = objects
    .filter((o) => o.kind === 'Group')
    .map((g): ImportedDocument => {
      const key = keyOf(g);
      return { kind: 'Group', key, id: g.id, doc: { kind: 'Group', key, name: (g.fields.name as string | undefined) ?? g.name, targets: [target.name] } };
    });
  const products = objects
    .filter((o) => o.kind === 'Product')
    .flatMap((p): ImportedDocument[] => {
      const f = p.fields as Partial<Omit<ProductFields, 'link'>> & { link?: { url?: string; appId?: string; path?: string } };
      const link: Json | undefined = f.link?.url ? { url: f.link.url } : f.link?.appId && f.link.path ? { appId: f.link.appId, path: f.link.path } : undefined;
      if (!f.banner || !link) return [];
      // A group imported now has its import key; a group that stays managed: the label the live read gives it is its key.
      const groups = Object.entries((p.meta.groupIdByLabel ?? {}) as { [label: string]: string })
        .flatMap(([label, id]) => importedGroups.get(id) ?? (KEY_PATTERN.test(label) ? [label] : []))
        .sort();
      const key = keyOf(p);
      const doc: { [k: string]: Json } = {
        kind: 'Product',
        key,
        title: f.title ?? p.name,
        price: formatFen(f.price ?? asFen(0)),
        ...(groups.length > 0 ? { groups } : {}),
        onSale: f.onSale !== false,
        targets: [target.name],
        platforms: {
          xiaoliebian: {
            platformType: f.platformType ?? 1,
            link,
            banner: f.banner,
            ...(typeof f.useScene === 'number' ? { useScene: f.useScene } : {}),
          },
        },
      };
      return [{ kind: 'Product', key, id: p.id, doc }];
    });
  return [...groups, ...products];
}
