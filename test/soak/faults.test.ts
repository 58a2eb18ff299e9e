/**
 * Soak: the fault convergence of test/e2e/faults.test.ts over 200 products and several seeds
 * (FAULT_SEEDS=1,2,3,... to choose), with the fault mix.
 */
import { test } from 'vitest';
import { convergesUnderFaults } from '../helpers/faults.js';

const FAULTS = '5xx=0.1,busy=0.1,drop=0.05,lost=0.1';
const SEEDS = (process.env.FAULT_SEEDS ?? '1,2,3,4,5').split(',').map(Number);

for (const seed of SEEDS) {
  test(`200 products on all five platforms converge under faults within 3 applies (seed ${seed})`, { timeout: 600_000 }, async () => {
    await convergesUnderFaults({ products: 200, faults: FAULTS, seed });
  });
}
