import { AnalyticsInputError, formatNumber } from './errors.js';
import { dot, quadraticForm, type SquareMatrix } from './linear-algebra.js';
import { QpInfeasibleError, solveQp, type LinearConstraint } from './qp.js';

/** `[lower, upper]` for every weight; `null` = unbounded on that side, a negative lower bound = shorting. */
export type WeightBounds = readonly [number | null, number | null];
export const DEFAULT_WEIGHT_BOUNDS: WeightBounds = [0, 1];

/** The inputs every mean-variance objective shares (annualised μ and Σ, in ticker order). */
export interface MeanVarianceProblem {
  expectedReturns: readonly number[];
  covariance: SquareMatrix;
  bounds: WeightBounds;
  /** γ of PyPortfolioOpt's `L2_reg`: adds γ‖w‖² to the objective. */
  l2Gamma: number;
}

export interface Performance {
  expected_return: number;
  volatility: number;
  sharpe: number;
}

export interface Solved {
  weights: number[];
  /** Ridge added for a singular covariance (0 when none). */
  ridge: number;
}

/** Tolerance on |volatility − target| for `efficient_risk` (annualised). */
export const EFFICIENT_RISK_TOLERANCE = 1e-9;

/** PyPortfolioOpt's `portfolio_performance`: (μᵀw, √(wᵀΣw), (μᵀw − r_f) / √(wᵀΣw)). */
export function performance(
  weights: readonly number[],
  expectedReturns: readonly number[],
  covariance: SquareMatrix,
  riskFreeRate: number,
): Performance {
  const expected_return = dot(weights, expectedReturns);
  const volatility = Math.sqrt(Math.max(quadraticForm(covariance, weights), 0));
  return { expected_return, volatility, sharpe: (expected_return - riskFreeRate) / volatility };
}

function boundsOf(problem: MeanVarianceProblem): { lower: number; upper: number; size: number } {
  const [lower, upper] = problem.bounds;
  return { lower: lower ?? -Infinity, upper: upper ?? Infinity, size: problem.expectedReturns.length };
}

/** Refuses bounds no fully invested portfolio can meet (e.g. [0.1, 0.2] over 3 tickers). */
export function checkWeightBounds(problem: MeanVarianceProblem): void {
  const { lower, upper, size } = boundsOf(problem);
  if (lower * size > 1 + 1e-12 || upper * size < 1 - 1e-12) {
    throw new AnalyticsInputError(
      `weight_bounds [${lower}, ${upper}] cannot make ${size} weights sum to 1 (they allow sums from ` +
        `${formatNumber(lower * size)} to ${formatNumber(upper * size)}); widen the bounds.`,
      'weight_bounds',
    );
  }
}

const unit = (size: number, index: number, value = 1): number[] =>
  Array.from({ length: size }, (_, i) => (i === index ? value : 0));

function boundConstraints(problem: MeanVarianceProblem): LinearConstraint[] {
  const { lower, upper, size } = boundsOf(problem);
  const constraints: LinearConstraint[] = [];
  for (let i = 0; i < size; i++) {
    if (Number.isFinite(lower)) constraints.push({ coefficients: unit(size, i), bound: lower });
    if (Number.isFinite(upper)) constraints.push({ coefficients: unit(size, i, -1), bound: -upper });
  }
  return constraints;
}

const fullyInvested = (size: number): LinearConstraint => ({ coefficients: new Array<number>(size).fill(1), bound: 1 });

/** `risk·Σ + γI`, doubled into quadprog's ½xᵀDx form. */
function quadraticTerm(problem: MeanVarianceProblem, riskWeight: number): SquareMatrix {
  return problem.covariance.map((row, i) => row.map((value, j) => 2 * (riskWeight * value + (i === j ? problem.l2Gamma : 0))));
}

/**
 * Moves weights that sit outside their bounds by solver rounding (−1e-17 in a long-only answer) onto
 * the bound, so an answer can be applied as it is by rules that check [lo, hi] exactly.
 */
function snapToBounds(weights: number[], problem: MeanVarianceProblem): number[] {
  const { lower, upper } = boundsOf(problem);
  return weights.map((weight) => {
    if (weight < lower && weight > lower - 1e-10) return lower;
    if (weight > upper && weight < upper + 1e-10) return upper;
    return weight;
  });
}

function solveFullyInvested(
  problem: MeanVarianceProblem,
  riskWeight: number,
  linear: readonly number[],
  extra: LinearConstraint[] = [],
): Solved {
  const size = problem.expectedReturns.length;
  const { x, ridge } = solveQp({
    quadratic: quadraticTerm(problem, riskWeight),
    linear,
    equalities: [fullyInvested(size)],
    inequalities: [...extra, ...boundConstraints(problem)],
  });
  return { weights: snapToBounds(x, problem), ridge };
}

/** min wᵀΣw + γ‖w‖², Σw = 1, bounds. */
export function minVolatility(problem: MeanVarianceProblem): Solved {
  return solveFullyInvested(problem, 1, new Array<number>(problem.expectedReturns.length).fill(0));
}

/** max μᵀw − ½δ wᵀΣw − γ‖w‖² (PyPortfolioOpt's `max_quadratic_utility(risk_aversion=δ)`). */
export function maxQuadraticUtility(problem: MeanVarianceProblem, riskAversion: number): Solved {
  if (!(riskAversion > 0)) {
    throw new AnalyticsInputError(`risk_aversion must be above 0 (got ${riskAversion}).`, 'risk_aversion');
  }
  return solveFullyInvested(problem, riskAversion / 2, problem.expectedReturns);
}

/**
 * The highest μᵀw the bounds allow with Σw = 1 (a linear programme: fill the best assets first).
 * Infinite when both sides are unbounded and the returns differ.
 */
export function maxReturn(problem: MeanVarianceProblem): { weights: number[] | null; value: number } {
  const { lower, upper, size } = boundsOf(problem);
  const mu = problem.expectedReturns;
  const order = mu.map((_, i) => i).sort((a, b) => mu[b]! - mu[a]!);
  const weights = new Array<number>(size);
  if (Number.isFinite(lower)) {
    weights.fill(lower);
    let remaining = 1 - lower * size;
    for (const i of order) {
      const add = Math.min(remaining, upper - lower);
      weights[i] = lower + add;
      remaining -= add;
    }
  } else if (Number.isFinite(upper)) {
    weights.fill(upper);
    let excess = upper * size - 1;
    for (const i of [...order].reverse()) {
      const take = Math.min(excess, upper - lower);
      weights[i] = upper - take;
      excess -= take;
    }
  } else {
    if (Math.max(...mu) === Math.min(...mu)) return { weights: new Array<number>(size).fill(1 / size), value: mu[0]! };
    return { weights: null, value: Infinity };
  }
  return { weights, value: dot(weights, mu) };
}

/**
 * min wᵀΣw + γ‖w‖² with μᵀw ≥ target (PyPortfolioOpt's `efficient_return`: a target below the
 * minimum-volatility portfolio's return gives that portfolio). Above the highest return: an error
 * naming the reachable range.
 */
export function efficientReturn(problem: MeanVarianceProblem, targetReturn: number): Solved {
  const highest = maxReturn(problem);
  const tolerance = 1e-12 * Math.max(1, Math.abs(highest.value));
  if (targetReturn > highest.value + tolerance) {
    const lowest = dot(minVolatility(problem).weights, problem.expectedReturns);
    throw new AnalyticsInputError(
      `target_return ${formatNumber(targetReturn)} is above the highest expected return these tickers reach ` +
        `within weight_bounds; reachable targets run from ${formatNumber(lowest)} (the minimum-volatility ` +
        `portfolio) to ${formatNumber(highest.value)}.`,
      'target_return',
    );
  }
  try {
    return solveFullyInvested(problem, 1, new Array<number>(problem.expectedReturns.length).fill(0), [
      { coefficients: problem.expectedReturns, bound: targetReturn },
    ]);
  } catch (error) {
    // At (or within rounding of) the highest return the feasible set is a point the QP may miss.
    if (error instanceof QpInfeasibleError && highest.weights) return { weights: highest.weights, ridge: 0 };
    throw error;
  }
}

/** The best portfolio ignoring risk: max μᵀw (an LP), or with γ > 0 the QP min γ‖w‖² − μᵀw; null when unbounded. */
function bestReturnPortfolio(problem: MeanVarianceProblem): Solved | null {
  if (problem.l2Gamma > 0) return solveFullyInvested(problem, 0, problem.expectedReturns);
  const best = maxReturn(problem);
  return best.weights ? { weights: best.weights, ridge: 0 } : null;
}

/**
 * max μᵀw − γ‖w‖² with wᵀΣw ≤ target² (PyPortfolioOpt's `efficient_risk`). A QP solver takes no
 * quadratic constraint, so this solves min λ·wᵀΣw + γ‖w‖² − μᵀw — the same problem's optimality
 * conditions with λ the constraint's multiplier — and finds λ by bracketing then Illinois regula falsi
 * on log λ until |volatility − target| ≤ EFFICIENT_RISK_TOLERANCE. A target above the volatility of the
 * best-return portfolio gives that portfolio (the constraint is an upper bound, as in PyPortfolioOpt).
 */
export function efficientRisk(problem: MeanVarianceProblem, targetVolatility: number): Solved {
  if (!(targetVolatility > 0)) {
    throw new AnalyticsInputError(`target_volatility must be above 0 (got ${targetVolatility}).`, 'target_volatility');
  }
  const mu = problem.expectedReturns;
  const volatilityOf = (weights: number[]) => Math.sqrt(Math.max(quadraticForm(problem.covariance, weights), 0));

  const lowestVolatility = volatilityOf(minVolatility({ ...problem, l2Gamma: 0 }).weights);
  const unconstrained = bestReturnPortfolio(problem);
  if (targetVolatility < lowestVolatility - EFFICIENT_RISK_TOLERANCE) {
    const upTo = unconstrained ? `to ${formatNumber(volatilityOf(unconstrained.weights))} (the highest-return portfolio)` : 'upwards';
    throw new AnalyticsInputError(
      `target_volatility ${formatNumber(targetVolatility)} is below the lowest volatility these tickers reach ` +
        `within weight_bounds; reachable targets run from ${formatNumber(lowestVolatility)} ${upTo}.`,
      'target_volatility',
    );
  }

  if (unconstrained && volatilityOf(unconstrained.weights) <= targetVolatility + EFFICIENT_RISK_TOLERANCE) {
    return unconstrained;
  }

  const solveAt = (logLambda: number) => {
    const solved = solveFullyInvested(problem, Math.exp(logLambda), mu);
    return { solved, gap: volatilityOf(solved.weights) - targetVolatility };
  };
  // Volatility falls as λ grows: bracket the target between log λ = a (above it) and b (below it).
  const LOG_LIMIT = Math.log(1e12);
  let a = 0;
  let b = 0;
  let atA = solveAt(0);
  let atB = atA;
  while (atA.gap < 0 && a > -LOG_LIMIT) atA = solveAt((a -= Math.LN10));
  while (atB.gap > 0 && b < LOG_LIMIT) atB = solveAt((b += Math.LN10));
  // Still above at λ = 1e12: the target is the minimum volatility itself (within tolerance).
  if (atB.gap >= -EFFICIENT_RISK_TOLERANCE) return atB.solved;
  if (atA.gap <= EFFICIENT_RISK_TOLERANCE) return atA.solved;

  // Illinois: regula falsi that halves the stale end's value so both ends keep moving.
  let gapA = atA.gap;
  let gapB = atB.gap;
  let lastMoved: 'a' | 'b' | null = null;
  for (let iteration = 0; iteration < 200 && b - a > 1e-15; iteration++) {
    const secant = b - (gapB * (b - a)) / (gapB - gapA);
    const c = secant > a && secant < b ? secant : (a + b) / 2;
    const atC = solveAt(c);
    if (Math.abs(atC.gap) <= EFFICIENT_RISK_TOLERANCE) return atC.solved;
    if (atC.gap > 0) {
      [a, atA, gapA] = [c, atC, atC.gap];
      if (lastMoved === 'a') gapB /= 2;
      lastMoved = 'a';
    } else {
      [b, atB, gapB] = [c, atC, atC.gap];
      if (lastMoved === 'b') gapA /= 2;
      lastMoved = 'b';
    }
  }
  return (Math.abs(atA.gap) < Math.abs(atB.gap) ? atA : atB).solved;
}

/**
 * PyPortfolioOpt's `max_sharpe`: with y = k·w, minimise yᵀΣy + γ‖y‖² subject to (μ − r_f)ᵀy = 1,
 * k = Σy ≥ 0 and lo·k ≤ yᵢ ≤ hi·k, then w = y / k. The L2 term acts on y, not w — that is
 * PyPortfolioOpt's transform (its figures with L2 depend on it), reproduced on purpose.
 */
export function maxSharpe(problem: MeanVarianceProblem, riskFreeRate: number): Solved {
  const mu = problem.expectedReturns;
  const size = mu.length;
  if (Math.max(...mu) <= riskFreeRate) {
    throw new AnalyticsInputError(
      `max_sharpe needs at least one ticker whose expected return (highest here ${formatNumber(Math.max(...mu))}) ` +
        `is above risk_free_rate ${formatNumber(riskFreeRate)}.`,
      'risk_free_rate',
    );
  }
  const { lower, upper } = boundsOf(problem);
  const inequalities: LinearConstraint[] = [{ coefficients: new Array<number>(size).fill(1), bound: 0 }];
  for (let i = 0; i < size; i++) {
    if (Number.isFinite(lower)) inequalities.push({ coefficients: unit(size, i).map((e) => e - lower), bound: 0 });
    if (Number.isFinite(upper)) inequalities.push({ coefficients: unit(size, i).map((e) => upper - e), bound: 0 });
  }
  let solution;
  try {
    solution = solveQp({
      quadratic: quadraticTerm(problem, 1),
      linear: new Array<number>(size).fill(0),
      equalities: [{ coefficients: mu.map((value) => value - riskFreeRate), bound: 1 }],
      inequalities,
    });
  } catch (error) {
    if (error instanceof QpInfeasibleError) {
      throw new AnalyticsInputError(
        `No portfolio within weight_bounds has an expected return above risk_free_rate ${formatNumber(riskFreeRate)}; ` +
          'lower the rate or widen the bounds.',
        'risk_free_rate',
      );
    }
    throw error;
  }
  const k = solution.x.reduce((sum, value) => sum + value, 0);
  if (!(k > 1e-12)) {
    throw new AnalyticsInputError(
      'The Sharpe ratio has no maximum for a fully invested portfolio here (the best direction is a zero-sum ' +
        'long/short position); set weight_bounds.',
      'weight_bounds',
    );
  }
  return { weights: snapToBounds(solution.x.map((value) => value / k), problem), ridge: solution.ridge };
}
