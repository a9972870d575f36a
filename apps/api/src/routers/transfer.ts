// portfolio.import / portfolio.export: whole-database transfer in the export file format.
import { importInput } from '@folio/contract/transfer';
import { isUniqueViolation } from '../db-errors.js';
import { ProblemError } from '../problems.js';
import { itemsOf } from '../services/import-reader.js';
import { ImportFileError } from '../services/transfer-service.js';
import { readProcedure, writeProcedure } from '../trpc.js';

export const transferProcedures = {
  import: writeProcedure.input(importInput).mutation(async ({ ctx, input }) => {
    try {
      return await ctx.services.transfer.import(itemsOf(input.document.portfolios), {
        mode: input.mode,
        dryRun: input.dry_run,
      });
    } catch (err) {
      if (err instanceof ImportFileError) {
        const path = `document.${err.path}`;
        throw new ProblemError(422, `${path}: ${err.reason}. Nothing was imported.`, [{ path, message: err.reason }]);
      }
      if (isUniqueViolation(err)) {
        throw new ProblemError(409, 'The import collided with a concurrent write; nothing was imported. Try again.');
      }
      throw err;
    }
  }),
  export: readProcedure.query(({ ctx }) => ctx.services.transfer.exportDocument()),
};
