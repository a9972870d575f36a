import type { Knex } from '@folio/db';

/** Adds `count` portfolios with `stocks` holdings each (two statements, whatever the count). */
export async function seedPortfolios(knex: Knex, count: number, stocks: number): Promise<void> {
  await knex.transaction(async (trx) => {
    const ids = await trx.raw<{ rows: { id: number }[] }>(
      `INSERT INTO portfolios (name, description)
       SELECT 'Portfolio ' || i, 'Seeded for the benchmark' FROM generate_series(1, ?::int) i RETURNING id`,
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
