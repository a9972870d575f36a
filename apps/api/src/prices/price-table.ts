import type { Knex } from '@folio/db';

/** Inclusive ISO dates (`YYYY-MM-DD`); a missing end is open. */
export interface PriceWindow {
  from?: string | undefined;
  to?: string | undefined;
}

/** The prices of several tickers on one date axis, the shape analyses start from. */
export interface PriceTable {
  /** the tickers asked for, in the order asked */
  tickers: string[];
  /** ISO dates, ascending: every date on which at least one of the tickers has a price in the window */
  dates: string[];
  /** `prices[d][t]`: adj_close, else close, of tickers[t] on dates[d]; null when it has no price that day */
  prices: (number | null)[][];
}

// Rows come back as arrays (no per-row object) and dates as text: node-pg would turn a `date` into a
// local-midnight JS Date, and 50 tickers × 5 years is ~63,000 rows.
type PriceRow = [ticker: string, date: string, price: number];

/**
 * Reads the prices of `tickers` within `window` as a dense date × ticker table. Analyses read
 * `adj_close` where it is present and `close` otherwise; prices are in each instrument's own currency
 * (no FX conversion). A ticker with no prices in the window is a column of nulls: telling the caller
 * so is the caller's business.
 */
export async function readPriceTable(db: Knex, tickers: string[], window: PriceWindow = {}): Promise<PriceTable> {
  const { rows } = (await db
    .raw(
      `SELECT ticker, to_char(date, 'YYYY-MM-DD'), coalesce(adj_close, close)
         FROM prices
        WHERE ticker = ANY(?::text[]) AND date >= coalesce(?::date, '-infinity') AND date <= coalesce(?::date, 'infinity')
        ORDER BY date, ticker`,
      [tickers, window.from ?? null, window.to ?? null],
    )
    .options({ rowMode: 'array' })) as { rows: PriceRow[] };

  const columnsOf = new Map<string, number[]>();
  tickers.forEach((ticker, column) => columnsOf.set(ticker, [...(columnsOf.get(ticker) ?? []), column]));

  const dates: string[] = [];
  const prices: (number | null)[][] = [];
  let row: (number | null)[] = [];
  for (const [ticker, date, price] of rows) {
    if (dates.at(-1) !== date) {
      dates.push(date);
      row = new Array<number | null>(tickers.length).fill(null);
      prices.push(row);
    }
    for (const column of columnsOf.get(ticker) ?? []) row[column] = price;
  }
  return { tickers: [...tickers], dates, prices };
}

/**
 * A key that changes whenever the prices of any of `tickers` change (through the API or psql): the
 * per-ticker counters of `price_versions`, as `TICKER:version` joined with commas in the order given
 * (0 for a ticker that never had prices). Counters only grow, so a key never comes back after a change.
 */
export async function readPricesVersion(db: Knex, tickers: string[]): Promise<string> {
  const { rows } = (await db.raw(
    `SELECT t.ticker, coalesce(v.version, 0)::text AS version
       FROM unnest(?::text[]) WITH ORDINALITY AS t(ticker, n)
       LEFT JOIN price_versions v ON v.ticker = t.ticker
      ORDER BY t.n`,
    [tickers],
  )) as { rows: { ticker: string; version: string }[] };
  return rows.map((r) => `${r.ticker}:${r.version}`).join(',');
}
