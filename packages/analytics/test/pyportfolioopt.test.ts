// PyPortfolioOpt's published assertions (tests/test_efficient_frontier.py, test_expected_returns.py,
// test_risk_models.py) reproduced on its own data. Every (return, volatility, Sharpe) tuple is its
// figure with risk_free_rate = 0.02, the rate its tests pass; we assert rtol 1e-6 (its default is 1e-7,
// and its efficient_risk cases use atol 1e-6 because its solver stops near, not at, the target).
import { describe, expect, it } from 'vitest';
import {
  AnalyticsInputError,
  EFFICIENT_RISK_TOLERANCE,
  meanHistoricalReturn,
  optimize,
  repairPositiveSemidefinite,
  riskMatrix,
  sampleCovariance,
  simpleReturns,
  type OptimizeRequest,
  type OptimizeResult,
} from '../src/index.js';
import { maxSharpe, minVolatility, performance } from '../src/mean-variance.js';
import { symmetricEigen } from '../src/linear-algebra.js';
import { expectAllClose } from './close-to.js';
import { stockPrices } from './stock-prices.js';

const prices = stockPrices();
const base = { prices, tickers: prices.tickers, risk_free_rate: 0.02 };
const run = (request: Partial<OptimizeRequest> & Pick<OptimizeRequest, 'objective'>): OptimizeResult =>
  optimize({ ...base, ...request });
const tuple = (result: OptimizeResult) => [result.expected_return, result.volatility, result.sharpe];
const weightsOf = (result: OptimizeResult) => Object.values(result.weights);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('test_efficient_frontier.py', () => {
  const cases: [string, Partial<OptimizeRequest> & Pick<OptimizeRequest, 'objective'>, number[]][] = [
    ['test_min_volatility', { objective: 'min_volatility' }, [0.15056821399482578, 0.15915084514118694, 0.8204054077060996]],
    ['test_min_volatility_short', { objective: 'min_volatility', weight_bounds: [null, null] }, [0.1516319319875544, 0.1555915367269669, 0.8460095886741129]],
    ['test_min_volatility_L2_reg', { objective: 'min_volatility', l2_gamma: 1 }, [0.17356099329164965, 0.1955254118258614, 0.785376140408869]],
    ['test_max_sharpe_long_only', { objective: 'max_sharpe' }, [0.3047768672819914, 0.22165566922402932, 1.2847714127003216]],
    ['test_max_sharpe_short', { objective: 'max_sharpe', weight_bounds: [null, null] }, [0.4937195216716211, 0.29516576454651955, 1.6049270564945908]],
    ['test_max_sharpe_L2_reg', { objective: 'max_sharpe', l2_gamma: 5 }, [0.2516854357026833, 0.22043282695478603, 1.051047790401043]],
    ['test_max_sharpe_L2_reg_with_shorts', { objective: 'max_sharpe', l2_gamma: 1, weight_bounds: [null, null] }, [0.2995338981166366, 0.2234696161770517, 1.2508810052063901]],
    ['test_max_quadratic_utility', { objective: 'max_quadratic_utility', risk_aversion: 2 }, [0.3677732711751504, 0.2921342197778279, 1.1904571516463793]],
    ['test_max_quadratic_utility_with_shorts', { objective: 'max_quadratic_utility', weight_bounds: [-1, 1] }, [1.4170505733098597, 1.0438577623242156, 1.3383533884915872]],
    ['test_max_quadratic_utility_L2_reg', { objective: 'max_quadratic_utility', l2_gamma: 5 }, [0.19774277217586125, 0.2104822672707046, 0.8444548535162986]],
    ['test_efficient_risk', { objective: 'efficient_risk', target_volatility: 0.19 }, [0.2552422849133517, 0.1900000002876062, 1.2381172871434818]],
    ['test_efficient_risk_short', { objective: 'efficient_risk', target_volatility: 0.19, weight_bounds: [-1, 1] }, [0.30035471606347336, 0.1900000003049494, 1.4755511348079207]],
    ['test_efficient_risk_L2_reg', { objective: 'efficient_risk', target_volatility: 0.19, l2_gamma: 5 }, [0.1931352562313653, 0.18999999989010993, 0.9112381912184281]],
    ['test_efficient_return', { objective: 'efficient_return', target_return: 0.25 }, [0.25, 0.18723269942026335, 1.2284179030274036]],
    ['test_efficient_return_short', { objective: 'efficient_return', target_return: 0.25, weight_bounds: [null, null] }, [0.25, 0.17149595234895817, 1.3411395245760582]],
    ['test_efficient_return_L2_reg', { objective: 'efficient_return', target_return: 0.25, l2_gamma: 1 }, [0.25, 0.20961660883459776, 1.0972412981906703]],
  ];
  it.each(cases)('%s', (_name, request, expected) => {
    const result = run(request);
    expectAllClose(tuple(result), expected, 1e-6);
    expect(sum(weightsOf(result))).toBeCloseTo(1, 12);
    if (request.weight_bounds === undefined) expect(Math.min(...weightsOf(result))).toBeGreaterThanOrEqual(0);
    expect(result.risk_free_rate).toBe(0.02);
    // PyPortfolioOpt turns (None, None) into (−1, 1); Folio's null is unbounded. Same optimum here.
    if (request.weight_bounds?.[0] === null) expectAllClose(tuple(run({ ...request, weight_bounds: [-1, 1] })), expected, 1e-6);
  });

  it('efficient_risk reaches its target to the stated tolerance (test_efficient_risk_many_values)', () => {
    for (const target of [0.16, 0.21, 0.3]) {
      expect(Math.abs(run({ objective: 'efficient_risk', target_volatility: target }).volatility - target)).toBeLessThan(1e-9);
    }
  });

  it('efficient_return hits each target (test_efficient_return_many_values)', () => {
    for (const target of [0.25, 0.26, 0.27]) {
      expectAllClose([run({ objective: 'efficient_return', target_return: target }).expected_return], [target], 1e-7);
    }
  });

  it('efficient_return at the highest return is all in that ticker (test_efficient_return_max)', () => {
    const mu = meanHistoricalReturn(simpleReturns(prices));
    const best = mu.indexOf(Math.max(...mu));
    const result = run({ objective: 'efficient_return', target_return: mu[best]! });
    weightsOf(result).forEach((weight, i) => expect(weight).toBeCloseTo(i === best ? 1 : 0, 7));
  });

  it('refuses unreachable targets and names the reachable bound (test_efficient_risk_error, test_efficient_return_error)', () => {
    const lowest = run({ objective: 'min_volatility' }).volatility;
    const reachable = run({ objective: 'efficient_risk', target_volatility: lowest + 0.01 }).volatility;
    expect(Math.abs(reachable - (lowest + 0.01))).toBeLessThanOrEqual(EFFICIENT_RISK_TOLERANCE);
    expect(() => run({ objective: 'efficient_risk', target_volatility: lowest - 0.01 })).toThrow(
      new RegExp(`below the lowest volatility .*; reachable targets run from ${lowest.toPrecision(4)} to 0\\.\\d+ \\(the highest-return portfolio\\)\\.$`),
    );
    const highest = Math.max(...meanHistoricalReturn(simpleReturns(prices)));
    let caught: unknown;
    try {
      run({ objective: 'efficient_return', target_return: highest + 0.01 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AnalyticsInputError);
    expect((caught as AnalyticsInputError).message).toMatch(
      new RegExp(`reachable targets run from 0\\.1506 \\(the minimum-volatility portfolio\\) to ${Number(highest.toPrecision(4))}\\.$`),
    );
    expect((caught as AnalyticsInputError).path).toBe('target_return');
  });

  it('keeps max_sharpe weights inside [0.03, 0.13] (test_max_sharpe_long_weight_bounds)', () => {
    const weights = weightsOf(run({ objective: 'max_sharpe', weight_bounds: [0.03, 0.13] }));
    expect(sum(weights)).toBeCloseTo(1, 12);
    expect(Math.min(...weights)).toBeGreaterThanOrEqual(0.03 - 1e-12);
    expect(Math.max(...weights)).toBeLessThanOrEqual(0.13 + 1e-12);
  });

  it('a higher risk-free rate lowers the best Sharpe (test_max_sharpe_risk_free_rate)', () => {
    const at = (rate: number) => run({ objective: 'max_sharpe', risk_free_rate: rate }).sharpe;
    expect(at(0.1)).toBeLessThanOrEqual(at(0.02));
    expect(at(0)).toBeGreaterThanOrEqual(at(0.02));
  });

  it('tends to min volatility as risk aversion grows, and L2 to equal weights (limit cases)', () => {
    const utility = weightsOf(run({ objective: 'max_quadratic_utility', risk_aversion: 1e10 }));
    const minVol = weightsOf(run({ objective: 'min_volatility' }));
    utility.forEach((weight, i) => expect(weight).toBeCloseTo(minVol[i]!, 6));
    for (const weight of weightsOf(run({ objective: 'min_volatility', l2_gamma: 1e10 }))) expect(weight).toBeCloseTo(1 / 20, 6);
  });

  it('min volatility has lower volatility than max Sharpe (test_min_volatility_vs_max_sharpe, issue #75)', () => {
    const problem = {
      expectedReturns: [0.043622, 0.120588, 0.072331, 0.056586],
      covariance: [
        [0.000859, -0.000941, 0.001494, -0.000062],
        [-0.000941, 0.0224, -0.002184, 0.005747],
        [0.001494, -0.002184, 0.011518, -0.000129],
        [-0.000062, 0.005747, -0.000129, 0.002287],
      ],
      bounds: [0, 1] as const,
      l2Gamma: 0,
    };
    const volatility = (weights: number[]) => performance(weights, problem.expectedReturns, problem.covariance, 0).volatility;
    expect(volatility(minVolatility(problem).weights)).toBeLessThan(volatility(maxSharpe(problem, 0).weights));
  });
});

describe('test_expected_returns.py', () => {
  it('test_mean_historical_returns_dummy (frequency 1, negative prices included)', () => {
    const table = {
      tickers: ['a', 'b', 'c', 'd'],
      dates: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'],
      prices: [
        [4.0, 2.0, 0.6, -12],
        [4.2, 2.1, 0.59, -13.2],
        [3.9, 2.0, 0.58, -11.3],
        [4.3, 2.1, 0.62, -11.7],
        [4.1, 2.2, 0.63, -10.1],
      ],
    };
    const returns = simpleReturns(table);
    expectAllClose(meanHistoricalReturn(returns, { frequency: 1 }), [0.0061922, 0.0241137, 0.0122722, -0.0421775], 1e-3);
    expectAllClose(meanHistoricalReturn(returns, { frequency: 1, compounding: false }), [0.008656, 0.025, 0.0128697, -0.03632333], 1e-3);
  });

  it('test_mean_historical_returns: the published vector (to its 6 decimals)', () => {
    const published = [
      0.247967, 0.294304, 0.284037, 0.1923164, 0.371327, 0.1360093, 0.0328503, 0.1200115, 0.10554, 0.0423457,
      0.1002559, 0.1442237, -0.0792602, 0.1430506, 0.0736356, 0.238835, 0.388665, 0.226717, 0.1561701, 0.2318153,
    ];
    // assert_array_almost_equal(decimal=6): |diff| < 1.5e-6.
    expectAllClose(meanHistoricalReturn(simpleReturns(prices)), published, 0, 1.5e-6);
  });

  it('test_mean_historical_returns_frequency and compounding ≥ nothing lost', () => {
    const returns = simpleReturns(prices);
    const daily = meanHistoricalReturn(returns, { compounding: false });
    const weekly = meanHistoricalReturn(returns, { compounding: false, frequency: 52 });
    expectAllClose(daily.map((value) => value / 252), weekly.map((value) => value / 52), 1e-12);
  });
});

describe('test_risk_models.py', () => {
  it('test_sample_cov_dummy', () => {
    const table = {
      tickers: ['a', 'b', 'c'],
      dates: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'],
      prices: [
        [4.0, 2.0, 0.6],
        [4.2, 2.1, 0.59],
        [3.9, 2.0, 0.58],
        [4.3, 2.1, 0.62],
        [4.1, 2.2, 0.63],
      ],
    };
    const expected = [
      [0.006661687937656102, 0.00264970955585574, 0.0020849735375206195],
      [0.00264970955585574, 0.0023450491307634215, 0.00096770864287974],
      [0.0020849735375206195, 0.00096770864287974, 0.0016396416271856837],
    ];
    expectAllClose(sampleCovariance(simpleReturns(table)).flat().map((value) => value / 252), expected.flat(), 1e-12);
  });

  it('test_sample_cov_real_data: 20 × 20, finite, positive semidefinite', () => {
    const { matrix } = riskMatrix(simpleReturns(prices), 'sample');
    expect(matrix).toHaveLength(20);
    expect(matrix.flat().every(Number.isFinite)).toBe(true);
    expect(Math.min(...symmetricEigen(matrix).values)).toBeGreaterThan(0);
  });

  it('test_sample_cov_npd: an indefinite matrix is repaired and the repair reported', () => {
    const indefinite = [
      [0.03818144, 0.04182824],
      [0.04182824, 0.04149209],
    ];
    expect(Math.min(...symmetricEigen(indefinite).values)).toBeLessThan(0);
    const { matrix, repair } = repairPositiveSemidefinite(indefinite);
    expect(repair?.negative_eigenvalues).toBe(1);
    expect(repair!.smallest_eigenvalue).toBeLessThan(0);
    expect(Math.min(...symmetricEigen(matrix).values)).toBeGreaterThan(-1e-15);
  });

  it('test_ledoit_wolf: 0 < δ < 1 and positive semidefinite', () => {
    const { matrix, shrinkage } = riskMatrix(simpleReturns(prices), 'ledoit_wolf');
    expect(shrinkage).toBeGreaterThan(0);
    expect(shrinkage).toBeLessThan(1);
    expect(Math.min(...symmetricEigen(matrix).values)).toBeGreaterThan(0);
  });
});
