// @folio/analytics — pure numerics, no I/O: price tables in, plain serialisable objects out.
// Conventions (PyPortfolioOpt's) and what differs from it: docs/analytics.md.
export { AnalyticsInputError } from './errors.js';
export { validatePriceTable, type PriceTable } from './price-table.js';
export { simpleReturns, type ReturnTable } from './returns.js';
export { meanHistoricalReturn, TRADING_DAYS, type MeanHistoricalOptions } from './expected-returns.js';
export {
  ledoitWolf,
  repairPositiveSemidefinite,
  riskMatrix,
  sampleCovariance,
  RISK_MODELS,
  type PsdRepair,
  type RiskMatrix,
  type RiskModel,
} from './risk-models.js';
export { estimate, MIN_COMMON_OBSERVATIONS, type Estimates, type EstimationOptions } from './estimate.js';
export { EFFICIENT_RISK_TOLERANCE, DEFAULT_WEIGHT_BOUNDS, type WeightBounds } from './mean-variance.js';
export {
  optimize,
  OBJECTIVES,
  type MeanVarianceOptions,
  type Objective,
  type OptimizeRequest,
  type OptimizeResult,
  type PortfolioFigures,
} from './optimize.js';
export { frontier, MAX_FRONTIER_POINTS, type FrontierRequest, type FrontierResult } from './frontier.js';
export { risk, valueAtRisk, CONFIDENCE_RANGE, type RiskRequest, type RiskResult, type ValueAtRisk } from './risk.js';
export {
  monteCarlo,
  bandDays,
  MAX_BAND_STEPS,
  MAX_MONTE_CARLO_HORIZON_DAYS,
  MAX_MONTE_CARLO_PATHS,
  type Band,
  type MonteCarloRequest,
  type MonteCarloResult,
} from './monte-carlo.js';
export { rebalance, type Holding, type RebalanceLine, type RebalanceRequest, type RebalanceResult } from './rebalance.js';
export {
  checkFrontierBudget,
  checkMonteCarloBudget,
  frontierCost,
  LIMITS,
  monteCarloCost,
} from './budgets.js';
export { normalDensity, normalQuantile } from './normal.js';
export { quantile } from './statistics.js';
export { runAnalysisTask, type AnalysisOutcome, type AnalysisResults, type AnalysisTask } from './task.js';
