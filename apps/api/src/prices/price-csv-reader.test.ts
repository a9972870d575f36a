import { describe, expect, it } from 'vitest';
import { ImportFileError } from '../errors/index.js';
import type { PriceRecord } from './price-cells.js';
import { readPriceCsv, type CsvReadOptions } from './price-csv-reader.js';

async function read(csv: string | string[], options: CsvReadOptions = {}) {
  const rows: Omit<PriceRecord, 'day'>[] = [];
  let skipped = 0;
  let shape: string | undefined;
  for await (const batch of readPriceCsv(typeof csv === 'string' ? [csv] : csv, { ...options, onShape: (s) => (shape = s) })) {
    rows.push(...batch.rows.map(({ day: _day, ...row }) => row));
    skipped += batch.skipped;
  }
  return { shape, rows, skipped };
}

const failure = (csv: string, options: CsvReadOptions = {}) =>
  read(csv, options).then(
    () => {
      throw new Error('expected the file to be rejected');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(ImportFileError);
      return (err as Error).message;
    },
  );

describe('wide CSV (date,TICKER,…)', () => {
  it('reads one close per cell and passes over blank cells', async () => {
    const { shape, rows } = await read('date,AAPL,brk.b\n2024-01-02,185.5,\n2024-01-03,,350.25\n');
    expect(shape).toBe('wide');
    expect(rows).toEqual([
      { ticker: 'AAPL', date: '2024-01-02', close: 185.5, adj_close: null, at: 2 },
      { ticker: 'BRK.B', date: '2024-01-03', close: 350.25, adj_close: null, at: 3 },
    ]);
  });

  it('takes pandas’ unnamed index column, a BOM, CRLF line ends and quoted cells', async () => {
    const { rows } = await read('\uFEFF,"^GSPC",EURUSD=X\r\n"2024-01-02",4742.83,1.0943\r\n');
    expect(rows.map((r) => [r.ticker, r.close])).toEqual([
      ['^GSPC', 4742.83],
      ['EURUSD=X', 1.0943],
    ]);
  });

  it('names the line and column of a bad price, date or ticker', async () => {
    expect(await failure('date,AAPL,MSFT\n2024-01-02,1,2\n2024-01-03,abc,2\n')).toBe('line 3, column AAPL: "abc" is not a price');
    expect(await failure('date,AAPL\n2024-01-02,-1\n')).toBe('line 2, column AAPL: "-1" is not a price (prices are positive and finite)');
    expect(await failure('date,AAPL\n2024-01-02,0\n')).toMatch(/^line 2, column AAPL: "0" is not a price/);
    expect(await failure('date,AAPL\n2024-01-02,1e999\n')).toMatch(/^line 2, column AAPL: "1e999" is not a price/);
    expect(await failure('date,AAPL\n2024-01-02,NaN\n')).toBe('line 2, column AAPL: "NaN" is not a price');
    expect(await failure('date,AAPL\n2024-01-02,0x10\n')).toBe('line 2, column AAPL: "0x10" is not a price');
    expect(await failure('date,AAPL\n2024-02-30,1\n')).toBe('line 2, column date: "2024-02-30" is not a date (YYYY-MM-DD)');
    expect(await failure('date,AAPL\n01/02/2024,1\n')).toMatch(/^line 2, column date: "01\/02\/2024" is not a date/);
    expect(await failure('date,AAPL,BAD TICKER\n')).toMatch(/^line 1, column BAD TICKER: "BAD TICKER" is not a ticker/);
    expect(await failure('date,AAPL,aapl\n')).toBe('line 1, header: ticker AAPL heads two columns');
  });

  it('names the line whose cell count differs from the header', async () => {
    expect(await failure('date,AAPL,MSFT\n2024-01-02,1,2\n2024-01-03,1\n')).toBe('line 3, row: has 2 cells where the header has 3');
  });
});

describe('long CSV (ticker,date,close[,adj_close])', () => {
  it('finds its columns in any order and case, by ticker or symbol, ignoring others', async () => {
    const { shape, rows } = await read('Volume,Close,DATE,Symbol,Adj Close\n100,10.5,2024-01-02, msft ,10.25\n200,11,2024-01-03,MSFT,\n');
    expect(shape).toBe('long');
    expect(rows).toEqual([
      { ticker: 'MSFT', date: '2024-01-02', close: 10.5, adj_close: 10.25, at: 2 },
      { ticker: 'MSFT', date: '2024-01-03', close: 11, adj_close: null, at: 3 },
    ]);
    expect((await read('ticker,date,close,adj_close\nA,2024-01-02,1,2\n')).rows[0]).toMatchObject({ adj_close: 2 });
  });

  it('names the line and column of a bad cell', async () => {
    expect(await failure('ticker,date,close\nA,2024-01-02,1\nA,2024-01-03,\n')).toBe('line 3, column close: "" is not a price');
    expect(await failure('ticker,date,close,adj close\nA,2024-01-02,1,x\n')).toBe('line 2, column adj close: "x" is not a price');
    expect(await failure('symbol,date,close\nA B,2024-01-02,1\n')).toMatch(/^line 2, column symbol: "A B" is not a ticker/);
  });

  it('refuses a ticker parameter, which would contradict the column', async () => {
    expect(await failure('ticker,date,close\n', { ticker: 'AAPL' })).toMatch(/^line 1, header: the file names its tickers in a column/);
  });
});

describe('single-ticker CSV (Yahoo Finance, Stooq)', () => {
  const yahoo = [
    'Date,Open,High,Low,Close,Adj Close,Volume',
    '2024-01-02,187.15,188.44,183.89,185.64,184.94,82488700',
    '2024-01-03,null,null,null,null,null,null',
    '2024-01-04,182.15,183.09,180.88,181.91,181.22,71983600',
  ].join('\n');

  it('reads Close and Adj Close for the ticker given, skipping and counting `null` rows', async () => {
    const { shape, rows, skipped } = await read(yahoo, { ticker: 'AAPL' });
    expect(shape).toBe('single');
    expect(skipped).toBe(1);
    expect(rows).toEqual([
      { ticker: 'AAPL', date: '2024-01-02', close: 185.64, adj_close: 184.94, at: 2 },
      { ticker: 'AAPL', date: '2024-01-04', close: 181.91, adj_close: 181.22, at: 4 },
    ]);
  });

  it('reads Stooq’s download, which has no Adj Close', async () => {
    const { rows } = await read('Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,100\n', { ticker: '^GSPC' });
    expect(rows).toEqual([{ ticker: '^GSPC', date: '2024-01-02', close: 1.5, adj_close: null, at: 2 }]);
  });

  it('needs the ticker as a parameter', async () => {
    expect(await failure(yahoo)).toMatch(/^line 1, header: a single-ticker file .* needs its ticker as a parameter/);
  });
});

describe('any CSV', () => {
  it('reads a file split anywhere into chunks, in batches, with the right line numbers', async () => {
    const lines = ['date,A,B'];
    for (let i = 0; i < 300; i++) lines.push(`${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${i + 1},${i + 0.5}`);
    const text = lines.join('\n');
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 7) chunks.push(text.slice(i, i + 7));
    const batches: number[] = [];
    const rows: PriceRecord[] = [];
    for await (const batch of readPriceCsv(chunks, { batchSize: 64 })) {
      batches.push(batch.rows.length);
      rows.push(...batch.rows);
    }
    expect(rows).toHaveLength(600);
    expect(Math.max(...batches)).toBeLessThanOrEqual(65); // a line's prices stay in one batch
    expect(rows[599]).toMatchObject({ ticker: 'B', close: 299.5, at: 301 });
  });

  it('says when it cannot tell the shape, or when there is nothing', async () => {
    expect(await failure('when,AAPL\n')).toMatch(/^line 1, header: cannot tell the shape from the header/);
    expect(await failure('')).toBe('file: is empty: expected a header line and prices');
    expect(await failure('date,close\n')).toMatch(/needs its ticker as a parameter/);
  });
});
