// GET /metrics: Prometheus text with request counts and latency by route and status, the pool, the
// cache and Redis, read from a real app on real Postgres and Redis.
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startInstance, testNamespace, UNHURRIED_TIMEOUT_MS, type Instance } from './cache-helpers.js';

let db: TestDatabase;
let api: Instance;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  api = await startInstance(db.url, inject('redisUrl'), testNamespace(), undefined, UNHURRIED_TIMEOUT_MS);
});
afterAll(async () => {
  await api?.close();
  await db?.drop();
});

/** sample name with labels → value, from the Prometheus text format */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    found.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return found;
}

async function scrape() {
  const res = await api.app.inject('/metrics');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return samples(res.body);
}

describe('GET /metrics', () => {
  it('counts requests and their latency by route and status, cache hits and misses, and Redis state', async () => {
    const created = await api.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'Measured' } });
    const id = (created.json() as { id: number }).id;
    expect((await api.app.inject(`/api/portfolios/${id}`)).statusCode).toBe(200); // a miss, which fills
    expect((await api.app.inject(`/api/portfolios/${id}`)).statusCode).toBe(200); // a hit
    expect((await api.app.inject('/api/portfolios/999999')).statusCode).toBe(404);
    expect((await api.app.inject('/nowhere/at/all')).statusCode).toBe(404);

    const m = await scrape();
    const one = 'method="GET",route="/api/portfolios/:id"';
    expect(m.get(`folio_http_requests_total{${one},status="200"}`)).toBe(2);
    expect(m.get(`folio_http_requests_total{${one},status="404"}`)).toBe(1);
    expect(m.get('folio_http_requests_total{method="POST",route="/api/portfolios",status="201"}')).toBe(1);
    // Unmatched URLs share one label, so made-up paths cannot grow the series without bound.
    expect(m.get('folio_http_requests_total{method="GET",route="(no route)",status="404"}')).toBe(1);
    expect(m.get(`folio_http_request_duration_seconds_count{${one},status="200"}`)).toBe(2);
    expect(m.get(`folio_http_request_duration_seconds_bucket{le="+Inf",${one},status="200"}`)).toBe(2);
    expect(m.get(`folio_http_request_duration_seconds_sum{${one},status="200"}`)).toBeGreaterThan(0);
    // The 404 for a missing id also looked in the cache first (a miss).
    expect(m.get('folio_cache_lookups_total{result="hit"}')).toBe(1);
    expect(m.get('folio_cache_lookups_total{result="miss"}')).toBe(2);
    expect(m.get('folio_redis_connected')).toBe(1);
    expect(m.get('folio_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect([...m.keys()].join('\n')).not.toContain('/metrics"'); // the scrape is counted after it is answered
  });

  it('shows pool connections in use while a transaction holds one', async () => {
    expect((await scrape()).get('folio_db_pool_connections_in_use')).toBe(0);
    const trx = await api.knex.transaction();
    try {
      const m = await scrape();
      expect(m.get('folio_db_pool_connections_in_use')).toBe(1);
      expect(m.get('folio_db_pool_waiting')).toBe(0);
    } finally {
      await trx.rollback();
    }
  });
});
