/**
 * The normalised catalog the engine works with: money in integer fen, defaults applied, references
 * resolved to keys that exist, each object knowing where it was written. Produced by `loadCatalog`
 * only when there are no error diagnostics.
 */
import type { SourcePos } from '../diagnostics/diagnostics.js';
import type { Kind, PlatformName } from './model.js';

/** Integer fen (分). */
import type { Fen } from '../money/fen.js';
export type { Fen };

export type ImageRef =
  /** A file inside the catalog folder; `path` is relative to the catalog folder with forward slashes. */
  | { kind: 'file'; path: string; absPath: string }
  | { kind: 'url'; url: string };

export interface Sku {
  key: string;
  /** Option name/value pairs in the order written. */
  options: Array<[name: string, value: string]>;
  price: Fen;
  originalPrice?: Fen;
  stock: number;
  image?: ImageRef;
}

/**
 * A product's normalised platform blocks, by platform name. Each platform folder adds its own
 * block's type here (declaration merging in src/platforms/<name>/catalog.ts), so its code reads the
 * block typed while this file names no platform.
 */
export interface ProductPlatformBlocks {
  [platform: string]: unknown;
}

/** A group's normalised platform blocks, by platform name (see ProductPlatformBlocks). */
export interface GroupPlatformBlocks {
  [platform: string]: unknown;
}

interface Base {
  key: string;
  protect: boolean;
  /** Target names this object is projected onto (resolved: explicit `targets` or the default). */
  targets: string[];
  source: SourcePos;
}

export interface Product extends Base {
  kind: 'Product';
  title: string;
  description: string;
  price: Fen;
  originalPrice?: Fen;
  /** With SKUs: the sum of SKU stock. */
  stock: number;
  images: ImageRef[];
  groups: string[];
  shipping?: string;
  onSale: boolean;
  skus: Sku[];
  /**
   * Positions of the fields that refer to platform data (category ids, properties, shops, pages),
   * by path below `platforms` joined with "." (e.g. "<platform>.shops.0"), for the plan-time checks' file:line.
   */
  refPos?: { [path: string]: SourcePos };
  /**
   * Targets with `overrides`: the product as that target gets it (overrides in place, checked
   * against that target's platform) and the catalog paths of the overridden fields.
   */
  overrides?: Record<string, { product: Product; fields: string[] }>;
  platforms: ProductPlatformBlocks;
}

export interface Group extends Base {
  kind: 'Group';
  name: string;
  platforms: GroupPlatformBlocks;
}

export interface FeeRule {
  firstItems: number;
  firstFee: Fen;
  additionalItems: number;
  additionalFee: Fen;
}

export interface ShippingTemplate extends Base {
  kind: 'ShippingTemplate';
  name: string;
  payer: 'buyer' | 'seller';
  rates: Array<FeeRule & { carrier: 'mail' | 'express' | 'ems'; regions: Array<FeeRule & { country: string; province: string; city?: string }> }>;
}

export interface Shelf extends Base {
  kind: 'Shelf';
  name: string;
  banner?: ImageRef;
  modules: Array<{ type: 1 | 2 | 3 | 4 | 5; groups: string[]; count?: number; image?: ImageRef }>;
}

export type CatalogObject = Product | Group | ShippingTemplate | Shelf;

export interface Catalog {
  /** Absolute path of the catalog folder. */
  root: string;
  products: Product[];
  groups: Group[];
  shippingTemplates: ShippingTemplate[];
  shelves: Shelf[];
  /**
   * Digest of every catalog file's bytes (sorted by path). A saved plan records it and is refused
   * when the catalog changed since.
   */
  digest: string;
}

export type { Kind, PlatformName };
