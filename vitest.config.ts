import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources, as in tsconfig.base.json's customConditions,
// so tests never need a build of @folio/sdk first.
const source = '@folio/source';

export default defineConfig({
  resolve: { conditions: [source, 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: [source, 'module', 'node', 'development|production'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/api/{src,test}/**/*.test.ts',
      'apps/dashboard/{src,test}/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    globalSetup: ['./test/global-setup.ts'],
    // Limits against hangs, not timings: a shared 2-core machine under load runs many times slower.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One file per core: the suites are CPU-bound (tsc, esbuild, fast-check, Chromium) as much as they
    // wait on Postgres, so more workers than cores only contend. At least two, so a file that waits on
    // a subprocess or a browser does not hold the whole run. Every file still gets its own database.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
