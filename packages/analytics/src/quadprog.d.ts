// quadprog 1.6 ships no types (and is CommonJS: import its default). Arrays are 1-based (index 0
// unused), as in the Fortran original; solveQP overwrites Dmat with its factorisation.
declare module 'quadprog' {
  interface QpResult {
    solution: number[];
    Lagrangian: number[];
    value: number[];
    iterations: number[];
    iact: number[];
    message: string;
  }
  const quadprog: {
    solveQP(
      Dmat: number[][],
      dvec: number[],
      Amat: number[][],
      bvec: number[],
      meq?: number,
      factorized?: number[],
    ): QpResult;
  };
  export default quadprog;
}
