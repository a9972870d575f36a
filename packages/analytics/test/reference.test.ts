// Figures from pandas, numpy, scipy, scikit-learn and cvxopt, produced by reference/make_reference.py
// (run with Debian's /usr/bin/python3) and committed as reference/reference.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  frontier,
  ledoitWolf,
  meanHistoricalReturn,
  normalDensity,
  normalQuantile,
  optimize,
  risk,
  riskMatrix,
  sampleCovariance,
  simpleReturns,
} from '../src/index.js';
import { rowsAsMatrix } from '../src/returns.js';
import { expectAllClose } from './close-to.js';
import { stockPrices } from './stock-prices.js';

interface Reference {
  mean_historical: { compounding: number[]; arithmetic: number[] };
  sample_cov: number[][];
  ledoit_wolf_complete_rows: { rows: number; shrinkage: number; matrix: number[][] };
  ledoit_wolf_zero_filled: { shrinkage: number; matrix: number[][] };
  risk: {
    weights: Record<string, number>;
    benchmark: string;
    from: string;
    to: string;
    observations: number;
    cases: { confidence: number; horizon_days: number; historical: { var: number; cvar: number }; parametric: { var: number; cvar: number } }[];
    max_drawdown: number;
    annual_return: number;
    annual_volatility: number;
    beta: number;
    correlation: number;
  };
  normal_ppf: [number, number][];
  normal_pdf: [number, number][];
  frontier_cvxopt: { target_return: number; volatility: number }[];
}

const reference = JSON.parse(readFileSync(new URL('./reference/reference.json', import.meta.url), 'utf8')) as Reference;
const prices = stockPrices();
const returns = simpleReturns(prices);

describe('expected returns and sample covariance (pandas)', () => {
  it('mean_historical_return, both ways, to 1e-12 (PyPortfolioOpt asks 1e-7)', () => {
    expectAllClose(meanHistoricalReturn(returns), reference.mean_historical.compounding, 1e-12);
    expectAllClose(meanHistoricalReturn(returns, { compounding: false }), reference.mean_historical.arithmetic, 1e-12);
  });

  it('pairwise-complete sample covariance = pandas DataFrame.cov() × 252', () => {
    expectAllClose(sampleCovariance(returns).flat(), reference.sample_cov.flat(), 1e-10);
  });
});

describe('Ledoit–Wolf (scikit-learn covariance.ledoit_wolf)', () => {
  it('on the dates where every ticker has a return: the risk model', () => {
    const expected = reference.ledoit_wolf_complete_rows;
    const model = riskMatrix(returns, 'ledoit_wolf');
    expect(model.shrinkage).toBeCloseTo(expected.shrinkage, 12);
    expectAllClose(model.matrix.flat(), expected.matrix.flat(), 1e-10);
  });

  it("on PyPortfolioOpt's zero-filled returns: the same routine gives its figure", () => {
    const zeroFilled = rowsAsMatrix(returns, returns.dates.map((_, row) => row)).map((row) => row.map((value) => (Number.isNaN(value) ? 0 : value)));
    const { matrix, shrinkage } = ledoitWolf(zeroFilled);
    expect(shrinkage).toBeCloseTo(reference.ledoit_wolf_zero_filled.shrinkage, 12);
    expectAllClose(matrix.flat(), reference.ledoit_wolf_zero_filled.matrix.flat(), 1e-10);
  });
});

describe('portfolio risk (numpy quantile, scipy norm, pandas cummax, scipy linregress/pearsonr)', () => {
  const expected = reference.risk;
  const from = prices.dates.findIndex((date) => date >= expected.from);
  const window = { ...prices, dates: prices.dates.slice(from), prices: prices.prices.slice(from) };

  it.each(expected.cases)('VaR and CVaR at $confidence over $horizon_days day(s)', (figures) => {
    const result = risk({ prices: window, weights: expected.weights, confidence: figures.confidence, horizon_days: figures.horizon_days });
    expect(result.observations).toBe(expected.observations);
    expectAllClose([result.historical.var, result.historical.cvar], [figures.historical.var, figures.historical.cvar], 1e-10);
    expectAllClose([result.parametric.var, result.parametric.cvar], [figures.parametric.var, figures.parametric.cvar], 1e-10);
  });

  it('drawdown, annual figures, beta and correlation against a benchmark', () => {
    const result = risk({ prices: window, weights: expected.weights, benchmark: expected.benchmark, risk_free_rate: 0.02 });
    expectAllClose(
      [result.max_drawdown, result.annual_return, result.annual_volatility, result.beta!, result.correlation!],
      [expected.max_drawdown, expected.annual_return, expected.annual_volatility, expected.beta, expected.correlation],
      1e-10,
    );
    expect(result.sharpe).toBeCloseTo((expected.annual_return - 0.02) / expected.annual_volatility, 12);
  });
});

describe('normal distribution (scipy.stats.norm)', () => {
  it('Φ⁻¹ (AS241) to 1e-9 and better, from 1e-12 to 1 − 1e-6', () => {
    for (const [p, z] of reference.normal_ppf) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-9 * Math.max(1, Math.abs(z)));
  });

  it('φ', () => {
    for (const [x, density] of reference.normal_pdf) expect(normalDensity(x)).toBeCloseTo(density, 15);
  });
});

describe('efficient frontier (cvxopt.solvers.qp)', () => {
  it('efficient_return has the least volatility cvxopt finds for each return', () => {
    for (const { target_return, volatility } of reference.frontier_cvxopt) {
      const result = optimize({ prices, tickers: prices.tickers, objective: 'efficient_return', target_return });
      expectAllClose([result.expected_return, result.volatility], [target_return, volatility], 1e-8);
    }
  });

  it('runs from the minimum-volatility portfolio to the highest return, each point efficient', () => {
    const result = frontier({ prices, tickers: prices.tickers, points: 50, risk_free_rate: 0.02 });
    expect(result.points).toHaveLength(50);
    expect(result.points[0]!.volatility).toBeCloseTo(result.min_volatility.volatility, 12);
    expect(result.points.at(-1)!.expected_return).toBeCloseTo(Math.max(...reference.mean_historical.compounding), 12);
    for (let k = 1; k < result.points.length; k++) {
      expect(result.points[k]!.expected_return).toBeGreaterThan(result.points[k - 1]!.expected_return);
      expect(result.points[k]!.volatility).toBeGreaterThan(result.points[k - 1]!.volatility);
    }
    const sharpest = Math.max(...result.points.map((point) => point.sharpe));
    expect(result.max_sharpe!.sharpe).toBeGreaterThanOrEqual(sharpest - 1e-12);
    expectAllClose([result.max_sharpe!.expected_return, result.max_sharpe!.volatility], [0.3047768672819914, 0.22165566922402932], 1e-6);
  });

  it("places a given portfolio (cash counted at 0 %) beside the curve", () => {
    const result = frontier({ prices, tickers: prices.tickers, points: 5, portfolio: { AAPL: 0.5, MA: 0.3 } });
    const mu = reference.mean_historical.compounding;
    const index = (ticker: string) => prices.tickers.indexOf(ticker);
    expect(result.portfolio!.expected_return).toBeCloseTo(0.5 * mu[index('AAPL')]! + 0.3 * mu[index('MA')]!, 12);
    const cov = reference.sample_cov;
    const variance = 0.25 * cov[index('AAPL')]![index('AAPL')]! + 0.09 * cov[index('MA')]![index('MA')]! + 0.3 * cov[index('AAPL')]![index('MA')]!;
    expect(result.portfolio!.volatility).toBeCloseTo(Math.sqrt(variance), 12);
  });
});
