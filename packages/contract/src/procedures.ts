// Every procedure of the API, declared once: its name (family.procedure), kind, who may call it, its
// input and its output. The server's router and the SDK's router type are both derived from this
// table (see router.ts), so a new procedure, or a new family, is one entry here plus its handler.
import { z } from 'zod';
import {
  addStockInput,
  createPortfolioInput,
  healthSchema,
  listPortfoliosInput,
  portfolioIdInput,
  portfolioSchema,
  removeStockInput,
  serverConfigSchema,
  updatePortfolioInput,
  updateStockInput,
} from './index.js';
import {
  frontierInput,
  frontierResultSchema,
  monteCarloInput,
  monteCarloResultSchema,
  optimizeInput,
  optimizeResultSchema,
  rebalanceInput,
  rebalanceResultSchema,
  riskInput,
  riskResultSchema,
  setWeightsInput,
} from './analysis.js';
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
} from './prices.js';
import { exportDocumentSchema, importInput, importReportSchema } from './transfer.js';

export interface ProcedureSpec {
  kind: 'query' | 'mutation';
  /** `read`/`write`: the API key scope needed when auth is on; `public`: no key ever */
  access: 'public' | 'read' | 'write';
  /** absent: the procedure takes no input */
  input?: z.ZodType;
  /** the shape of the answer; the server does not re-validate it (reads are pre-built JSON) */
  output: z.ZodType;
}

export type ProcedureTable = Record<string, Record<string, ProcedureSpec>>;

const deletedSchema = z.object({ id: z.number(), deleted: z.literal(true) });

export const procedures = {
  portfolio: {
    list: { kind: 'query', access: 'read', input: listPortfoliosInput, output: z.array(portfolioSchema) },
    byId: { kind: 'query', access: 'read', input: portfolioIdInput, output: portfolioSchema },
    create: { kind: 'mutation', access: 'write', input: createPortfolioInput, output: portfolioSchema },
    update: { kind: 'mutation', access: 'write', input: updatePortfolioInput, output: portfolioSchema },
    delete: { kind: 'mutation', access: 'write', input: portfolioIdInput, output: deletedSchema },
    addStock: { kind: 'mutation', access: 'write', input: addStockInput, output: portfolioSchema },
    updateStock: { kind: 'mutation', access: 'write', input: updateStockInput, output: portfolioSchema },
    removeStock: { kind: 'mutation', access: 'write', input: removeStockInput, output: portfolioSchema },
    setWeights: { kind: 'mutation', access: 'write', input: setWeightsInput, output: portfolioSchema },
    import: { kind: 'mutation', access: 'write', input: importInput, output: importReportSchema },
    export: { kind: 'query', access: 'read', output: exportDocumentSchema },
    valuation: { kind: 'query', access: 'read', input: valuationInput, output: valuationSchema },
  },
  prices: {
    upsert: { kind: 'mutation', access: 'write', input: upsertPricesInput, output: priceImportReportSchema },
    coverage: { kind: 'query', access: 'read', output: z.array(priceCoverageSchema) },
    series: { kind: 'query', access: 'read', input: priceSeriesInput, output: z.array(pricePointSchema) },
    delete: { kind: 'mutation', access: 'write', input: tickerInput, output: deletePricesResultSchema },
  },
  // Analyses only read (read scope, no idempotency record); queries, so clients may cache them.
  analysis: {
    optimize: { kind: 'query', access: 'read', input: optimizeInput, output: optimizeResultSchema },
    frontier: { kind: 'query', access: 'read', input: frontierInput, output: frontierResultSchema },
    risk: { kind: 'query', access: 'read', input: riskInput, output: riskResultSchema },
    monteCarlo: { kind: 'query', access: 'read', input: monteCarloInput, output: monteCarloResultSchema },
    rebalance: { kind: 'query', access: 'read', input: rebalanceInput, output: rebalanceResultSchema },
  },
  system: {
    health: { kind: 'query', access: 'public', output: healthSchema },
    /** auth mode and wire version, so a client (the dashboard) can offer an API key only when one is needed */
    config: { kind: 'query', access: 'public', output: serverConfigSchema },
  },
} as const satisfies ProcedureTable;

export type Procedures = typeof procedures;
