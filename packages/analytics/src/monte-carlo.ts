import { checkMonteCarloBudget } from './budgets.js';
import { requireInteger, requireNumber } from './checks.js';
import { covarianceFactor } from './linear-algebra.js';
import type { PriceTable } from './price-table.js';
import { portfolioReturns } from './portfolio-returns.js';
import { NormalGenerator } from './random.js';
import { covariance, mean, quantilesInPlace } from './statistics.js';

export const MAX_MONTE_CARLO_PATHS = 100_000;
export const MAX_MONTE_CARLO_HORIZON_DAYS = 2_520;
/** Percentile bands are reported (and the simulation steps) at most this many times. */
export const MAX_BAND_STEPS = 100;

const BAND_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95];
const TERMINAL_LEVELS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

export interface MonteCarloRequest {
  prices: PriceTable;
  /** Effective weights by ticker, bought and held; what they leave below 1 is cash at 0 %. */
  weights: Record<string, number>;
  paths: number;
  horizon_days: number;
  /** Any integer 0 … 2⁵³ − 1; the same inputs and seed give the same answer. */
  seed: number;
  /** Default 1 (figures are then growth multiples). */
  initial_value?: number;
}

export interface Percentiles {
  p1: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

export interface Band {
  day: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export interface MonteCarloResult {
  terminal: Percentiles & { mean: number };
  /** E[V_T] of the model itself, V₀·(cash + Σ wᵢ·exp(T·(mᵢ + Σᵢᵢ/2))): what `terminal.mean` estimates. */
  expected_terminal_value: number;
  probability_of_loss: number;
  bands: Band[];
  paths: number;
  horizon_days: number;
  seed: number;
  initial_value: number;
  /** Dates on which every held ticker has a return (the estimation sample). */
  observations: number;
  from: string;
  to: string;
  /** `cholesky`, or `eigen` when the covariance is singular and has no Cholesky factor. */
  factorization: 'cholesky' | 'eigen';
}

/** The days at which bands are reported: every day up to 100 days, else 100 evenly spread days ending at the horizon. */
export function bandDays(horizonDays: number): number[] {
  const steps = Math.min(horizonDays, MAX_BAND_STEPS);
  return Array.from({ length: steps }, (_, k) => Math.round(((k + 1) * horizonDays) / steps));
}

/**
 * Correlated geometric Brownian motion, buy-and-hold. Daily log-returns are N(m, Σ), estimated (mean,
 * sample covariance) on the window's dates where every held ticker has a return. Between two reported
 * days Δ apart the simulation takes one step N(Δm, ΔΣ) — the exact law of the sum of Δ independent
 * daily draws — so the paths at the reported days have exactly the daily model's distribution.
 */
export function monteCarlo(request: MonteCarloRequest): MonteCarloResult {
  const paths = requireInteger(request.paths, 'paths', 1, MAX_MONTE_CARLO_PATHS);
  const horizonDays = requireInteger(request.horizon_days, 'horizon_days', 1, MAX_MONTE_CARLO_HORIZON_DAYS);
  const seed = requireInteger(request.seed, 'seed', 0, Number.MAX_SAFE_INTEGER);
  const initialValue = requireNumber(request.initial_value ?? 1, 'initial_value', Number.MIN_VALUE);
  const portfolio = portfolioReturns(request.prices, request.weights);
  const assets = portfolio.tickers.length;
  checkMonteCarloBudget({ paths, horizon_days: horizonDays, assets });

  const logReturns = portfolio.assetReturns.map((column) => column.map(Math.log1p));
  const drift = logReturns.map((column) => mean(column));
  const sigma = logReturns.map((x) => logReturns.map((y) => covariance(x, y)));
  const { factor, method } = covarianceFactor(sigma);
  const flatFactor = Float64Array.from(factor.flat());
  const weights = Float64Array.from(portfolio.weights);
  const cash = 1 - portfolio.weights.reduce((sum, weight) => sum + weight, 0);

  const days = bandDays(horizonDays);
  const state = new Float64Array(paths * assets); // cumulative log-return of each asset on each path
  const values = new Float64Array(paths);
  const draws = new Float64Array(paths * assets);
  const dailyDrift = Float64Array.from(drift);
  const generator = new NormalGenerator(seed);
  // A Cholesky factor is lower triangular: row i needs columns 0…i only.
  const rowEnd = Int32Array.from({ length: assets }, (_, i) => (method === 'cholesky' ? i + 1 : assets));
  const bands: Band[] = [];
  let previousDay = 0;
  const stepDrift = new Float64Array(assets);
  const stepFactor = new Float64Array(flatFactor.length);
  for (const day of days) {
    const span = day - previousDay;
    previousDay = day;
    // This step's law is N(span·m, span·Σ): scale the drift by span and the factor by √span once.
    const root = Math.sqrt(span);
    for (let i = 0; i < assets; i++) stepDrift[i] = dailyDrift[i]! * span;
    for (let e = 0; e < flatFactor.length; e++) stepFactor[e] = flatFactor[e]! * root;
    generator.fill(draws);
    for (let path = 0; path < paths; path++) {
      const offset = path * assets;
      let value = cash;
      for (let i = 0; i < assets; i++) {
        let shock = stepDrift[i]!;
        const row = i * assets;
        const end = rowEnd[i]!;
        for (let j = 0; j < end; j++) shock += stepFactor[row + j]! * draws[offset + j]!;
        const level = (state[offset + i]! += shock);
        value += weights[i]! * Math.exp(level);
      }
      values[path] = value * initialValue;
    }
    if (day === horizonDays) break; // the terminal figures below take the last step's quantiles
    const [p5, p25, p50, p75, p95] = quantilesInPlace(values, BAND_LEVELS) as [number, number, number, number, number];
    bands.push({ day, p5, p25, p50, p75, p95 });
  }

  let losses = 0;
  for (const value of values) if (value < initialValue) losses++;
  const terminalMean = mean(values);
  const [p1, p5, p25, p50, p75, p95, p99] = quantilesInPlace(values, TERMINAL_LEVELS) as [
    number, number, number, number, number, number, number,
  ];
  bands.push({ day: horizonDays, p5, p25, p50, p75, p95 });
  let growth = cash;
  for (let i = 0; i < assets; i++) growth += weights[i]! * Math.exp(horizonDays * (drift[i]! + sigma[i]![i]! / 2));
  return {
    terminal: { mean: terminalMean, p1, p5, p25, p50, p75, p95, p99 },
    expected_terminal_value: initialValue * growth,
    probability_of_loss: losses / paths,
    bands,
    paths,
    horizon_days: horizonDays,
    seed,
    initial_value: initialValue,
    observations: portfolio.returns.length,
    from: portfolio.from,
    to: portfolio.to,
    factorization: method,
  };
}
