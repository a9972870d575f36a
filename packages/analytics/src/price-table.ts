import { AnalyticsInputError } from './errors.js';

/**
 * Daily prices of several tickers, as the API reads them from Postgres: one row per date in the union
 * of the tickers' dates (ascending ISO `YYYY-MM-DD`), one column per ticker, `null` where a ticker has
 * no price that day. The price is the adjusted close when there is one, else the close.
 */
export interface PriceTable {
  tickers: string[];
  dates: string[];
  /** `prices[row][column]`: the price of `tickers[column]` on `dates[row]`. */
  prices: (number | null)[][];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks the table's shape and values so that everything after it can trust them: unique tickers,
 * ascending dates, rows as wide as the ticker list, prices finite and above zero.
 */
export function validatePriceTable(table: PriceTable): void {
  const { tickers, dates, prices } = table;
  if (tickers.length === 0) throw new AnalyticsInputError('Name at least one ticker.', 'tickers');
  const seen = new Set<string>();
  for (const ticker of tickers) {
    if (seen.has(ticker)) throw new AnalyticsInputError(`Ticker ${ticker} is named twice.`, 'tickers');
    seen.add(ticker);
  }
  if (dates.length !== prices.length) {
    throw new AnalyticsInputError(
      `The price table has ${dates.length} dates but ${prices.length} rows of prices.`,
      'prices',
    );
  }
  for (let row = 0; row < dates.length; row++) {
    const date = dates[row]!;
    if (!ISO_DATE.test(date)) throw new AnalyticsInputError(`"${date}" is not an ISO date (YYYY-MM-DD).`, 'dates');
    if (row > 0 && !(dates[row - 1]! < date)) {
      throw new AnalyticsInputError(`Dates must be ascending and unique; ${date} follows ${dates[row - 1]}.`, 'dates');
    }
    const values = prices[row]!;
    if (values.length !== tickers.length) {
      throw new AnalyticsInputError(
        `The row for ${date} has ${values.length} prices for ${tickers.length} tickers.`,
        'prices',
      );
    }
    for (let column = 0; column < values.length; column++) {
      const price = values[column];
      if (price === null) continue;
      if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0) {
        throw new AnalyticsInputError(
          `The price of ${tickers[column]} on ${date} is ${String(price)}; prices must be finite and above zero.`,
          'prices',
        );
      }
    }
  }
}

/** A table with only the named tickers' columns, in the order given (rows where none has a price dropped). */
export function selectTickers(table: PriceTable, wanted: readonly string[]): PriceTable {
  const columns = wanted.map((ticker) => {
    const column = table.tickers.indexOf(ticker);
    if (column < 0) {
      throw new AnalyticsInputError(`There are no prices for ${ticker} in the window.`, 'tickers');
    }
    return column;
  });
  const sameColumns = columns.length === table.tickers.length && columns.every((column, i) => column === i);
  const dates: string[] = [];
  const prices: (number | null)[][] = [];
  for (let row = 0; row < table.dates.length; row++) {
    const source = table.prices[row]!;
    let priced = false;
    for (const column of columns) if (source[column] != null) priced = true;
    if (!priced) continue;
    dates.push(table.dates[row]!);
    prices.push(sameColumns ? source : columns.map((column) => source[column] ?? null));
  }
  return { tickers: [...wanted], dates, prices };
}
