import type { Handlers } from './handlers.js';
import { transferHandlers } from './transfer.js';

export const portfolioHandlers: Handlers['portfolio'] = {
  list: ({ ctx, input }) => ctx.services.portfolios.list(input),
  byId: ({ ctx, input }) => ctx.services.portfolios.byId(input.id),
  create: ({ ctx, input }) => ctx.services.portfolios.create(input),
  update: ({ ctx, input }) => ctx.services.portfolios.update(input),
  delete: async ({ ctx, input }) => {
    await ctx.services.portfolios.delete(input.id);
    return { id: input.id, deleted: true as const };
  },
  addStock: ({ ctx, input }) => ctx.services.portfolios.addStock(input),
  updateStock: ({ ctx, input }) => ctx.services.portfolios.updateStock(input),
  removeStock: ({ ctx, input }) => ctx.services.portfolios.removeStock(input),
  setWeights: ({ ctx, input }) => ctx.services.portfolios.setWeights(input),
  valuation: ({ ctx, input }) => ctx.services.valuation.value(input),
  ...transferHandlers,
};
