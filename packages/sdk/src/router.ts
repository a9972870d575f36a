// The shape of the server's router, rebuilt from the contract's schemas alone. The server's own
// AppRouter type drags in its context (Knex, Fastify, services), which an outside app can neither
// install nor type-check; this one only mentions @trpc/server and plain types. Nothing here runs in
// the SDK: index.ts imports it as a type only, and test/router-parity.ts proves it matches AppRouter.
import {
  addStockInput,
  createPortfolioInput,
  healthSchema,
  listPortfoliosInput,
  portfolioIdInput,
  portfolioSchema,
  removeStockInput,
  updatePortfolioInput,
  updateStockInput,
} from '@folio/contract';
import {
  deletePricesResultSchema,
  priceCoverageSchema,
  priceImportReportSchema,
  pricePointSchema,
  priceSeriesInput,
  tickerInput,
  upsertPricesInput,
  valuationInput,
  valuationSchema,
} from '@folio/contract/prices';
import { exportDocumentSchema, importInput, importReportSchema } from '@folio/contract/transfer';
import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { Problem } from './types.js';

const t = initTRPC.create({
  // Same shape as the server's errorFormatter: the RFC 9457 problem rides in error.data.problem.
  errorFormatter({ shape }) {
    return { ...shape, data: { ...shape.data, stack: undefined, problem: undefined as unknown as Problem } };
  },
});

const stub = (): never => {
  throw new Error('type-only router');
};

const portfolios = z.array(portfolioSchema);
const deleted = z.object({ id: z.number(), deleted: z.literal(true) });

export const sdkRouter = t.router({
  portfolio: t.router({
    list: t.procedure.input(listPortfoliosInput).output(portfolios).query(stub),
    byId: t.procedure.input(portfolioIdInput).output(portfolioSchema).query(stub),
    create: t.procedure.input(createPortfolioInput).output(portfolioSchema).mutation(stub),
    update: t.procedure.input(updatePortfolioInput).output(portfolioSchema).mutation(stub),
    delete: t.procedure.input(portfolioIdInput).output(deleted).mutation(stub),
    addStock: t.procedure.input(addStockInput).output(portfolioSchema).mutation(stub),
    updateStock: t.procedure.input(updateStockInput).output(portfolioSchema).mutation(stub),
    removeStock: t.procedure.input(removeStockInput).output(portfolioSchema).mutation(stub),
    import: t.procedure.input(importInput).output(importReportSchema).mutation(stub),
    export: t.procedure.output(exportDocumentSchema).query(stub),
    valuation: t.procedure.input(valuationInput).output(valuationSchema).query(stub),
  }),
  prices: t.router({
    upsert: t.procedure.input(upsertPricesInput).output(priceImportReportSchema).mutation(stub),
    coverage: t.procedure.output(z.array(priceCoverageSchema)).query(stub),
    series: t.procedure.input(priceSeriesInput).output(z.array(pricePointSchema)).query(stub),
    delete: t.procedure.input(tickerInput).output(deletePricesResultSchema).mutation(stub),
  }),
  system: t.router({
    health: t.procedure.output(healthSchema).query(stub),
  }),
});

export type FolioRouter = typeof sdkRouter;
