import { defineConfig } from 'vitest/config';

/** `npm run soak`: long reliability runs (test/soak/), kept out of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
