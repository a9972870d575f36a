import {
  addStockInput,
  createPortfolioInput,
  listPortfoliosInput,
  portfolioIdInput,
  removeStockInput,
  updatePortfolioInput,
  updateStockInput,
} from '@folio/contract';
import { valuationInput } from '@folio/contract/prices';
import { readProcedure, router, writeProcedure } from '../trpc.js';
import { transferProcedures } from './transfer.js';

export const portfolioRouter = router({
  list: readProcedure.input(listPortfoliosInput).query(({ ctx, input }) => ctx.services.portfolios.list(input)),
  byId: readProcedure.input(portfolioIdInput).query(({ ctx, input }) => ctx.services.portfolios.byId(input.id)),
  create: writeProcedure
    .input(createPortfolioInput)
    .mutation(({ ctx, input }) => ctx.services.portfolios.create(input)),
  update: writeProcedure
    .input(updatePortfolioInput)
    .mutation(({ ctx, input }) => ctx.services.portfolios.update(input)),
  delete: writeProcedure.input(portfolioIdInput).mutation(async ({ ctx, input }) => {
    await ctx.services.portfolios.delete(input.id);
    return { id: input.id, deleted: true as const };
  }),
  addStock: writeProcedure.input(addStockInput).mutation(({ ctx, input }) => ctx.services.portfolios.addStock(input)),
  updateStock: writeProcedure
    .input(updateStockInput)
    .mutation(({ ctx, input }) => ctx.services.portfolios.updateStock(input)),
  removeStock: writeProcedure
    .input(removeStockInput)
    .mutation(({ ctx, input }) => ctx.services.portfolios.removeStock(input)),
  valuation: readProcedure.input(valuationInput).query(({ ctx, input }) => ctx.services.valuation.value(input)),
  ...transferProcedures,
});
