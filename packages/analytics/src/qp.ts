/// <reference path="./quadprog.d.ts" />
import quadprog from 'quadprog';
import type { SquareMatrix } from './linear-algebra.js';

/** `coefficientsᵀ x = bound` (equality) or `coefficientsᵀ x ≥ bound` (inequality). */
export interface LinearConstraint {
  coefficients: readonly number[];
  bound: number;
}

/** Minimise `½ xᵀ quadratic x − linearᵀ x` subject to the constraints. */
export interface QuadraticProgram {
  quadratic: SquareMatrix;
  linear: readonly number[];
  equalities: readonly LinearConstraint[];
  inequalities: readonly LinearConstraint[];
}

export interface QpSolution {
  x: number[];
  /** The ridge added to the diagonal to make a singular matrix solvable (0 when none was needed). */
  ridge: number;
}

/** The constraints admit no point: callers turn this into a message about *their* inputs. */
export class QpInfeasibleError extends Error {
  override readonly name = 'QpInfeasibleError';
}

const SINGULAR = 'matrix D in quadratic function is not positive definite!';
const INFEASIBLE = 'constraints are inconsistent, no solution!';

/**
 * Goldfarb–Idnani through quadprog 1.6 (1-based arrays). quadprog needs a positive definite matrix; a
 * singular one (duplicated assets, fewer days than assets) is retried with a growing ridge εI,
 * ε from 1e-12 to 1e-6 of the mean diagonal, which moves the optimum by no more than that order.
 */
export function solveQp(problem: QuadraticProgram): QpSolution {
  const size = problem.linear.length;
  const constraints = [...problem.equalities, ...problem.inequalities];
  // Dividing the objective by its mean diagonal leaves the optimum unchanged and keeps quadprog's
  // fixed tolerances meaningful for 1e-10·Σ and 1e10·Σ alike.
  const scale = problem.quadratic.reduce((sum, row, i) => sum + Math.abs(row[i]!), 0) / size || 1;
  const ridges = [0, 1e-12, 1e-10, 1e-8, 1e-6];
  for (const ridge of ridges) {
    const Dmat: number[][] = [[]];
    const dvec: number[] = [0];
    const Amat: number[][] = [[]];
    for (let i = 0; i < size; i++) {
      const source = problem.quadratic[i]!;
      const row = [0];
      for (let j = 0; j < size; j++) row.push(source[j]! / scale + (i === j ? ridge : 0));
      Dmat.push(row);
      dvec.push(problem.linear[i]! / scale);
      const constraintRow = [0];
      for (const constraint of constraints) constraintRow.push(constraint.coefficients[i]!);
      Amat.push(constraintRow);
    }
    const bvec = [0, ...constraints.map((constraint) => constraint.bound)];
    const result = quadprog.solveQP(Dmat, dvec, Amat, bvec, problem.equalities.length);
    if (result.message === SINGULAR) continue;
    if (result.message === INFEASIBLE) throw new QpInfeasibleError(INFEASIBLE);
    if (result.message !== '') throw new Error(`quadprog: ${result.message}`);
    const x = result.solution.slice(1);
    if (!x.every(Number.isFinite)) throw new QpInfeasibleError('quadprog returned a non-finite solution');
    return { x, ridge: ridge * scale };
  }
  throw new Error('quadprog: the matrix stays singular after a ridge of 1e-6 of its mean diagonal');
}
