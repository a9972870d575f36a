import type { Health } from '@folio/contract';
import type { Knex } from '@folio/db';
import type { PortfolioCache } from '../cache/index.js';

export class SystemService {
  constructor(
    private readonly db: Knex,
    private readonly cache?: PortfolioCache,
  ) {}

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
