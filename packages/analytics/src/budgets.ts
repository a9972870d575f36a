import { AnalyticsInputError } from './errors.js';

/**
 * Compute budgets: what a request costs and the most the package accepts, so the API can refuse a
 * request above them with a 422 before loading any price. The analyses check them again themselves.
 */
export const LIMITS = {
  /** Tickers in one analysis. */
  maxAssets: 100,
  maxFrontierPoints: 200,
  /** points × assets² (each point is one QP over the assets). */
  maxFrontierCost: 200 * 50 * 50,
  maxMonteCarloPaths: 100_000,
  maxMonteCarloHorizonDays: 2_520,
  /** paths × simulated steps × assets² (see monteCarloCost). */
  maxMonteCarloCost: 4_000_000_000,
} as const;

/**
 * paths × steps × assets², steps being the simulated steps (min(horizon, 100): the simulation jumps
 * exactly from one reported day to the next) and assets counted twice because each step multiplies
 * the draws by an assets × assets Cholesky factor. 10,000 × 252 days × 20 assets costs 4·10⁸.
 */
export function monteCarloCost(request: { paths: number; horizon_days: number; assets: number }): number {
  return request.paths * Math.min(request.horizon_days, 100) * request.assets * request.assets;
}

/** points × assets². A 50-point frontier of 20 assets costs 20,000. */
export function frontierCost(request: { points: number; assets: number }): number {
  return request.points * request.assets * request.assets;
}

export function checkAssetCount(assets: number): void {
  if (assets > LIMITS.maxAssets) {
    throw new AnalyticsInputError(
      `An analysis takes at most ${LIMITS.maxAssets} tickers; this one names ${assets}.`,
      'tickers',
    );
  }
}

export function checkMonteCarloBudget(request: { paths: number; horizon_days: number; assets: number }): void {
  checkAssetCount(request.assets);
  const cost = monteCarloCost(request);
  if (cost > LIMITS.maxMonteCarloCost) {
    throw new AnalyticsInputError(
      `This simulation would cost ${cost.toExponential(2)} (paths × min(horizon_days, 100) × tickers²), above ` +
        `the limit of ${LIMITS.maxMonteCarloCost.toExponential(2)}; use fewer paths or tickers.`,
      'paths',
    );
  }
}

export function checkFrontierBudget(request: { points: number; assets: number }): void {
  checkAssetCount(request.assets);
  const cost = frontierCost(request);
  if (cost > LIMITS.maxFrontierCost) {
    throw new AnalyticsInputError(
      `This frontier would cost ${cost} (points × tickers²), above the limit of ${LIMITS.maxFrontierCost}; ` +
        'ask for fewer points or tickers.',
      'points',
    );
  }
}
