// GET /metrics: Prometheus text from prom-client, one registry per app (tests build many apps).
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SystemService } from '../services/system-service.js';

/** Request latency buckets (seconds): cached reads take ~1 ms, the 10,000-portfolio list ~1 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Registers the counting hook and the /metrics route. Routes are labelled by pattern
 * (/api/portfolios/:id), never by URL, so the number of series stays bounded.
 */
export function installMetrics(app: FastifyInstance, system: SystemService): void {
  const register = new Registry();
  collectDefaultMetrics({ register, prefix: 'folio_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'folio_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [register] });
  const latency = new Histogram({
    name: 'folio_http_request_duration_seconds',
    help: 'Time from request to response sent',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [register],
  });
  new Gauge({
    name: 'folio_db_pool_connections_in_use',
    help: 'Postgres connections lent out by the pool',
    registers: [register],
    collect() {
      this.set(system.load().pool.inUse);
    },
  });
  new Gauge({
    name: 'folio_db_pool_waiting',
    help: 'Callers waiting for a Postgres connection',
    registers: [register],
    collect() {
      this.set(system.load().pool.waiting);
    },
  });
  if (system.load().cache) {
    new Counter({
      name: 'folio_cache_lookups_total',
      help: 'Redis cache lookups by result (hit or miss, a miss including Redis being skipped)',
      labelNames: ['result'],
      registers: [register],
      collect() {
        const stats = system.load().cache;
        this.reset();
        this.inc({ result: 'hit' }, stats?.hits ?? 0);
        this.inc({ result: 'miss' }, stats?.misses ?? 0);
      },
    });
    new Gauge({
      name: 'folio_redis_connected',
      help: '1 when the connection to Redis is ready, else 0',
      registers: [register],
      collect() {
        this.set(system.load().cache?.connected ? 1 : 0);
      },
    });
  }

  app.addHook('onResponse', (req, reply, done) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? '(no route)', status: reply.statusCode };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', async (_req, reply) => reply.type(register.contentType).send(await register.metrics()));
}
