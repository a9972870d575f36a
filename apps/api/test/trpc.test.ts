// Every procedure over the real /trpc HTTP endpoint (what the SDK and dashboard speak).
import { API_VERSION } from '@folio/contract/version';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, snapshot, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.db.emptyPortfolios();
});

async function query(path: string, input?: unknown) {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await t.app.inject({ method: 'GET', url: `/trpc/${path}${qs}` });
  return { status: res.statusCode, body: res.json() };
}

async function mutate(path: string, input: unknown) {
  const res = await t.app.inject({ method: 'POST', url: `/trpc/${path}`, payload: input as object });
  return { status: res.statusCode, body: res.json() };
}

const ok = (r: { status: number; body: any }) => {
  expect(r.status).toBe(200);
  return r.body.result.data;
};

function problemOf(r: { status: number; body: any }, status: number) {
  expect(r.body.error.data.problem).toMatchObject({ status, detail: expect.any(String) });
  expect(r.body.error.message).toBe(r.body.error.data.problem.detail);
  expect(r.body.error.data.stack).toBeUndefined();
  return r.body.error.data.problem;
}

describe('tRPC procedures', () => {
  it('portfolio.create, byId, list, update, delete', async () => {
    const created = ok(await mutate('portfolio.create', { name: 'Tech Portfolio', description: 'FAANG stocks' }));
    expect(created).toMatchObject({ id: 1, name: 'Tech Portfolio', description: 'FAANG stocks', stocks: [] });
    expect(ok(await query('portfolio.byId', { id: created.id }))).toEqual(created);
    ok(await mutate('portfolio.create', { name: 'Second' }));
    expect(ok(await query('portfolio.list')).map((p: any) => p.name)).toEqual(['Tech Portfolio', 'Second']);
    expect(ok(await query('portfolio.list', { limit: 1, cursor: created.id })).map((p: any) => p.name)).toEqual(['Second']);

    const updated = ok(await mutate('portfolio.update', { id: created.id, description: null }));
    expect(updated).toMatchObject({ name: 'Tech Portfolio', description: null });

    expect(ok(await mutate('portfolio.delete', { id: created.id }))).toEqual({ id: created.id, deleted: true });
    expect(problemOf(await query('portfolio.byId', { id: created.id }), 404).detail).toBe('Portfolio 1 does not exist.');
  });

  it('portfolio.addStock, updateStock, removeStock', async () => {
    const p = ok(await mutate('portfolio.create', { name: 'P' }));
    const added = ok(await mutate('portfolio.addStock', { portfolio_id: p.id, ticker: 'msft', weight: 0.3 }));
    const stock = added.stocks[0];
    expect(stock).toMatchObject({ ticker: 'MSFT', weight: 0.3, shares: null, portfolio_id: p.id });

    const edited = ok(await mutate('portfolio.updateStock', { portfolio_id: p.id, stock_id: stock.id, shares: 12 }));
    expect(edited.stocks[0]).toMatchObject({ weight: 0.3, shares: 12 });

    const removed = ok(await mutate('portfolio.removeStock', { portfolio_id: p.id, stock_id: stock.id }));
    expect(removed.stocks).toEqual([]);
  });

  it('errors carry the problem document and the matching HTTP status', async () => {
    const p = ok(await mutate('portfolio.create', { name: 'P' }));
    ok(await mutate('portfolio.addStock', { portfolio_id: p.id, ticker: 'AAPL' }));
    const before = await snapshot(t.db);

    const conflict = await mutate('portfolio.addStock', { portfolio_id: p.id, ticker: 'AAPL' });
    expect(conflict.status).toBe(409);
    expect(problemOf(conflict, 409).detail).toBe(`Portfolio ${p.id} already holds AAPL.`);

    const missing = await mutate('portfolio.addStock', { portfolio_id: 404, ticker: 'AAPL' });
    expect(missing.status).toBe(404);
    problemOf(missing, 404);

    const invalid = await mutate('portfolio.addStock', { portfolio_id: p.id, ticker: 'AAPL', weight: 7 });
    expect(invalid.status).toBe(400); // tRPC answers input errors with 400; the problem says 422
    expect(problemOf(invalid, 422).errors).toEqual([{ path: 'weight', message: 'Weight must be between 0 and 1' }]);

    const malformed = await mutate('portfolio.create', { name: 12 });
    problemOf(malformed, 400);

    const notFoundStock = await mutate('portfolio.removeStock', { portfolio_id: p.id, stock_id: 999 });
    expect(notFoundStock.status).toBe(404);

    expect(await snapshot(t.db)).toEqual(before);
  });

  it('system.config says whether keys are needed and the wire version', async () => {
    expect(ok(await query('system.config'))).toEqual({ auth: 'off', api_version: API_VERSION });
  });

  it('system.health', async () => {
    expect(ok(await query('system.health'))).toEqual({ status: 'healthy', database: true, redis: false, timescaledb: false });
  });

  it('batches queries in one GET (maxParamLength is raised for the long batched path)', async () => {
    const p = ok(await mutate('portfolio.create', { name: 'Batch' }));
    const paths = Array.from({ length: 40 }, () => 'portfolio.byId').join(',');
    const inputs = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [i, { id: p.id }]));
    const res = await t.app.inject(`/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(40);
  });
});
