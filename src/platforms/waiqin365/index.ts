/** The 外勤365 (waiqin365) adapter: product groups (brands or types), identity source_code = key. */
import type { PlatformAdapter } from '../types.js';
import { Waiqin365Client } from './client.js';
import { desiredGroups, groupDocuments } from './mapping.js';
import { planGroup } from './planner.js';
import { waiqin365References } from './references.js';

export const waiqin365Adapter: PlatformAdapter = {
  platform: 'waiqin365',
  desired: desiredGroups,
  planObject: planGroup,
  toDocuments: groupDocuments,
  references: waiqin365References,
  createClient: (target, deps) => new Waiqin365Client(target, deps),
};
