import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';

export type SquareMatrix = number[][];

export function symmetricEigen(matrix: SquareMatrix): { values: number[]; vectors: SquareMatrix } {
  const decomposition = new EigenvalueDecomposition(new Matrix(matrix), { assumeSymmetric: true });
  return { values: decomposition.realEigenvalues, vectors: decomposition.eigenvectorMatrix.to2DArray() };
}

/** `V diag(values) Vᵀ`, made exactly symmetric (later Cholesky steps check symmetry bit for bit). */
export function fromEigen(values: readonly number[], vectors: SquareMatrix): SquareMatrix {
  const size = values.length;
  const result: SquareMatrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      let sum = 0;
      for (let k = 0; k < size; k++) sum += vectors[i]![k]! * values[k]! * vectors[j]![k]!;
      result[i]![j] = sum;
      result[j]![i] = sum;
    }
  }
  return result;
}

/**
 * A lower-triangular-or-not factor F with F Fᵀ = matrix, for drawing correlated normals.
 * Cholesky when the matrix is positive definite; a singular (semidefinite) matrix — two identical
 * assets, more assets than days — has no Cholesky factor, so it gets V √max(Λ, 0) from its eigen
 * decomposition instead, which is exact for any positive semidefinite matrix and never throws.
 */
export function covarianceFactor(matrix: SquareMatrix): { factor: SquareMatrix; method: 'cholesky' | 'eigen' } {
  const cholesky = new CholeskyDecomposition(new Matrix(matrix));
  if (cholesky.isPositiveDefinite()) {
    const lower = cholesky.lowerTriangularMatrix.to2DArray();
    if (lower.every((row, i) => row[i]! > 0 && row.every(Number.isFinite))) return { factor: lower, method: 'cholesky' };
  }
  const { values, vectors } = symmetricEigen(matrix);
  const roots = values.map((value) => Math.sqrt(Math.max(value, 0)));
  const factor = vectors.map((row) => row.map((value, k) => value * roots[k]!));
  return { factor, method: 'eigen' };
}

export function quadraticForm(matrix: SquareMatrix, vector: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < matrix.length; i++) {
    const row = matrix[i]!;
    let rowSum = 0;
    for (let j = 0; j < row.length; j++) rowSum += row[j]! * vector[j]!;
    total += vector[i]! * rowSum;
  }
  return total;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i]! * b[i]!;
  return total;
}
