import { describe, expect, it } from 'vitest';
import { AnalyticsInputError, bandDays, monteCarlo, monteCarloCost, LIMITS } from '../src/index.js';
import { stockPrices } from './stock-prices.js';

const all = stockPrices();
const from = all.dates.indexOf('2013-01-02');
const prices = { ...all, dates: all.dates.slice(from), prices: all.prices.slice(from) };
const weights = { AAPL: 0.3, JPM: 0.3, XOM: 0.2, PFE: 0.1 }; // 10 % cash

describe('Monte Carlo (correlated GBM, buy and hold)', () => {
  it('same inputs and seed give the same answer; another seed another one', () => {
    const request = { prices, weights, paths: 2_000, horizon_days: 252, seed: 7, initial_value: 10_000 };
    const first = monteCarlo(request);
    expect(monteCarlo(request)).toEqual(first);
    expect(monteCarlo({ ...request, seed: 8 }).terminal.mean).not.toBe(first.terminal.mean);
  });

  // Over five years the convexity term exp(T·Σᵢᵢ/2) alone moves the mean by ~10 %: a wrong drift or
  // variance could not hide inside the 1 %. Two tickers and cash keep the test quick.
  it.each([1, 99, 2 ** 40 + 17])('mean terminal value within 1 percent of the closed form at 100,000 paths, seed %s', (seed) => {
    const pair = { AAPL: 0.5, XOM: 0.4 };
    const result = monteCarlo({ prices, weights: pair, paths: 100_000, horizon_days: 1_260, seed, initial_value: 10_000 });
    expect(Math.abs(result.terminal.mean / result.expected_terminal_value - 1)).toBeLessThan(0.01);
  });

  it('reports ordered percentiles, a loss probability and at most 100 bands ending at the horizon', () => {
    const result = monteCarlo({ prices, weights, paths: 5_000, horizon_days: 1_000, seed: 1, initial_value: 100 });
    const { p1, p5, p25, p50, p75, p95, p99 } = result.terminal;
    expect([p1, p5, p25, p50, p75, p95, p99]).toEqual([p1, p5, p25, p50, p75, p95, p99].sort((a, b) => a - b));
    expect(result.probability_of_loss).toBeGreaterThan(0);
    expect(result.probability_of_loss).toBeLessThan(1);
    expect(result.bands).toHaveLength(100);
    expect(result.bands.at(-1)).toMatchObject({ day: 1_000, p5: p5, p50: p50, p95: p95 });
    expect(result.factorization).toBe('cholesky');
    expect(bandDays(30)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('a singular covariance (the same ticker twice) simulates through the eigen factor, no crash', () => {
    const twin = {
      tickers: [...prices.tickers, 'AAPL2'],
      dates: prices.dates,
      prices: prices.prices.map((row) => [...row, row[prices.tickers.indexOf('AAPL')]!]),
    };
    const result = monteCarlo({ prices: twin, weights: { AAPL: 0.5, AAPL2: 0.5 }, paths: 20_000, horizon_days: 20, seed: 3 });
    expect(result.factorization).toBe('eigen');
    expect(Math.abs(result.terminal.mean / result.expected_terminal_value - 1)).toBeLessThan(0.01);
    const alone = monteCarlo({ prices, weights: { AAPL: 1 }, paths: 20_000, horizon_days: 20, seed: 3 });
    expect(result.expected_terminal_value).toBeCloseTo(alone.expected_terminal_value, 12);
  });

  it('refuses requests over the limits before simulating', () => {
    expect(() => monteCarlo({ prices, weights, paths: 100_001, horizon_days: 10, seed: 1 })).toThrow(/paths must be between 1 and 100000/);
    expect(() => monteCarlo({ prices, weights, paths: 10, horizon_days: 2_521, seed: 1 })).toThrow(AnalyticsInputError);
    expect(() => monteCarlo({ prices, weights, paths: 10, horizon_days: 10, seed: 1.5 })).toThrow(/whole number/);
    expect(monteCarloCost({ paths: 10_000, horizon_days: 252, assets: 20 })).toBe(4e8);
    expect(monteCarloCost({ paths: 100_000, horizon_days: 252, assets: 20 })).toBeLessThanOrEqual(LIMITS.maxMonteCarloCost);
  });
});
