import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { migrationConfig, migrationSource } from './migration-source.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'), { migrate: false });
});
afterAll(() => db?.drop());

const tables = async () =>
  (
    await db.knex.raw<{ rows: { table_name: string }[] }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'portfolio%' ORDER BY 1",
    )
  ).rows.map((r) => r.table_name);

describe('migrations', () => {
  it('create both tables with the spec columns, timestamptz timestamps and integrity constraints', async () => {
    await db.knex.migrate.latest(migrationConfig);
    expect(await tables()).toEqual(['portfolio_stocks', 'portfolios']);

    const columns = await db.knex.raw<{ rows: { table_name: string; column_name: string; data_type: string; is_nullable: string }[] }>(
      "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name LIKE 'portfolio%' ORDER BY table_name, ordinal_position",
    );
    expect(columns.rows.map((c) => `${c.table_name}.${c.column_name} ${c.data_type} ${c.is_nullable}`)).toEqual([
      'portfolio_stocks.id integer NO',
      'portfolio_stocks.portfolio_id integer NO',
      'portfolio_stocks.ticker character varying NO',
      'portfolio_stocks.weight double precision YES',
      'portfolio_stocks.shares double precision YES',
      'portfolio_stocks.added_at timestamp with time zone NO',
      'portfolios.id integer NO',
      'portfolios.name character varying NO',
      'portfolios.description text YES',
      'portfolios.created_at timestamp with time zone NO',
      'portfolios.updated_at timestamp with time zone NO',
    ]);

    const constraints = await db.knex.raw<{ rows: { conname: string; def: string }[] }>(
      "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'portfolio_stocks'::regclass ORDER BY conname",
    );
    const byName = Object.fromEntries(constraints.rows.map((r) => [r.conname, r.def]));
    expect(byName['portfolio_stocks_portfolio_id_foreign']).toMatch(/REFERENCES portfolios\(id\) ON DELETE CASCADE/);
    expect(byName['portfolio_stocks_portfolio_id_ticker_unique']).toBe('UNIQUE (portfolio_id, ticker)');
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining(['portfolio_stocks_weight_range', 'portfolio_stocks_shares_range', 'portfolio_stocks_ticker_format']),
    );
  });

  it('roll back cleanly and re-apply', async () => {
    await db.knex.migrate.rollback(migrationConfig, true);
    expect(await tables()).toEqual([]);
    const functions = await db.knex.raw<{ rows: unknown[] }>("SELECT 1 FROM pg_proc WHERE proname LIKE 'folio_%'");
    expect(functions.rows).toHaveLength(0);

    const [, applied] = await db.knex.migrate.latest(migrationConfig);
    // every migration, not a fixed count: later issues add tables (api_keys, idempotency_keys)
    expect(applied).toEqual(await migrationSource.getMigrations([]));
    expect(await tables()).toEqual(['portfolio_stocks', 'portfolios']);
    const [, pending] = await db.knex.migrate.list(migrationConfig);
    expect(pending).toEqual([]);
  });
});
