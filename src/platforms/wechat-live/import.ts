/** wechat-live `catalog import`: live goods created through the API -> catalog documents. */
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import { formatFen } from '../../money/fen.js';
import type { ImportCandidate, ImportedDocument } from '../types.js';
import { isApiGoods } from './wire.js';
import type { GoodsFields } from './mapping.js';

/**
 * Catalog documents for goods the catalog does not hold (catalog import). Only goods created through
 * the API (third_party_tag 1 or 2) can be managed; goods made in the live console (tag 0) are left
 * out and stay unmanaged. Key "<target>-<goodsId>" (the platform holds no key of ours). The product's
 * title and price are the goods' name and price; the block repeats name, priceType, price, price2 and
 * url (every compared field) and takes the platform's cover URL as `coverImage`: the platform returns
 * its own copy of the image, never what was sent, so the cover is not compared until the catalog
 * changes it (a new cover, a file or a URL, is then uploaded).
 */
export function toDocuments(objects: ImportCandidate[], target: TargetConfig): ImportedDocument[] {
  return objects.flatMap((o): ImportedDocument[] => {
    const thirdPartyTag = o.meta.thirdPartyTag as number | null | undefined;
    if (o.kind !== 'Product' || !isApiGoods(thirdPartyTag) || typeof o.meta.coverUrl !== 'string') return [];
    const f = o.fields as GoodsFields;
    const key = o.key;
    const doc: { [k: string]: Json } = {
      kind: 'Product',
      key,
      title: f.name,
      price: formatFen(f.price),
      targets: [target.name],
      platforms: {
        'wechat-live': {
          name: f.name,
          priceType: f.priceType,
          price: formatFen(f.price),
          ...(f.priceType !== 1 && f.price2 !== undefined ? { price2: formatFen(f.price2) } : {}),
          url: f.url,
          coverImage: o.meta.coverUrl,
        },
      },
    };
    return [{ kind: 'Product', key, id: o.id, doc }];
  });
}
