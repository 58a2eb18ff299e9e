/** goofish `catalog import`: live products -> catalog documents (money as yuan strings). */
import { asFen, formatFen } from '../../money/fen.js';
import type { TargetConfig } from '../../config/model.js';
import type { Json } from '../../plan/types.js';
import type { ImportCandidate, ImportedDocument } from '../types.js';
import type { ProductFields } from './mapping.js';

function parseSkuText(text: string): { [name: string]: string } {
  const options: { [name: string]: string } = {};
  for (const part of text.split(';')) {
    const i = part.indexOf(':');
    if (i > 0) options[part.slice(0, i)] = part.slice(i + 1);
  }
  return options;
}

/** Catalog documents for goofish products (catalog import); money as yuan strings. */
export function toDocuments(objects: ImportCandidate[], target: TargetConfig): ImportedDocument[] {
  return objects
    .filter((o) => o.kind === 'Product')
    .map((o) => {
      const f = o.fields as { [k: string]: any } & Partial<Pick<ProductFields, 'price' | 'originalPrice' | 'expressFee' | 'skus'>>;
      const skus = Object.entries(f.skus ?? {});
      const minSku = skus.length > 0 ? Math.min(...skus.map(([, s]) => s.price)) : undefined;
      const doc: { [k: string]: Json } = {
        kind: 'Product',
        key: o.key,
        title: f.title ?? o.name,
        ...(f.content ? { description: f.content } : {}),
        ...(skus.length === 0 || f.price !== minSku ? { price: formatFen(f.price ?? asFen(0)) } : {}),
        ...(f.originalPrice ? { originalPrice: formatFen(f.originalPrice) } : {}),
        ...(skus.length === 0 ? { stock: f.stock ?? 0 } : {}),
        images: f.images ?? [],
        onSale: f.onSale === true,
        ...(skus.length > 0
          ? { skus: skus.map(([key, s]) => ({ key, options: parseSkuText(s.skuText), price: formatFen(s.price), stock: s.stock })) }
          : {}),
        targets: [target.name],
        platforms: {
          goofish: {
            itemBizType: f.itemBizType ?? 0,
            spBizType: f.spBizType ?? 0,
            channelCatId: f.channelCatId ?? '',
            stuffStatus: f.stuffStatus ?? 100,
            shops: f.shops ?? [],
            district: f.district ?? { province: 0, city: 0, district: 0 },
            ...(f.expressFee ? { expressFee: formatFen(f.expressFee) } : {}),
            ...(Array.isArray(f.channelPv) && f.channelPv.length > 0
              ? { channelPv: Object.fromEntries((f.channelPv as Array<{ property_name: string; value_name: string }>).map((pv) => [pv.property_name, pv.value_name])) }
              : {}),
          },
        },
      };
      return { kind: 'Product', key: doc.key as string, id: o.id, doc };
    });
}
