import { checkFrontierBudget } from './budgets.js';
import { requireInteger, requireWeights } from './checks.js';
import { AnalyticsInputError } from './errors.js';
import { efficientReturn, maxReturn, maxSharpe, minVolatility, performance } from './mean-variance.js';
import {
  figures,
  prepareMeanVariance,
  ridgeWarning,
  type MeanVarianceOptions,
  type PortfolioFigures,
} from './optimize.js';

export const MAX_FRONTIER_POINTS = 200;

export interface FrontierRequest extends MeanVarianceOptions {
  /** 2–200 portfolios from minimum volatility to maximum return. */
  points: number;
  /** A portfolio to place on the chart (weights by ticker, each among `tickers`; the rest is cash at 0 %). */
  portfolio?: Record<string, number>;
}

export interface FrontierResult {
  points: PortfolioFigures[];
  min_volatility: PortfolioFigures;
  /** Absent when no ticker's expected return exceeds the risk-free rate. */
  max_sharpe?: PortfolioFigures;
  portfolio?: PortfolioFigures;
  risk_free_rate: number;
  observations: number;
  from: string;
  to: string;
  warnings: string[];
}

/** The efficient frontier: `points` efficient_return portfolios at evenly spaced returns. */
export function frontier(request: FrontierRequest): FrontierResult {
  const points = requireInteger(request.points, 'points', 2, MAX_FRONTIER_POINTS);
  checkFrontierBudget({ points, assets: request.tickers.length });
  const prepared = prepareMeanVariance(request);
  const { problem, estimates, riskFreeRate } = prepared;

  const lowest = minVolatility(problem);
  const lowestReturn = performance(lowest.weights, problem.expectedReturns, problem.covariance, riskFreeRate).expected_return;
  const highest = maxReturn(problem);
  if (!Number.isFinite(highest.value)) {
    throw new AnalyticsInputError(
      'With both weight bounds null the expected return has no maximum, so the frontier has no end; bound the weights.',
      'weight_bounds',
    );
  }
  const warnings = [...estimates.warnings, ...ridgeWarning(lowest)];
  const curve: PortfolioFigures[] = [];
  for (let k = 0; k < points; k++) {
    const target = k === 0 ? lowestReturn : lowestReturn + ((highest.value - lowestReturn) * k) / (points - 1);
    const solved = k === 0 ? lowest : efficientReturn(problem, target);
    curve.push(figures(prepared, solved.weights));
  }

  const result: FrontierResult = {
    points: curve,
    min_volatility: figures(prepared, lowest.weights),
    risk_free_rate: riskFreeRate,
    observations: estimates.observations,
    from: estimates.from,
    to: estimates.to,
    warnings,
  };
  if (Math.max(...problem.expectedReturns) > riskFreeRate) {
    try {
      result.max_sharpe = figures(prepared, maxSharpe(problem, riskFreeRate).weights);
    } catch (error) {
      if (!(error instanceof AnalyticsInputError)) throw error;
      warnings.push(`No maximum-Sharpe portfolio: ${error.message}`);
    }
  }
  if (request.portfolio) {
    const entries = requireWeights(request.portfolio);
    for (const [ticker] of entries) {
      if (!estimates.tickers.includes(ticker)) {
        throw new AnalyticsInputError(`The portfolio holds ${ticker}, which is not among the frontier's tickers.`, 'portfolio');
      }
    }
    const weights = estimates.tickers.map((ticker) => request.portfolio![ticker] ?? 0);
    result.portfolio = figures(prepared, weights);
  }
  return result;
}
