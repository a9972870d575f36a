import type { Health } from '@folio/contract';
import type { Knex } from '@folio/db';
import type { PortfolioCache } from '../cache/index.js';

export class SystemService {
  constructor(
    private readonly db: Knex,
    private readonly cache?: PortfolioCache,
  ) {}

  /** Gauges for /metrics, read without a query: the pool's connections in use and callers waiting, the cache's counts. */
  load(): { pool: { inUse: number; waiting: number }; cache?: ReturnType<PortfolioCache['stats']> } {
    // knex keeps its tarn pool on the client; it exists once the first connection was asked for.
    const pool = (this.db.client as { pool?: { numUsed(): number; numPendingAcquires(): number } }).pool;
    return {
      pool: { inUse: pool?.numUsed() ?? 0, waiting: pool?.numPendingAcquires() ?? 0 },
      ...(this.cache ? { cache: this.cache.stats() } : {}),
    };
  }

  /** Never throws: a component that cannot answer is reported as down. */
  async health(): Promise<Health> {
    let database = false;
    let timescaledb = false;
    const redisAnswers = this.cache?.ping();
    try {
      const result = await this.db.raw<{ rows: { timescaledb: boolean }[] }>(
        "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS timescaledb",
      );
      database = true;
      timescaledb = result.rows[0]?.timescaledb === true;
    } catch {
      database = false;
    }
    // Redis down is "degraded", not "unhealthy": every read still works, from Postgres.
    const redis = (await redisAnswers) ?? false;
    const status = !database ? 'unhealthy' : this.cache && !redis ? 'degraded' : 'healthy';
    return { status, database, redis, timescaledb };
  }
}
