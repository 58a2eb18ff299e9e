/** The 小裂变 (xiaoliebian) adapter: products, product groups, group binding, market state; identity productId = key. */
import type { PlatformAdapter } from '../types.js';
import { XiaoliebianClient } from './client.js';
import { desired, FIELD_UNITS } from './mapping.js';
import { toDocuments } from './import.js';
import { planObject } from './planner.js';
import { references } from './references.js';

export const xiaoliebianAdapter: PlatformAdapter = {
  platform: 'xiaoliebian',
  desired,
  planObject,
  toDocuments,
  fieldUnits: FIELD_UNITS,
  references,
  createClient: (target, deps) => new XiaoliebianClient(target, deps),
};
