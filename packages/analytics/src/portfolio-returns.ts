import { requireWeights } from './checks.js';
import { AnalyticsInputError } from './errors.js';
import { windowReturns } from './estimate.js';
import type { PriceTable } from './price-table.js';
import { completeRows } from './returns.js';

export interface PortfolioReturns {
  /** Tickers with a non-zero weight, and their weights (what is left below 1 is cash at 0 %). */
  tickers: string[];
  weights: number[];
  dates: string[];
  /** Σ wᵢ rᵢ on the dates where every held ticker has a return. */
  returns: Float64Array;
  /** The held tickers, then any extra ones asked for (a benchmark). */
  columns: string[];
  /** Each column's returns on those dates, `[column][date]`. */
  assetReturns: Float64Array[];
  /** First and last price date of the window. */
  from: string;
  to: string;
}

/** The held tickers and weights of a weights object (zero weights dropped). */
export function heldWeights(weights: Record<string, number>): { tickers: string[]; weights: number[] } {
  const held = requireWeights(weights).filter(([, weight]) => weight !== 0);
  if (held.length === 0) throw new AnalyticsInputError('Every weight is 0: there is nothing to analyse.', 'weights');
  return { tickers: held.map(([ticker]) => ticker), weights: held.map(([, weight]) => weight) };
}

/**
 * Constant-weight portfolio returns: returns are pct_change on the union of the listed tickers' dates
 * (`also` adds tickers such as a benchmark to that union and to the completeness rule).
 */
export function portfolioReturns(prices: PriceTable, weights: Record<string, number>, also: string[] = []): PortfolioReturns {
  const held = heldWeights(weights);
  const columns = [...held.tickers, ...also.filter((ticker) => !held.tickers.includes(ticker))];
  const { table, returns } = windowReturns(prices, columns);
  const rows = completeRows(returns);
  const assetReturns = returns.columns.map((column) => Float64Array.from(rows, (row) => column[row]!));
  const portfolio = new Float64Array(rows.length);
  held.weights.forEach((weight, i) => {
    const column = assetReturns[i]!;
    for (let t = 0; t < rows.length; t++) portfolio[t]! += weight * column[t]!;
  });
  return {
    ...held,
    columns,
    dates: rows.map((row) => returns.dates[row]!),
    returns: portfolio,
    assetReturns,
    from: table.dates[0]!,
    to: table.dates[table.dates.length - 1]!,
  };
}
