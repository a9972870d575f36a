// The export/import file format: the REST list shape under a small header, so a file written by
// `folio export` or GET /api/export loads back through `folio import`, POST /api/import or
// portfolio.import. Imports are lenient about what the database assigns (stock ids, timestamps)
// and strict about what the rules govern (names, tickers, weights).
import { z } from 'zod';
import {
  descriptionSchema,
  idSchema,
  nameSchema,
  portfolioSchema,
  sharesSchema,
  tickerSchema,
  timestampSchema,
  weightSchema,
} from './index.js';

export const EXPORT_FORMAT = 'folio-export';
export const EXPORT_VERSION = 1;

export const exportHeaderSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exported_at: timestampSchema,
});

export const importStockSchema = z.object({
  /** kept in replace mode; merge mode matches holdings by ticker and lets the database number new ones */
  id: idSchema.optional(),
  ticker: tickerSchema,
  weight: weightSchema.optional(),
  shares: sharesSchema.optional(),
  added_at: timestampSchema.optional(),
});

export const importPortfolioSchema = z.object({
  id: idSchema,
  name: nameSchema,
  description: descriptionSchema.optional(),
  created_at: timestampSchema.optional(),
  stocks: z.array(importStockSchema).default([]),
});

export const importModeSchema = z.enum(['merge', 'replace']);

export const exportDocumentSchema = exportHeaderSchema.extend({ portfolios: z.array(portfolioSchema) });

export const importDocumentSchema = exportHeaderSchema.extend({ portfolios: z.array(importPortfolioSchema) });

export const importInput = z.object({
  document: importDocumentSchema,
  mode: importModeSchema.default('merge'),
  dry_run: z.boolean().default(false),
});

const counts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** the same number as `unchanged`, under the name reports had before; kept so older clients still read it */
  skipped: z.number().int().meta({ deprecated: true, description: 'Alias of `unchanged` (its earlier name); always equal to it.' }),
  deleted: z.number().int(),
});

export const importReportSchema = z.object({
  mode: importModeSchema,
  dry_run: z.boolean(),
  portfolios: counts,
  stocks: counts,
});

export type ImportCounts = z.infer<typeof counts>;

/** Counts with `skipped` set to `unchanged`, its alias. */
export const importCounts = (c: Omit<ImportCounts, 'skipped'>): ImportCounts => ({
  created: c.created,
  updated: c.updated,
  unchanged: c.unchanged,
  skipped: c.unchanged,
  deleted: c.deleted,
});

export type ExportDocument = z.infer<typeof exportDocumentSchema>;
export type ImportPortfolio = z.infer<typeof importPortfolioSchema>;
export type ImportMode = z.infer<typeof importModeSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;
