import type { Knex } from 'knex';

// The list's search (`q`): names containing the text in any case, tickers starting with it.
// - name: pg_trgm's GIN index serves ILIKE '%q%' (a B-tree cannot serve a leading wildcard). pg_trgm
//   ships with Postgres itself (contrib): in the embedded 18 and Debian's postgresql-15 alike.
// - ticker: a prefix, which a B-tree with pattern ops serves exactly. A trigram GIN on tickers was
//   tried first: tickers share most trigrams, and bulk inserts (imports of 100,000 holdings) slowed
//   more than twice over.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw('CREATE INDEX portfolios_name_trgm ON portfolios USING gin (name gin_trgm_ops)');
  await knex.raw('CREATE INDEX portfolio_stocks_ticker_prefix ON portfolio_stocks (ticker varchar_pattern_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS portfolio_stocks_ticker_prefix');
  await knex.raw('DROP INDEX IF EXISTS portfolios_name_trgm');
  // The extension stays: other objects may use it, and it costs nothing unused.
}
