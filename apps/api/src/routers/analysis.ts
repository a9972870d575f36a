import type { Handlers } from './handlers.js';

// Each analysis stops when its client goes away (ctx.clientGone?.()).
export const analysisHandlers: Handlers['analysis'] = {
  optimize: ({ ctx, input }) => ctx.services.analysis.optimize(input, ctx.clientGone?.()),
  frontier: ({ ctx, input }) => ctx.services.analysis.frontier(input, ctx.clientGone?.()),
  risk: ({ ctx, input }) => ctx.services.analysis.risk(input, ctx.clientGone?.()),
  monteCarlo: ({ ctx, input }) => ctx.services.analysis.monteCarlo(input, ctx.clientGone?.()),
  rebalance: ({ ctx, input }) => ctx.services.analysis.rebalance(input, ctx.clientGone?.()),
};
