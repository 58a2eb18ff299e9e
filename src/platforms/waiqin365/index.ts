/** The 外勤365 (waiqin365) adapter: product groups (brands or types), identity source_code = key. */
import type { PlatformAdapter } from '../types.js';
import { Waiqin365Client } from './client.js';
import { desired, FIELD_UNITS } from './mapping.js';
import { toDocuments } from './import.js';
import { planObject } from './planner.js';
import { references } from './references.js';

export const waiqin365Adapter: PlatformAdapter = {
  platform: 'waiqin365',
  desired,
  planObject,
  toDocuments,
  references,
  fieldUnits: FIELD_UNITS,
  createClient: (target, deps) => new Waiqin365Client(target, deps),
};
