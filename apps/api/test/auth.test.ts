// API keys over REST and tRPC alike: 401 without a valid key, 403 for a read key on a write.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { bearer, createSecuredApp, secretOf, type SecuredTestApp } from './security-helpers.js';

let t: SecuredTestApp;
let readKey: string;
let writeKey: string;
beforeAll(async () => {
  t = await createSecuredApp({ auth: 'required', corsOrigins: ['https://app.example.com'] });
  readKey = (await t.services.apiKeys.create('reader', 'read')).key;
  writeKey = (await t.services.apiKeys.create('writer', 'write')).key;
});
afterAll(() => t?.close());

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload, headers });

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, detail: expect.any(String) });
  return res.json();
}

describe('REST auth', () => {
  it('401 with WWW-Authenticate when no key, a malformed or an unknown key is sent', async () => {
    const cases = [
      {},
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer not-a-key' },
      { authorization: `Bearer ${writeKey.slice(0, -1)}${writeKey.endsWith('A') ? 'B' : 'A'}` }, // right prefix, wrong secret
      { authorization: `Bearer folio_000000000000_${'A'.repeat(43)}` },
    ];
    for (const headers of cases) {
      for (const req of [{ method: 'GET' as const, url: '/api/portfolios' }, { method: 'POST' as const, url: '/api/portfolios' }]) {
        const res = await t.app.inject({ ...req, headers, payload: req.method === 'POST' ? { name: 'x' } : undefined });
        expectProblem(res, 401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="folio"');
      }
    }
    expect(await t.db.knex('portfolios').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('a read key reads but gets 403 on every write; a write key does both', async () => {
    const created = await post('/api/portfolios', { name: 'Keyed' }, bearer(writeKey));
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await t.app.inject({ url: `/api/portfolios/${id}`, headers: bearer(readKey) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/portfolios', headers: bearer(readKey) })).statusCode).toBe(200);

    const writes = [
      { method: 'POST' as const, url: '/api/portfolios', payload: { name: 'No' } },
      { method: 'PUT' as const, url: `/api/portfolios/${id}`, payload: { name: 'No' } },
      { method: 'DELETE' as const, url: `/api/portfolios/${id}` },
      { method: 'POST' as const, url: `/api/portfolios/${id}/stocks`, payload: { ticker: 'AAPL' } },
      { method: 'PATCH' as const, url: `/api/portfolios/${id}/stocks/1`, payload: { weight: 0.1 } },
      { method: 'DELETE' as const, url: `/api/portfolios/${id}/stocks/1` },
    ];
    for (const w of writes) {
      const body = expectProblem(await t.app.inject({ ...w, headers: bearer(readKey) }), 403);
      expect(body.detail).toMatch(/may only read/);
    }
    const after = await t.app.inject({ url: `/api/portfolios/${id}`, headers: bearer(readKey) });
    expect(after.json()).toMatchObject({ name: 'Keyed', stocks: [] });
  });

  it('checks the key before the input: no key and a bad body is still 401', async () => {
    expectProblem(await post('/api/portfolios', { name: '' }), 401);
    expectProblem(await post('/api/portfolios', { name: '' }, bearer(readKey)), 403);
    expectProblem(await post('/api/portfolios', { name: '' }, bearer(writeKey)), 422);
  });

  it('a revoked key is refused at once; last_used_at is recorded', async () => {
    const { key } = await t.services.apiKeys.create('temp', 'write');
    expect((await t.app.inject({ url: '/api/portfolios', headers: bearer(key) })).statusCode).toBe(200);
    // last_used_at is written off the request path: wait for that write, not for a guessed time.
    await vi.waitUntil(async () => (await t.db.knex('api_keys').where({ name: 'temp' }).first())?.last_used_at, { timeout: 30_000, interval: 20 });
    const [row] = await t.db.knex('api_keys').where({ name: 'temp' });
    expect(row.last_used_at).toBeInstanceOf(Date);
    expect(row).not.toHaveProperty('key');
    expect(JSON.stringify(row)).not.toContain(secretOf(key));
    expect(await t.services.apiKeys.revoke('temp')).toBe(true);
    expectProblem(await t.app.inject({ url: '/api/portfolios', headers: bearer(key) }), 401);
  });

  it('/health stays open and shows only component states', async () => {
    const res = await t.app.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['database', 'redis', 'status', 'timescaledb']);
  });

  it('/metrics is open as /health is, and shows no key', async () => {
    await t.app.inject({ url: '/api/portfolios', headers: bearer(readKey) });
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('folio_http_requests_total');
    expect(res.body).not.toContain(secretOf(readKey));
    expect(res.body.toLowerCase()).not.toContain('bearer');
  });
});

describe('tRPC auth', () => {
  it('same rules: 401 without a key, 403 read key on a mutation, both fine with the right key', async () => {
    const noKey = await t.app.inject({ url: '/trpc/portfolio.list' });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json().error.data.problem).toMatchObject({ status: 401 });
    expect(noKey.headers['www-authenticate']).toBe('Bearer realm="folio"');

    expect((await t.app.inject({ url: '/trpc/portfolio.list', headers: bearer(readKey) })).statusCode).toBe(200);
    const forbidden = await post('/trpc/portfolio.create', { name: 'T' }, bearer(readKey));
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.data.problem).toMatchObject({ status: 403 });
    expect((await post('/trpc/portfolio.create', { name: 'T' }, bearer(writeKey))).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/trpc/system.health' })).statusCode).toBe(200);
    // Open without a key, so a client can learn that it needs one.
    const config = await t.app.inject({ url: '/trpc/system.config' });
    expect([config.statusCode, config.json().result.data.auth]).toEqual([200, 'required']);
  });
});

describe('hardening', () => {
  it('sends security headers and no framework banner', async () => {
    const res = await t.app.inject('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    // the API reference page runs one inline script; only there is that allowed
    const docs = await t.app.inject('/docs/');
    expect(docs.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-inline'/);
  });

  it('allows CORS only for the configured origins, with the headers clients need', async () => {
    const preflight = (origin: string) =>
      t.app.inject({
        method: 'OPTIONS',
        url: '/api/portfolios',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(allowed.headers['access-control-allow-headers'])).toMatch(/authorization/);
    const other = await preflight('https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unexpected failures without stacks or SQL', async () => {
    // A failure deep inside: the pool is pointed at a table that is gone.
    await t.db.knex.raw('ALTER TABLE portfolio_stocks RENAME TO portfolio_stocks_away');
    try {
      const res = await t.app.inject({ url: '/api/portfolios', headers: bearer(readKey) });
      const body = expectProblem(res, 500);
      expect(JSON.stringify(body)).not.toMatch(/portfolio_stocks|select|at .*\.ts|relation/i);
      const trpc = await t.app.inject({ url: '/trpc/portfolio.list', headers: bearer(readKey) });
      expect(trpc.statusCode).toBe(500);
      expect(JSON.stringify(trpc.json())).not.toMatch(/portfolio_stocks|select|\.ts:\d+|relation/i);
    } finally {
      await t.db.knex.raw('ALTER TABLE portfolio_stocks_away RENAME TO portfolio_stocks');
    }
  });
});

describe('AUTH configuration', () => {
  it('defaults to off on loopback and required elsewhere', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).security.auth).toBe('off');
    expect(loadConfig({ HOST: 'localhost' }).security.auth).toBe('off');
    expect(loadConfig({ HOST: '::1' }).security.auth).toBe('off');
    expect(loadConfig({ HOST: '0.0.0.0' }).security.auth).toBe('required');
    expect(loadConfig({ HOST: '10.1.2.3' }).security.auth).toBe('required');
    expect(loadConfig({ HOST: '127.0.0.1', AUTH: 'required' }).security.auth).toBe('required');
  });

  it('refuses to start on a public address with AUTH=off unless ALLOW_UNAUTHENTICATED=true', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0', AUTH: 'off' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0', AUTH: 'off' })).toThrow(/ALLOW_UNAUTHENTICATED/);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH: 'off', ALLOW_UNAUTHENTICATED: 'true' }).security.auth).toBe('off');
    expect(() => loadConfig({ AUTH: 'maybe' })).toThrow(/AUTH/);
    expect(() => loadConfig({ CORS_ORIGINS: 'not a url' })).toThrow(/CORS_ORIGINS/);
  });

  it('answers only loopback Host headers exactly when AUTH=off on a loopback HOST', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).security.loopbackHostsOnly).toBe(true);
    expect(loadConfig({ HOST: '127.0.0.1', AUTH: 'required' }).security.loopbackHostsOnly).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH: 'off', ALLOW_UNAUTHENTICATED: 'true' }).security.loopbackHostsOnly).toBe(false);
  });
});
