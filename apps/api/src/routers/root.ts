import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createCallerFactory, router } from '../trpc.js';
import { portfolioRouter } from './portfolio.js';
import { pricesRouter } from './prices.js';
import { systemRouter } from './system.js';

export const appRouter = router({
  portfolio: portfolioRouter,
  prices: pricesRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
