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

const MS_PER_DAY = 86_400_000;
const isoOfDay = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** The query behind readPriceTable (bindings: tickers, from, to); exported for the bench's EXPLAIN. */
export const PRICE_TABLE_SQL = `
  SELECT x.days, x.prices
       FROM unnest(?::text[]) WITH ORDINALITY AS t(ticker, n),
       LATERAL (
         SELECT json_agg(p.date - DATE '1970-01-01' ORDER BY p.date) AS days,
                json_agg(coalesce(p.adj_close, p.close) ORDER BY p.date) AS prices
           FROM prices p
          WHERE p.ticker = t.ticker AND p.date >= coalesce(?::date, '-infinity') AND p.date <= coalesce(?::date, 'infinity')
       ) x
      ORDER BY t.n`;

/**
 * Reads the prices of `tickers` within `window` as a dense date × ticker table. Analyses read
 * `adj_close` where it is present and `close` otherwise; prices are in each instrument's own currency
 * (no FX conversion). A ticker with no prices in the window is a column of nulls: telling the caller
 * so is the caller's business.
 */
export async function readPriceTable(db: Knex, tickers: string[], window: PriceWindow = {}): Promise<PriceTable> {
  // One primary-key range scan per ticker, already in date order, folded into two JSON arrays: 50 rows
  // to parse instead of ~63,000 (50 tickers × 5 years), and no sort of the whole result. Days are
  // numbers (days since 1970-01-01), cheaper than formatted dates on both sides.
  const { rows } = await db.raw<{ rows: { days: number[] | null; prices: number[] | null }[] }>(PRICE_TABLE_SQL, [
    tickers,
    window.from ?? null,
    window.to ?? null,
  ]);

  const allDays = [...new Set(rows.flatMap((r) => r.days ?? []))].sort((a, b) => a - b);
  const rowOf = new Map(allDays.map((day, i) => [day, i]));
  const prices = allDays.map(() => new Array<number | null>(tickers.length).fill(null));
  rows.forEach(({ days, prices: values }, column) => {
    days?.forEach((day, i) => {
      prices[rowOf.get(day)!]![column] = values![i]!;
    });
  });
  return { tickers: [...tickers], dates: allDays.map(isoOfDay), prices };
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
