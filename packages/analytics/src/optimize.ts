import { requireNumber, requireWeightBounds } from './checks.js';
import { AnalyticsInputError, formatNumber } from './errors.js';
import { estimate, type Estimates } from './estimate.js';
import {
  checkWeightBounds,
  DEFAULT_WEIGHT_BOUNDS,
  efficientReturn,
  efficientRisk,
  maxQuadraticUtility,
  maxSharpe,
  minVolatility,
  performance,
  type MeanVarianceProblem,
  type Solved,
  type WeightBounds,
} from './mean-variance.js';
import type { PriceTable } from './price-table.js';
import type { RiskModel } from './risk-models.js';

export const OBJECTIVES = [
  'min_volatility',
  'max_sharpe',
  'efficient_risk',
  'efficient_return',
  'max_quadratic_utility',
] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** What every optimiser-based analysis shares (PyPortfolioOpt's `EfficientFrontier` arguments). */
export interface MeanVarianceOptions {
  /** The window's prices of (at least) the tickers. */
  prices: PriceTable;
  tickers: string[];
  /** Default `[0, 1]`; `null` = unbounded on that side; a negative lower bound allows shorting. */
  weight_bounds?: WeightBounds;
  /** γ of `L2_reg` (default 0). */
  l2_gamma?: number;
  risk_model?: RiskModel;
  /** Annual, as the expected returns (default 0, as PyPortfolioOpt ≥ 1.5.6). */
  risk_free_rate?: number;
  compounding?: boolean;
}

export interface OptimizeRequest extends MeanVarianceOptions {
  objective: Objective;
  target_volatility?: number;
  target_return?: number;
  /** δ of `max_quadratic_utility` (default 1). */
  risk_aversion?: number;
}

export interface PortfolioFigures {
  weights: Record<string, number>;
  expected_return: number;
  volatility: number;
  sharpe: number;
}

export interface OptimizeResult extends PortfolioFigures {
  objective: Objective;
  risk_model: RiskModel;
  risk_free_rate: number;
  /** Dates in the window on which every ticker has a return. */
  observations: number;
  from: string;
  to: string;
  /** Sentences about what was adjusted (a repaired covariance, a target past the reachable range…). */
  warnings: string[];
}

export interface PreparedProblem {
  estimates: Estimates;
  problem: MeanVarianceProblem;
  riskFreeRate: number;
}

/** Validates the shared options and estimates μ and Σ. */
export function prepareMeanVariance(options: MeanVarianceOptions): PreparedProblem {
  const bounds = requireWeightBounds(options.weight_bounds ?? DEFAULT_WEIGHT_BOUNDS);
  const l2Gamma = requireNumber(options.l2_gamma ?? 0, 'l2_gamma', 0);
  const riskFreeRate = requireNumber(options.risk_free_rate ?? 0, 'risk_free_rate');
  const estimates = estimate(options.prices, options.tickers, options);
  const problem: MeanVarianceProblem = {
    expectedReturns: estimates.expectedReturns,
    covariance: estimates.risk.matrix,
    bounds,
    l2Gamma,
  };
  checkWeightBounds(problem);
  return { estimates, problem, riskFreeRate };
}

export function figures(prepared: PreparedProblem, weights: readonly number[]): PortfolioFigures {
  const { estimates, problem, riskFreeRate } = prepared;
  return {
    weights: Object.fromEntries(estimates.tickers.map((ticker, i) => [ticker, weights[i]!])),
    ...performance(weights, problem.expectedReturns, problem.covariance, riskFreeRate),
  };
}

export function ridgeWarning(solved: Solved): string[] {
  return solved.ridge > 0
    ? [`The covariance matrix is singular; a ridge of ${formatNumber(solved.ridge, 2)} was added to its diagonal for the solver.`]
    : [];
}

function required(value: number | undefined, path: string, objective: Objective): number {
  if (value === undefined) throw new AnalyticsInputError(`${objective} needs ${path}.`, path);
  return requireNumber(value, path);
}

function solve(request: OptimizeRequest, { problem, riskFreeRate }: PreparedProblem): Solved {
  switch (request.objective) {
    case 'min_volatility':
      return minVolatility(problem);
    case 'max_sharpe':
      return maxSharpe(problem, riskFreeRate);
    case 'efficient_risk':
      return efficientRisk(problem, required(request.target_volatility, 'target_volatility', request.objective));
    case 'efficient_return':
      return efficientReturn(problem, required(request.target_return, 'target_return', request.objective));
    case 'max_quadratic_utility':
      return maxQuadraticUtility(problem, requireNumber(request.risk_aversion ?? 1, 'risk_aversion'));
  }
}

/** One mean-variance optimisation, PyPortfolioOpt's conventions (see docs/analytics.md). */
export function optimize(request: OptimizeRequest): OptimizeResult {
  if (!OBJECTIVES.includes(request.objective)) {
    throw new AnalyticsInputError(
      `objective must be one of ${OBJECTIVES.join(', ')} (got ${String(request.objective)}).`,
      'objective',
    );
  }
  const prepared = prepareMeanVariance(request);
  const solved = solve(request, prepared);
  const result = figures(prepared, solved.weights);
  const warnings = [...prepared.estimates.warnings, ...ridgeWarning(solved)];
  if (request.objective === 'efficient_risk' && result.volatility < request.target_volatility! - 1e-6) {
    warnings.push(
      `No portfolio within weight_bounds is as volatile as target_volatility ${formatNumber(request.target_volatility!)}; ` +
        'this is the highest-return portfolio, with lower volatility.',
    );
  }
  if (request.objective === 'efficient_return' && result.expected_return > request.target_return! + 1e-6) {
    warnings.push(
      `target_return ${formatNumber(request.target_return!)} is below the minimum-volatility portfolio's return; ` +
        'this is that portfolio.',
    );
  }
  const { estimates, riskFreeRate } = prepared;
  return {
    objective: request.objective,
    ...result,
    risk_model: estimates.risk.model,
    risk_free_rate: riskFreeRate,
    observations: estimates.observations,
    from: estimates.from,
    to: estimates.to,
    warnings,
  };
}
