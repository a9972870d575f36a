// portfolio.import / portfolio.export: whole-database transfer in the export file format.
import { itemsOf } from '../services/import-reader.js';
import type { Handlers } from './handlers.js';

export const transferHandlers: Pick<Handlers['portfolio'], 'import' | 'export'> = {
  import: ({ ctx, input }) =>
    ctx.services.transfer.import(itemsOf(input.document.portfolios), {
      mode: input.mode,
      dryRun: input.dry_run,
      pathPrefix: 'document',
    }),
  export: ({ ctx }) => ctx.services.transfer.exportDocument(),
};
