// Price history reads and writes. Like the portfolio reads, these are plain SQL, not Objection models:
// uploads are bulk (COPY + one merge) and reads return many small rows (docs/decisions.md).
import type {
  DeletePricesResult,
  PriceCoverage,
  PriceImportReport,
  PricePoint,
  PriceSeriesInput,
  UpsertPricesInput,
} from '@folio/contract/prices';
import type { Knex } from '@folio/db';
import type { Readable } from 'node:stream';
import { NotFoundError } from '../errors/index.js';
import { readPriceCsv } from './price-csv-reader.js';
import { batchesOf, readPriceJson } from './price-json-reader.js';
import { writePrices } from './price-writer.js';

export interface PriceStreamOptions {
  /** the ticker of a single-ticker (Yahoo/Stooq) CSV */
  ticker?: string | undefined;
  format: 'csv' | 'json';
  onProgress?: (rows: number) => void;
}

const unknownTicker = (ticker: string) => new NotFoundError(`There are no prices for ${ticker}.`);

export class PriceService {
  constructor(private readonly db: Knex) {}

  /** An upload already in memory: JSON rows (checked by the schema) or a CSV text. */
  upsert(input: UpsertPricesInput): Promise<PriceImportReport> {
    if ('prices' in input) return writePrices(this.db, batchesOf(input.prices), { at: 'index' });
    return writePrices(this.db, readPriceCsv([input.csv], { ticker: input.ticker }), { at: 'line' });
  }

  /** An upload as it arrives (a request body, a file), read and written in batches. */
  upsertStream(input: Readable | AsyncIterable<Buffer | string>, options: PriceStreamOptions): Promise<PriceImportReport> {
    const batches = options.format === 'json' ? readPriceJson(input) : readPriceCsv(input, { ticker: options.ticker });
    return writePrices(this.db, batches, {
      at: options.format === 'json' ? 'index' : 'line',
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  }

  async coverage(): Promise<PriceCoverage[]> {
    const { rows } = await this.db.raw<{ rows: PriceCoverage[] }>(
      `SELECT ticker, to_char(min(date), 'YYYY-MM-DD') AS first_date, to_char(max(date), 'YYYY-MM-DD') AS last_date,
              count(*)::int AS rows
         FROM prices GROUP BY ticker ORDER BY ticker`,
    );
    return rows;
  }

  /** One ticker's prices, oldest first, within an inclusive window; 404 when it has none at all. */
  async series({ ticker, from, to }: PriceSeriesInput): Promise<PricePoint[]> {
    const { rows } = await this.db.raw<{ rows: PricePoint[] }>(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, close, adj_close FROM prices
        WHERE ticker = ? AND date >= coalesce(?::date, '-infinity') AND date <= coalesce(?::date, 'infinity')
        ORDER BY date`,
      [ticker, from ?? null, to ?? null],
    );
    if (rows.length === 0 && !(await this.hasPrices(ticker))) throw unknownTicker(ticker);
    return rows;
  }

  async delete({ ticker }: { ticker: string }): Promise<DeletePricesResult> {
    const deleted = await this.db('prices').where({ ticker }).delete();
    if (deleted === 0) throw unknownTicker(ticker);
    return { ticker, deleted };
  }

  private async hasPrices(ticker: string): Promise<boolean> {
    return (await this.db('prices').where({ ticker }).first(this.db.raw('1'))) !== undefined;
  }
}
