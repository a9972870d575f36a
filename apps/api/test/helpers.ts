import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { createServices } from '../src/services/index.js';

/**
 * A stand-in for the built dashboard, so what an in-process app serves at / never depends on whether
 * apps/dashboard/dist exists (or on the moment the e2e test swaps in a new build). The real build is
 * served and driven in apps/dashboard/test/dashboard.e2e.test.ts.
 */
export const testDashboard = { root: fileURLToPath(new URL('./fixtures/dashboard/', import.meta.url)) };

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  close: () => Promise<void>;
}

/** The real app on its own freshly migrated database (no listening socket; drive it with inject()). */
export async function createTestApp(): Promise<TestApp> {
  const db = await createTestDatabase(inject('adminUrl'));
  const app = await buildApp({ services: createServices({ db: db.knex }), dashboard: testDashboard });
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** Row counts of both tables, to prove a rejected request wrote nothing. */
export async function snapshot(db: TestDatabase) {
  const [portfolios, stocks] = await Promise.all([
    db.knex('portfolios').select('*').orderBy('id'),
    db.knex('portfolio_stocks').select('*').orderBy('id'),
  ]);
  return { portfolios, stocks };
}
