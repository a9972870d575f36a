import { requireInteger, requireNumber } from './checks.js';
import { AnalyticsInputError } from './errors.js';
import { TRADING_DAYS } from './expected-returns.js';
import { normalDensity, normalQuantile } from './normal.js';
import type { PriceTable } from './price-table.js';
import { portfolioReturns } from './portfolio-returns.js';
import { covariance, maxDrawdown, mean, quantileOfSorted, variance } from './statistics.js';

export const CONFIDENCE_RANGE = [0.9, 0.999] as const;
export const MAX_RISK_HORIZON_DAYS = 2_520;

export interface RiskRequest {
  prices: PriceTable;
  /** Effective weights by ticker; what they leave below 1 is cash at 0 %. */
  weights: Record<string, number>;
  /** 0.9–0.999, default 0.95. */
  confidence?: number;
  /** Default 1; VaR and CVaR scale by √h. */
  horizon_days?: number;
  /** A ticker in `prices` to measure beta and correlation against. */
  benchmark?: string;
  risk_free_rate?: number;
}

export interface ValueAtRisk {
  var: number;
  cvar: number;
}

export interface RiskResult {
  /** Positive loss fractions over the horizon. */
  historical: ValueAtRisk;
  parametric: ValueAtRisk;
  annual_return: number;
  annual_volatility: number;
  sharpe: number;
  max_drawdown: number;
  beta?: number;
  correlation?: number;
  confidence: number;
  horizon_days: number;
  risk_free_rate: number;
  /** Dates on which every held ticker has a return. */
  observations: number;
  from: string;
  to: string;
}

/**
 * Historical: VaR = −q, q the (1 − c) quantile of daily returns (numpy's linear interpolation),
 * CVaR = −mean of the returns ≤ q, both × √h. Parametric (normal, daily mean μ and sample sd σ):
 * VaR = −(μh + σ√h·Φ⁻¹(1 − c)), CVaR = −(μh − σ√h·φ(Φ⁻¹(1 − c)) / (1 − c)).
 */
export function valueAtRisk(returns: Float64Array, confidence: number, horizonDays: number): { historical: ValueAtRisk; parametric: ValueAtRisk } {
  const sorted = Float64Array.from(returns).sort();
  const alpha = 1 - confidence;
  const cutoff = quantileOfSorted(sorted, alpha);
  let tailSum = 0;
  let tailCount = 0;
  for (const value of sorted) {
    if (value > cutoff) break;
    tailSum += value;
    tailCount++;
  }
  const root = Math.sqrt(horizonDays);
  const mu = mean(returns);
  const sigma = Math.sqrt(variance(returns));
  const z = normalQuantile(alpha);
  return {
    historical: { var: -cutoff * root, cvar: (-tailSum / tailCount) * root },
    parametric: {
      var: -(mu * horizonDays + sigma * root * z),
      cvar: -(mu * horizonDays - (sigma * root * normalDensity(z)) / alpha),
    },
  };
}

/** VaR/CVaR, annual figures, drawdown and (with a benchmark) beta and correlation of a constant-weight portfolio. */
export function risk(request: RiskRequest): RiskResult {
  const confidence = requireNumber(request.confidence ?? 0.95, 'confidence', ...CONFIDENCE_RANGE);
  const horizonDays = requireInteger(request.horizon_days ?? 1, 'horizon_days', 1, MAX_RISK_HORIZON_DAYS);
  const riskFreeRate = requireNumber(request.risk_free_rate ?? 0, 'risk_free_rate');
  const portfolio = portfolioReturns(request.prices, request.weights);
  const { returns } = portfolio;
  const count = returns.length;

  const annualVolatility = Math.sqrt(variance(returns) * TRADING_DAYS);
  let logGrowth = 0;
  for (const value of returns) logGrowth += Math.log1p(value);
  const annualReturn = Math.expm1((logGrowth * TRADING_DAYS) / count);

  const result: RiskResult = {
    ...valueAtRisk(returns, confidence, horizonDays),
    annual_return: annualReturn,
    annual_volatility: annualVolatility,
    sharpe: (annualReturn - riskFreeRate) / annualVolatility,
    max_drawdown: maxDrawdown(returns),
    confidence,
    horizon_days: horizonDays,
    risk_free_rate: riskFreeRate,
    observations: count,
    from: portfolio.from,
    to: portfolio.to,
  };

  if (request.benchmark !== undefined) {
    const benchmark = request.benchmark;
    if (!request.prices.tickers.includes(benchmark)) {
      throw new AnalyticsInputError(`There are no prices for the benchmark ${benchmark} in the window.`, 'benchmark');
    }
    // Same periods for both series: returns on the union of the portfolio's and the benchmark's dates.
    const joint = portfolioReturns(request.prices, request.weights, [benchmark]);
    const benchmarkReturns = joint.assetReturns[joint.columns.indexOf(benchmark)]!;
    const benchmarkVariance = variance(benchmarkReturns);
    const jointCovariance = covariance(joint.returns, benchmarkReturns);
    result.beta = jointCovariance / benchmarkVariance;
    result.correlation = jointCovariance / Math.sqrt(variance(joint.returns) * benchmarkVariance);
  }
  return result;
}
