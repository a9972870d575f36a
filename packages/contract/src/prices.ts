// Price history: daily closes per ticker that valuations and analyses read. Analyses read `adj_close`
// where present, else `close`. Prices are in the instrument's own currency: there is no FX conversion.
import { z } from 'zod';
import { tickerSchema } from './index.js';

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
