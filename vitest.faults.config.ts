import { defineConfig } from 'vitest/config';

/** The fault suite: real processes, minutes long, run apart from `npm test` (`npm run test:faults`). */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/setup/redis.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
