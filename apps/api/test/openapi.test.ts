import { validate, compileErrors } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../src/auth/api-key-store.js';
import { loadStockPrices } from './analysis-helpers.js';
import { createTestApp, type TestApp } from './helpers.js';
import { bearer, createSecuredApp, type SecuredTestApp } from './security-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** `/api/portfolios/:id` → `/api/portfolios/{id}` */
const openApiPath = (url: string) => url.replace(/:([A-Za-z_]\w*)/g, '{$1}');

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await t.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document));
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.valid).toBe(true);
  });

  it('lists exactly the routes registered under /api, both ways', async () => {
    const document = (await t.app.inject({ url: '/openapi.json' })).json();
    const methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']);
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, item]) => Object.keys(item).filter((k) => methods.has(k)).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const registered = t.app
      .registeredRoutes()
      .filter((r) => r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${openApiPath(r.url)}`)
      .sort();
    expect(registered.length).toBeGreaterThan(8);
    expect(documented).toEqual(registered);
  });

  it('bodies come from the contract: rules, nullability, problem+json errors', async () => {
    const document = (await t.app.inject({ url: '/openapi.json' })).json();
    const schemas = document.components.schemas;
    expect(schemas.CreatePortfolio.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200 });
    expect(schemas.CreatePortfolio.required).toEqual(['name']);
    expect(schemas.AddStock.properties.weight.anyOf).toEqual(
      expect.arrayContaining([{ type: 'number', minimum: 0, maximum: 1 }, { type: 'null' }]),
    );
    expect(schemas.Portfolio.properties.stocks.items).toEqual({ $ref: '#/components/schemas/Stock' });
    const create = document.paths['/api/portfolios'].post;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '415', '422', '500']));
    expect(create.responses['201'].headers.Location).toBeDefined();
    expect(document.components.responses.Problem422.content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(document.paths['/api/portfolios/{id}'].delete.responses['204']).toBeDefined();
  });

  it('documents real responses: a created portfolio matches the Portfolio schema fields', async () => {
    const document = (await t.app.inject({ url: '/openapi.json' })).json();
    const created = (await t.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'x' } })).json();
    expect(Object.keys(created).sort()).toEqual([...document.components.schemas.Portfolio.required].sort());
  });
});

type Operation = { operationId: string; parameters?: { name: string; in: string }[]; requestBody?: any; responses: Record<string, any>; security?: unknown[] };
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operationsOf(document: any): { method: string; path: string; op: Operation }[] {
  return Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

/** The example body of an operation, as /docs shows it. */
const exampleOf = (op: Operation) => op.requestBody?.content['application/json'].examples?.example?.value;

describe('examples and ids', () => {
  it('every request body has an example, and the server accepts each one', async () => {
    await t.db.emptyPortfolios();
    await loadStockPrices(t.db.knex); // the analysis examples read GOOG, AAPL, AMZN and XOM
    const document = (await t.app.inject({ url: '/openapi.json' })).json();
    // Portfolio 1 (the rebalance example's), holding GOOG and AMZN with shares (the setWeights example's).
    const portfolio = (await t.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'Holder' } })).json();
    expect(portfolio.id).toBe(1);
    const stock = (await t.app.inject({ method: 'POST', url: `/api/portfolios/${portfolio.id}/stocks`, payload: { ticker: 'GOOG', shares: 5 } })).json().stocks[0];
    await t.app.inject({ method: 'POST', url: `/api/portfolios/${portfolio.id}/stocks`, payload: { ticker: 'AMZN', shares: 3 } });
    const withBodies = operationsOf(document).filter(({ op }) => op.requestBody);
    expect(withBodies.map(({ op }) => op.operationId).sort()).toEqual([
      'addStock', 'createPortfolio', 'frontier', 'importPortfolios', 'monteCarlo', 'optimize', 'rebalance', 'risk',
      'setWeights', 'updatePortfolio', 'updateStock', 'upsertPrices',
    ]);
    // The import example replaces portfolio 1: send it last.
    withBodies.sort((a) => (a.op.operationId === 'importPortfolios' ? 1 : -1));
    for (const { method, path, op } of withBodies) {
      const example = exampleOf(op);
      expect(example, op.operationId).toBeDefined();
      const url = path.replace('{id}', String(portfolio.id)).replace('{stock_id}', String(stock.id));
      const res = await t.app.inject({ method: method.toUpperCase() as 'POST', url, payload: example });
      expect(res.statusCode, `${op.operationId}: ${res.body}`).toBeLessThan(300);
    }
  });

  it('ids are documented as positive; no ±2^53 bounds anywhere', async () => {
    const text = (await t.app.inject({ url: '/openapi.json' })).body;
    expect(text).not.toContain(String(Number.MIN_SAFE_INTEGER));
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
    const schemas = JSON.parse(text).components.schemas;
    expect(schemas.Portfolio.properties.id).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schemas.Stock.properties.portfolio_id).toMatchObject({ type: 'integer', minimum: 1 });
  });
});

describe('auth, rate limit and idempotency in the document match what the server enforces', () => {
  let secured: SecuredTestApp;
  let readKey: string;
  beforeAll(async () => {
    secured = await createSecuredApp({ auth: 'required', rateLimit: { max: 1000, windowMs: 60_000 } });
    readKey = (await new ApiKeyStore(secured.db.knex).create('reader', 'read')).key;
  });
  afterAll(() => secured?.close());

  it('describes bearer auth, 401/403, 429 with Retry-After and Idempotency-Key', async () => {
    const document = (await secured.app.inject({ url: '/openapi.json' })).json();
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { method, path, op } of operationsOf(document)) {
      const name = `${method} ${path}`;
      if (path === '/health' || path === '/metrics') { // open, like /health
        expect(op.security, name).toEqual([]);
        expect(op.responses['429'], name).toBeUndefined();
        continue;
      }
      expect(op.security, name).toEqual([{ bearerAuth: [] }]);
      expect(op.responses['401'], name).toBeDefined();
      expect(op.responses['429'].headers['Retry-After'], name).toBeDefined();
      const analysis = path.startsWith('/api/analysis/'); // POSTs that only read
      expect(op.responses['403'] !== undefined, name).toBe(method !== 'get' && !analysis);
      expect(op.parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header') ?? false, name).toBe(method === 'post' && !analysis);
    }
  });

  it('the server agrees: no key is a 401 wherever documented, a read key a 403 exactly where documented', async () => {
    const document = (await secured.app.inject({ url: '/openapi.json' })).json();
    for (const { method, path, op } of operationsOf(document)) {
      const url = path.replace('{id}', '1').replace('{stock_id}', '1');
      const request = { method: method.toUpperCase() as 'GET', url, ...(op.requestBody ? { payload: exampleOf(op) } : {}) };
      const anonymous = await secured.app.inject(request);
      expect(anonymous.statusCode === 401, `${method} ${path} without a key`).toBe(op.responses['401'] !== undefined);
      const reader = await secured.app.inject({ ...request, headers: bearer(readKey) });
      expect(reader.statusCode === 403, `${method} ${path} with a read key`).toBe(op.responses['403'] !== undefined);
    }
  });

  it('without auth or a rate limit configured, neither is described', async () => {
    const document = (await t.app.inject({ url: '/openapi.json' })).json();
    for (const { op } of operationsOf(document)) {
      expect(op.security).toEqual([]);
      expect(op.responses['401']).toBeUndefined();
      expect(op.responses['429']).toBeUndefined();
    }
  });
});

describe('GET /docs', () => {
  it('renders the API reference for /openapi.json from local assets', async () => {
    const redirect = await t.app.inject({ url: '/docs' });
    // Scalar serves the page at /docs/ so its relative asset URLs resolve under /docs.
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/docs/');
    const page = await t.app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/openapi.json');
    const script = page.body.match(/src="([^"]*scalar\.js)"/)?.[1];
    expect(script).toBeDefined();
    const js = await t.app.inject({ url: new URL(script!, 'http://x/docs/').pathname });
    expect(js.statusCode).toBe(200);
    expect(js.body.length).toBeGreaterThan(100_000);
    // Scalar's default fonts come from fonts.scalar.com; the page asks for none.
    expect(page.body).toMatch(/"withDefaultFonts":\s*false/);
  });

});
