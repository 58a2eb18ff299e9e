/**
 * Every diagnostic code the config and catalog loaders emit, with a one-line description. Codes are
 * a contract (scripts match on them); the README documents this list. A test checks that every
 * code emitted is listed here.
 */
export const DIAGNOSTIC_CODES: Readonly<Record<string, string>> = {
  // files and YAML
  'file.too-large': 'A YAML file is larger than 4 MiB.',
  'file.encoding': 'A YAML file is not valid UTF-8.',
  'file.escape': 'A catalog file is a symbolic link to a file outside the catalog folder.',
  'file.unreadable': 'A folder of the catalog cannot be read.',
  'yaml.syntax': 'The file is not valid YAML.',
  'yaml.duplicate-key': 'A mapping has the same field twice.',
  'yaml.tag': 'An explicit YAML tag other than the core ones (!!str, !!int, ...) is used.',
  'yaml.alias-limit': 'A document expands more than 100 aliases (protection against alias bombs).',
  // config file
  'config.missing': 'The config file does not exist (run `catalog init`).',
  'config.multiple-documents': 'The config file holds more than one YAML document.',
  'config.env-missing': 'A ${NAME} in the config refers to an environment variable that is not set.',
  'config.unknown-field': 'A config field is not known (with a "did you mean" hint).',
  'config.credential-missing': 'A non-sandbox target lacks a credential field of its platform, or has it empty.',
  'config.required': 'A required config field is missing.',
  'config.type': 'A config value has the wrong type.',
  'config.enum': 'A config value is not one of the allowed values.',
  'config.range': 'A config number, text or list is outside its allowed range.',
  'config.format': 'A config value or name has the wrong format (e.g. baseUrl is not a URL).',
  'config.invalid': 'A config value is invalid for another reason.',
  // catalog schema
  'catalog.missing': 'The catalog folder does not exist.',
  'schema.unknown-field': 'A catalog field is not known (with a "did you mean" hint).',
  'schema.required': 'A required catalog field is missing.',
  'schema.type': 'A catalog value has the wrong type.',
  'schema.enum': 'A catalog value is not one of the allowed values (e.g. kind, payer).',
  'schema.range': 'A catalog number, text or list is outside its allowed range (e.g. negative stock).',
  'schema.format': 'A catalog value has the wrong format.',
  'schema.invalid': 'A catalog value is invalid for another reason.',
  'key.invalid': 'A key does not match ^[a-z0-9][a-z0-9._-]{0,47}$.',
  'key.duplicate': 'Two objects of the same kind have the same key (both places are reported).',
  // money
  'money.precision': 'An amount has more than 2 decimals.',
  'money.invalid': 'An amount is not plain digits in yuan (e.g. 1e3, 0x10, text).',
  'money.range': 'An amount is negative or too large.',
  'price.required': 'A product has neither price nor skus.',
  'price.not-sku-price': 'A product with SKUs gives a price that is not the price of any SKU.',
  // references
  'ref.group': 'A Group key that is referred to does not exist.',
  'ref.shipping': 'A ShippingTemplate key that is referred to does not exist.',
  'ref.image': 'An image file does not exist in the catalog folder (or is not a path or http(s) URL).',
  'ref.target': 'A target name in `targets` is not defined in catalog.config.yaml.',
  'ref.target-kind': "A target in `targets` is of a platform that does not manage the object's kind.",
  'override.target': 'A target name in `overrides` is not defined in catalog.config.yaml, or the product does not go to it.',
  'ref.group-target': 'A referred Group does not go to a target where the referring object goes.',
  'ref.shipping-target': 'A referred ShippingTemplate does not go to a wechat-store target where the product goes.',
  'image.escape': 'An image path is absolute, uses .. to leave the catalog folder, or is a link leading out of it.',
  // SKUs and stock
  'sku.duplicate-key': 'Two SKUs of one product have the same key.',
  'sku.options-mismatch': 'SKUs of one product use different option names.',
  'sku.duplicate-options': 'Two SKUs of one product have the same option values.',
  'stock.mismatch': 'Product stock differs from the sum of its SKU stock.',
  // platform rules
  'goofish.block-required': 'A product going to goofish has no platforms.goofish block.',
  'goofish.title-width': 'Title wider than 60 units (a CJK character counts 2) on goofish.',
  'goofish.description-length': 'Description shorter than 5 or longer than 5000 characters on goofish.',
  'goofish.image-count': 'Fewer than 1 or more than 30 image URLs on goofish.',
  'goofish.price-range': 'A price outside 0.01 .. 99,999,999.00 yuan on goofish.',
  'goofish.stock-range': 'Stock above 9999 per SKU on goofish.',
  'goofish.sku-option-name-length': 'A SKU option name longer than 4 characters on goofish.',
  'goofish.sku-option-value-length': 'A SKU option value longer than 20 characters on goofish.',
  'goofish.sku-option-chars': 'A SKU option name or value contains ":" or ";" (sku_text separators) on goofish.',
  'wechat-live.block-required': 'A product going to wechat-live has no platforms.wechat-live block.',
  'wechat-live.name-length': 'Goods name wider than 28 units (14 汉字) on wechat-live.',
  'wechat-live.price2-required': 'priceType 2 or 3 without price2 on wechat-live.',
  'wechat-live.price-order': 'priceType 2 needs price < price2; priceType 3 needs price2 < price (wechat-live).',
  'wechat-live.cover-required': 'A wechat-live block without coverImage on a product without images.',
  'wechat-store.block-required': 'A product going to wechat-store has no platforms.wechat-store block.',
  'wechat-store.original-price-required': 'A product or SKU going to wechat-store has no originalPrice (ori_price).',
  'wechat-store.price-order': 'A price is not below originalPrice on wechat-store.',
  'wechat-store.shipping-required': 'A wechat-store product has no shipping template, no express fees and is not post-free.',
  'wechat-store.image-required': 'A wechat-store product has no image it can use (a local file or an mmbiz.qpic.cn URL; main_img is required).',
  'xiaoliebian.block-required': 'A product going to xiaoliebian has no platforms.xiaoliebian block.',
  'xiaoliebian.title-length': 'Title longer than 128 characters on xiaoliebian.',
  'xiaoliebian.banner-length': 'Banner URL longer than 256 characters on xiaoliebian.',
  'xiaoliebian.banner-url': 'A product going to xiaoliebian has no banner URL (a local file cannot be uploaded there).',
  'waiqin365.block-required': 'A group going to waiqin365 has no platforms.waiqin365 block.',
  'waiqin365.brands-or-types': 'A waiqin365 group has both or neither of brands and types.',
  'waiqin365.name-length': 'Group name longer than 200 characters on waiqin365.',
};

/**
 * Codes of the plan-time platform checks (`catalog plan` / `apply`, src/engine/references.ts): a
 * catalog reference to platform data that the target's live lists do not hold, reported at the
 * field's file:line before anything is planned. Emitted by src/platforms/<platform>/references.ts.
 */
export const PLATFORM_CHECK_CODES: Readonly<Record<string, string>> = {
  'goofish.category-unknown': 'channelCatId is not a category of the product\'s itemBizType / spBizType (product/category/list).',
  'goofish.shop-unauthorised': 'A shop in platforms.goofish.shops is not an authorised shop of the account (user/authorize/list).',
  'goofish.property-unknown': 'A channelPv property (name or id) is not a property of the category (product/pv/list).',
  'goofish.property-value-unknown': 'A channelPv value (name or id) is not a value of that property (product/pv/list).',
  'goofish.property-duplicate': 'channelPv gives the same property twice (once by name, once by id).',
  'wechat-store.category-unknown': 'categoryId is not a category of 微信小店 (category/getsub refuses it).',
  'wechat-store.category-not-leaf': 'categoryId has sub-categories; products go in a leaf category.',
  'wechat-store.property-unknown': 'A properties id is not a property of the category (category/getproperty).',
  'wechat-store.property-value-unknown': 'A properties value id is not a value of that property (category/getproperty).',
  'wechat-store.sku-property-unknown': 'A skuProperties id is not in the category\'s SKU table (category/getsku).',
  'wechat-store.sku-value-unknown': 'A skuProperties value id is not a value of that SKU attribute (category/getsku).',
};
