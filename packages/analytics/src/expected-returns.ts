import type { ReturnTable } from './returns.js';

export const TRADING_DAYS = 252;

export interface MeanHistoricalOptions {
  /** Geometric (default, PyPortfolioOpt ≥ 1.2) or arithmetic annualisation. */
  compounding?: boolean;
  frequency?: number;
}

/**
 * PyPortfolioOpt's `mean_historical_return`, per ticker over its own returns (n of them):
 * `(Π(1 + r))^(frequency / n) − 1`, or `mean(r) × frequency` without compounding.
 */
export function meanHistoricalReturn(returns: ReturnTable, options: MeanHistoricalOptions = {}): number[] {
  const { compounding = true, frequency = TRADING_DAYS } = options;
  return returns.columns.map((column) => {
    let count = 0;
    let sum = 0;
    let logGrowth = 0;
    for (const value of column) {
      if (Number.isNaN(value)) continue;
      count++;
      sum += value;
      logGrowth += Math.log1p(value);
    }
    if (count === 0) return Number.NaN;
    return compounding ? Math.expm1((logGrowth * frequency) / count) : (sum / count) * frequency;
  });
}
