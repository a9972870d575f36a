// The wire contract shared by REST, tRPC, the SDK and the dashboard: one shape, snake_case, no mappers.
import { z } from 'zod';

/** The message of a missing required field; servers tell "missing" (422) from "wrong type" (400) by it. */
export const REQUIRED_MESSAGE = 'Required';

// Zod 4 reports a missing field as "expected string, received undefined"; say it plainly instead.
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? REQUIRED_MESSAGE : undefined),
});

export const MAX_ID = 2_147_483_647;
export const MAX_PAGE_SIZE = 1000;

/** Postgres `text` cannot hold NUL; rejecting it here keeps such input a 4xx, not a driver error. */
const noNul = (s: string) => !s.includes('\u0000');

export const idSchema = z.number().int().min(1).max(MAX_ID);

export const nameSchema = z
  .string()
  .trim()
  .min(1, { message: 'Name must not be empty', abort: true })
  .max(200, 'Name must be at most 200 characters')
  .refine(noNul, 'Name must not contain NUL characters');

export const descriptionSchema = z
  .string()
  .max(2000, 'Description must be at most 2,000 characters')
  .refine(noNul, 'Description must not contain NUL characters')
  .nullable();

export const TICKER_PATTERN = /^[A-Z0-9.\-^=/]+$/;

export const tickerSchema = z
  .string()
  .trim()
  // Checked before upper-casing: Unicode case folding turns ı into I, ß into SS and ﬀ into FF.
  .regex(/^[A-Za-z0-9.\-^=/]*$/, 'Ticker may contain only A-Z, 0-9 and . - ^ = /')
  .toUpperCase()
  // abort: an empty ticker is one problem, not also "may contain only …"
  .min(1, { message: 'Ticker must not be empty', abort: true })
  .max(20, 'Ticker must be at most 20 characters')
  .regex(TICKER_PATTERN, 'Ticker may contain only A-Z, 0-9 and . - ^ = /');

/** null means "equal weight": the holding shares whatever the explicit weights leave. */
export const weightSchema = z
  .number()
  .min(0, 'Weight must be between 0 and 1')
  .max(1, 'Weight must be between 0 and 1')
  .nullable();

export const sharesSchema = z.number().min(0, 'Shares must not be negative').nullable();

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An ISO-8601 timestamp with an offset, limited to what every layer reads and writes back unchanged:
 * JavaScript's Date (milliseconds), Postgres (which rounds finer digits, so 9999-12-31T23:59:59.9999999Z
 * would become year 10000) and the export format (four-digit years, in UTC).
 */
export const timestampSchema = z
  .iso.datetime({ offset: true })
  .refine((v) => !/\.\d{4,}/.test(v), 'Timestamps carry at most milliseconds (3 fractional digits)')
  .refine((v) => {
    const ms = Date.parse(v);
    return ms >= EARLIEST && ms <= LATEST;
  }, 'Timestamps must fall within the years 0001 to 9999 in UTC');

// ---- inputs -------------------------------------------------------------------------------------

export const portfolioIdInput = z.object({ id: idSchema });

export const listPortfoliosInput = z
  .object({
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    /** id of the last portfolio of the previous page */
    cursor: idSchema.optional(),
    /** only portfolios whose name contains this (any case) or that hold a ticker starting with it */
    q: z.string().max(200, 'Search text must be at most 200 characters').refine(noNul, 'Search text must not contain NUL characters').optional(),
  })
  .optional();

export const createPortfolioInput = z.object({
  name: nameSchema,
  description: descriptionSchema.optional(),
});

export const updatePortfolioInput = z.object({
  id: idSchema,
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
});

export const addStockInput = z.object({
  portfolio_id: idSchema,
  ticker: tickerSchema,
  weight: weightSchema.optional(),
  shares: sharesSchema.optional(),
});

export const updateStockInput = z.object({
  portfolio_id: idSchema,
  stock_id: idSchema,
  weight: weightSchema.optional(),
  shares: sharesSchema.optional(),
});

export const removeStockInput = z.object({
  portfolio_id: idSchema,
  stock_id: idSchema,
});

// ---- outputs ------------------------------------------------------------------------------------

/** ISO-8601 with an offset (the server always writes UTC: 2026-11-24T10:00:00.000Z). */
export const isoTimestamp = z.iso.datetime({ offset: true });

export const stockSchema = z.object({
  id: idSchema,
  portfolio_id: idSchema,
  ticker: z.string(),
  weight: z.number().nullable(),
  shares: z.number().nullable(),
  added_at: isoTimestamp,
});

export const portfolioSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string().nullable(),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
  stocks: z.array(stockSchema),
});

export const healthSchema = z.object({
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  database: z.boolean(),
  redis: z.boolean(),
  timescaledb: z.boolean(),
});

/** What a client may adapt to: whether API keys are required, and the wire API version (semver). */
export const serverConfigSchema = z.object({
  auth: z.enum(['required', 'off']),
  api_version: z.string(),
});

/** RFC 9457 problem details, as every REST error body and every tRPC `error.data.problem`. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type Stock = z.infer<typeof stockSchema>;
export type Portfolio = z.infer<typeof portfolioSchema>;
export type Health = z.infer<typeof healthSchema>;
export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type Problem = z.infer<typeof problemSchema>;
export type FieldError = NonNullable<Problem['errors']>[number];
export type ListPortfoliosInput = z.infer<typeof listPortfoliosInput>;
export type CreatePortfolioInput = z.infer<typeof createPortfolioInput>;
export type UpdatePortfolioInput = z.infer<typeof updatePortfolioInput>;
export type AddStockInput = z.infer<typeof addStockInput>;
export type UpdateStockInput = z.infer<typeof updateStockInput>;
export type RemoveStockInput = z.infer<typeof removeStockInput>;

export { effectiveWeights } from './effective-weights.js';
export { WEIGHT_SUM_TOLERANCE } from './weight-sum.js';
