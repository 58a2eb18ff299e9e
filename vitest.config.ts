import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Long reliability runs: `npm run soak` (vitest.soak.config.ts).
    exclude: [...configDefaults.exclude, 'test/soak/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most time goes to end-to-end tests waiting on the CLI processes they spawn, so two files at
    // once use this 2-core machine well (vitest would otherwise run one file at a time here).
    maxWorkers: 2,
  },
});
