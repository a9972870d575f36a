import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/api/{src,test}/**/*.test.ts',
      'apps/dashboard/{src,test}/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only contend; every file still gets its own database.
    maxWorkers: 2,
  },
});
