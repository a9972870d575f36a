// Stores one upload, all or nothing: its rows are COPYed into a temporary table as they are read, then
// one INSERT … ON CONFLICT merges them into `prices`, in (ticker, date) order, in one transaction.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PriceImportReport } from '@folio/contract/prices';
import type { Knex } from '@folio/db';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ImportFileError } from '../services/import-checks.js';
import type { PriceBatch } from './price-cells.js';
import { DuplicateGuard, DuplicatePriceError } from './duplicate-guard.js';

export interface WriteOptions {
  /** what a row's `at` is: a CSV line number, or an index into JSON `prices` */
  at: 'line' | 'index';
  /** prices read so far */
  onProgress?: (rows: number) => void;
}

// Rows whose prices are already stored as given are left alone (and not counted as updated), so an
// unchanged re-upload writes nothing and bumps no version. Every merge takes its row locks in
// (ticker, date) order, so two overlapping uploads wait for each other and cannot deadlock; the
// retry below is for writers outside the API (psql) that lock in some other order.
const MERGE = `
  WITH merged AS (
    INSERT INTO prices AS p (ticker, date, close, adj_close)
    SELECT ticker, date, close, adj_close FROM price_upload ORDER BY ticker, date
    ON CONFLICT (ticker, date) DO UPDATE SET close = excluded.close, adj_close = excluded.adj_close
      WHERE (p.close, p.adj_close) IS DISTINCT FROM (excluded.close, excluded.adj_close)
    RETURNING (xmax = 0) AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
    FROM merged`;

const DEADLOCK = '40P01';
const MERGE_ATTEMPTS = 3;

const isoDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * The merge runs on the raw connection, outside the hung-Postgres guard (DB_QUERY_TIMEOUT_MS): its
 * run time grows with the upload (tens of seconds for millions of rows), and that guard would close
 * the connection under a legitimate large upload.
 */
async function merge(conn: ClientBase): Promise<{ inserted: number; updated: number }> {
  for (let attempt = 1; ; attempt++) {
    await conn.query('SAVEPOINT price_merge');
    try {
      const { rows } = await conn.query<{ inserted: number; updated: number }>(MERGE);
      await conn.query('RELEASE SAVEPOINT price_merge');
      return rows[0]!;
    } catch (err) {
      if ((err as { code?: string }).code !== DEADLOCK || attempt >= MERGE_ATTEMPTS) throw err;
      await conn.query('ROLLBACK TO SAVEPOINT price_merge');
    }
  }
}

export async function writePrices(db: Knex, batches: AsyncIterable<PriceBatch>, options: WriteOptions): Promise<PriceImportReport> {
  return db.transaction(async (trx) => {
    await trx.raw(`
      CREATE TEMP TABLE price_upload (ticker text, date date, close float8, adj_close float8, at integer)
      ON COMMIT DROP`);
    const conn = (await trx.client.acquireConnection()) as ClientBase;

    const guard = new DuplicateGuard();
    let rows = 0;
    let skipped = 0;
    let firstDay = Infinity;
    let lastDay = -Infinity;
    let duplicate: DuplicatePriceError | undefined;
    // COPY text format: tickers and ISO dates hold no tab, newline or backslash (the rules exclude them);
    // a JS number prints as the shortest text that reads back as the same double.
    async function* copyText(): AsyncGenerator<string> {
      for await (const batch of batches) {
        skipped += batch.skipped;
        let text = '';
        try {
          for (const r of batch.rows) {
            guard.add(r.ticker, r.day, r.date, r.at);
            if (r.day < firstDay) firstDay = r.day;
            if (r.day > lastDay) lastDay = r.day;
            text += `${r.ticker}\t${r.date}\t${r.close}\t${r.adj_close ?? '\\N'}\t${r.at}\n`;
            rows++;
          }
        } catch (err) {
          if (!(err instanceof DuplicatePriceError)) throw err;
          // End the COPY normally with the rows before it, to look up where the first one was.
          duplicate = err;
          yield text;
          return;
        }
        yield text;
        options.onProgress?.(rows);
      }
    }
    await pipeline(Readable.from(copyText()), conn.query(copyFrom('COPY price_upload FROM STDIN')));

    if (duplicate) throw await duplicateError(trx, duplicate, options.at);

    const { inserted, updated } = await merge(conn);
    return {
      inserted,
      updated,
      unchanged: rows - inserted - updated,
      skipped,
      tickers: guard.tickers(),
      first_date: rows > 0 ? isoDate(firstDay) : null,
      last_date: rows > 0 ? isoDate(lastDay) : null,
    };
  });
}

async function duplicateError(trx: Knex.Transaction, dup: DuplicatePriceError, at: WriteOptions['at']): Promise<ImportFileError> {
  const first = await trx('price_upload').where({ ticker: dup.ticker, date: dup.date }).min('at as at').first();
  const firstAt = (first as { at: number | null } | undefined)?.at;
  const what = `${dup.ticker} on ${dup.date}`;
  if (at === 'line') {
    return new ImportFileError(`ticker ${dup.ticker}`, `${what} appears twice (lines ${firstAt} and ${dup.at})`, dup.at);
  }
  return new ImportFileError(`prices[${dup.at}]`, `${what} appears twice (prices[${firstAt}] and prices[${dup.at}])`);
}
