import { validate, compileErrors } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.js';

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
  });
});
