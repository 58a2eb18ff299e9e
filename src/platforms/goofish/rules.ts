/**
 * 闲管家 (goofish) limits (docs/platforms/goofish.md, "Facts the adapter relies on"): publish_shop
 * title, content, images, money, stock, sku_text.
 */
import { asFen, formatFen, type Fen } from '../../money/fen.js';
import { charLength, textWidth } from '../../diagnostics/text-width.js';
import type { CatalogObject } from '../../catalog/types.js';
import type { RuleContext } from '../../catalog/rules.js';

export const GOOFISH_LIMITS = {
  titleWidth: 60,
  descriptionMin: 5,
  descriptionMax: 5000,
  imagesMin: 1,
  imagesMax: 30,
  priceMinFen: 1,
  priceMaxFen: 9_999_999_900,
  stockMax: 9999,
  optionNameChars: 4,
  optionValueChars: 20,
} as const;

export function checkGoofish(object: CatalogObject, ctx: RuleContext): void {
  if (object.kind !== 'Product') return;
  const L = GOOFISH_LIMITS;
  if (!object.platforms.goofish) {
    ctx.report('goofish.block-required', `product ${object.key} has no platforms.goofish block`, ['platforms', 'goofish'], 'add platforms.goofish with itemBizType, spBizType, channelCatId, stuffStatus, shops and district, or leave this target out of `targets`');
  }
  const width = textWidth(object.title);
  if (width > L.titleWidth) {
    ctx.report('goofish.title-width', `title is ${width} width units wide; goofish allows ${L.titleWidth} (a CJK character counts 2)`, ['title'], 'shorten the title to at most 30 汉字 or 60 Latin characters');
  }
  const descLength = charLength(object.description);
  if (descLength < L.descriptionMin || descLength > L.descriptionMax) {
    ctx.report('goofish.description-length', `description is ${descLength} characters; goofish requires ${L.descriptionMin} to ${L.descriptionMax}`, ['description'], descLength < L.descriptionMin ? 'write a description of at least 5 characters' : 'shorten the description');
  }
  // goofish takes image URLs only (it has no upload call): local files, which other platforms
  // upload, are not sent there (README, "Platform: goofish"), so only URLs count.
  const urls = object.images.filter((i) => i.kind === 'url').length;
  if (urls < L.imagesMin || urls > L.imagesMax) {
    ctx.report('goofish.image-count', `product has ${urls} image URLs; goofish requires ${L.imagesMin} to ${L.imagesMax}`, ['images'], urls === 0 ? 'add at least one https image URL' : 'remove images');
  }
  const checkPrice = (fen: Fen, path: readonly (string | number)[]): void => {
    if (fen < L.priceMinFen || fen > L.priceMaxFen) {
      ctx.report('goofish.price-range', `price ${formatFen(fen)} is outside goofish's range 0.01 to ${formatFen(asFen(L.priceMaxFen))} yuan`, path, 'goofish takes prices from 0.01 up to 99,999,999.00 yuan');
    }
  };
  if (object.skus.length === 0) {
    checkPrice(object.price, ['price']);
    if (object.stock > L.stockMax) ctx.report('goofish.stock-range', `stock ${object.stock} is above goofish's limit of ${L.stockMax}`, ['stock'], `lower the stock to at most ${L.stockMax}`);
  }
  object.skus.forEach((sku, i) => {
    checkPrice(sku.price, ['skus', i, 'price']);
    if (sku.stock > L.stockMax) ctx.report('goofish.stock-range', `stock ${sku.stock} of SKU ${sku.key} is above goofish's limit of ${L.stockMax} per SKU`, ['skus', i, 'stock'], `lower the stock to at most ${L.stockMax}`);
    for (const [name, value] of sku.options) {
      if (charLength(name) > L.optionNameChars) {
        ctx.report('goofish.sku-option-name-length', `SKU option name "${name}" is ${charLength(name)} characters; goofish allows ${L.optionNameChars}`, ['skus', i, 'options', name], 'use a shorter option name, e.g. 颜色', 'key');
      }
      if (charLength(value) > L.optionValueChars) {
        ctx.report('goofish.sku-option-value-length', `SKU option value "${value}" is ${charLength(value)} characters; goofish allows ${L.optionValueChars}`, ['skus', i, 'options', name], 'use a shorter option value');
      }
      if (/[:;]/.test(name) || /[:;]/.test(value)) {
        ctx.report('goofish.sku-option-chars', `SKU option "${name}: ${value}" contains ":" or ";", which goofish uses as separators in sku_text`, ['skus', i, 'options', name], 'remove ":" and ";" from option names and values');
      }
    }
  });
}
