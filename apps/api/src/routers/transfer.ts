// portfolio.import / portfolio.export: whole-database transfer in the export file format.
import { importInput } from '@folio/contract/transfer';
import { itemsOf } from '../services/import-reader.js';
import { readProcedure, writeProcedure } from '../trpc.js';

export const transferProcedures = {
  import: writeProcedure.input(importInput).mutation(({ ctx, input }) =>
    ctx.services.transfer.import(itemsOf(input.document.portfolios), {
      mode: input.mode,
      dryRun: input.dry_run,
      pathPrefix: 'document',
    }),
  ),
  export: readProcedure.query(({ ctx }) => ctx.services.transfer.exportDocument()),
};
