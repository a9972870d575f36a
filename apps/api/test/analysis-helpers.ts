import type { Knex } from '@folio/db';
import { readPriceCsv, STOCK_PRICES_PATH } from '../../../packages/analytics/test/stock-prices.js';

/** PyPortfolioOpt's stock_prices.csv (20 tickers × 7,126 dates) into the prices table, as closes. */
export async function loadStockPrices(knex: Knex): Promise<string[]> {
  const table = readPriceCsv(STOCK_PRICES_PATH);
  const tickers: string[] = [];
  const dates: string[] = [];
  const closes: number[] = [];
  table.prices.forEach((row, d) =>
    row.forEach((price, t) => {
      if (price === null) return;
      tickers.push(table.tickers[t]!);
      dates.push(table.dates[d]!);
      closes.push(price);
    }),
  );
  await knex.raw(
    `INSERT INTO prices (ticker, date, close) SELECT * FROM unnest(?::text[], ?::date[], ?::float8[])`,
    [tickers, dates, closes],
  );
  return table.tickers;
}
