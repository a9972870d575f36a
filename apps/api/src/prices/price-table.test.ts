import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { readPriceTable, readPricesVersion } from './price-table.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
});
afterAll(() => db?.drop());
beforeEach(() => db.knex.raw('TRUNCATE prices, price_versions'));

const insert = (rows: { ticker: string; date: string; close: number; adj_close?: number | null }[]) =>
  db.knex('prices').insert(rows);

describe('readPriceTable', () => {
  it('lays the tickers on the union of their dates, adj_close before close, null where a ticker has no price', async () => {
    await insert([
      { ticker: 'AAPL', date: '2024-01-02', close: 100, adj_close: 99.5 },
      { ticker: 'AAPL', date: '2024-01-03', close: 101 },
      { ticker: 'AAPL', date: '2024-01-05', close: 103, adj_close: 102.25 },
      { ticker: 'BRK.B', date: '2024-01-03', close: 350.125 },
      { ticker: 'BRK.B', date: '2024-01-04', close: 351 },
      { ticker: 'MSFT', date: '2024-01-02', close: 370 }, // not asked for: must not appear
    ]);
    const table = await readPriceTable(db.knex, ['BRK.B', 'AAPL', '^GSPC'], {});
    expect(table).toEqual({
      tickers: ['BRK.B', 'AAPL', '^GSPC'],
      dates: ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'],
      prices: [
        [null, 99.5, null],
        [350.125, 101, null],
        [351, null, null],
        [null, 102.25, null],
      ],
    });
  });

  it('keeps to an inclusive window, open at either end', async () => {
    await insert(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'].map((date, i) => ({ ticker: 'A', date, close: i + 1 })));
    const datesIn = async (window: { from?: string; to?: string }) => (await readPriceTable(db.knex, ['A'], window)).dates;
    expect(await datesIn({ from: '2024-01-03', to: '2024-01-04' })).toEqual(['2024-01-03', '2024-01-04']);
    expect(await datesIn({ from: '2024-01-04' })).toEqual(['2024-01-04', '2024-01-05']);
    expect(await datesIn({ to: '2024-01-02' })).toEqual(['2024-01-02']);
    expect(await readPriceTable(db.knex, ['A'], { from: '2025-01-01' })).toEqual({ tickers: ['A'], dates: [], prices: [] });
  });

  it('returns every double exactly as stored', async () => {
    const awkward = [0.1 + 0.2, 1e-300, 123456789.123456789, Number.MAX_VALUE, 5e-324];
    await insert(awkward.map((close, i) => ({ ticker: 'X', date: `2024-02-0${i + 1}`, close })));
    expect((await readPriceTable(db.knex, ['X'])).prices.map((r) => r[0])).toEqual(awkward);
  });
});

describe('prices table rules', () => {
  it.each([
    ['zero close', { ticker: 'A', date: '2024-01-02', close: 0 }],
    ['negative close', { ticker: 'A', date: '2024-01-02', close: -1 }],
    ['NaN close', { ticker: 'A', date: '2024-01-02', close: 'NaN' }],
    ['infinite close', { ticker: 'A', date: '2024-01-02', close: 'Infinity' }],
    ['zero adj_close', { ticker: 'A', date: '2024-01-02', close: 1, adj_close: 0 }],
    ['lower-case ticker', { ticker: 'aapl', date: '2024-01-02', close: 1 }],
    ['ticker with a space', { ticker: 'A B', date: '2024-01-02', close: 1 }],
  ])('rejects a %s', async (_, row) => {
    // 'NaN' and 'Infinity' go as text parameters, which Postgres reads as those float8 values
    await expect(insert([row as never])).rejects.toThrow(/violates check constraint/);
  });

  it('rejects a second price for the same ticker and date', async () => {
    await insert([{ ticker: 'A', date: '2024-01-02', close: 1 }]);
    await expect(insert([{ ticker: 'A', date: '2024-01-02', close: 2 }])).rejects.toThrow(/prices_pkey/);
  });
});

describe('readPricesVersion', () => {
  it('changes for exactly the tickers whose prices change, however they are written, and never goes back', async () => {
    const version = () => readPricesVersion(db.knex, ['B', 'A', 'NEVER']);
    expect(await version()).toBe('B:0,A:0,NEVER:0');

    await insert([{ ticker: 'A', date: '2024-01-02', close: 1 }]);
    expect(await version()).toBe('B:0,A:1,NEVER:0');

    await insert([
      { ticker: 'A', date: '2024-01-03', close: 1 },
      { ticker: 'B', date: '2024-01-03', close: 1 },
    ]);
    expect(await version()).toBe('B:1,A:2,NEVER:0');

    // an upsert that changes nothing leaves the versions alone
    await db.knex.raw(
      `INSERT INTO prices (ticker, date, close) VALUES ('A', '2024-01-02', 1)
       ON CONFLICT (ticker, date) DO UPDATE SET close = excluded.close
       WHERE prices.close IS DISTINCT FROM excluded.close`,
    );
    expect(await version()).toBe('B:1,A:2,NEVER:0');

    await db.knex('prices').where({ ticker: 'B' }).update({ close: 2 });
    expect(await version()).toBe('B:2,A:2,NEVER:0');

    await db.knex('prices').where({ ticker: 'A' }).delete();
    expect(await version()).toBe('B:2,A:3,NEVER:0');

    // re-uploading after a delete does not bring an old version back
    await insert([{ ticker: 'A', date: '2024-01-02', close: 1 }]);
    expect(await version()).toBe('B:2,A:4,NEVER:0');

    await db.knex.raw('TRUNCATE prices');
    expect(await version()).toBe('B:3,A:5,NEVER:0');
  });
});
