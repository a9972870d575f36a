// The Redis cache on a real Redis (REDIS_URL, or a private redis-server when none is set), with two
// API instances sharing one database and one Redis: hits take no SQL, and no write that answered 2xx
// is ever followed by the old state on either instance.
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../../test/support/private-redis.js';
import { get, startInstance, testNamespace, UNHURRIED_TIMEOUT_MS, type Instance } from './cache-helpers.js';

let db: TestDatabase;
let privateRedis: PrivateRedis | undefined;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  let redisUrl = inject('redisUrl');
  if (!redisUrl) {
    privateRedis = await startPrivateRedis();
    redisUrl = privateRedis.url;
  }
  const namespace = testNamespace();
  a = await startInstance(db.url, redisUrl, namespace, undefined, UNHURRIED_TIMEOUT_MS);
  b = await startInstance(db.url, redisUrl, namespace, undefined, UNHURRIED_TIMEOUT_MS);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await privateRedis?.stop();
  await db?.drop();
});
beforeEach(async () => {
  await db.emptyPortfolios();
  // Truncation bypasses the service, as a bulk import would: it must say so.
  await a.cache.invalidateAll();
  await a.cache.settled();
});

async function send(instance: Instance, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const res = await instance.app.inject({ method, url, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.body ? (JSON.parse(res.body) as { id: number; stocks: { id: number }[] }) : undefined;
}

/** Reads on both instances until both answer from the cache (a read fills it; the next one hits). */
async function warm(url: string) {
  for (const instance of [a, b]) {
    await get(instance, url);
    expect((await get(instance, url)).statements).toBe(0);
  }
}

describe('cache: read-through', () => {
  it('answers a repeated read with no SQL, the same bytes through REST and tRPC', async () => {
    await get(b, '/api/portfolios/1'); // B learns the generation A started in beforeEach (a miss)
    const p = await send(a, 'POST', '/api/portfolios', { name: 'Cached', description: null });
    await send(a, 'POST', `/api/portfolios/${p?.id}/stocks`, { ticker: 'AAPL', weight: 0.5 });
    const cold = await get(a, `/api/portfolios/${p?.id}`);
    expect(cold.statements).toBe(1);
    const warmRead = await get(a, `/api/portfolios/${p?.id}`);
    expect(warmRead).toEqual({ status: 200, body: cold.body, statements: 0 });
    expect((await get(b, `/api/portfolios/${p?.id}`)).statements).toBe(0);

    const trpc = await get(b, `/trpc/portfolio.byId?input=${encodeURIComponent(JSON.stringify({ id: p?.id }))}`);
    expect(trpc.statements).toBe(0);
    expect(JSON.parse(trpc.body).result.data).toEqual(JSON.parse(cold.body));

    await get(a, '/api/portfolios');
    const list = await get(b, '/api/portfolios');
    expect(list.statements).toBe(0);
    expect(JSON.parse(list.body)).toEqual([JSON.parse(cold.body)]);
  });
});

describe('cache: never stale after a 2xx write, on either instance', () => {
  it('follows every kind of write made on the other instance', async () => {
    const p = (await send(a, 'POST', '/api/portfolios', { name: 'P' }))!;
    const one = `/api/portfolios/${p.id}`;
    const expectBoth = async (check: (body: string, status: number) => void) => {
      for (const instance of [a, b]) {
        const res = await get(instance, one);
        check(res.body, res.status);
        const list = await get(instance, '/api/portfolios');
        if (res.status === 200) expect(JSON.parse(list.body)).toContainEqual(JSON.parse(res.body));
        else expect(JSON.parse(list.body)).toEqual([]);
      }
    };

    await warm(one);
    await warm('/api/portfolios');
    const added = (await send(b, 'POST', `${one}/stocks`, { ticker: 'MSFT', weight: 0.2 }))!;
    await expectBoth((body) => expect(JSON.parse(body).stocks).toMatchObject([{ ticker: 'MSFT', weight: 0.2 }]));

    await warm(one);
    await send(a, 'PUT', one, { name: 'Renamed' });
    await expectBoth((body) => expect(JSON.parse(body).name).toBe('Renamed'));

    await warm(one);
    await send(b, 'PATCH', `${one}/stocks/${added.stocks[0]?.id}`, { weight: 0.3 });
    await expectBoth((body) => expect(JSON.parse(body).stocks[0].weight).toBe(0.3));

    await warm(one);
    await send(a, 'DELETE', `${one}/stocks/${added.stocks[0]?.id}`);
    await expectBoth((body) => expect(JSON.parse(body).stocks).toEqual([]));

    await warm(one);
    await warm('/api/portfolios');
    await send(b, 'DELETE', one);
    await expectBoth((_body, status) => expect(status).toBe(404));

    await warm('/api/portfolios');
    const created = (await send(a, 'POST', '/api/portfolios', { name: 'New' }))!;
    for (const instance of [a, b]) {
      expect(JSON.parse((await get(instance, '/api/portfolios')).body)).toMatchObject([{ id: created.id, name: 'New' }]);
    }
  });

  it('follows an import (which writes around the portfolio service)', async () => {
    const p = (await send(a, 'POST', '/api/portfolios', { name: 'Before import' }))!;
    await warm(`/api/portfolios/${p.id}`);
    await warm('/api/portfolios');
    const doc = { format: 'folio-export', version: 1, exported_at: '2026-11-24T10:00:00Z', portfolios: [{ id: p.id, name: 'Imported', stocks: [] }] };
    const res = await b.app.inject({ method: 'POST', url: '/api/import?mode=merge', payload: doc });
    expect(res.statusCode, res.body).toBe(200);
    for (const instance of [a, b]) {
      expect(JSON.parse((await get(instance, `/api/portfolios/${p.id}`)).body).name).toBe('Imported');
      expect(JSON.parse((await get(instance, '/api/portfolios')).body)).toMatchObject([{ id: p.id, name: 'Imported' }]);
    }
  });

  it('drops a fill computed from a read that raced a write', async () => {
    const p = (await send(a, 'POST', '/api/portfolios', { name: 'Before' }))!;
    const lookup = await b.cache.portfolio(p.id); // B misses and reads the database...
    expect(lookup.json).toBeUndefined();
    const before = (await get(a, `/api/portfolios/${p.id}`)).body;
    await send(a, 'PUT', `/api/portfolios/${p.id}`, { name: 'After' }); // ...A commits and invalidates...
    lookup.fill(before); // ...then B's old result arrives.
    // B first: its read goes down the connection its fill went down, so Redis has seen the fill.
    for (const instance of [b, a]) {
      expect(JSON.parse((await get(instance, `/api/portfolios/${p.id}`)).body).name).toBe('After');
    }
  });
});
