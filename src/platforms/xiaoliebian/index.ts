/** The 小裂变 (xiaoliebian) adapter: products, product groups, group binding, market state; identity productId = key. */
import type { PlatformAdapter } from '../types.js';
import { XiaoliebianClient } from './client.js';
import { desiredObjects, FIELD_UNITS, importDocuments } from './mapping.js';
import { planObject } from './planner.js';
import { xiaoliebianReferences } from './references.js';

export const xiaoliebianAdapter: PlatformAdapter = {
  platform: 'xiaoliebian',
  desired: desiredObjects,
  planObject,
  toDocuments: importDocuments,
  fieldUnits: FIELD_UNITS,
  references: xiaoliebianReferences,
  createClient: (target, deps) => new XiaoliebianClient(target, deps),
};
