// uploadPricesCsv: a price file through POST /api/prices (beyond tRPC's 1 MiB), against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../../../test/support/live-server.js';
import { createClient, FolioError, uploadPricesCsv } from '../src/index.js';

let live: LiveServer;
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(() => live?.stop());

describe('uploadPricesCsv', () => {
  it('uploads a CSV larger than the tRPC body limit and reports; the prices read back through the client', async () => {
    const days = Array.from({ length: 4000 }, (_, d) => new Date(Date.UTC(2010, 0, 1 + d)).toISOString().slice(0, 10));
    const tickers = Array.from({ length: 30 }, (_, t) => `T${t}`);
    const csv = [`date,${tickers.join(',')}`, ...days.map((date, d) => `${date},${tickers.map((_, t) => (100 + t + d / 1000).toFixed(6)).join(',')}`)].join('\n');
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const report = await uploadPricesCsv({ url: live.url }, csv);
    expect(report).toMatchObject({ inserted: 120_000, updated: 0, unchanged: 0, first_date: '2010-01-01' });
    const series = await createClient({ url: live.url }).prices.series.query({ ticker: 't7', from: '2010-01-02', to: '2010-01-02' });
    expect(series).toEqual([{ date: '2010-01-02', close: 107.001, adj_close: null }]);
  });

  it('a single-ticker file with its ticker; a bad cell rejects with a FolioError naming the line', async () => {
    const yahoo = 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,4742.83,4742.83,0\n';
    expect(await uploadPricesCsv({ url: live.url }, yahoo, { ticker: '^GSPC' })).toMatchObject({ tickers: ['^GSPC'] });
    const err = await uploadPricesCsv({ url: live.url }, 'date,A\n2024-01-02,abc\n').then(
      () => expect.fail('expected a rejection'),
      (e: unknown) => e as FolioError,
    );
    expect(err).toBeInstanceOf(FolioError);
    expect(err).toMatchObject({ status: 422, code: 'UNPROCESSABLE_CONTENT', detail: 'line 2, column A: "abc" is not a price. Nothing was imported.' });
  });
});
