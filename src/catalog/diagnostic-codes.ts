/**
 * The diagnostic codes of the config and catalog loaders themselves, with a one-line description.
 * Codes are a contract (scripts match on them); docs/diagnostics.md documents them. Each platform's
 * rule and check codes are in its spec (src/platforms/<name>/spec.ts); the whole list is
 * DIAGNOSTIC_CODES in src/platforms/registry.ts, and a test checks that every code emitted is in it.
 */
export const CORE_DIAGNOSTIC_CODES: Readonly<Record<string, string>> = {
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
};
