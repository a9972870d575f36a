// Price history: daily closes per ticker that valuations and analyses read. Analyses read `adj_close`
// where present, else `close`. Prices are in the instrument's own currency: there is no FX conversion.
import { z } from 'zod';
import { idSchema, tickerSchema } from './index.js';

/** ISO calendar date `YYYY-MM-DD`. */
export const isoDateSchema = z.iso
  .date('Dates are written YYYY-MM-DD')
  .refine((d) => !d.startsWith('0000'), 'There is no year 0');

export const priceSchema = z
  .number()
  .gt(0, 'A price must be positive')
  .refine(Number.isFinite, 'A price must be finite');

export const priceInputSchema = z.object({
  ticker: tickerSchema,
  date: isoDateSchema,
  close: priceSchema,
  adj_close: priceSchema.nullable().optional(),
});

/** Shape 4: JSON rows. */
export const upsertPricesJsonInput = z.object({ prices: z.array(priceInputSchema) });

/** Shapes 1–3: a CSV text (wide, long, or a Yahoo/Stooq download with its `ticker`). */
export const upsertPricesCsvInput = z.object({
  csv: z.string(),
  ticker: tickerSchema.optional(),
});

export const upsertPricesInput = z.union([upsertPricesJsonInput, upsertPricesCsvInput]);

export const priceImportReportSchema = z.object({
  /** (ticker, date) rows that were new */
  inserted: z.number().int(),
  /** rows whose close or adj_close changed */
  updated: z.number().int(),
  /** rows already stored with the same prices */
  unchanged: z.number().int(),
  /** lines without a price that were passed over (Yahoo's `null` holiday rows) */
  skipped: z.number().int(),
  /** the tickers the upload named, sorted */
  tickers: z.array(z.string()),
  first_date: isoDateSchema.nullable(),
  last_date: isoDateSchema.nullable(),
});

export const priceCoverageSchema = z.object({
  ticker: z.string(),
  first_date: isoDateSchema,
  last_date: isoDateSchema,
  rows: z.number().int(),
});

export const priceSeriesInput = z.object({
  ticker: tickerSchema,
  /** inclusive */
  from: isoDateSchema.optional(),
  /** inclusive */
  to: isoDateSchema.optional(),
});

export const pricePointSchema = z.object({
  date: isoDateSchema,
  close: z.number(),
  adj_close: z.number().nullable(),
});

export const tickerInput = z.object({ ticker: tickerSchema });

export const deletePricesResultSchema = z.object({ ticker: z.string(), deleted: z.number().int() });

export type PriceInput = z.infer<typeof priceInputSchema>;
export type UpsertPricesInput = z.infer<typeof upsertPricesInput>;
export type PriceImportReport = z.infer<typeof priceImportReportSchema>;
export type PriceCoverage = z.infer<typeof priceCoverageSchema>;
export type PriceSeriesInput = z.infer<typeof priceSeriesInput>;
export type PricePoint = z.infer<typeof pricePointSchema>;
export type DeletePricesResult = z.infer<typeof deletePricesResultSchema>;

// ---- valuation: a portfolio at market prices ----------------------------------------------------

export const valuationInput = z.object({
  id: idSchema,
  /** value as of this date (the last close on or before it); default: each ticker's latest close */
  date: isoDateSchema.optional(),
});

export const unvaluedReasonSchema = z.enum(['no_shares', 'no_price']);

export const valuedHoldingSchema = z.object({
  stock_id: z.number().int(),
  ticker: z.string(),
  shares: z.number().nullable(),
  /** the last close on or before the date (not adj_close: what a share traded at), null without one */
  price: z.number().nullable(),
  price_date: isoDateSchema.nullable(),
  /** shares × price; null when the holding could not be valued */
  market_value: z.number().nullable(),
  /** market value / total value of the holdings that could be valued */
  value_weight: z.number().nullable(),
  /** the effective target: the explicit weight, or an equal share of what explicit weights leave */
  target_weight: z.number(),
  /** value_weight − target_weight */
  drift: z.number().nullable(),
  /** why the holding has no market value: no share count, or no price on or before the date */
  reason: unvaluedReasonSchema.nullable(),
});

export const valuationSchema = z.object({
  portfolio_id: z.number().int(),
  /** the date asked for, or null for "latest" */
  date: isoDateSchema.nullable(),
  total_value: z.number(),
  valued: z.number().int(),
  unvalued: z.number().int(),
  holdings: z.array(valuedHoldingSchema),
});

export type ValuationInput = z.infer<typeof valuationInput>;
export type ValuedHolding = z.infer<typeof valuedHoldingSchema>;
export type Valuation = z.infer<typeof valuationSchema>;
