// GET /api/portfolios/{id}/valuation and portfolio.valuation, against numbers worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
let id: number;
beforeAll(async () => {
  t = await createTestApp();
  const created = await t.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'Valued' } });
  id = created.json().id;
  for (const stock of [
    { ticker: 'AAPL', weight: 0.4, shares: 10 },
    { ticker: 'MSFT', weight: null, shares: 5 },
    { ticker: 'GOOG', weight: null, shares: 2 },
    { ticker: 'TSLA', weight: 0.1, shares: null }, // no share count: cannot be valued
    { ticker: 'NEW', weight: null, shares: 3 }, // first price on 2024-01-09
  ]) {
    expect((await t.app.inject({ method: 'POST', url: `/api/portfolios/${id}/stocks`, payload: stock })).statusCode).toBe(201);
  }
  const prices = [
    'ticker,date,close,adj_close',
    'AAPL,2024-01-02,140,',
    'AAPL,2024-01-05,150,',
    'AAPL,2024-01-10,160,',
    'MSFT,2024-01-03,300,',
    'GOOG,2024-01-04,500,250', // valuation uses close (what a share traded at), not adj_close
    'TSLA,2024-01-04,250,',
    'NEW,2024-01-09,100,',
  ].join('\n');
  expect((await t.app.inject({ method: 'POST', url: '/api/prices', headers: { 'content-type': 'text/csv' }, payload: prices })).statusCode).toBe(200);
});
afterAll(() => t?.close());

// Targets (effective weights): explicit AAPL 0.4 and TSLA 0.1 leave 0.5 for the three without a
// weight (MSFT, GOOG, NEW): 1/6 each.
const SIXTH = 0.5 / 3;

describe('valuation', () => {
  it('as of a date: last close on or before it; value weights over what could be valued; drift = value − target', async () => {
    const res = await t.app.inject({ url: `/api/portfolios/${id}/valuation?date=2024-01-08` });
    expect(res.statusCode).toBe(200);
    const v = res.json();
    // AAPL 10 × 150 = 1,500; MSFT 5 × 300 = 1,500; GOOG 2 × 500 = 1,000; total 4,000.
    expect(v).toMatchObject({ portfolio_id: id, date: '2024-01-08', total_value: 4000, valued: 3, unvalued: 2 });
    const byTicker = Object.fromEntries(v.holdings.map((h: { ticker: string }) => [h.ticker, h]));
    expect(v.holdings.map((h: { ticker: string }) => h.ticker)).toEqual(['AAPL', 'MSFT', 'GOOG', 'TSLA', 'NEW']);
    expect(byTicker.AAPL).toMatchObject({ shares: 10, price: 150, price_date: '2024-01-05', market_value: 1500, reason: null });
    expect(byTicker.AAPL.value_weight).toBeCloseTo(1500 / 4000, 12);
    expect(byTicker.AAPL.target_weight).toBeCloseTo(0.4, 12);
    expect(byTicker.AAPL.drift).toBeCloseTo(0.375 - 0.4, 12);
    expect(byTicker.MSFT).toMatchObject({ price: 300, price_date: '2024-01-03', market_value: 1500 });
    expect(byTicker.MSFT.drift).toBeCloseTo(0.375 - SIXTH, 12);
    expect(byTicker.GOOG).toMatchObject({ price: 500, market_value: 1000 });
    expect(byTicker.GOOG.value_weight).toBeCloseTo(0.25, 12);
    expect(byTicker.GOOG.drift).toBeCloseTo(0.25 - SIXTH, 12);
    expect(byTicker.TSLA).toMatchObject({ shares: null, price: 250, market_value: null, value_weight: null, drift: null, reason: 'no_shares' });
    expect(byTicker.TSLA.target_weight).toBeCloseTo(0.1, 12);
    expect(byTicker.NEW).toMatchObject({ shares: 3, price: null, price_date: null, market_value: null, drift: null, reason: 'no_price' });
    expect(byTicker.NEW.target_weight).toBeCloseTo(SIXTH, 12);
  });

  it('without a date: each ticker’s latest close', async () => {
    const v = (await t.app.inject({ url: `/api/portfolios/${id}/valuation` })).json();
    // AAPL 10 × 160 = 1,600; MSFT 1,500; GOOG 1,000; NEW 3 × 100 = 300; total 4,400.
    expect(v).toMatchObject({ date: null, total_value: 4400, valued: 4, unvalued: 1 });
    const nw = v.holdings.find((h: { ticker: string }) => h.ticker === 'NEW');
    expect(nw).toMatchObject({ price: 100, price_date: '2024-01-09', market_value: 300, reason: null });
    expect(nw.value_weight).toBeCloseTo(300 / 4400, 12);
    expect(nw.drift).toBeCloseTo(300 / 4400 - SIXTH, 12);
    const aapl = v.holdings.find((h: { ticker: string }) => h.ticker === 'AAPL');
    expect(aapl.value_weight).toBeCloseTo(1600 / 4400, 12);
  });

  it('before any price: nothing valued, total 0, every holding listed with its reason', async () => {
    const v = (await t.app.inject({ url: `/api/portfolios/${id}/valuation?date=2023-12-31` })).json();
    expect(v).toMatchObject({ total_value: 0, valued: 0, unvalued: 5 });
    expect(v.holdings.map((h: { reason: string }) => h.reason)).toEqual(['no_price', 'no_price', 'no_price', 'no_shares', 'no_price']);
  });

  it('tRPC portfolio.valuation answers the same; 404 for a missing portfolio, 422 for a bad date; the portfolio JSON is unchanged', async () => {
    const rest = (await t.app.inject({ url: `/api/portfolios/${id}/valuation?date=2024-01-08` })).json();
    const input = encodeURIComponent(JSON.stringify({ id, date: '2024-01-08' }));
    expect((await t.app.inject({ url: `/trpc/portfolio.valuation?input=${input}` })).json().result.data).toEqual(rest);
    expect((await t.app.inject({ url: '/api/portfolios/999/valuation' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/portfolios/${id}/valuation?date=2024-13-01` })).statusCode).toBe(422);
    const portfolio = (await t.app.inject({ url: `/api/portfolios/${id}` })).json();
    expect(Object.keys(portfolio).sort()).toEqual(['created_at', 'description', 'id', 'name', 'stocks', 'updated_at']);
    expect(Object.keys(portfolio.stocks[0]).sort()).toEqual(['added_at', 'id', 'portfolio_id', 'shares', 'ticker', 'weight']);
  });

  it('an empty portfolio is worth 0', async () => {
    const empty = (await t.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'Empty' } })).json();
    expect((await t.app.inject({ url: `/api/portfolios/${empty.id}/valuation` })).json()).toEqual({
      portfolio_id: empty.id,
      date: null,
      total_value: 0,
      valued: 0,
      unvalued: 0,
      holdings: [],
    });
  });
});
