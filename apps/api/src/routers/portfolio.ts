import {
  addStockInput,
  createPortfolioInput,
  listPortfoliosInput,
  portfolioIdInput,
  removeStockInput,
  updatePortfolioInput,
  updateStockInput,
} from '@folio/contract';
import { publicProcedure, router } from '../trpc.js';
import { transferProcedures } from './transfer.js';

export const portfolioRouter = router({
  list: publicProcedure.input(listPortfoliosInput).query(({ ctx, input }) => ctx.services.portfolios.list(input)),
  byId: publicProcedure.input(portfolioIdInput).query(({ ctx, input }) => ctx.services.portfolios.byId(input.id)),
  create: publicProcedure
    .input(createPortfolioInput)
    .mutation(({ ctx, input }) => ctx.services.portfolios.create(input)),
  update: publicProcedure
    .input(updatePortfolioInput)
    .mutation(({ ctx, input }) => ctx.services.portfolios.update(input)),
  delete: publicProcedure.input(portfolioIdInput).mutation(async ({ ctx, input }) => {
    await ctx.services.portfolios.delete(input.id);
    return { id: input.id, deleted: true as const };
  }),
  addStock: publicProcedure.input(addStockInput).mutation(({ ctx, input }) => ctx.services.portfolios.addStock(input)),
  updateStock: publicProcedure
    .input(updateStockInput)
    .mutation(({ ctx, input }) => ctx.services.portfolios.updateStock(input)),
  removeStock: publicProcedure
    .input(removeStockInput)
    .mutation(({ ctx, input }) => ctx.services.portfolios.removeStock(input)),
  ...transferProcedures,
});
