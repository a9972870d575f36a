// SQL statements per request, counted exactly (knex query events) on an in-process server over the
// same database and Redis, with app.inject: a count, not a timing, so load does not blur it.
import { loadConfig, startServer } from '@folio/api';

export async function countStatements(databaseUrl: string, redisUrl: string) {
  const measure = async (withRedis: boolean) => {
    const server = await startServer(
      loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL: withRedis ? redisUrl : '', PORT: '0', LOG_LEVEL: 'silent', DB_POOL_MIN: '0' }),
    );
    let statements = 0;
    server.db.on('query', () => {
      statements += 1;
    });
    // The cache is trusted only once this instance has started its generation: wait for the first hit.
    if (withRedis) {
      for (let i = 0; i < 100; i++) {
        const before = statements;
        await server.app.inject('/api/portfolios/1');
        if (statements === before) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const perRequest = async (method: 'GET' | 'POST' | 'PUT', url: (i: number) => string, body?: (i: number) => object) => {
      await server.app.inject({ method, url: url(0), ...(body ? { payload: body(0) } : {}) }); // fills the cache
      const before = statements;
      const n = 20;
      for (let i = 1; i <= n; i++) {
        const res = await server.app.inject({ method, url: url(i), ...(body ? { payload: body(i) } : {}) });
        if (res.statusCode >= 300) throw new Error(`${method} ${url(i)} answered ${res.statusCode}: ${res.body}`);
      }
      return (statements - before) / n;
    };
    try {
      const byId = await perRequest('GET', () => '/api/portfolios/1');
      const list = await perRequest('GET', () => '/api/portfolios');
      if (!withRedis) return { byId, list, addStock: NaN, update: NaN };
      const addStock = await perRequest('POST', () => '/api/portfolios/2/stocks', (i) => ({ ticker: `COUNT${i}` }));
      const update = await perRequest('PUT', () => '/api/portfolios/3', (i) => ({ name: `Counted ${i}` }));
      return { byId, list, addStock, update };
    } finally {
      await server.stop();
    }
  };
  const cold = await measure(false);
  const warm = await measure(true);
  return {
    byIdCold: cold.byId,
    byIdWarm: warm.byId,
    listCold: cold.list,
    listWarm: warm.list,
    addStock: warm.addStock,
    update: warm.update,
  };
}
