import { expect } from 'vitest';

/** numpy's assert_allclose: |actual − expected| ≤ atol + rtol·|expected|, element by element. */
export function expectAllClose(actual: readonly number[], expected: readonly number[], rtol = 1e-7, atol = 0): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    const limit = atol + rtol * Math.abs(expected[i]!);
    if (!(Math.abs(value - expected[i]!) <= limit)) {
      throw new Error(`element ${i}: ${value} differs from ${expected[i]} by ${Math.abs(value - expected[i]!)} > ${limit}`);
    }
  });
}
