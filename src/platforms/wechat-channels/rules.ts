/**
 * Offline rules of wechat-channels (docs/platforms/wechat-channels.md section 4.2): what the platform
 * refuses on add/update and the catalog can tell before any call. Category attributes are checked
 * at plan time against the category's detail (references.ts).
 */
import { formatFen } from '../../money/fen.js';
import type { CatalogObject } from '../../catalog/types.js';
import type { RuleContext } from '../../catalog/rules.js';

export const TITLE_MAX = 60;
export const TITLE_MIN = 5;
export const HEAD_IMAGES = { min: 3, max: 9 } as const;
export const SKUS_MAX = 500;

/** Every code the rule reports, with its description (docs/diagnostics.md). */
export const RULE_CODES: Readonly<Record<string, string>> = {
  'wechat-channels.block-required': 'A product going to a wechat-channels target has no platforms.wechat-channels block (its category path is required).',
  'wechat-channels.title-length': 'The title is shorter than 5 or longer than 60 characters (wechat-channels title limits).',
  'wechat-channels.head-images': 'wechat-channels needs 3 to 9 head images (platforms.wechat-channels.headImages, default the product images).',
  'wechat-channels.freight-required': 'A wechat-channels product ships by express and needs a freight template: `shipping` (a ShippingTemplate key) or platforms.wechat-channels.freightTemplateId.',
  'wechat-channels.price-zero': 'A SKU price (sale_price) of 0: wechat-channels refuses it.',
  'wechat-channels.sku-count': 'More than 500 SKUs: wechat-channels takes 1 to 500 per product.',
  'wechat-channels.market-price': 'originalPrice (market_price) is not above the price; the platform is reported to refuse it (unconfirmed), so this is a warning.',
};

const AT = ['platforms', 'wechat-channels'];

export function checkWechatChannels(object: CatalogObject, ctx: RuleContext): void {
  if (object.kind !== 'Product') return;
  const block = object.platforms['wechat-channels'];
  if (!block) {
    ctx.report('wechat-channels.block-required', `product ${object.key} has no platforms.wechat-channels block`, AT, 'add platforms.wechat-channels with at least category (the cats_v2 path, `catalog lookup <target> categories`), or leave this target out of `targets`');
    return;
  }
  const title = [...object.title].length;
  if (title < TITLE_MIN || title > TITLE_MAX) {
    ctx.report('wechat-channels.title-length', `title has ${title} characters; wechat-channels takes ${TITLE_MIN} to ${TITLE_MAX}`, ['title'], title > TITLE_MAX ? 'shorten the title' : 'lengthen the title (not only digits or Latin letters)');
  }
  const images = block.headImages.length;
  if ((images < HEAD_IMAGES.min || images > HEAD_IMAGES.max) && ctx.intact(['images'], [...AT, 'headImages'])) {
    const written = ctx.written.kind === 'Product' && (ctx.written.platforms as Record<string, { headImages?: unknown }> | undefined)?.['wechat-channels']?.headImages !== undefined;
    ctx.report('wechat-channels.head-images', `${written ? 'headImages' : 'images (the head images, as no headImages are given)'} has ${images} image(s); wechat-channels needs ${HEAD_IMAGES.min} to ${HEAD_IMAGES.max}`, written ? [...AT, 'headImages'] : ['images'], `give ${HEAD_IMAGES.min} to ${HEAD_IMAGES.max} images`);
  }
  if (object.shipping === undefined && block.freightTemplateId === undefined) {
    ctx.report('wechat-channels.freight-required', `product ${object.key} has no freight template for wechat-channels`, AT, 'set shipping: <ShippingTemplate key>, or platforms.wechat-channels.freightTemplateId: <template id> (a template made in the store admin)');
  }
  if (object.skus.length > SKUS_MAX) ctx.report('wechat-channels.sku-count', `product ${object.key} has ${object.skus.length} SKUs; wechat-channels takes at most ${SKUS_MAX}`, ['skus'], 'split the product');
  const variants = object.skus.length
    ? object.skus.map((s, i) => ({ label: `SKU ${s.key}`, price: s.price, original: s.originalPrice ?? object.originalPrice, path: ['skus', i, 'price'] }))
    : [{ label: 'product', price: object.price, original: object.originalPrice, path: ['price'] }];
  for (const v of variants) {
    if (!ctx.intact(v.path)) continue;
    if (v.price === 0) ctx.report('wechat-channels.price-zero', `${v.label} has price 0; wechat-channels refuses a sale_price of 0`, v.path, 'set a price above 0');
    else if (v.original !== undefined && !(v.original > v.price)) ctx.warn('wechat-channels.market-price', `${v.label}: originalPrice ${formatFen(v.original)} is not above the price ${formatFen(v.price)} (sent as market_price, which the platform is reported to refuse)`, v.path, 'raise originalPrice above the price, or remove it');
  }
}
