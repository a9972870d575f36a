import { describe, expect, it } from 'vitest';
import {
  AnalyticsInputError,
  frontier,
  frontierCost,
  LIMITS,
  monteCarlo,
  optimize,
  rebalance,
  risk,
  runAnalysisTask,
  type PriceTable,
} from '../src/index.js';

/** Three tickers over 60 business-like days with prices from a fixed recurrence (no randomness). */
function syntheticPrices(): PriceTable {
  const tickers = ['AAA', 'BBB', 'CCC'];
  const dates: string[] = [];
  const prices: (number | null)[][] = [];
  const level = [100, 50, 20];
  for (let day = 0; day < 60; day++) {
    dates.push(new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10));
    level.forEach((value, i) => (level[i] = value * (1 + 0.01 * Math.sin(day * (i + 1) * 0.7) + 0.002 * (i + 1))));
    prices.push([...level]);
  }
  return { tickers, dates, prices };
}

const prices = syntheticPrices();
const tickers = prices.tickers;

function inputError(run: () => unknown): AnalyticsInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof AnalyticsInputError) return error;
    throw error;
  }
  throw new Error('expected an AnalyticsInputError');
}

describe('bad input is an AnalyticsInputError that names its cause', () => {
  it('a ticker with no prices in the window', () => {
    expect(inputError(() => optimize({ prices, tickers: ['AAA', 'ZZZ'], objective: 'min_volatility' })).message).toBe(
      'There are no prices for ZZZ in the window.',
    );
  });

  it('no tickers, a ticker named twice, more tickers than the limit', () => {
    expect(inputError(() => optimize({ prices, tickers: [], objective: 'min_volatility' })).message).toBe('Name at least one ticker.');
    expect(inputError(() => optimize({ prices, tickers: ['AAA', 'AAA'], objective: 'min_volatility' })).message).toBe('Ticker AAA is named twice.');
    const many = Array.from({ length: 101 }, (_, i) => `T${i}`);
    expect(inputError(() => optimize({ prices, tickers: many, objective: 'min_volatility' })).message).toBe(
      'An analysis takes at most 100 tickers; this one names 101.',
    );
  });

  it('a ticker with a single price', () => {
    const lonely = { ...prices, prices: prices.prices.map((row, i) => [row[0]!, row[1]!, i === 5 ? 3 : null]) };
    expect(inputError(() => optimize({ prices: lonely, tickers, objective: 'min_volatility' })).message).toMatch(/^CCC has no daily return in the window/);
  });

  it('too few dates on which every ticker has a return', () => {
    const disjoint = { ...prices, prices: prices.prices.map((row, i) => [row[0]!, i < 30 ? row[1]! : null, i >= 30 ? row[2]! : null]) };
    const error = inputError(() => optimize({ prices: disjoint, tickers, objective: 'min_volatility' }));
    expect(error.message).toMatch(/have 0 dates on which all of them have a daily return/);
  });

  it('NaN, zero or negative prices, and dates out of order', () => {
    const withNaN = { ...prices, prices: prices.prices.map((row, i) => (i === 7 ? [row[0]!, Number.NaN, row[2]!] : row)) };
    expect(inputError(() => optimize({ prices: withNaN, tickers, objective: 'min_volatility' })).message).toBe(
      `The price of BBB on ${prices.dates[7]} is NaN; prices must be finite and above zero.`,
    );
    const swapped = { ...prices, dates: [prices.dates[1]!, prices.dates[0]!, ...prices.dates.slice(2)] };
    expect(inputError(() => risk({ prices: swapped, weights: { AAA: 1 } })).message).toMatch(/ascending/);
    expect(inputError(() => risk({ prices, weights: { AAA: Number.NaN } })).path).toBe('weights.AAA');
  });

  it('weight bounds no fully invested portfolio meets, and unknown objectives', () => {
    expect(inputError(() => optimize({ prices, tickers, objective: 'min_volatility', weight_bounds: [0.5, 1] })).message).toMatch(
      /cannot make 3 weights sum to 1 \(they allow sums from 1.5 to 3\)/,
    );
    expect(inputError(() => optimize({ prices, tickers, objective: 'max_alpha' as never })).path).toBe('objective');
    expect(inputError(() => optimize({ prices, tickers, objective: 'efficient_risk' })).message).toBe('efficient_risk needs target_volatility.');
    expect(inputError(() => optimize({ prices, tickers, objective: 'max_quadratic_utility', risk_aversion: 0 })).path).toBe('risk_aversion');
  });

  it('a risk-free rate above every expected return makes max_sharpe impossible', () => {
    expect(inputError(() => optimize({ prices, tickers, objective: 'max_sharpe', risk_free_rate: 50 })).message).toMatch(
      /at least one ticker whose expected return .* is above risk_free_rate 50/,
    );
  });

  it('frontier limits: points, unbounded returns, compute budget', () => {
    expect(inputError(() => frontier({ prices, tickers, points: 201 })).path).toBe('points');
    expect(inputError(() => frontier({ prices, tickers, points: 10, weight_bounds: [null, null] })).message).toMatch(/bound the weights/);
    const many = Array.from({ length: 60 }, (_, i) => `T${i}`);
    expect(frontierCost({ points: 200, assets: 60 })).toBeGreaterThan(LIMITS.maxFrontierCost);
    expect(inputError(() => frontier({ prices, tickers: many, points: 200 })).message).toMatch(/above the limit of 500000/);
  });

  it('a benchmark without prices, a risk confidence out of range, a rebalance withdrawal too large', () => {
    expect(inputError(() => risk({ prices, weights: { AAA: 1 }, benchmark: 'SPY' })).path).toBe('benchmark');
    expect(inputError(() => risk({ prices, weights: { AAA: 1 }, confidence: 0.5 })).message).toBe(
      'confidence must be between 0.9 and 0.999 (got 0.5).',
    );
    expect(inputError(() => monteCarlo({ prices, weights: { AAA: 0 }, paths: 10, horizon_days: 5, seed: 1 })).message).toMatch(/Every weight is 0/);
    expect(inputError(() => rebalance({ holdings: [{ ticker: 'AAA', shares: 1, price: 10 }], targets: {}, cash: -11 })).path).toBe('cash');
  });
});

describe('runAnalysisTask (the worker entry point)', () => {
  it('answers plain, cloneable data', () => {
    const outcome = runAnalysisTask({ kind: 'optimize', request: { prices, tickers, objective: 'min_volatility' } });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(structuredClone(outcome)).toEqual(outcome);
    expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome);
    expect(outcome.result).toMatchObject({ from: prices.dates[0], to: prices.dates.at(-1), observations: 59 });
    const simulated = runAnalysisTask({ kind: 'monte_carlo', request: { prices, weights: { AAA: 0.5, BBB: 0.5 }, paths: 50, horizon_days: 10, seed: 4 } });
    expect(JSON.parse(JSON.stringify(simulated))).toEqual(simulated);
  });

  it('returns input errors as data, since an Error subclass does not survive a worker boundary', () => {
    expect(runAnalysisTask({ kind: 'risk', request: { prices, weights: { AAA: 1 }, horizon_days: 0 } })).toEqual({
      ok: false,
      error: { message: 'horizon_days must be between 1 and 2520 (got 0).', path: 'horizon_days' },
    });
  });
});
