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

/**
 * Test support's own pools wait as long as the test Postgres needs: on a shared, loaded machine a
 * CREATE or DROP DATABASE (which waits for a checkpoint) was seen to outlast the server's 10 s query
 * timeout. The pools under test keep their timeouts; a real hang still ends at the test's timeout.
 */
const patient = { queryTimeoutMs: 0, acquireTimeoutMs: 60_000 };

/** `adminUrl` points at any database of the test server; the new one is created beside it. */
export async function createTestDatabase(adminUrl: string, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `folio_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = createDb(adminUrl, { min: 0, max: 1, ...patient });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = urlOfDatabase(adminUrl, name);
  const knex = createDb(url, { min: 0, max: 10, ...patient });
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

/**
 * How many sessions of knex's database are waiting for a lock: lets a test wait until the requests it
 * started are really blocked (the event), instead of sleeping and hoping they got there.
 */
export async function lockWaiters(knex: Knex): Promise<number> {
  const { rows } = await knex.raw<{ rows: { n: number }[] }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
  );
  return rows[0]?.n ?? 0;
}
