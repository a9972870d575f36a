import { AnalyticsInputError } from './errors.js';
import type { PriceTable } from './price-table.js';

/**
 * Daily simple returns, one column per ticker, `NaN` where a ticker has no return that day.
 * `dates[t]` is the date the return ends on (the price table's row t + 1).
 */
export interface ReturnTable {
  tickers: string[];
  dates: string[];
  columns: Float64Array[];
}

/**
 * pandas' `prices.pct_change(fill_method=None)` without its all-NaN first row: a return exists on a
 * row only when the ticker has a price on that row and on the row before, so a return never spans a
 * missing price (PyPortfolioOpt's `returns_from_prices` on a table whose rows are the union of dates).
 */
export function simpleReturns(table: PriceTable): ReturnTable {
  const rows = table.prices.length;
  const columns = table.tickers.map((_, column) => {
    const returns = new Float64Array(Math.max(rows - 1, 0));
    for (let row = 1; row < rows; row++) {
      const previous = table.prices[row - 1]![column];
      const current = table.prices[row]![column];
      returns[row - 1] = previous == null || current == null ? Number.NaN : current / previous - 1;
    }
    return returns;
  });
  return { tickers: [...table.tickers], dates: table.dates.slice(1), columns };
}

/** The rows on which every column has a return (pandas' `dropna(how="any")`). */
export function completeRows(returns: ReturnTable): number[] {
  const rows: number[] = [];
  const length = returns.dates.length;
  for (let row = 0; row < length; row++) {
    if (returns.columns.every((column) => !Number.isNaN(column[row]!))) rows.push(row);
  }
  return rows;
}

/** The columns restricted to the given rows, as a row-major matrix `[row][column]`. */
export function rowsAsMatrix(returns: ReturnTable, rows: readonly number[]): Float64Array[] {
  return rows.map((row) => Float64Array.from(returns.columns, (column) => column[row]!));
}

/** Refuses a ticker that has fewer than `minimum` returns: its statistics would be undefined. */
export function requireReturnsPerTicker(returns: ReturnTable, minimum: number): void {
  returns.columns.forEach((column, index) => {
    let count = 0;
    for (const value of column) if (!Number.isNaN(value)) count++;
    if (count < minimum) {
      const ticker = returns.tickers[index]!;
      throw new AnalyticsInputError(
        count === 0
          ? `${ticker} has no daily return in the window (it needs prices on two consecutive dates of the table).`
          : `${ticker} has only ${count} daily return${count === 1 ? '' : 's'} in the window; at least ${minimum} are needed.`,
        'tickers',
      );
    }
  });
}
