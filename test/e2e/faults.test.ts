/**
 * Every registered platform under seeded faults (10% HTTP 5xx, 10% busy codes, 5% dropped
 * connections, 10% lost write responses): at most 3 applies converge, no duplicates, every identity
 * recorded, the seeded accounts' unmanaged objects untouched. More seeds and products: npm run soak.
 */
import { test } from 'vitest';
import { convergesUnderFaults } from '../helpers/faults.js';

export const FAULTS = '5xx=0.1,busy=0.1,drop=0.05,lost=0.1';

test('all five platforms converge under faults within 3 applies (seed 7)', { timeout: 120_000 }, async () => {
  await convergesUnderFaults({ products: 40, faults: FAULTS, seed: 7 });
});
