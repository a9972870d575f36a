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

const json = { 'content-type': 'application/json' };

async function createPortfolio(body: Record<string, unknown> = { name: 'Tech Portfolio', description: 'FAANG stocks' }) {
  const res = await t.app.inject({ method: 'POST', url: '/api/portfolios', payload: body });
  expect(res.statusCode).toBe(201);
  return res.json();
}

async function addStock(portfolioId: number, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: `/api/portfolios/${portfolioId}/stocks`, payload: body });
}

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  return body;
}

describe('REST: portfolios', () => {
  it('POST creates with 201, Location and the spec shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/portfolios',
      payload: { name: '  My Portfolio  ', description: 'Optional description' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/api/portfolios/${body.id}`);
    expect(body).toEqual({
      id: expect.any(Number),
      name: 'My Portfolio',
      description: 'Optional description',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updated_at: expect.any(String),
      stocks: [],
    });
    const withoutDescription = await createPortfolio({ name: 'Bare' });
    expect(withoutDescription.description).toBeNull();
  });

  it('GET lists every portfolio with its stocks, ordered by id; GET one; 404 for a missing one', async () => {
    const a = await createPortfolio({ name: 'A' });
    const b = await createPortfolio({ name: 'B' });
    await addStock(a.id, { ticker: 'AAPL' });
    const list = await t.app.inject('/api/portfolios');
    expect(list.statusCode).toBe(200);
    expect(list.json().map((p: any) => [p.name, p.stocks.length])).toEqual([['A', 1], ['B', 0]]);

    const one = await t.app.inject(`/api/portfolios/${b.id}`);
    expect(one.json()).toMatchObject({ id: b.id, name: 'B', stocks: [] });

    const missing = expectProblem(await t.app.inject('/api/portfolios/999'), 404);
    expect(missing.detail).toBe('Portfolio 999 does not exist.');
  });

  it('GET pages with limit and cursor, and links the next page', async () => {
    for (const name of ['p1', 'p2', 'p3']) await createPortfolio({ name });
    const first = await t.app.inject('/api/portfolios?limit=2');
    expect(first.json().map((p: any) => p.name)).toEqual(['p1', 'p2']);
    const lastId = first.json()[1].id;
    expect(first.headers.link).toBe(`</api/portfolios?limit=2&cursor=${lastId}>; rel="next"`);
    const second = await t.app.inject(`/api/portfolios?limit=2&cursor=${lastId}`);
    expect(second.json().map((p: any) => p.name)).toEqual(['p3']);
    expect(second.headers.link).toBeUndefined();

    expectProblem(await t.app.inject('/api/portfolios?limit=1001'), 422);
    expectProblem(await t.app.inject('/api/portfolios?limit=0'), 422);
    expectProblem(await t.app.inject('/api/portfolios?limit=ten'), 400);
    expectProblem(await t.app.inject('/api/portfolios?limit=1&limit=2'), 400);
  });

  it('GET filters with q: name contains (any case) or a ticker starts with it; pages keep the filter', async () => {
    const growth = await createPortfolio({ name: 'Global Growth' });
    await createPortfolio({ name: 'Income' });
    const held = await createPortfolio({ name: 'Held' });
    const tech = await createPortfolio({ name: 'Tech 100%_done' });
    await t.app.inject({ method: 'POST', url: `/api/portfolios/${held.id}/stocks`, payload: { ticker: 'GROW' } });
    await t.app.inject({ method: 'POST', url: `/api/portfolios/${tech.id}/stocks`, payload: { ticker: 'AGRO' } });
    const names = async (qs: string) => (await t.app.inject(`/api/portfolios?${qs}`)).json().map((p: any) => p.name);
    expect(await names('q=grow')).toEqual(['Global Growth', 'Held']); // AGRO does not start with GROW
    expect(await names('q=%20GROWTH%20')).toEqual(['Global Growth']);
    expect(await names('q=100%25_')).toEqual(['Tech 100%_done']); // % and _ are literal
    expect(await names('q=0%25')).toEqual(['Tech 100%_done']);
    expect(await names('q=_')).toEqual(['Tech 100%_done']);
    expect(await names('q=nothing')).toEqual([]);
    expect(await names('q=')).toHaveLength(4);
    const first = await t.app.inject('/api/portfolios?q=grow&limit=1');
    expect(first.json().map((p: any) => p.id)).toEqual([growth.id]);
    expect(first.headers.link).toBe(`</api/portfolios?limit=1&cursor=${growth.id}&q=grow>; rel="next"`);
    expect(await names(`q=grow&limit=1&cursor=${growth.id}`)).toEqual(['Held']);
    expectProblem(await t.app.inject(`/api/portfolios?q=${'x'.repeat(201)}`), 422);
    expectProblem(await t.app.inject('/api/portfolios?q=a&q=b'), 400);
  });

  it('PUT changes only the fields sent; description null clears it', async () => {
    const p = await createPortfolio();
    const renamed = await t.app.inject({ method: 'PUT', url: `/api/portfolios/${p.id}`, payload: { name: 'Updated Name' } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Updated Name', description: 'FAANG stocks' });
    expect(Date.parse(renamed.json().updated_at)).toBeGreaterThanOrEqual(Date.parse(p.updated_at));

    const cleared = await t.app.inject({ method: 'PUT', url: `/api/portfolios/${p.id}`, payload: { description: null } });
    expect(cleared.json()).toMatchObject({ name: 'Updated Name', description: null });

    const both = await t.app.inject({
      method: 'PUT',
      url: `/api/portfolios/${p.id}`,
      payload: { name: 'Updated Name', description: 'New description' },
    });
    expect(both.json()).toMatchObject({ name: 'Updated Name', description: 'New description' });

    expectProblem(await t.app.inject({ method: 'PUT', url: '/api/portfolios/999', payload: { name: 'x' } }), 404);
  });

  it('DELETE answers 204 and cascades to the stocks in the database', async () => {
    const p = await createPortfolio();
    await addStock(p.id, { ticker: 'AAPL' });
    await addStock(p.id, { ticker: 'MSFT' });
    const res = await t.app.inject({ method: 'DELETE', url: `/api/portfolios/${p.id}` });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await t.db.knex('portfolio_stocks').where({ portfolio_id: p.id })).toEqual([]);
    expectProblem(await t.app.inject(`/api/portfolios/${p.id}`), 404);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/portfolios/${p.id}` }), 404);
  });

  it('DELETE accepts a JSON content type with an empty body', async () => {
    const p = await createPortfolio();
    const res = await t.app.inject({ method: 'DELETE', url: `/api/portfolios/${p.id}`, headers: json, payload: '' });
    expect(res.statusCode).toBe(204);
  });
});

describe('REST: stocks', () => {
  it('POST adds a stock (ticker normalised) and returns the updated portfolio with 201', async () => {
    const p = await createPortfolio();
    const res = await addStock(p.id, { ticker: ' aapl ', weight: null, shares: null });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.id).toBe(p.id);
    expect(body.stocks).toEqual([
      { id: expect.any(Number), portfolio_id: p.id, ticker: 'AAPL', weight: null, shares: null, added_at: expect.any(String) },
    ]);
    expect(Date.parse(body.updated_at)).toBeGreaterThan(Date.parse(p.updated_at));

    const more = await addStock(p.id, { ticker: 'BRK.B', weight: 0.25, shares: 10.5 });
    expect(more.json().stocks.map((s: any) => [s.ticker, s.weight, s.shares])).toEqual([
      ['AAPL', null, null],
      ['BRK.B', 0.25, 10.5],
    ]);
    for (const ticker of ['^GSPC', 'EURUSD=X', 'BF-B', 'A/B']) expect((await addStock(p.id, { ticker })).statusCode).toBe(201);
  });

  it('POST answers 404 for a missing portfolio and 409 for a ticker already held', async () => {
    const p = await createPortfolio();
    await addStock(p.id, { ticker: 'AAPL' });
    expect(expectProblem(await addStock(999, { ticker: 'AAPL' }), 404).detail).toBe('Portfolio 999 does not exist.');
    const conflict = expectProblem(await addStock(p.id, { ticker: 'aapl' }), 409);
    expect(conflict.detail).toBe(`Portfolio ${p.id} already holds AAPL.`);
    expect(conflict.errors).toEqual([{ path: 'ticker', message: expect.any(String) }]);
  });

  it('PATCH edits weight and shares; omitted fields stay; 404 for a stock of another portfolio', async () => {
    const p = await createPortfolio();
    const other = await createPortfolio({ name: 'Other' });
    const stockId = (await addStock(p.id, { ticker: 'AAPL', weight: 0.2, shares: 5 })).json().stocks[0].id;

    const res = await t.app.inject({ method: 'PATCH', url: `/api/portfolios/${p.id}/stocks/${stockId}`, payload: { weight: 0.5 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().stocks[0]).toMatchObject({ weight: 0.5, shares: 5 });

    const cleared = await t.app.inject({ method: 'PATCH', url: `/api/portfolios/${p.id}/stocks/${stockId}`, payload: { weight: null, shares: null } });
    expect(cleared.json().stocks[0]).toMatchObject({ weight: null, shares: null });

    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/portfolios/${other.id}/stocks/${stockId}`, payload: { weight: 0.1 } }), 404);
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/portfolios/${p.id}/stocks/999`, payload: { weight: 0.1 } }), 404);
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/portfolios/999/stocks/${stockId}`, payload: {} }), 404);
  });

  it('DELETE removes a holding and returns the updated portfolio; 404 unless the stock is in that portfolio', async () => {
    const p = await createPortfolio();
    const other = await createPortfolio({ name: 'Other' });
    const stocks = (await addStock(p.id, { ticker: 'AAPL' })).json().stocks;
    await addStock(p.id, { ticker: 'MSFT' });
    const stockId = stocks[0].id;

    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/portfolios/${other.id}/stocks/${stockId}` }), 404);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/portfolios/${p.id}/stocks/${stockId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().stocks.map((s: any) => s.ticker)).toEqual(['MSFT']);
    const again = expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/portfolios/${p.id}/stocks/${stockId}` }), 404);
    expect(again.detail).toBe(`Portfolio ${p.id} has no stock ${stockId}.`);
  });

  it('explicit weights may sum to 1 but not beyond: 422 on the weight field', async () => {
    const p = await createPortfolio();
    expect((await addStock(p.id, { ticker: 'A', weight: 0.6 })).statusCode).toBe(201);
    const b = await addStock(p.id, { ticker: 'B', weight: 0.4 });
    expect(b.statusCode).toBe(201);
    const before = await snapshot(t.db);
    const over = expectProblem(await addStock(p.id, { ticker: 'C', weight: 0.01 }), 422);
    expect(over.errors).toEqual([{ path: 'weight', message: expect.any(String) }]);
    const stockB = b.json().stocks[1].id;
    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/portfolios/${p.id}/stocks/${stockB}`, payload: { weight: 0.5 } }), 422);
    expect(await snapshot(t.db)).toEqual(before);
  });
});

describe('REST: bad input gets a clear problem and writes nothing', () => {
  const badBodies: Array<[string, string, unknown, number, string?]> = [
    ['create: missing name', 'POST /api/portfolios', {}, 422, 'name'],
    ['create: blank name', 'POST /api/portfolios', { name: '   ' }, 422, 'name'],
    ['create: name too long', 'POST /api/portfolios', { name: 'x'.repeat(201) }, 422, 'name'],
    ['create: name not a string', 'POST /api/portfolios', { name: 42 }, 400, 'name'],
    ['create: description too long', 'POST /api/portfolios', { name: 'ok', description: 'd'.repeat(2001) }, 422, 'description'],
    ['create: NUL in name', 'POST /api/portfolios', { name: 'a\u0000b' }, 422, 'name'],
    ['create: body is an array', 'POST /api/portfolios', [{ name: 'x' }], 400],
    ['update: name not a string', 'PUT /api/portfolios/1', { name: ['x'] }, 400, 'name'],
    ['update: blank name', 'PUT /api/portfolios/1', { name: '' }, 422, 'name'],
    ['add: missing ticker', 'POST /api/portfolios/1/stocks', {}, 422, 'ticker'],
    ['add: bad ticker characters', 'POST /api/portfolios/1/stocks', { ticker: 'AA PL' }, 422, 'ticker'],
    ['add: ticker too long', 'POST /api/portfolios/1/stocks', { ticker: 'A'.repeat(21) }, 422, 'ticker'],
    ['add: weight above 1', 'POST /api/portfolios/1/stocks', { ticker: 'X', weight: 1.01 }, 422, 'weight'],
    ['add: negative weight', 'POST /api/portfolios/1/stocks', { ticker: 'X', weight: -0.5 }, 422, 'weight'],
    ['add: weight as a string', 'POST /api/portfolios/1/stocks', { ticker: 'X', weight: '0.5' }, 400, 'weight'],
    ['add: negative shares', 'POST /api/portfolios/1/stocks', { ticker: 'X', shares: -1 }, 422, 'shares'],
    ['patch: weight above 1', 'PATCH /api/portfolios/1/stocks/1', { weight: 2 }, 422, 'weight'],
    ['patch: shares as a string', 'PATCH /api/portfolios/1/stocks/1', { shares: 'many' }, 400, 'shares'],
  ];

  it.each(badBodies)('%s', async (_name, route, payload, status, field) => {
    const p = await createPortfolio();
    await addStock(p.id, { ticker: 'AAPL' });
    const before = await snapshot(t.db);
    const [method, url] = route.split(' ') as ['POST' | 'PUT' | 'PATCH', string];
    const body = expectProblem(await t.app.inject({ method, url, payload: payload as object }), status);
    if (field) expect(body.errors?.map((e: { path: string }) => e.path)).toContain(field);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('rejects malformed JSON, non-JSON bodies and bad ids without writing', async () => {
    const p = await createPortfolio();
    const before = await snapshot(t.db);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/portfolios', headers: json, payload: '{"name": ' }), 400);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/portfolios', headers: json, payload: '"just a string"' }), 400);
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/portfolios', headers: { 'content-type': 'text/plain' }, payload: 'name=x' }),
      415,
    );
    expectProblem(await t.app.inject('/api/portfolios/abc'), 400);
    expectProblem(await t.app.inject('/api/portfolios/1.5'), 400);
    expectProblem(await t.app.inject('/api/portfolios/0'), 422);
    expectProblem(await t.app.inject('/api/portfolios/-3'), 422);
    expectProblem(await t.app.inject('/api/portfolios/99999999999'), 422);
    expectProblem(await t.app.inject({ method: 'DELETE', url: `/api/portfolios/${p.id}/stocks/x` }), 400);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('answers unknown routes with a problem 404', async () => {
    const body = expectProblem(await t.app.inject('/api/nope'), 404);
    expect(body.detail).toContain('/api/nope');
  });
});

describe('health and request ids', () => {
  it('GET /health reports the spec fields', async () => {
    const res = await t.app.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'healthy', database: true, redis: false, timescaledb: false });
  });

  it('echoes a caller request id, or makes one', async () => {
    expect((await t.app.inject({ url: '/health', headers: { 'x-request-id': 'abc-123' } })).headers['x-request-id']).toBe('abc-123');
    expect((await t.app.inject('/health')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
