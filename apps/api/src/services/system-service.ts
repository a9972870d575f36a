import type { Health } from '@folio/contract';
import type { Knex } from '@folio/db';

export class SystemService {
  constructor(private readonly db: Knex) {}

  /** Never throws: a component that cannot answer is reported as down. */
  async health(): Promise<Health> {
    let database = false;
    let timescaledb = false;
    try {
      const result = await this.db.raw<{ rows: { timescaledb: boolean }[] }>(
        "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS timescaledb",
      );
      database = true;
      timescaledb = result.rows[0]?.timescaledb === true;
    } catch {
      database = false;
    }
    const redis = false;
    return { status: database ? 'healthy' : 'unhealthy', database, redis, timescaledb };
  }
}
