// /api/prices and prices.* through the real app on a real Postgres.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.js';
import { bearer, createSecuredApp, type SecuredTestApp } from './security-helpers.js';

// PyPortfolioOpt's example data: 20 tickers × 7,126 days, 106,931 prices (../shared beside the repo).
const STOCK_PRICES = new URL('../../../../shared/data/stock_prices.csv', import.meta.url);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());
beforeEach(() => t.db.knex.raw('TRUNCATE prices, price_versions'));

const csv = { 'content-type': 'text/csv' };
const postCsv = (payload: string, query = '') => t.app.inject({ method: 'POST', url: `/api/prices${query}`, headers: csv, payload });
const rowCount = async () => Number((await t.db.knex('prices').count<{ n: string }[]>('* as n'))[0]!.n);

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json() as { status: number; detail: string; errors?: { path: string; message: string }[] };
}

describe('stock_prices.csv (wide) over POST /api/prices', () => {
  it('stores every price, and each one reads back through GET /api/prices/{ticker} as the same double', async () => {
    const text = await readFile(STOCK_PRICES, 'utf8');
    const res = await postCsv(text);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ inserted: 106_931, updated: 0, unchanged: 0, skipped: 0, first_date: '1989-12-29' });
    expect(report.tickers).toHaveLength(20);

    // The expectation comes from the file's own text, parsed by JavaScript's Number (IEEE 754 round to nearest).
    const [header, ...lines] = text.trim().split('\n');
    const tickers = header!.split(',').slice(1);
    const expected = new Map<string, Map<string, number>>(tickers.map((ticker) => [ticker, new Map()]));
    for (const line of lines) {
      const [date, ...cells] = line.split(',');
      cells.forEach((cell, i) => cell !== '' && expected.get(tickers[i]!)!.set(date!, Number(cell)));
    }
    let compared = 0;
    for (const ticker of tickers) {
      const series = await t.app.inject({ url: `/api/prices/${ticker}` });
      expect(series.statusCode).toBe(200);
      const points = series.json() as { date: string; close: number; adj_close: null }[];
      const want = expected.get(ticker)!;
      expect(points).toHaveLength(want.size);
      for (const p of points) {
        expect(p.adj_close).toBeNull();
        if (!Object.is(p.close, want.get(p.date))) expect.fail(`${ticker} ${p.date}: ${p.close} read back, ${want.get(p.date)} in the file`);
        compared++;
      }
    }
    expect(compared).toBe(106_931);

    // Again: nothing changes, so nothing is written.
    const again = await postCsv(text);
    expect(again.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 106_931 });
  });
});

describe('POST /api/prices', () => {
  it('takes a Yahoo download with ?ticker= (URL-encoded), and JSON rows', async () => {
    const yahoo = 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,4742.83,4742.83,0\n2024-01-03,null,null,null,null,null,null\n';
    const res = await postCsv(yahoo, '?ticker=%5EGSPC');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ inserted: 1, skipped: 1, tickers: ['^GSPC'] });

    const json = await t.app.inject({
      method: 'POST',
      url: '/api/prices',
      payload: { prices: [{ ticker: 'eurusd=x', date: '2024-01-02', close: 1.0943, adj_close: null }] },
    });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ inserted: 1, tickers: ['EURUSD=X'] });
  });

  it('one bad cell: 422 naming line and column, nothing written', async () => {
    await postCsv('date,AAPL\n2024-01-01,1\n');
    const body = expectProblem(await postCsv('date,AAPL,MSFT\n2024-01-02,1,2\n2024-01-03,abc,2\n'), 422);
    expect(body.detail).toBe('line 3, column AAPL: "abc" is not a price. Nothing was imported.');
    expect(await rowCount()).toBe(1);

    const dup = expectProblem(await postCsv('ticker,date,close\nA,2024-01-02,1\nB,2024-01-02,1\nA,2024-01-02,2\n'), 422);
    expect(dup.detail).toBe('line 4, ticker A: A on 2024-01-02 appears twice (lines 2 and 4). Nothing was imported.');
    expect(await rowCount()).toBe(1);
  });

  it('JSON rows that break a rule: 422 with the path; a single-ticker file without ?ticker=: 422; ?ticker= with JSON: 400', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/prices', payload: { prices: [{ ticker: 'A', date: '2024-01-02', close: -1 }] } });
    expect(expectProblem(bad, 422).errors?.[0]?.path).toBe('prices.0.close');
    const noTicker = expectProblem(await postCsv('Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,1\n'), 422);
    expect(noTicker.detail).toMatch(/needs its ticker as a parameter/);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/prices?ticker=A', payload: { prices: [] } }), 400);
    expect(await rowCount()).toBe(0);
  });

  it('other content types are a 415', async () => {
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/prices', headers: { 'content-type': 'text/plain' }, payload: 'date,A\n' }), 415);
  });

  it('concurrent overlapping uploads: every one 200, no deadlock, one row per (ticker, date)', async () => {
    const days = Array.from({ length: 250 }, (_, d) => new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10));
    const wide = (tickers: string[], shift: number) =>
      [`date,${tickers.join(',')}`, ...days.map((date, d) => `${date},${tickers.map((_, i) => 10 + i + d + shift).join(',')}`)].join('\n');
    const uploads = Array.from({ length: 10 }, (_, i) => {
      const tickers = ['A', 'B', 'C', 'D', 'E'].slice(i % 3, (i % 3) + 3);
      return postCsv(wide(i % 2 ? tickers.reverse() : tickers, i % 2));
    });
    const statuses = (await Promise.all(uploads)).map((r) => r.statusCode);
    expect(statuses).toEqual(Array(10).fill(200));
    expect(await rowCount()).toBe(5 * 250);
  });
});

describe('GET and DELETE /api/prices', () => {
  const special = ['^GSPC', 'EURUSD=X', 'BRK.B', 'BF/B'];
  beforeEach(async () => {
    const rows = special.flatMap((ticker, i) => [
      `${ticker},2024-01-02,${100 + i}`,
      `${ticker},2024-01-03,${101 + i}`,
    ]);
    expect((await postCsv(`ticker,date,close\n${rows.join('\n')}\n`)).statusCode).toBe(200);
  });

  it('coverage lists each ticker’s first and last date and rows', async () => {
    const res = await t.app.inject({ url: '/api/prices' });
    expect(res.json()).toEqual(
      [...special].sort().map((ticker) => ({ ticker, first_date: '2024-01-02', last_date: '2024-01-03', rows: 2 })),
    );
  });

  it.each(special)('%s works URL-encoded in the path (series, window, delete)', async (ticker) => {
    const path = `/api/prices/${encodeURIComponent(ticker)}`;
    const all = await t.app.inject({ url: path });
    expect(all.statusCode).toBe(200);
    expect(all.json().map((p: { date: string }) => p.date)).toEqual(['2024-01-02', '2024-01-03']);
    const window = await t.app.inject({ url: `${path}?from=2024-01-03&to=2024-01-03` });
    expect(window.json()).toEqual([{ date: '2024-01-03', close: expect.any(Number), adj_close: null }]);
    expect((await t.app.inject({ method: 'DELETE', url: path })).statusCode).toBe(204);
    expectProblem(await t.app.inject({ url: path }), 404);
    expect(await t.db.knex('prices').count<{ n: string }[]>('* as n')).toEqual([{ n: String(2 * (special.length - 1)) }]);
  });

  it('an unknown ticker is 404 for series and delete; a bad window is 422', async () => {
    expect(expectProblem(await t.app.inject({ url: '/api/prices/NOPE' }), 404).detail).toBe('There are no prices for NOPE.');
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/prices/NOPE' }), 404);
    expectProblem(await t.app.inject({ url: '/api/prices/BRK.B?from=yesterday' }), 422);
    expectProblem(await t.app.inject({ url: '/api/prices/bad%20ticker' }), 422);
  });
});

describe('tRPC prices.*', () => {
  it('upsert (CSV text and JSON), series and coverage answer like REST', async () => {
    const post = (path: string, body: unknown) => t.app.inject({ method: 'POST', url: `/trpc/${path}`, payload: body as object });
    const fromCsv = await post('prices.upsert', { csv: 'ticker,date,close\nA,2024-01-02,1.5\n' });
    expect(fromCsv.json().result.data).toMatchObject({ inserted: 1, tickers: ['A'] });
    const fromJson = await post('prices.upsert', { prices: [{ ticker: 'A', date: '2024-01-02', close: 1.75 }] });
    expect(fromJson.json().result.data).toMatchObject({ updated: 1 });
    const series = await t.app.inject({ url: `/trpc/prices.series?input=${encodeURIComponent(JSON.stringify({ ticker: 'a' }))}` });
    expect(series.json().result.data).toEqual([{ date: '2024-01-02', close: 1.75, adj_close: null }]);
    const bad = await post('prices.upsert', { csv: 'date,A\n2024-01-02,x\n' });
    expect(bad.json().error.data.problem).toMatchObject({ status: 422, detail: 'line 2, column A: "x" is not a price. Nothing was imported.' });
  });
});

describe('scopes', () => {
  let secured: SecuredTestApp;
  beforeAll(async () => {
    secured = await createSecuredApp({ auth: 'required' });
  });
  afterAll(() => secured?.close());

  it('a read key reads prices but may not upload or delete; a write key may', async () => {
    const read = bearer((await secured.services.apiKeys.create('reader', 'read')).key);
    const write = bearer((await secured.services.apiKeys.create('writer', 'write')).key);
    const upload = (headers: Record<string, string>) =>
      secured.app.inject({ method: 'POST', url: '/api/prices', headers: { ...headers, ...csv }, payload: 'date,A\n2024-01-02,1\n' });
    expect((await upload({})).statusCode).toBe(401);
    expect((await upload(read)).statusCode).toBe(403);
    expect((await upload(write)).statusCode).toBe(200);
    expect((await secured.app.inject({ url: '/api/prices', headers: read })).statusCode).toBe(200);
    expect((await secured.app.inject({ url: '/api/prices/A', headers: read })).statusCode).toBe(200);
    expect((await secured.app.inject({ method: 'DELETE', url: '/api/prices/A', headers: read })).statusCode).toBe(403);
    expect((await secured.app.inject({ method: 'DELETE', url: '/api/prices/A', headers: write })).statusCode).toBe(204);
  });
});
