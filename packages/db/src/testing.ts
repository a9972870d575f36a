// Test support: every test file gets its own freshly migrated database on the test Postgres.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { migrationConfig } from './migration-source.js';
import { createDb } from './pool.js';

export interface TestDatabase {
  url: string;
  knex: Knex;
  /** deletes every portfolio (and so every stock) and restarts the ids at 1 */
  emptyPortfolios: () => Promise<void>;
  /** closes the pool and drops the database */
  drop: () => Promise<void>;
}

/** `adminUrl` points at any database of the test server; the new one is created beside it. */
export async function createTestDatabase(adminUrl: string, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `folio_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = createDb(adminUrl, { min: 0, max: 1 });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = urlOfDatabase(adminUrl, name);
  const knex = createDb(url, { min: 0, max: 10 });
  if (opts.migrate !== false) await knex.migrate.latest(migrationConfig);
  return {
    url,
    knex,
    emptyPortfolios: async () => {
      await knex.raw('TRUNCATE portfolios RESTART IDENTITY CASCADE');
    },
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** The same server's URL for another database. */
function urlOfDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
