// Stores one upload, all or nothing: its rows are COPYed into a temporary table as they are read, then
// merged into `prices` (changed rows updated, new ones inserted), in one transaction.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PriceImportReport } from '@folio/contract/prices';
import type { Knex } from '@folio/db';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ImportFileError } from '../errors/index.js';
import type { PriceBatch } from './price-cells.js';
import { DuplicateGuard, DuplicatePriceError } from './duplicate-guard.js';

export interface WriteOptions {
  /** what a row's `at` is: a CSV line number, or an index into JSON `prices` */
  at: 'line' | 'index';
  /** prices read so far */
  onProgress?: (rows: number) => void;
}

// Uploads take turns for their merge (a transaction-level advisory lock): parsing and COPY run in
// parallel, the short merge does not, so overlapping uploads can neither deadlock nor collide on a new
// key. The merge is an UPDATE of the rows whose prices differ, then a plain INSERT of the new keys:
// about 2.5× faster than INSERT … ON CONFLICT DO UPDATE (measured, 1.26 M rows), and rows already
// stored as given are not touched, so an unchanged re-upload writes nothing and bumps no version.
// Writers outside the API (psql) do not take the lock: a deadlock or unique violation with one of them
// rolls the merge back to its savepoint and runs it again.
const MERGE_LOCK = 0x707269636573; // "prices"
const UPDATE_CHANGED = `
  UPDATE prices p SET close = u.close, adj_close = u.adj_close
    FROM price_upload u
   WHERE p.ticker = u.ticker AND p.date = u.date
     AND (p.close, p.adj_close) IS DISTINCT FROM (u.close, u.adj_close)`;
// Sorted by key so the primary-key index is filled in order, whatever order the file had.
const INSERT_NEW = `
  INSERT INTO prices (ticker, date, close, adj_close)
  SELECT ticker, date, close, adj_close FROM price_upload u
   WHERE NOT EXISTS (SELECT 1 FROM prices p WHERE p.ticker = u.ticker AND p.date = u.date)
   ORDER BY ticker, date`;
const RETRYABLE = new Set(['40P01', '23505']); // deadlock, unique violation
const MERGE_ATTEMPTS = 3;

const isoDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * The merge runs on the raw connection, outside the hung-Postgres guard (DB_QUERY_TIMEOUT_MS): its
 * run time grows with the upload (tens of seconds for millions of rows), and so may its wait for the
 * upload before it; that guard would close the connection under a legitimate large upload.
 */
async function merge(conn: ClientBase): Promise<{ inserted: number; updated: number }> {
  await conn.query('SELECT pg_advisory_xact_lock($1)', [MERGE_LOCK]);
  await conn.query('ANALYZE price_upload'); // row estimates, so the planner picks hash or merge joins
  for (let attempt = 1; ; attempt++) {
    await conn.query('SAVEPOINT price_merge');
    try {
      const updated = (await conn.query(UPDATE_CHANGED)).rowCount ?? 0;
      const inserted = (await conn.query(INSERT_NEW)).rowCount ?? 0;
      await conn.query('RELEASE SAVEPOINT price_merge');
      return { inserted, updated };
    } catch (err) {
      if (!RETRYABLE.has((err as { code?: string }).code ?? '') || attempt >= MERGE_ATTEMPTS) throw err;
      await conn.query('ROLLBACK TO SAVEPOINT price_merge');
    }
  }
}

export async function writePrices(db: Knex, batches: AsyncIterable<PriceBatch>, options: WriteOptions): Promise<PriceImportReport> {
  return db.transaction(async (trx) => {
    await trx.raw(`
      CREATE TEMP TABLE price_upload (ticker varchar(20), date date, close float8, adj_close float8, at integer)
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
