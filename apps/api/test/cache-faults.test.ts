// Redis paused (SIGSTOP: it keeps its sockets and its old entries, answers nothing), stopped and
// restarted under two API instances. Always on a private redis-server, never the machine's.
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../../test/support/private-redis.js';
import type { CacheLogger } from '../src/cache/index.js';
import { get, startInstance, startPartitionableRelay, testNamespace, type Instance } from './cache-helpers.js';

let db: TestDatabase;
let redis: PrivateRedis;
let a: Instance;
let b: Instance;
/** A reaches Redis through this relay, so A alone can be cut off; B connects directly. */
let relay: Awaited<ReturnType<typeof startPartitionableRelay>>;
const warnings: string[] = [];
const log: CacheLogger = { warn: (_obj, msg) => warnings.push(msg), info: () => {} };

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  redis = await startPrivateRedis();
  const namespace = testNamespace();
  relay = await startPartitionableRelay(redis.port);
  a = await startInstance(db.url, relay.url, namespace, log);
  b = await startInstance(db.url, redis.url, namespace);
});
afterEach(() => {
  redis.resume();
  relay.heal();
});
afterAll(async () => {
  redis?.resume();
  await a?.close();
  await relay?.close();
  await b?.close();
  await redis?.stop();
  await db?.drop();
});

async function create(name: string) {
  const res = await a.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name } });
  return (res.json() as { id: number }).id;
}

/** Both instances answer the read from the cache again (once reconnected and trusting it). */
async function warm(url: string) {
  for (const instance of [a, b]) {
    let hit = false;
    await vi
      .waitUntil(async () => (hit = (await get(instance, url)).statements === 0), { timeout: 60_000, interval: 25 })
      .catch(() => {}); // the expectation below says what was missing
    expect(hit, `${url} never came from the cache`).toBe(true);
  }
}

const nameOn = async (instance: Instance, id: number) => JSON.parse((await get(instance, `/api/portfolios/${id}`)).body).name;

describe('cache faults', () => {
  it('serves no old value after a write made while Redis was paused, on either instance', async () => {
    const id = await create('Old');
    await warm(`/api/portfolios/${id}`);
    await warm('/api/portfolios');

    redis.pause();
    const put = await a.app.inject({ method: 'PUT', url: `/api/portfolios/${id}`, payload: { name: 'New' } });
    expect(put.statusCode).toBe(200); // Redis not answering fails nothing
    expect(await nameOn(b, id)).toBe('New'); // during the pause: from Postgres
    redis.resume();

    // Redis is back with the old entries; neither instance may serve them, with no waiting.
    expect(await nameOn(b, id)).toBe('New');
    expect(await nameOn(a, id)).toBe('New');
    expect(JSON.parse((await get(b, '/api/portfolios')).body)).toContainEqual(expect.objectContaining({ id, name: 'New' }));

    // ...and the cache is trusted again once A has started a new generation.
    expect(await a.cache.settled()).toBe(true);
    await warm(`/api/portfolios/${id}`);
    expect(await nameOn(b, id)).toBe('New');
  });

  it('serves no old value when the writer was cut off from a paused Redis and stays cut off after it resumes', async () => {
    const id = await create('Old');
    await warm(`/api/portfolios/${id}`);
    await warm('/api/portfolios');

    redis.pause();
    relay.partition(); // A's invalidation will never reach Redis
    const put = await a.app.inject({ method: 'PUT', url: `/api/portfolios/${id}`, payload: { name: 'New' } });
    expect(put.statusCode).toBe(200);
    redis.resume(); // Redis is back, still holding 'Old'; A is still cut off

    expect(await nameOn(b, id)).toBe('New');
    expect(JSON.parse((await get(b, '/api/portfolios')).body)).toContainEqual(expect.objectContaining({ id, name: 'New' }));
    expect(await nameOn(a, id)).toBe('New');

    relay.heal();
    expect(await a.cache.settled()).toBe(true);
    await warm(`/api/portfolios/${id}`);
    expect(await nameOn(a, id)).toBe('New');
    expect(await nameOn(b, id)).toBe('New');
  });

  it('keeps reads and writes working while Redis is gone, says degraded, logs the outage once', async () => {
    const id = await create('Before outage');
    await warm(`/api/portfolios/${id}`);
    warnings.length = 0;

    await redis.stop();
    for (let i = 0; i < 10; i++) {
      expect((await a.app.inject({ method: 'PUT', url: `/api/portfolios/${id}`, payload: { name: `During ${i}` } })).statusCode).toBe(200);
      expect(await nameOn(a, id)).toBe(`During ${i}`);
      expect(await nameOn(b, id)).toBe(`During ${i}`);
    }
    const health = await a.app.inject('/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'degraded', database: true, redis: false });
    expect(warnings).toHaveLength(1);

    await redis.restart();
    let back = false;
    await vi
      .waitUntil(async () => (back = (await a.app.inject('/health')).json().redis === true), { timeout: 60_000, interval: 50 })
      .catch(() => {}); // the expectation below says what was missing
    expect(back).toBe(true);
    expect((await a.app.inject('/health')).json()).toMatchObject({ status: 'healthy', redis: true });
    expect(await a.cache.settled()).toBe(true);
    await warm(`/api/portfolios/${id}`);
    expect(await nameOn(b, id)).toBe('During 9');
  });
});
