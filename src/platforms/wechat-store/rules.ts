/** 微信小店 (wechat-store) rules from the v1 document (docs/platforms/wechat-store.md, "Facts the adapter relies on"): price below ori_price, delivery, images. */
import { formatFen } from '../../money/fen.js';
import type { CatalogObject, ImageRef } from '../../catalog/types.js';
import type { RuleContext } from '../../catalog/rules.js';

/** URLs common/upload_img hands out (WeChat's image CDN); other URLs are not accepted by the platform. */
export const WECHAT_IMAGE_URL = /^https?:\/\/mmbiz\.qpic\.cn\//;

export function isUsableWechatStoreImage(ref: ImageRef): boolean {
  return ref.kind === 'file' || WECHAT_IMAGE_URL.test(ref.url);
}

export function checkWechatStore(object: CatalogObject, ctx: RuleContext): void {
  if (object.kind !== 'Product') return;
  const store = object.platforms['wechat-store'];
  if (!store) {
    ctx.report('wechat-store.block-required', `product ${object.key} has no platforms.wechat-store block`, ['platforms', 'wechat-store'], 'add platforms.wechat-store with at least categoryId, or leave this target out of `targets`');
    return;
  }
  // Each SKU (or the single-spec product) needs ori_price, and price must be below it.
  const variants = object.skus.length
    ? object.skus.map((sku, i) => ({ label: `SKU ${sku.key}`, price: sku.price, original: sku.originalPrice ?? object.originalPrice, pricePath: ['skus', i, 'price'], originalPath: ['skus', i, 'originalPrice'] }))
    : [{ label: 'product', price: object.price, original: object.originalPrice, pricePath: ['price'], originalPath: ['originalPrice'] }];
  for (const v of variants) {
    if (!ctx.intact(v.originalPath, ['originalPrice'])) continue;
    if (v.original === undefined) {
      ctx.report('wechat-store.original-price-required', `${v.label} has no originalPrice; wechat-store requires an original price (ori_price) above the price`, v.pricePath, 'add originalPrice to the product (or the SKU)');
    } else if (!(v.price < v.original)) {
      ctx.report('wechat-store.price-order', `${v.label} price ${formatFen(v.price)} must be below originalPrice ${formatFen(v.original)}`, v.pricePath, 'lower the price or raise originalPrice');
    }
  }
  if (object.shipping === undefined && store.express.length === 0 && !store.attrext.isPostFree) {
    ctx.report('wechat-store.shipping-required', `product ${object.key} has no shipping template, no express fees and is not post-free`, ['platforms', 'wechat-store'], 'set shipping: <template key>, or platforms.wechat-store.express, or attrext.isPostFree: true');
  }
  // Every main_img / img must come from common/upload_img: local files are uploaded, upload_img URLs
  // (WeChat's image CDN) are used as they are, other URLs cannot be used (README, "Platform: wechat-store").
  if (!object.images.some(isUsableWechatStoreImage) && ctx.intact(['images'])) {
    const hint = 'add a local image file, e.g. images: [images/<name>.png] (catalog uploads it through common/upload_img); other https URLs cannot be used on wechat-store';
    ctx.report('wechat-store.image-required', `product ${object.key} has no image wechat-store can use (a file under the catalog folder or an mmbiz.qpic.cn URL); wechat-store requires a main image`, object.images.length ? ['images'] : ['title'], hint);
  }
}
