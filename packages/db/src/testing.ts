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

/**
 * Sessions of knex's database (other than this one) inside an open transaction, whether running a
 * statement or waiting between them: a streamed read in progress, for tests to wait on or end.
 */
export async function openTransactions(knex: Knex): Promise<number[]> {
  const { rows } = await knex.raw<{ rows: { pid: number }[] }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

/** Adds `count` portfolios with `stocks` holdings each, in two statements whatever the count (tests, bench). */
export async function seedPortfolios(knex: Knex, count: number, stocks: number): Promise<void> {
  await knex.transaction(async (trx) => {
    const ids = await trx.raw<{ rows: { id: number }[] }>(
      `INSERT INTO portfolios (name, description)
       SELECT 'Portfolio ' || i, 'Seeded in bulk' FROM generate_series(1, ?::int) i RETURNING id`,
      [count],
    );
    const first = ids.rows[0]?.id ?? 0;
    await trx.raw(
      `INSERT INTO portfolio_stocks (portfolio_id, ticker, weight, shares)
       SELECT p, 'T' || s, 0.05, s * 10 FROM generate_series(?::int, ?::int) p, generate_series(1, ?::int) s`,
      [first, first + count - 1, stocks],
    );
  });
  await knex.raw('ANALYZE portfolios; ANALYZE portfolio_stocks');
}
