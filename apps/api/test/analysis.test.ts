// analysis.* and portfolio.setWeights through the HTTP surface (REST and tRPC), on PyPortfolioOpt's
// stock_prices.csv loaded into a real Postgres, with a real Redis cache and a real worker pool.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { AnalysisPool } from '../src/analysis/analysis-pool.js';
import { buildApp } from '../src/app.js';
import { startPrivateRedis, type PrivateRedis } from '../../../test/support/private-redis.js';
import { createRedisClient, PortfolioCache } from '../src/cache/index.js';
import { createServices } from '../src/services/index.js';
import { STOCK_PRICES_PATH } from '../../../packages/analytics/test/stock-prices.js';
import { loadStockPrices } from './analysis-helpers.js';
import { testNamespace } from './cache-helpers.js';

// Figures computed outside Folio: PyPortfolioOpt's published tuples (tests/test_efficient_frontier.py)
// and numpy/pandas/scipy values written by packages/analytics/test/reference/make_reference.py.
const reference = JSON.parse(
  readFileSync(new URL('../../../packages/analytics/test/reference/reference.json', import.meta.url), 'utf8'),
) as {
  risk: {
    weights: Record<string, number>;
    from: string;
    observations: number;
    cases: { confidence: number; horizon_days: number; historical: { var: number; cvar: number }; parametric: { var: number; cvar: number } }[];
  };
};
// The file's 20 tickers, known before beforeAll (it.each tables are built when the file loads).
const ALL_TICKERS = readFileSync(STOCK_PRICES_PATH, 'utf8').slice(0, 200).split('\n')[0]!.split(',').slice(1);
const MIN_VOLATILITY = [0.15056821399482578, 0.15915084514118694, 0.8204054077060996];
const MAX_SHARPE = [0.3047768672819914, 0.22165566922402932, 1.2847714127003216];

function expectRelativelyClose(actual: number[], expected: number[], rtol: number) {
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(rtol * Math.abs(expected[i]!)));
}

let db: TestDatabase;
let app: FastifyInstance;
let pool: AnalysisPool;
let cache: PortfolioCache | undefined;
let privateRedis: PrivateRedis | undefined;
let tickers: string[];

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  tickers = await loadStockPrices(db.knex);
  pool = new AnalysisPool({ threads: 1, maxQueue: 8, timeoutMs: 120_000 });
  // The machine's Redis (REDIS_URL), else a private redis-server, as the cache tests do: never skipped.
  let redisUrl = inject('redisUrl');
  if (!redisUrl) {
    privateRedis = await startPrivateRedis();
    redisUrl = privateRedis.url;
  }
  cache = new PortfolioCache(createRedisClient(redisUrl, { commandTimeoutMs: 250 }), { ttlMs: 60_000, timeoutMs: 250, namespace: testNamespace() });
  await cache.settled();
  app = await buildApp({ services: createServices({ db: db.knex, analysisPool: pool, cache }) });
});

afterAll(async () => {
  await app?.close();
  await pool?.close();
  await cache?.close();
  await privateRedis?.stop();
  await db?.drop();
});

async function rest(name: string, body: unknown) {
  const res = await app.inject({ method: 'POST', url: `/api/analysis/${name}`, payload: body as object });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function trpc(name: string, input: unknown) {
  const res = await app.inject({ method: 'GET', url: `/trpc/analysis.${name}?input=${encodeURIComponent(JSON.stringify(input))}` });
  const body = res.json();
  return { status: res.statusCode, data: body.result?.data, problem: body.error?.data?.problem };
}

async function createPortfolio(stocks: { ticker: string; weight: number | null; shares?: number | null }[]): Promise<number> {
  const created = await app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: `p${Math.random()}` } });
  const id = created.json().id as number;
  for (const stock of stocks) {
    const res = await app.inject({ method: 'POST', url: `/api/portfolios/${id}/stocks`, payload: stock });
    expect(res.statusCode, res.body).toBe(201);
  }
  return id;
}

const figures = (r: { expected_return: number; volatility: number; sharpe: number }) => [r.expected_return, r.volatility, r.sharpe];

describe('procedures over REST and tRPC', () => {
  it('optimize reproduces PyPortfolioOpt min_volatility and max_sharpe (rf 0.02) to rtol 1e-6', async () => {
    const minVol = await rest('optimize', { tickers, objective: 'min_volatility', risk_free_rate: 0.02 });
    expect(minVol.status, JSON.stringify(minVol.body)).toBe(200);
    expectRelativelyClose(figures(minVol.body), MIN_VOLATILITY, 1e-6);
    const weights = Object.values(minVol.body.weights as Record<string, number>);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(minVol.body.risk_free_rate).toBe(0.02);

    const maxSharpe = await trpc('optimize', { tickers, objective: 'max_sharpe', risk_free_rate: 0.02 });
    expect(maxSharpe.status).toBe(200);
    expectRelativelyClose(figures(maxSharpe.data), MAX_SHARPE, 1e-6);

    const sameOverTrpc = await trpc('optimize', { tickers, objective: 'min_volatility', risk_free_rate: 0.02 });
    expect(sameOverTrpc.data).toEqual(minVol.body);
  });

  it('frontier: points from minimum volatility up, with the min-volatility and max-Sharpe portfolios', async () => {
    const input = { tickers, points: 10, risk_free_rate: 0.02 };
    const res = await rest('frontier', input);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.points).toHaveLength(10);
    expectRelativelyClose(figures(res.body.min_volatility), MIN_VOLATILITY, 1e-6);
    expectRelativelyClose(figures(res.body.max_sharpe), MAX_SHARPE, 1e-6);
    const returns = (res.body.points as { expected_return: number }[]).map((p) => p.expected_return);
    expect([...returns].sort((a, b) => a - b)).toEqual(returns);
    expect((await trpc('frontier', input)).data).toEqual(res.body);
  });

  it('risk matches numpy/scipy/pandas references (VaR, CVaR) through the API', async () => {
    const { weights, from, observations, cases } = reference.risk;
    for (const c of cases) {
      const input = { weights, from, confidence: c.confidence, horizon_days: c.horizon_days };
      const res = await rest('risk', input);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.observations).toBe(observations);
      expectRelativelyClose([res.body.historical.var, res.body.historical.cvar], [c.historical.var, c.historical.cvar], 1e-9);
      expectRelativelyClose([res.body.parametric.var, res.body.parametric.cvar], [c.parametric.var, c.parametric.cvar], 1e-9);
      expect((await trpc('risk', input)).data).toEqual(res.body);
    }
  });

  it('monteCarlo: same seed, same answer; over REST (monte-carlo) and tRPC', async () => {
    const input = { weights: { AAPL: 0.5, XOM: 0.3 }, from: '2015-01-01', paths: 2000, horizon_days: 30, seed: 7 };
    const res = await rest('monte-carlo', input);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.bands).toHaveLength(30);
    expect(res.body.terminal.p5).toBeLessThan(res.body.terminal.p95);
    const again = await trpc('monteCarlo', input);
    expect(again.data).toEqual(res.body);
    const otherSeed = await rest('monte-carlo', { ...input, seed: 8 });
    expect(otherSeed.body.terminal.mean).not.toBe(res.body.terminal.mean);
  });

  it('rebalance prices each holding at its last close on or before `to`', async () => {
    const id = await createPortfolio([
      { ticker: 'AAPL', weight: 0.5, shares: 10 },
      { ticker: 'XOM', weight: 0.3, shares: 20 },
      { ticker: 'GE', weight: null, shares: null },
    ]);
    // 2018-01-06 is a Saturday: the last close on or before it is Friday's.
    const [aapl, xom] = await Promise.all(
      ['AAPL', 'XOM'].map(async (t) => (await db.knex('prices').where({ ticker: t, date: '2018-01-05' }).first()).close as number),
    );
    const res = await rest('rebalance', { portfolio_id: id, to: '2018-01-06', cash: 100 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.lines.map((l: { ticker: string; price: number }) => [l.ticker, l.price])).toEqual([
      ['AAPL', aapl],
      ['XOM', xom],
    ]);
    expect(res.body.unvalued).toEqual([{ ticker: 'GE', reason: 'no shares' }]);
    const total = 10 * aapl! + 20 * xom! + 100;
    expect(res.body.lines[0].target_weight).toBe(0.5);
    expect(res.body.lines[0].trade_value).toBeCloseTo(0.5 * total - 10 * aapl!, 9);
    const whole = await trpc('rebalance', { portfolio_id: id, to: '2018-01-06', cash: 100, whole_shares: true });
    expect(whole.status).toBe(200);
    expect(whole.data.cash_remaining).toBeGreaterThanOrEqual(0);
  });
});

describe('portfolio_id input', () => {
  it('analyses a stored portfolio by its effective weights', async () => {
    const id = await createPortfolio([
      { ticker: 'AAPL', weight: 0.4 },
      { ticker: 'JPM', weight: null },
      { ticker: 'XOM', weight: null },
    ]);
    const byId = await rest('risk', { portfolio_id: id, from: '2012-01-01' });
    const byWeights = await rest('risk', { weights: { AAPL: 0.4, JPM: 0.3, XOM: 0.3 }, from: '2012-01-01' });
    expect(byId.status, JSON.stringify(byId.body)).toBe(200);
    expect(byId.body.historical.var).toBeCloseTo(byWeights.body.historical.var, 14);
    expect(byId.body.annual_volatility).toBeCloseTo(byWeights.body.annual_volatility, 14);

    const optimized = await trpc('optimize', { portfolio_id: id, objective: 'min_volatility' });
    expect(Object.keys(optimized.data.weights)).toEqual(['AAPL', 'JPM', 'XOM']);
    const frontier = await rest('frontier', { portfolio_id: id, points: 5 });
    expect(frontier.body.portfolio.weights).toEqual({ AAPL: 0.4, JPM: 0.3, XOM: 0.3 });
  });

  it('a missing portfolio is a 404, an empty one a 422', async () => {
    expect((await rest('risk', { portfolio_id: 999_999 })).status).toBe(404);
    const empty = await createPortfolio([]);
    const res = await rest('optimize', { portfolio_id: empty, objective: 'min_volatility' });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/holds no stocks/);
  });
});

describe('bad input is a 422 naming the cause, never a 5xx', () => {
  it.each([
    ['a ticker with no prices in the window', 'optimize', { tickers: ['AAPL', 'NOPE'], objective: 'min_volatility' }, /NOPE/],
    ['too few common observations', 'optimize', { tickers: ['AAPL', 'XOM'], from: '2018-01-02', to: '2018-01-03', objective: 'min_volatility' }, /observation|dates|return/i],
    ['an unreachable return target (names the range)', 'optimize', { tickers: ALL_TICKERS, objective: 'efficient_return', target_return: 5 }, /\d/],
    ['an unreachable volatility target', 'optimize', { tickers: ALL_TICKERS, objective: 'efficient_risk', target_volatility: 0.01 }, /volatility/],
    ['a window that ends before it starts', 'risk', { weights: { AAPL: 1 }, from: '2018-01-02', to: '2017-01-01' }, /from/],
    ['both a portfolio and tickers', 'optimize', { tickers: ['AAPL'], portfolio_id: 1, objective: 'min_volatility' }, /either/],
    ['weights on a ticker not listed', 'frontier', { tickers: ['AAPL', 'XOM'], weights: { GE: 1 } }, /GE/],
  ])('%s', async (_cause, name, body, detail) => {
    const res = await rest(name, body);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(detail);
    const overTrpc = await trpc(name, body);
    expect(overTrpc.problem.status).toBe(422);
  });

  it('a non-number (NaN cannot travel in JSON) is a 400', async () => {
    const res = await rest('optimize', { tickers, objective: 'max_sharpe', risk_free_rate: 'NaN' });
    expect(res.status).toBe(400);
  });

  it('a compute budget above the limit is refused with a 422 before anything is queued', async () => {
    const completed = pool.completed;
    const many = Array.from({ length: 25 }, (_, i) => `T${i}`);
    const res = await rest('monte-carlo', { weights: Object.fromEntries(many.map((t) => [t, 0.04])), paths: 100_000, horizon_days: 2520 });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/limit/);
    const frontier = await rest('frontier', { tickers: Array.from({ length: 60 }, (_, i) => `T${i}`), points: 200 });
    expect(frontier.status).toBe(422);
    expect(pool.completed).toBe(completed);
    expect(pool.pending).toBe(0);
  });
});

describe('cache', () => {
  it('serves a repeat from Redis; a price write and a portfolio write each make it unreachable', async () => {
    const id = await createPortfolio([
      { ticker: 'AAPL', weight: 0.5 },
      { ticker: 'XOM', weight: 0.5 },
    ]);
    const input = { portfolio_id: id, from: '2016-01-01', confidence: 0.97 };
    const first = await rest('risk', input);
    expect(first.status).toBe(200);
    const computed = pool.completed;
    expect((await rest('risk', input)).body).toEqual(first.body);
    expect(pool.completed).toBe(computed); // served from the cache

    await db.knex('prices').insert({ ticker: 'XOM', date: '2018-12-31', close: 10 });
    const afterPriceWrite = await rest('risk', input);
    expect(pool.completed).toBe(computed + 1);
    expect(afterPriceWrite.body.to).toBe('2018-12-31');

    const stock = await db.knex('portfolio_stocks').where({ portfolio_id: id, ticker: 'XOM' }).first();
    await app.inject({ method: 'PATCH', url: `/api/portfolios/${id}/stocks/${stock.id}`, payload: { weight: 0.3 } });
    const afterPortfolioWrite = await rest('risk', input);
    expect(pool.completed).toBe(computed + 2);
    expect(afterPortfolioWrite.body.annual_volatility).not.toBe(afterPriceWrite.body.annual_volatility);
    await db.knex('prices').where({ ticker: 'XOM', date: '2018-12-31' }).delete();
  });

  it('with Redis unreachable, analyses are computed, not failed', async () => {
    const deadCache = new PortfolioCache(createRedisClient('redis://127.0.0.1:1', { commandTimeoutMs: 100 }), { ttlMs: 60_000, timeoutMs: 100 });
    const deadApp = await buildApp({ services: createServices({ db: db.knex, analysisPool: pool, cache: deadCache }) });
    try {
      const res = await deadApp.inject({ method: 'POST', url: '/api/analysis/optimize', payload: { tickers, objective: 'min_volatility', risk_free_rate: 0.02 } });
      expect(res.statusCode).toBe(200);
      expectRelativelyClose(figures(res.json()), MIN_VOLATILITY, 1e-6);
    } finally {
      await deadApp.close();
      await deadCache.close();
    }
  });
});

describe('portfolio.setWeights', () => {
  it('sets many weights in one call; unnamed holdings keep theirs', async () => {
    const id = await createPortfolio([
      { ticker: 'AAPL', weight: 0.1 },
      { ticker: 'XOM', weight: 0.1 },
      { ticker: 'GE', weight: 0.2 },
    ]);
    const res = await app.inject({ method: 'PUT', url: `/api/portfolios/${id}/weights`, payload: { weights: { aapl: 0.5, XOM: 0.3 } } });
    expect(res.statusCode, res.body).toBe(200);
    const weights = Object.fromEntries((res.json().stocks as { ticker: string; weight: number }[]).map((s) => [s.ticker, s.weight]));
    expect(weights).toEqual({ AAPL: 0.5, XOM: 0.3, GE: 0.2 });
  });

  it('applies an optimiser answer that sums to 1 within float noise (tRPC)', async () => {
    const id = await createPortfolio(tickers.slice(0, 5).map((ticker) => ({ ticker, weight: null })));
    const optimized = await trpc('optimize', { portfolio_id: id, objective: 'min_volatility' });
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/portfolio.setWeights',
      payload: { id, weights: { ...optimized.data.weights, [tickers[0]!]: optimized.data.weights[tickers[0]!] + 1e-12 } },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it.each([
    ['a ticker it does not hold (named)', { NOPE: 0.1, ZZZ: 0.1 }, /NOPE, ZZZ/],
    ['a short (negative) weight', { AAPL: -0.1 }, /short.*cannot be applied/i],
    ['a weight above 1', { AAPL: 1.5 }, /between 0 and 1/],
    ['a sum above 1 with the holdings not named', { AAPL: 0.9 }, /sum to more than 1/],
    ['no weights at all', {}, /at least one/],
  ])('refuses %s with a 422 and changes nothing', async (_case, weights, detail) => {
    const id = await createPortfolio([
      { ticker: 'AAPL', weight: 0.1 },
      { ticker: 'XOM', weight: 0.5 },
    ]);
    const before = await db.knex('portfolio_stocks').where({ portfolio_id: id }).orderBy('id');
    const res = await app.inject({ method: 'PUT', url: `/api/portfolios/${id}/weights`, payload: { weights } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail + JSON.stringify(res.json().errors ?? [])).toMatch(detail);
    expect(await db.knex('portfolio_stocks').where({ portfolio_id: id }).orderBy('id')).toEqual(before);
  });

  it('an unknown portfolio is a 404', async () => {
    const res = await app.inject({ method: 'PUT', url: '/api/portfolios/999999/weights', payload: { weights: { AAPL: 0.1 } } });
    expect(res.statusCode).toBe(404);
  });
});

describe('worker pool limits (a listening server, so clients can hang up)', () => {
  let small: AnalysisPool;
  let server: FastifyInstance;
  let base: string;
  // ~10⁹ draws: long enough that it is still running when the test acts on it.
  const heavy = { weights: { AAPL: 0.3, XOM: 0.3, GE: 0.2, JPM: 0.2 }, paths: 100_000, horizon_days: 2520 };

  beforeAll(async () => {
    small = new AnalysisPool({ threads: 1, maxQueue: 1, timeoutMs: 120_000 });
    server = await buildApp({ services: createServices({ db: db.knex, analysisPool: small }) });
    base = await server.listen({ port: 0, host: '127.0.0.1' });
    // Warm the thread up, so the first heavy task starts at once rather than queueing behind its start.
    await server.inject({ method: 'POST', url: '/api/analysis/risk', payload: { weights: { AAPL: 1 } } });
  });

  afterAll(async () => {
    await server?.close();
    await small?.close();
  });

  /** POSTs over a real socket; `hangUp()` closes it before the answer. */
  function post(path: string, body: unknown) {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const answered = new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('error', reject);
    });
    req.end(JSON.stringify(body));
    return { answered, hangUp: () => req.destroy() };
  }

  it('a full queue is a 503 with Retry-After; a client that hangs up frees its worker', { timeout: 120_000 }, async () => {
    const running = post('/api/analysis/monte-carlo', { ...heavy, seed: 1 });
    running.answered.catch(() => {});
    await vi.waitFor(() => expect(small.pending).toBe(1), { timeout: 20_000, interval: 20 });
    const queued = post('/api/analysis/monte-carlo', { ...heavy, seed: 2 });
    queued.answered.catch(() => {});
    await vi.waitFor(() => expect(small.pending).toBe(2), { timeout: 20_000, interval: 20 });

    const refused = await post('/api/analysis/monte-carlo', { ...heavy, seed: 3 }).answered;
    expect(refused.status).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.body).detail).toMatch(/retry/);
    // Over tRPC too.
    const trpcRefused = await server.inject({ method: 'GET', url: `/trpc/analysis.monteCarlo?input=${encodeURIComponent(JSON.stringify({ ...heavy, seed: 4 }))}` });
    expect(trpcRefused.statusCode).toBe(503);
    expect(trpcRefused.headers['retry-after']).toBeDefined();

    const completed = small.completed;
    running.hangUp();
    queued.hangUp();
    await vi.waitFor(() => expect(small.cancelled).toBe(2), { timeout: 20_000, interval: 20 });
    expect(small.pending).toBe(0);
    expect(small.completed).toBe(completed); // stopped, not run to the end
    // The thread is free again: a small analysis completes.
    const next = await post('/api/analysis/risk', { weights: { AAPL: 1 } }).answered;
    expect(next.status).toBe(200);
  });

  it('GET /api/portfolios/{id} still answers while analyses run flat out', { timeout: 120_000 }, async () => {
    const id = (await server.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'busy' } })).json().id as number;
    const busy = [post('/api/analysis/monte-carlo', { ...heavy, seed: 5 }), post('/api/analysis/monte-carlo', { ...heavy, seed: 6 })];
    busy.forEach((b) => b.answered.catch(() => {}));
    await vi.waitFor(() => expect(small.pending).toBe(2), { timeout: 20_000, interval: 20 });
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${base}/api/portfolios/${id}`);
      expect(res.status).toBe(200);
    }
    expect(small.pending).toBe(2); // the analyses were still running throughout
    busy.forEach((b) => b.hangUp());
    await vi.waitFor(() => expect(small.pending).toBe(0), { timeout: 20_000, interval: 20 });
  });
});

describe('price tables kept in memory', () => {
  const memoTickers = ['MEMOA', 'MEMOB', 'MEMOC'];

  it('a changed option reads no prices again; a price write is read at once, and answers match a fresh read', async () => {
    // Prices of their own (the other tests' tickers stay untouched): 300 weekdays of three walks.
    await db.knex.raw(
      `INSERT INTO prices (ticker, date, close)
       SELECT t, DATE '2020-01-01' + d, 100 * exp(0.01 * d * (i - 1) / 10.0 + 0.02 * sin(d * i))
         FROM unnest(?::text[]) WITH ORDINALITY AS x(t, i), generate_series(0, 299) d`,
      [memoTickers],
    );
    let priceReads = 0;
    const count = (q: { sql?: string }) => {
      if (q.sql?.includes('FROM prices p')) priceReads += 1;
    };
    db.knex.on('query', count);
    try {
      const ask = (rf: number) => rest('optimize', { tickers: memoTickers, objective: 'max_sharpe', risk_free_rate: rf });
      expect((await ask(0.011)).status).toBe(200);
      expect(priceReads).toBe(1);
      expect((await ask(0.012)).status).toBe(200); // another answer (not cached), the same prices
      expect(priceReads).toBe(1);

      await db.knex('prices').where({ ticker: 'MEMOB' }).andWhere('date', '>', '2020-06-01').update({ close: db.knex.raw('close * 1.5') });
      const after = await ask(0.012);
      expect(priceReads).toBe(2);
      // What a service with nothing in memory answers for the same request, from the same database.
      const fresh = await createServices({ db: db.knex, analysisPool: pool }).analysis.optimize({
        tickers: memoTickers,
        objective: 'max_sharpe',
        risk_free_rate: 0.012,
      } as never);
      expect(after.body).toEqual(JSON.parse(JSON.stringify(fresh)));
    } finally {
      db.knex.off('query', count);
    }
  });
});
