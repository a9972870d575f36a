// Request limits: body size (413), URL length (414), list page size, rate limit per key/IP (429).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../../test/support/private-redis.js';
import { bearer, createSecuredApp, privatePostgres, type SecuredTestApp } from './security-helpers.js';

const apps: SecuredTestApp[] = [];
let redis: PrivateRedis | undefined;
let pg: Awaited<ReturnType<typeof privatePostgres>>;
beforeAll(async () => {
  pg = await privatePostgres(); // five apps with their own pools: kept off the shared Postgres
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await redis?.stop();
  await pg?.stop();
});

async function app(security: Parameters<typeof createSecuredApp>[0]) {
  const a = await createSecuredApp(security, undefined, pg.adminUrl);
  apps.push(a);
  return a;
}

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, detail: expect.any(String) });
}

describe('size limits', () => {
  let t: SecuredTestApp;
  beforeAll(async () => {
    t = await app({ bodyLimit: 4096, maxUrlLength: 1024 });
  });

  it('413 problem for a body over the limit, on REST and tRPC, writing nothing', async () => {
    const big = { name: 'x', description: 'y'.repeat(5000) };
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/portfolios', payload: big }), 413);
    expectProblem(await t.app.inject({ method: 'POST', url: '/trpc/portfolio.create', payload: big }), 413);
    expect(await t.db.knex('portfolios').count({ n: '*' })).toEqual([{ n: '0' }]);
    // Just under the limit still goes through to validation.
    const ok = await t.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'x', description: 'y'.repeat(1500) } });
    expect(ok.statusCode).toBe(201);
  });

  it('the limit holds however the path is spelled: %-escaped prefixes and non-JSON bodies are refused unread', async () => {
    const before = await t.db.knex('portfolios').count({ n: '*' });
    const big = `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'z'.repeat(50_000)}\r\n--x--\r\n`;
    for (const url of ['/%74rpc/portfolio.create', '/trpc/portfolio.create', '/%74%72%70%63/portfolio.create']) {
      for (const type of ['multipart/form-data; boundary=x', 'application/octet-stream', 'text/plain']) {
        const res = await t.app.inject({ method: 'POST', url, payload: big, headers: { 'content-type': type } });
        expect([413, 415], `${url} ${type}`).toContain(res.statusCode);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const json = await t.app.inject({ method: 'POST', url, payload: { name: 'y'.repeat(50_000) } });
      expect(json.statusCode).toBe(413);
    }
    expect(await t.db.knex('portfolios').count({ n: '*' })).toEqual(before);
  });

  it('414 problem for an over-long URL', async () => {
    expectProblem(await t.app.inject(`/api/portfolios?cursor=${'9'.repeat(2000)}`), 414);
    expectProblem(await t.app.inject(`/trpc/portfolio.list?input=${'%7B'.repeat(400)}`), 414);
  });

  it('caps list pages at 1,000', async () => {
    expectProblem(await t.app.inject('/api/portfolios?limit=1001'), 422);
    expect((await t.app.inject('/api/portfolios?limit=1000')).statusCode).toBe(200);
  });

  it('header size is bounded by Node (16 KiB default): a huge header gets 431 over a real socket', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${url}/health`, { headers: { 'x-junk': 'a'.repeat(20_000) } });
    expect(res.status).toBe(431);
  });
});

describe('rate limit', () => {
  it('429 problem with Retry-After once a client spends its budget; per key, not shared', async () => {
    const t = await app({ auth: 'required', rateLimit: { max: 5, windowMs: 60_000 } });
    const a = (await t.services.apiKeys.create('a', 'read')).key;
    const b = (await t.services.apiKeys.create('b', 'read')).key;
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ url: '/api/portfolios', headers: bearer(a) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
    }
    for (const url of ['/api/portfolios', '/trpc/portfolio.list']) {
      const limited = await t.app.inject({ url, headers: bearer(a) });
      expectProblem(limited, 429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect((await t.app.inject({ url: '/api/portfolios', headers: bearer(b) })).statusCode).toBe(200);
    // /health is for load balancers: never throttled
    for (let i = 0; i < 10; i++) expect((await t.app.inject('/health')).statusCode).toBe(200);
  });

  it('a key that does not verify gets no budget of its own: made-up keys and wrong secrets spend their IP budget', async () => {
    const t = await app({ auth: 'required', rateLimit: { max: 5, windowMs: 60_000 } });
    const victim = (await t.services.apiKeys.create('victim', 'read')).key;
    const prefix = victim.split('_')[1]!;
    const forged = (i: number) => `folio_${prefix}_${String(i).padStart(43, 'A')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await t.app.inject({ url: '/api/portfolios', headers: bearer(forged(i)), remoteAddress: '10.1.1.1' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // the victim's own budget is untouched
    expect((await t.app.inject({ url: '/api/portfolios', headers: bearer(victim), remoteAddress: '10.2.2.2' })).statusCode).toBe(200);

    // AUTH=off verifies nothing, so a made-up key is just another request from that address
    const open = await app({ rateLimit: { max: 5, windowMs: 60_000 } });
    const made = (i: number) => `folio_${String(i).padStart(12, '0')}_${'B'.repeat(43)}`;
    const passed = [];
    for (let i = 0; i < 10; i++) {
      passed.push((await open.app.inject({ url: '/api/portfolios', headers: bearer(made(i)), remoteAddress: '10.3.3.3' })).statusCode);
    }
    expect(passed.filter((s) => s === 200)).toHaveLength(5);
  });

  it('limits anonymous clients per IP', async () => {
    const t = await app({ rateLimit: { max: 3, windowMs: 60_000 } });
    const from = (ip: string) => t.app.inject({ url: '/api/portfolios', remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await from('10.0.0.1')).statusCode).toBe(200);
    expectProblem(await from('10.0.0.1'), 429);
    expect((await from('10.0.0.2')).statusCode).toBe(200);
  });

  it('keeps counters in Redis, shared by two instances, and lets requests through when Redis is gone', async () => {
    redis = await startPrivateRedis();
    const security = { rateLimit: { max: 4, windowMs: 60_000 }, redisUrl: redis.url };
    const one = await app(security);
    const two = await createSecuredApp(security, undefined, pg.adminUrl);
    apps.push(two);
    // Each limiter connects to Redis in the background: wait until each counts there (a request the store
    // could not count is let through with a zero reset), probing from an address of its own.
    for (const [t, probeIp] of [[one, '10.8.0.1'], [two, '10.8.0.2']] as const) {
      await vi.waitUntil(
        async () => Number((await t.app.inject({ url: '/api/portfolios', remoteAddress: probeIp })).headers['x-ratelimit-reset']) > 0,
        { timeout: 30_000, interval: 20 },
      );
    }
    const from = (t: SecuredTestApp) => t.app.inject({ url: '/api/portfolios', remoteAddress: '10.9.9.9' });
    const statuses = [];
    for (const t of [one, two, one, two, one]) statuses.push((await from(t)).statusCode);
    expect(statuses.slice(0, 4).every((s) => s !== 429)).toBe(true);
    expect(statuses[4]).toBe(429);

    await redis.stop();
    const started = Date.now();
    const res = await from(one);
    expect(res.statusCode).not.toBe(429);
    expect(res.statusCode).toBeLessThan(500);
    // The promise: with Redis gone, a request waits at most the limiter's 300 ms command timeout. The
    // bound is five times that, so a busy machine cannot fail it; `pnpm fault-timings` prints the real figure.
    expect(Date.now() - started).toBeLessThan(5 * 300);
  });
});

describe('AUTH=off on a loopback address answers only requests addressed to this machine (DNS rebinding)', () => {
  it('403 problem for any other Host; localhost, 127.x and [::1] (with or without a port) are served', async () => {
    const t = await app({ loopbackHostsOnly: true });
    for (const host of ['evil.example.com', 'evil.example.com:8000', 'localhost.evil.example', '127.0.0.1.nip.io', '0.0.0.0:8000']) {
      const res = await t.app.inject({ url: '/api/portfolios', headers: { host } });
      expectProblem(res, 403);
    }
    const denied = await t.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'x' }, headers: { host: 'evil.example.com' } });
    expectProblem(denied, 403);
    expect(await t.db.knex('portfolios').count({ n: '*' })).toEqual([{ n: '0' }]);
    for (const host of ['localhost', 'localhost:8000', '127.0.0.1:8000', '127.1.2.3', '[::1]:8000', 'LOCALHOST:8000']) {
      expect((await t.app.inject({ url: '/api/portfolios', headers: { host } })).statusCode, host).toBe(200);
    }
  });
});
