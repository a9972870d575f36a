import type { Knex } from 'knex';

// Daily prices, keyed (ticker, date); the ticker rule is the holdings' one. `close > 0 AND close <
// 'Infinity'` also rejects NaN: Postgres orders NaN above every number, Infinity included.
//
// price_versions holds one counter per ticker that any change to that ticker's prices increases
// (insert, update, delete, truncate; from the API or from psql): a cached analysis keys on the versions
// of the tickers it read. Rows are never deleted, so a ticker's version only grows, even across a
// DELETE and re-upload. Statement-level triggers with transition tables bump each ticker once per
// statement, in ticker order (concurrent writers lock the counters in one order and cannot deadlock).
// An upsert that changes nothing leaves the transition tables empty and so the versions alone.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE prices (
      ticker varchar(20) NOT NULL,
      date date NOT NULL,
      close double precision NOT NULL,
      adj_close double precision NULL,
      CONSTRAINT prices_pkey PRIMARY KEY (ticker, date),
      CONSTRAINT prices_ticker_format CHECK (ticker ~ '^[A-Z0-9.\\-^=/]{1,20}$'),
      CONSTRAINT prices_close_positive CHECK (close > 0 AND close < 'Infinity'::float8),
      CONSTRAINT prices_adj_close_positive CHECK (adj_close IS NULL OR (adj_close > 0 AND adj_close < 'Infinity'::float8))
    );

    CREATE TABLE price_versions (
      ticker varchar(20) PRIMARY KEY,
      version bigint NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE FUNCTION folio_bump_price_versions(tickers text[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO price_versions AS v (ticker, version)
        SELECT t, 1 FROM unnest(tickers) AS t ORDER BY t
        ON CONFLICT (ticker) DO UPDATE SET version = v.version + 1, changed_at = now();
    $$;

    CREATE FUNCTION folio_prices_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM folio_bump_price_versions(ARRAY(SELECT DISTINCT ticker FROM new_prices));
      ELSIF TG_OP = 'UPDATE' THEN
        PERFORM folio_bump_price_versions(ARRAY(SELECT ticker FROM new_prices UNION SELECT ticker FROM old_prices));
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM folio_bump_price_versions(ARRAY(SELECT DISTINCT ticker FROM old_prices));
      ELSE -- TRUNCATE: no transition table; every ticker may have changed
        UPDATE price_versions SET version = version + 1, changed_at = now();
      END IF;
      RETURN NULL;
    END $$;

    CREATE TRIGGER prices_after_insert AFTER INSERT ON prices REFERENCING NEW TABLE AS new_prices
      FOR EACH STATEMENT EXECUTE FUNCTION folio_prices_changed();
    CREATE TRIGGER prices_after_update AFTER UPDATE ON prices REFERENCING OLD TABLE AS old_prices NEW TABLE AS new_prices
      FOR EACH STATEMENT EXECUTE FUNCTION folio_prices_changed();
    CREATE TRIGGER prices_after_delete AFTER DELETE ON prices REFERENCING OLD TABLE AS old_prices
      FOR EACH STATEMENT EXECUTE FUNCTION folio_prices_changed();
    CREATE TRIGGER prices_after_truncate AFTER TRUNCATE ON prices
      FOR EACH STATEMENT EXECUTE FUNCTION folio_prices_changed();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS prices;
    DROP TABLE IF EXISTS price_versions;
    DROP FUNCTION IF EXISTS folio_prices_changed();
    DROP FUNCTION IF EXISTS folio_bump_price_versions(text[]);
  `);
}
