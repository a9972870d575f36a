// The API's router: the contract's procedure table, each procedure bound to its handler. Which
// procedures exist, their kind, access, input and output all come from @folio/contract/procedures.
import { procedures } from '@folio/contract/procedures';
import { buildRouter } from '@folio/contract/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createCallerFactory, publicProcedure, readProcedure, router, writeProcedure, type RootTypes } from '../trpc.js';
import type { Context } from '../trpc.js';
import { analysisHandlers } from './analysis.js';
import type { Handlers } from './handlers.js';
import { portfolioHandlers } from './portfolio.js';
import { pricesHandlers } from './prices.js';
import { systemHandlers } from './system.js';

export const handlers: Handlers = {
  portfolio: portfolioHandlers,
  analysis: analysisHandlers,
  prices: pricesHandlers,
  system: systemHandlers,
};

export const appRouter = buildRouter<RootTypes, typeof procedures, Context>({
  router,
  bases: { public: publicProcedure, read: readProcedure, write: writeProcedure },
  table: procedures,
  handlers,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
