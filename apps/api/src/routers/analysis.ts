import type { Handlers } from './handlers.js';

// Each analysis stops when its client goes away (ctx.signal).
export const analysisHandlers: Handlers['analysis'] = {
  optimize: ({ ctx, input }) => ctx.services.analysis.optimize(input, ctx.signal),
  frontier: ({ ctx, input }) => ctx.services.analysis.frontier(input, ctx.signal),
  risk: ({ ctx, input }) => ctx.services.analysis.risk(input, ctx.signal),
  monteCarlo: ({ ctx, input }) => ctx.services.analysis.monteCarlo(input, ctx.signal),
  rebalance: ({ ctx, input }) => ctx.services.analysis.rebalance(input, ctx.signal),
};
