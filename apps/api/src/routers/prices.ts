// prices.*: price history uploads (CSV or JSON), coverage, one ticker's series, delete.
import { priceSeriesInput, tickerInput, upsertPricesInput } from '@folio/contract/prices';
import { ProblemError } from '../problems.js';
import { ImportFileError } from '../services/import-checks.js';
import { readProcedure, router, writeProcedure } from '../trpc.js';

/** A bad upload is a 422 naming where (line and column, or the JSON path); nothing was written. */
export function priceFileProblem(err: unknown): unknown {
  if (!(err instanceof ImportFileError)) return err;
  return new ProblemError(422, `${err.message}. Nothing was imported.`, [{ path: err.path, message: err.reason }]);
}

export const pricesRouter = router({
  upsert: writeProcedure.input(upsertPricesInput).mutation(async ({ ctx, input }) => {
    try {
      return await ctx.services.prices.upsert(input);
    } catch (err) {
      throw priceFileProblem(err);
    }
  }),
  coverage: readProcedure.query(({ ctx }) => ctx.services.prices.coverage()),
  series: readProcedure.input(priceSeriesInput).query(({ ctx, input }) => ctx.services.prices.series(input)),
  delete: writeProcedure.input(tickerInput).mutation(({ ctx, input }) => ctx.services.prices.delete(input)),
});
