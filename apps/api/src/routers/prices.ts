// prices.*: price history uploads (CSV or JSON), coverage, one ticker's series, delete. A bad upload
// throws ImportFileError (a rule error: 422 naming line and column, nothing written).
import type { Handlers } from './handlers.js';

export const pricesHandlers: Handlers['prices'] = {
  upsert: ({ ctx, input }) => ctx.services.prices.upsert(input),
  coverage: ({ ctx }) => ctx.services.prices.coverage(),
  series: ({ ctx, input }) => ctx.services.prices.series(input),
  delete: ({ ctx, input }) => ctx.services.prices.delete(input),
};
