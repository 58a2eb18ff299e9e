/** 小程序直播 商品库 (wechat-live) limits (docs/platforms/wechat-live.md, "Facts the adapter relies on"): name width, price types. */
import { formatFen } from '../../money/fen.js';
import { textWidth } from '../../diagnostics/text-width.js';
import type { CatalogObject } from '../../catalog/types.js';
import type { RuleContext } from '../../catalog/rules.js';

export const WECHAT_LIVE_NAME_WIDTH = 28;

export function checkWechatLive(object: CatalogObject, ctx: RuleContext): void {
  if (object.kind !== 'Product') return;
  const live = object.platforms['wechat-live'];
  if (!live) {
    ctx.report('wechat-live.block-required', `product ${object.key} has no platforms.wechat-live block`, ['platforms', 'wechat-live'], 'add platforms.wechat-live with at least url (the mini-program page of the goods), or leave this target out of `targets`');
    return;
  }
  const block = ['platforms', 'wechat-live'];
  const written = ctx.written;
  const explicitName = written.kind === 'Product' && written.platforms?.['wechat-live']?.name !== undefined;
  const width = textWidth(live.name);
  if (width > WECHAT_LIVE_NAME_WIDTH) {
    ctx.report(
      'wechat-live.name-length',
      `${explicitName ? 'name' : 'name (the title, as no name is given)'} is ${width} width units; wechat-live allows ${WECHAT_LIVE_NAME_WIDTH} (14 汉字, a 汉字 counts 2)`,
      explicitName ? [...block, 'name'] : ['title'],
      explicitName ? 'shorten the name' : 'add a shorter platforms.wechat-live.name',
    );
  }
  if (live.priceType !== 1 && live.price2 === undefined && ctx.intact([...block, 'price2'])) {
    ctx.report('wechat-live.price2-required', `priceType ${live.priceType} needs price2`, [...block, 'priceType'], live.priceType === 2 ? 'add price2, the upper end of the price range' : 'add price2, the discounted current price');
  }
  // price defaults to the product price, itself the lowest SKU price by default.
  if (live.price2 !== undefined && ctx.intact(['price'], ['skus'], [...block, 'price'])) {
    if (live.priceType === 2 && !(live.price < live.price2)) {
      ctx.report('wechat-live.price-order', `priceType 2 is a range: price ${formatFen(live.price)} must be below price2 ${formatFen(live.price2)}`, [...block, 'price2'], 'set price2 above price, or use priceType 1 for a fixed price');
    }
    if (live.priceType === 3 && !(live.price2 < live.price)) {
      ctx.report('wechat-live.price-order', `priceType 3 is a discount: price2 ${formatFen(live.price2)} (current) must be below price ${formatFen(live.price)} (original)`, [...block, 'price2'], 'set price2 (the discounted price) below price (the original price)');
    }
  }
}
