import { defineConfig } from 'vitest/config';

/** `npm run soak`: long reliability runs (test/soak/), kept out of `npm test`, and the state backends' kill test at full length. */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts', 'test/e2e/state-backends.test.ts'],
    env: { CATALOG_SOAK: '1' },
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
