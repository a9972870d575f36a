import { checkAssetCount } from './budgets.js';
import { AnalyticsInputError, formatNumber } from './errors.js';
import { meanHistoricalReturn } from './expected-returns.js';
import { selectTickers, validatePriceTable, type PriceTable } from './price-table.js';
import { completeRows, requireReturnsPerTicker, simpleReturns, type ReturnTable } from './returns.js';
import { riskMatrix, RISK_MODELS, type RiskMatrix, type RiskModel } from './risk-models.js';

/** Below this many dates on which every ticker has a return, no variance is defined. */
export const MIN_COMMON_OBSERVATIONS = 2;

export interface EstimationOptions {
  risk_model?: RiskModel;
  /** `mean_historical` compounding (default true). */
  compounding?: boolean;
}

export interface Estimates {
  tickers: string[];
  returns: ReturnTable;
  expectedReturns: number[];
  risk: RiskMatrix;
  /** Dates on which every ticker has a return. */
  observations: number;
  /** First and last price date of the window. */
  from: string;
  to: string;
  warnings: string[];
}

/** Validates the table and the tickers' coverage, then its returns (pct_change on the union of the tickers' dates). */
export function windowReturns(prices: PriceTable, tickers: readonly string[]): { table: PriceTable; returns: ReturnTable; observations: number } {
  if (tickers.length === 0) throw new AnalyticsInputError('Name at least one ticker.', 'tickers');
  const repeated = tickers.find((ticker, i) => tickers.indexOf(ticker) !== i);
  if (repeated !== undefined) throw new AnalyticsInputError(`Ticker ${repeated} is named twice.`, 'tickers');
  checkAssetCount(tickers.length);
  validatePriceTable(prices);
  const table = selectTickers(prices, tickers);
  const returns = simpleReturns(table);
  requireReturnsPerTicker(returns, 2);
  const observations = completeRows(returns).length;
  if (observations < MIN_COMMON_OBSERVATIONS) {
    throw new AnalyticsInputError(
      `${tickers.join(', ')} have ${observations} date${observations === 1 ? '' : 's'} on which all of them have a daily ` +
        `return in the window; at least ${MIN_COMMON_OBSERVATIONS} are needed. Widen the window or drop the latest-listed ticker.`,
      'tickers',
    );
  }
  return { table, returns, observations };
}

export function psdWarning(risk: RiskMatrix): string[] {
  if (!risk.repair) return [];
  const { negative_eigenvalues: count, smallest_eigenvalue: smallest } = risk.repair;
  return [
    `The ${risk.model} covariance matrix was not positive semidefinite (pairwise-complete estimates on unequal ` +
      `histories); ${count} negative eigenvalue${count === 1 ? '' : 's'} (smallest ${formatNumber(smallest)}) ` +
      'were clipped to 0.',
  ];
}

/** Expected returns and covariance of the tickers over the table's window, PyPortfolioOpt's way. */
export function estimate(prices: PriceTable, tickers: readonly string[], options: EstimationOptions = {}): Estimates {
  const model = options.risk_model ?? 'sample';
  if (!RISK_MODELS.includes(model)) {
    throw new AnalyticsInputError(`risk_model must be one of ${RISK_MODELS.join(', ')} (got ${String(model)}).`, 'risk_model');
  }
  const { table, returns, observations } = windowReturns(prices, tickers);
  const risk = riskMatrix(returns, model);
  return {
    tickers: [...tickers],
    returns,
    expectedReturns: meanHistoricalReturn(returns, { compounding: options.compounding ?? true }),
    risk,
    observations,
    from: table.dates[0]!,
    to: table.dates[table.dates.length - 1]!,
    warnings: psdWarning(risk),
  };
}
