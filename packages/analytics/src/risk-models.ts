import { AnalyticsInputError } from './errors.js';
import { TRADING_DAYS } from './expected-returns.js';
import { fromEigen, symmetricEigen, type SquareMatrix } from './linear-algebra.js';
import { completeRows, rowsAsMatrix, type ReturnTable } from './returns.js';

export type RiskModel = 'sample' | 'ledoit_wolf';
export const RISK_MODELS: readonly RiskModel[] = ['sample', 'ledoit_wolf'];

/** What was done to make the covariance matrix usable, so an answer can say so. */
export interface PsdRepair {
  /** How many eigenvalues were below zero and clipped to it. */
  negative_eigenvalues: number;
  /** The most negative eigenvalue before the repair (annualised units). */
  smallest_eigenvalue: number;
}

export interface RiskMatrix {
  model: RiskModel;
  /** Annualised covariance, `[i][j]` in ticker order. */
  matrix: SquareMatrix;
  /** Ledoit–Wolf's shrinkage intensity δ in [0, 1]. */
  shrinkage?: number;
  /** Present when the matrix was not positive semidefinite and was repaired. */
  repair?: PsdRepair;
}

/**
 * pandas' `returns.cov()` × frequency: for each pair, the sample covariance (ddof 1) over the dates on
 * which both have a return, with each mean taken over those same dates (pairwise-complete), which is
 * what PyPortfolioOpt's `sample_cov` computes when listing dates differ.
 */
export function sampleCovariance(returns: ReturnTable, frequency = TRADING_DAYS): SquareMatrix {
  const { columns, tickers } = returns;
  const size = columns.length;
  const length = returns.dates.length;
  const matrix: SquareMatrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i++) {
    const x = columns[i]!;
    for (let j = i; j < size; j++) {
      const y = columns[j]!;
      let count = 0;
      let sumX = 0;
      let sumY = 0;
      for (let t = 0; t < length; t++) {
        const a = x[t]!;
        const b = y[t]!;
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        count++;
        sumX += a;
        sumY += b;
      }
      if (count < 2) {
        throw new AnalyticsInputError(
          i === j
            ? `${tickers[i]} has fewer than 2 daily returns in the window; its variance is undefined.`
            : `${tickers[i]} and ${tickers[j]} have fewer than 2 daily returns on common dates; their covariance is undefined.`,
          'tickers',
        );
      }
      const meanX = sumX / count;
      const meanY = sumY / count;
      let products = 0;
      for (let t = 0; t < length; t++) {
        const a = x[t]!;
        const b = y[t]!;
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        products += (a - meanX) * (b - meanY);
      }
      const covariance = (products / (count - 1)) * frequency;
      matrix[i]![j] = covariance;
      matrix[j]![i] = covariance;
    }
  }
  return matrix;
}

/**
 * scikit-learn's `covariance.ledoit_wolf(X)` (shrinkage towards `μ·I`, μ the mean variance, with the
 * Ledoit–Wolf 2004 intensity) on the rows of `observations` (`[row][column]`), × frequency. Like
 * scikit-learn, the empirical covariance inside divides by n (not n − 1).
 */
export function ledoitWolf(
  observations: readonly Float64Array[],
  frequency = TRADING_DAYS,
): { matrix: SquareMatrix; shrinkage: number } {
  const samples = observations.length;
  const features = observations[0]?.length ?? 0;
  if (samples < 2) {
    throw new AnalyticsInputError(
      `Ledoit–Wolf needs at least 2 dates on which every ticker has a return; the window has ${samples}.`,
      'risk_model',
    );
  }
  const means = new Float64Array(features);
  for (const row of observations) for (let j = 0; j < features; j++) means[j]! += row[j]!;
  for (let j = 0; j < features; j++) means[j]! /= samples;
  const centred = observations.map((row) => Float64Array.from(row, (value, j) => value - means[j]!));

  // emp_cov = XᵀX / n; the same sums give scikit-learn's δ and β.
  const empirical: SquareMatrix = Array.from({ length: features }, () => new Array<number>(features).fill(0));
  const squaresCross: SquareMatrix = Array.from({ length: features }, () => new Array<number>(features).fill(0));
  for (const row of centred) {
    for (let i = 0; i < features; i++) {
      const a = row[i]!;
      const a2 = a * a;
      const empiricalRow = empirical[i]!;
      const squaresRow = squaresCross[i]!;
      for (let j = i; j < features; j++) {
        const b = row[j]!;
        empiricalRow[j]! += a * b;
        squaresRow[j]! += a2 * b * b;
      }
    }
  }
  let traceSum = 0;
  let deltaSum = 0;
  let betaSum = 0;
  for (let i = 0; i < features; i++) {
    for (let j = i; j < features; j++) {
      const value = empirical[i]![j]! / samples;
      empirical[i]![j] = value;
      empirical[j]![i] = value;
      const weight = i === j ? 1 : 2;
      deltaSum += weight * (value * samples) ** 2;
      betaSum += weight * squaresCross[i]![j]!;
    }
    traceSum += empirical[i]![i]!;
  }
  const mu = traceSum / features;
  const delta0 = deltaSum / samples ** 2;
  const delta = (delta0 - 2 * mu * traceSum + features * mu * mu) / features;
  const beta = Math.min((betaSum / samples - delta0) / (features * samples), delta);
  // One ticker (or a target equal to the sample): nothing to shrink, as scikit-learn answers.
  const shrinkage = features === 1 || beta === 0 || delta === 0 ? 0 : beta / delta;

  const matrix = empirical.map((row, i) =>
    row.map((value, j) => ((1 - shrinkage) * value + (i === j ? shrinkage * mu : 0)) * frequency),
  );
  return { matrix, shrinkage };
}

/**
 * Clips negative eigenvalues to zero (PyPortfolioOpt's `fix_nonpositive_semidefinite(…, "spectral")`).
 * Eigenvalues below zero by less than 1e-12 of the largest are rounding, not indefiniteness: left alone.
 */
export function repairPositiveSemidefinite(matrix: SquareMatrix): { matrix: SquareMatrix; repair?: PsdRepair } {
  const { values, vectors } = symmetricEigen(matrix);
  const largest = Math.max(...values.map(Math.abs), Number.MIN_VALUE);
  const negatives = values.filter((value) => value < -1e-12 * largest);
  if (negatives.length === 0) return { matrix };
  const clipped = values.map((value) => Math.max(value, 0));
  return {
    matrix: fromEigen(clipped, vectors),
    repair: { negative_eigenvalues: negatives.length, smallest_eigenvalue: Math.min(...negatives) },
  };
}

/** The annualised covariance under the chosen model, repaired when it is not positive semidefinite. */
export function riskMatrix(returns: ReturnTable, model: RiskModel = 'sample'): RiskMatrix {
  if (model === 'ledoit_wolf') {
    const rows = completeRows(returns);
    const { matrix, shrinkage } = ledoitWolf(rowsAsMatrix(returns, rows));
    // A convex mix of a PSD matrix and μI is PSD: no repair can be needed.
    return { model, matrix, shrinkage };
  }
  const { matrix, repair } = repairPositiveSemidefinite(sampleCovariance(returns));
  return repair ? { model, matrix, repair } : { model, matrix };
}
