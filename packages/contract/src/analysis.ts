// Inputs and answers of the analysis.* procedures (REST: POST /api/analysis/<name>, same JSON).
// Conventions (PyPortfolioOpt's) are in docs/analytics.md; the numbers come from @folio/analytics.
// Limits are the analytics package's budgets, so the contract and the computation cannot disagree.
import { LIMITS } from '@folio/analytics/budgets';
import { z } from 'zod';
import { idSchema, tickerSchema } from './index.js';

const isoDate = z.iso.date('Dates are ISO dates: YYYY-MM-DD');

const finite = z.number();

/** Which holdings an analysis reads: listed tickers/weights, or a stored portfolio (its effective weights). */
const subjectFields = {
  tickers: z.array(tickerSchema).min(1).max(LIMITS.maxAssets, `At most ${LIMITS.maxAssets} tickers`).optional(),
  weights: z.record(tickerSchema, finite).optional(),
  portfolio_id: idSchema.optional(),
  /** inclusive window of price dates; absent: all data */
  from: isoDate.optional(),
  to: isoDate.optional(),
};

type SubjectShape = { tickers?: unknown; weights?: Record<string, number> | undefined; portfolio_id?: unknown; from?: string | undefined; to?: string | undefined };

function checkSubject(value: SubjectShape, ctx: z.RefinementCtx, needs: 'tickers' | 'weights') {
  const listed = value.tickers !== undefined || value.weights !== undefined;
  if (value.portfolio_id !== undefined && listed) {
    ctx.addIssue({ code: 'custom', path: ['portfolio_id'], message: 'Give either portfolio_id or tickers/weights, not both' });
  } else if (value.portfolio_id === undefined) {
    if (needs === 'weights' && value.weights === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'Give weights (or a portfolio_id)' });
    }
    if (needs === 'tickers' && value.tickers === undefined && value.weights === undefined) {
      ctx.addIssue({ code: 'custom', path: ['tickers'], message: 'Give tickers (or a portfolio_id)' });
    }
  }
  if (value.weights !== undefined) {
    const count = Object.keys(value.weights).length;
    if (count === 0) ctx.addIssue({ code: 'custom', path: ['weights'], message: 'Give at least one ticker weight' });
    if (count > LIMITS.maxAssets) ctx.addIssue({ code: 'custom', path: ['weights'], message: `At most ${LIMITS.maxAssets} tickers` });
  }
  if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
  }
}

const meanVarianceFields = {
  ...subjectFields,
  /** [lower, upper]; null: unbounded on that side; a negative lower bound allows shorting */
  weight_bounds: z.tuple([finite.nullable(), finite.nullable()]).optional(),
  l2_gamma: finite.min(0).optional(),
  risk_model: z.enum(['sample', 'ledoit_wolf']).optional(),
  risk_free_rate: finite.optional(),
  /** mean_historical compounding (default true) */
  compounding: z.boolean().optional(),
};

const objectiveSchema = z.enum(['min_volatility', 'max_sharpe', 'efficient_risk', 'efficient_return', 'max_quadratic_utility']);

export const optimizeInput = z
  .object({
    ...meanVarianceFields,
    objective: objectiveSchema,
    target_volatility: finite.positive().optional(),
    target_return: finite.optional(),
    risk_aversion: finite.positive().optional(),
  })
  .superRefine((v, ctx) => checkSubject(v, ctx, 'tickers'));

export const frontierInput = z
  .object({
    ...meanVarianceFields,
    points: z.number().int().min(2).max(LIMITS.maxFrontierPoints).default(50),
  })
  .superRefine((v, ctx) => checkSubject(v, ctx, 'tickers'));

export const riskInput = z
  .object({
    ...subjectFields,
    confidence: finite.min(0.9).max(0.999).default(0.95),
    horizon_days: z.number().int().min(1).max(LIMITS.maxMonteCarloHorizonDays).default(1),
    benchmark: tickerSchema.optional(),
    risk_free_rate: finite.optional(),
  })
  .superRefine((v, ctx) => checkSubject(v, ctx, 'weights'));

export const monteCarloInput = z
  .object({
    ...subjectFields,
    paths: z.number().int().min(1).max(LIMITS.maxMonteCarloPaths).default(10_000),
    horizon_days: z.number().int().min(1).max(LIMITS.maxMonteCarloHorizonDays).default(252),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    initial_value: finite.positive().default(1),
  })
  .superRefine((v, ctx) => checkSubject(v, ctx, 'weights'));

/** Shares live in portfolios, so a rebalance is always of one; `weights` are its targets (default: its effective weights). */
export const rebalanceInput = z
  .object({
    portfolio_id: idSchema,
    weights: z.record(tickerSchema, finite.min(0, 'Target weights must be between 0 and 1').max(1, 'Target weights must be between 0 and 1')).optional(),
    /** prices are each holding's last close on or before `to` (default: the latest) */
    to: isoDate.optional(),
    whole_shares: z.boolean().default(false),
    /** money added (positive) or withdrawn (negative) with the rebalance */
    cash: finite.default(0),
  });

// ---- answers ------------------------------------------------------------------------------------

const weightsOut = z.record(z.string(), z.number());
const window = { observations: z.number().int(), from: z.string(), to: z.string() };

export const portfolioFiguresSchema = z.object({
  weights: weightsOut,
  expected_return: z.number(),
  volatility: z.number(),
  sharpe: z.number(),
});

export const optimizeResultSchema = portfolioFiguresSchema.extend({
  objective: objectiveSchema,
  risk_model: z.enum(['sample', 'ledoit_wolf']),
  risk_free_rate: z.number(),
  ...window,
  warnings: z.array(z.string()),
});

export const frontierResultSchema = z.object({
  points: z.array(portfolioFiguresSchema),
  min_volatility: portfolioFiguresSchema,
  max_sharpe: portfolioFiguresSchema.optional(),
  portfolio: portfolioFiguresSchema.optional(),
  risk_free_rate: z.number(),
  ...window,
  warnings: z.array(z.string()),
});

const valueAtRiskSchema = z.object({ var: z.number(), cvar: z.number() });

export const riskResultSchema = z.object({
  historical: valueAtRiskSchema,
  parametric: valueAtRiskSchema,
  annual_return: z.number(),
  annual_volatility: z.number(),
  sharpe: z.number(),
  max_drawdown: z.number(),
  beta: z.number().optional(),
  correlation: z.number().optional(),
  confidence: z.number(),
  horizon_days: z.number().int(),
  risk_free_rate: z.number(),
  ...window,
});

const percentiles = { p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() };

export const monteCarloResultSchema = z.object({
  terminal: z.object({ mean: z.number(), p1: z.number(), ...percentiles, p99: z.number() }),
  expected_terminal_value: z.number(),
  probability_of_loss: z.number(),
  bands: z.array(z.object({ day: z.number().int(), ...percentiles })),
  paths: z.number().int(),
  horizon_days: z.number().int(),
  seed: z.number().int(),
  initial_value: z.number(),
  ...window,
  factorization: z.enum(['cholesky', 'eigen']),
});

export const rebalanceResultSchema = z.object({
  lines: z.array(
    z.object({
      ticker: z.string(),
      price: z.number(),
      shares: z.number(),
      value: z.number(),
      current_weight: z.number(),
      target_weight: z.number(),
      trade_shares: z.number(),
      trade_value: z.number(),
    }),
  ),
  unvalued: z.array(z.object({ ticker: z.string(), reason: z.enum(['no price', 'no shares']) })),
  total_value: z.number(),
  cash: z.number(),
  net_trade_value: z.number(),
  cash_remaining: z.number(),
});

/** portfolio.setWeights: many target weights of held tickers in one transaction. */
export const setWeightsInput = z.object({
  id: idSchema,
  weights: z
    .record(
      tickerSchema,
      z
        .number()
        .min(0, 'A negative (short) weight cannot be applied: a portfolio holds long positions only')
        .max(1, 'Weight must be between 0 and 1'),
    )
    .refine((w) => Object.keys(w).length > 0, 'Give at least one ticker weight'),
});

export type OptimizeInput = z.output<typeof optimizeInput>;
export type FrontierInput = z.output<typeof frontierInput>;
export type RiskInput = z.output<typeof riskInput>;
export type MonteCarloInput = z.output<typeof monteCarloInput>;
export type RebalanceInput = z.output<typeof rebalanceInput>;
export type SetWeightsInput = z.output<typeof setWeightsInput>;
