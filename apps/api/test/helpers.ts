import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { createServices } from '../src/services/index.js';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  close: () => Promise<void>;
}

/** The real app on its own freshly migrated database (no listening socket; drive it with inject()). */
export async function createTestApp(): Promise<TestApp> {
  const db = await createTestDatabase(inject('adminUrl'));
  const app = await buildApp({ services: createServices({ db: db.knex }) });
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
