/** The goofish (闲管家) adapter: products with SKUs, publish / down-shelf, identity by outer_id. */
import type { PlatformAdapter } from '../types.js';
import { GoofishClient } from './client.js';
import { desiredProducts, FIELD_UNITS, productDocuments } from './mapping.js';
import { planProduct } from './planner.js';
import { goofishReferences } from './references.js';

export const goofishAdapter: PlatformAdapter = {
  platform: 'goofish',
  desired: desiredProducts,
  toDocuments: productDocuments,
  planObject: planProduct,
  references: goofishReferences,
  fieldUnits: FIELD_UNITS,
  createClient: (target, deps) => new GoofishClient(target, deps),
};
