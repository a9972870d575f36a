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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only contend; every file still gets its own database.
    maxWorkers: 2,
  },
});
