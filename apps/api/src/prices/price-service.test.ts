import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { ImportFileError, NotFoundError } from '../errors/index.js';
import { readPricesVersion } from './price-table.js';
import { PriceService } from './price-service.js';

let db: TestDatabase;
let prices: PriceService;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  prices = new PriceService(db.knex);
});
afterAll(() => db?.drop());
beforeEach(() => db.knex.raw('TRUNCATE prices, price_versions'));

const stored = async () =>
  (
    await db.knex.raw<{ rows: { ticker: string; date: string; close: number; adj_close: number | null }[] }>(
      `SELECT ticker, to_char(date, 'YYYY-MM-DD') AS date, close, adj_close FROM prices ORDER BY ticker, date`,
    )
  ).rows;

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the upload to be rejected');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(ImportFileError);
      return (err as Error).message;
    },
  );

/** A long CSV of `tickers` × `days` business-ish days, every close distinct. */
function longCsv(tickers: string[], days: number, price = (t: number, d: number) => 10 + t + d / 100): string {
  const lines = ['ticker,date,close'];
  tickers.forEach((ticker, t) => {
    for (let d = 0; d < days; d++) lines.push(`${ticker},${new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10)},${price(t, d)}`);
  });
  return lines.join('\n');
}

describe('upsert: every shape', () => {
  it('wide', async () => {
    const report = await prices.upsert({ csv: 'date,AAPL,BRK.B\n2024-01-02,185.5,\n2024-01-03,184.25,350.5\n' });
    expect(report).toEqual({
      inserted: 3,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      tickers: ['AAPL', 'BRK.B'],
      first_date: '2024-01-02',
      last_date: '2024-01-03',
    });
    expect(await stored()).toEqual([
      { ticker: 'AAPL', date: '2024-01-02', close: 185.5, adj_close: null },
      { ticker: 'AAPL', date: '2024-01-03', close: 184.25, adj_close: null },
      { ticker: 'BRK.B', date: '2024-01-03', close: 350.5, adj_close: null },
    ]);
  });

  it('long', async () => {
    const report = await prices.upsert({ csv: 'Date,Symbol,Close,Adj_Close,Volume\n2024-01-02,eurusd=x,1.0943,,0\n' });
    expect(report).toMatchObject({ inserted: 1, tickers: ['EURUSD=X'] });
    expect(await stored()).toEqual([{ ticker: 'EURUSD=X', date: '2024-01-02', close: 1.0943, adj_close: null }]);
  });

  it('Yahoo download with its ticker, null rows skipped and counted', async () => {
    const csv = 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,4742.83,4742.83,0\n2024-01-03,null,null,null,null,null,null\n';
    expect(await prices.upsert({ csv, ticker: '^GSPC' })).toMatchObject({ inserted: 1, skipped: 1, tickers: ['^GSPC'] });
    expect(await stored()).toEqual([{ ticker: '^GSPC', date: '2024-01-02', close: 4742.83, adj_close: 4742.83 }]);
  });

  it('JSON', async () => {
    const report = await prices.upsert({
      prices: [
        { ticker: 'MSFT', date: '2024-01-03', close: 370.5, adj_close: 369 },
        { ticker: 'MSFT', date: '2024-01-02', close: 370 },
      ],
    });
    expect(report).toMatchObject({ inserted: 2, first_date: '2024-01-02', last_date: '2024-01-03' });
    expect(await stored()).toEqual([
      { ticker: 'MSFT', date: '2024-01-02', close: 370, adj_close: null },
      { ticker: 'MSFT', date: '2024-01-03', close: 370.5, adj_close: 369 },
    ]);
  });

  it('an empty upload (a header only) writes nothing and says so', async () => {
    expect(await prices.upsert({ csv: 'date,AAPL\n' })).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      tickers: [],
      first_date: null,
      last_date: null,
    });
  });
});

describe('upsert: re-imports', () => {
  it('counts unchanged rows as unchanged, writes nothing for them and leaves the versions alone', async () => {
    const csv = longCsv(['A', 'B'], 30);
    expect(await prices.upsert({ csv })).toMatchObject({ inserted: 60, updated: 0, unchanged: 0 });
    const version = await readPricesVersion(db.knex, ['A', 'B']);
    const before = await stored();
    expect(await prices.upsert({ csv })).toMatchObject({ inserted: 0, updated: 0, unchanged: 60 });
    expect(await stored()).toEqual(before);
    expect(await readPricesVersion(db.knex, ['A', 'B'])).toBe(version);
  });

  it('updates the rows whose prices changed (adj_close too) and inserts the new ones', async () => {
    await prices.upsert({ csv: 'ticker,date,close,adj_close\nA,2024-01-02,10,9\nA,2024-01-03,11,10\n' });
    const report = await prices.upsert({ csv: 'ticker,date,close,adj_close\nA,2024-01-02,10,9\nA,2024-01-03,11,10.5\nA,2024-01-04,12,\n' });
    expect(report).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    expect((await stored()).map((r) => r.adj_close)).toEqual([9, 10.5, null]);
    expect(await readPricesVersion(db.knex, ['A'])).not.toBe('A:1');
  });
});

describe('upsert: a bad upload writes nothing', () => {
  beforeEach(async () => {
    await prices.upsert({ csv: 'ticker,date,close\nKEEP,2024-01-02,1\n' });
  });

  it('one bad cell at the end of a file of many batches: nothing written, the line named', async () => {
    const csv = `${longCsv(['A', 'B', 'C'], 10_000)}\nC,2050-01-01,abc\n`;
    expect(await rejection(prices.upsert({ csv }))).toBe('line 30002, column close: "abc" is not a price');
    expect(await stored()).toEqual([{ ticker: 'KEEP', date: '2024-01-02', close: 1, adj_close: null }]);
  });

  it('the same ticker and date twice, even batches apart: both lines named', async () => {
    const csv = `${longCsv(['A', 'B'], 12_000)}\nA,2020-01-05,99\n`;
    expect(await rejection(prices.upsert({ csv }))).toBe('line 24002, ticker A: A on 2020-01-05 appears twice (lines 6 and 24002)');
    expect(await stored()).toHaveLength(1);
  });

  it('a repeated date in a wide file, and a repeated row in JSON', async () => {
    expect(await rejection(prices.upsert({ csv: 'date,A,B\n2024-01-02,1,2\n2024-01-03,1,2\n2024-01-02,,3\n' }))).toBe(
      'line 4, ticker B: B on 2024-01-02 appears twice (lines 2 and 4)',
    );
    const json = [0, 1, 2].map((i) => ({ ticker: 'A', date: `2024-01-0${i + 2}`, close: 1 }));
    expect(await rejection(prices.upsert({ prices: [...json, json[1]!] }))).toBe(
      'prices[3]: A on 2024-01-03 appears twice (prices[1] and prices[3])',
    );
    expect(await stored()).toHaveLength(1);
  });
});

describe('concurrent uploads', () => {
  it('of overlapping data all succeed, with no deadlock, and leave one row per (ticker, date)', async () => {
    const tickers = ['A', 'B', 'C', 'D', 'E', 'F'];
    // Each upload covers a different, overlapping slice of tickers, listed in a different order.
    const uploads = Array.from({ length: 8 }, (_, i) => {
      const mine = [...tickers.slice(i % 3, (i % 3) + 4)];
      if (i % 2) mine.reverse();
      return longCsv(mine, 400, (t, d) => 1 + d + (i % 2) * 0.5);
    });
    const reports = await Promise.all(uploads.map((csv) => prices.upsert({ csv })));
    expect(reports).toHaveLength(8);
    const { rows } = await db.knex.raw<{ rows: { n: number; distinct_keys: number }[] }>(
      'SELECT count(*)::int AS n, count(DISTINCT (ticker, date))::int AS distinct_keys FROM prices',
    );
    expect(rows[0]).toEqual({ n: 6 * 400, distinct_keys: 6 * 400 });
    const written = reports.reduce((sum, r) => sum + r.inserted, 0);
    expect(written).toBe(6 * 400);
  });
});

describe('reads', () => {
  beforeEach(async () => {
    await prices.upsert({ csv: 'ticker,date,close,adj_close\nA,2024-01-02,10,9.5\nA,2024-01-03,11,\nA,2024-01-04,12,\nB,2024-01-03,5,\n' });
  });

  it('coverage: per ticker first and last date and rows', async () => {
    expect(await prices.coverage()).toEqual([
      { ticker: 'A', first_date: '2024-01-02', last_date: '2024-01-04', rows: 3 },
      { ticker: 'B', first_date: '2024-01-03', last_date: '2024-01-03', rows: 1 },
    ]);
  });

  it('series: oldest first within an inclusive window; an empty window of a known ticker is []; an unknown ticker is 404', async () => {
    expect(await prices.series({ ticker: 'A' })).toEqual([
      { date: '2024-01-02', close: 10, adj_close: 9.5 },
      { date: '2024-01-03', close: 11, adj_close: null },
      { date: '2024-01-04', close: 12, adj_close: null },
    ]);
    expect((await prices.series({ ticker: 'A', from: '2024-01-03', to: '2024-01-03' })).map((p) => p.date)).toEqual(['2024-01-03']);
    expect(await prices.series({ ticker: 'A', from: '2025-01-01' })).toEqual([]);
    await expect(prices.series({ ticker: 'NOPE' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('delete: removes one ticker’s prices, bumps its version; 404 when it has none', async () => {
    const before = await readPricesVersion(db.knex, ['A', 'B']);
    expect(await prices.delete({ ticker: 'A' })).toEqual({ ticker: 'A', deleted: 3 });
    expect((await prices.coverage()).map((c) => c.ticker)).toEqual(['B']);
    expect(await readPricesVersion(db.knex, ['A', 'B'])).not.toBe(before);
    await expect(prices.delete({ ticker: 'A' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
