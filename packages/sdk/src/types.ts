// The contract's wire types, as plain types derived from the router, so the published .d.ts needs
// neither zod nor the workspace's contract package.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { FolioRouter } from './router.js';

export type RouterInputs = inferRouterInputs<FolioRouter>;
export type RouterOutputs = inferRouterOutputs<FolioRouter>;

export type Portfolio = RouterOutputs['portfolio']['byId'];
export type Stock = Portfolio['stocks'][number];
export type Health = RouterOutputs['system']['health'];
export type ServerConfig = RouterOutputs['system']['config'];
export type ListPortfoliosInput = RouterInputs['portfolio']['list'];
export type CreatePortfolioInput = RouterInputs['portfolio']['create'];
export type UpdatePortfolioInput = RouterInputs['portfolio']['update'];
export type AddStockInput = RouterInputs['portfolio']['addStock'];
export type UpdateStockInput = RouterInputs['portfolio']['updateStock'];
export type RemoveStockInput = RouterInputs['portfolio']['removeStock'];
export type ImportInput = RouterInputs['portfolio']['import'];
export type ImportReport = RouterOutputs['portfolio']['import'];
export type ExportDocument = RouterOutputs['portfolio']['export'];
export type UpsertPricesInput = RouterInputs['prices']['upsert'];
export type PriceImportReport = RouterOutputs['prices']['upsert'];
export type PriceCoverage = RouterOutputs['prices']['coverage'][number];
export type PriceSeriesInput = RouterInputs['prices']['series'];
export type PricePoint = RouterOutputs['prices']['series'][number];
export type Valuation = RouterOutputs['portfolio']['valuation'];
export type ValuedHolding = Valuation['holdings'][number];
export type SetWeightsInput = RouterInputs['portfolio']['setWeights'];
export type OptimizeInput = RouterInputs['analysis']['optimize'];
export type OptimizeResult = RouterOutputs['analysis']['optimize'];
export type FrontierInput = RouterInputs['analysis']['frontier'];
export type FrontierResult = RouterOutputs['analysis']['frontier'];
export type RiskInput = RouterInputs['analysis']['risk'];
export type RiskResult = RouterOutputs['analysis']['risk'];
export type MonteCarloInput = RouterInputs['analysis']['monteCarlo'];
export type MonteCarloResult = RouterOutputs['analysis']['monteCarlo'];
export type RebalanceInput = RouterInputs['analysis']['rebalance'];
export type RebalanceResult = RouterOutputs['analysis']['rebalance'];

/** RFC 9457 problem details, as the server sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}
