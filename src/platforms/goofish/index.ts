/** The goofish (闲管家) adapter: products with SKUs, publish / down-shelf, identity by outer_id. */
import type { PlatformAdapter } from '../types.js';
import { GoofishClient } from './client.js';
import { desired, FIELD_UNITS } from './mapping.js';
import { toDocuments } from './import.js';
import { planObject } from './planner.js';
import { references } from './references.js';

export const goofishAdapter: PlatformAdapter = {
  platform: 'goofish',
  desired,
  toDocuments,
  planObject,
  references,
  fieldUnits: FIELD_UNITS,
  createClient: (target, deps) => new GoofishClient(target, deps),
};
