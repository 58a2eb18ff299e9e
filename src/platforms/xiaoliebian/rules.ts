/**
 * 小裂变 (xiaoliebian) limits (docs/platforms/xiaoliebian.md, "Facts the adapter relies on"): title
 * and banner lengths. The banner is a URL (the platform has no upload call), so a product needs a URL banner or a URL image. A product may be bound
 * to several groups there (同一商品可绑定多个分组), so any number of groups is fine.
 */
import { charLength } from '../../diagnostics/text-width.js';
import type { CatalogObject } from '../../catalog/types.js';
import type { RuleContext } from '../../catalog/rules.js';

export const XIAOLIEBIAN_LIMITS = { titleChars: 128, bannerChars: 256 } as const;

export function checkXiaoliebian(object: CatalogObject, ctx: RuleContext): void {
  if (object.kind !== 'Product') return;
  const block = object.platforms.xiaoliebian;
  if (!block) {
    ctx.report('xiaoliebian.block-required', `product ${object.key} has no platforms.xiaoliebian block`, ['platforms', 'xiaoliebian'], 'add platforms.xiaoliebian with platformType and link, or leave this target out of `targets`');
    return;
  }
  const length = charLength(object.title);
  if (length > XIAOLIEBIAN_LIMITS.titleChars) {
    ctx.report('xiaoliebian.title-length', `title is ${length} characters; xiaoliebian allows ${XIAOLIEBIAN_LIMITS.titleChars}`, ['title'], 'shorten the title');
  }
  const banner = block.banner;
  if (banner?.kind === 'url' && charLength(banner.url) > XIAOLIEBIAN_LIMITS.bannerChars) {
    ctx.report('xiaoliebian.banner-length', `banner URL is ${charLength(banner.url)} characters; xiaoliebian allows ${XIAOLIEBIAN_LIMITS.bannerChars}`, ['platforms', 'xiaoliebian', 'banner'], 'use a shorter URL');
  }
  if (banner?.kind === 'file') {
    ctx.report('xiaoliebian.banner-url', `banner ${banner.path} is a file; xiaoliebian takes a banner URL and has no upload call`, ['platforms', 'xiaoliebian', 'banner'], 'use an http(s) URL of the image for the banner');
  } else if (!banner && !object.images.some((i) => i.kind === 'url') && ctx.intact(['images'])) {
    ctx.report('xiaoliebian.banner-url', `product ${object.key} has no banner URL for xiaoliebian (no platforms.xiaoliebian.banner and no image URL); xiaoliebian has no upload call`, ['platforms', 'xiaoliebian'], 'add platforms.xiaoliebian.banner: https://... (<= 256 characters)');
  }
}
