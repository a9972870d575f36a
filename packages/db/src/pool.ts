import knexFactory, { type Knex } from 'knex';
import { closeOnSlowQueries } from './query-timeout.js';

export interface PoolOptions {
  /** connections kept open (the spec's QueuePool size) */
  min: number;
  /** ceiling under load (size + overflow) */
  max: number;
  /** an idle connection above `min` is closed after this long */
  idleTimeoutMs: number;
  /** a connection older than this is replaced when next taken from the pool */
  maxLifetimeMs: number;
  /** how long a query may wait for a connection, or a new connection may take, before failing */
  acquireTimeoutMs: number;
  /** a query unanswered this long closes its connection (a hung Postgres); 0 = never */
  queryTimeoutMs: number;
}

export const defaultPoolOptions: PoolOptions = {
  min: 10,
  max: 30,
  idleTimeoutMs: 30_000,
  maxLifetimeMs: 3_600_000,
  acquireTimeoutMs: 2_000,
  queryTimeoutMs: 10_000,
};

interface AgedConnection {
  folioCreatedAt?: number;
  query: (...args: unknown[]) => unknown;
}

export function createDb(url: string, options: Partial<PoolOptions> = {}): Knex {
  const pool = { ...defaultPoolOptions, ...options };
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: pool.acquireTimeoutMs },
    pool: {
      min: pool.min,
      max: pool.max,
      idleTimeoutMillis: pool.idleTimeoutMs,
      afterCreate: (conn: AgedConnection, done: (err: Error | null, conn: unknown) => void) => {
        conn.folioCreatedAt = Date.now();
        if (pool.queryTimeoutMs > 0) closeOnSlowQueries(conn, pool.queryTimeoutMs);
        done(null, conn);
      },
    },
    acquireConnectionTimeout: pool.acquireTimeoutMs,
  });
  // tarn has no max-lifetime setting; knex asks the client to validate a connection on every acquire,
  // so an over-age connection is treated as invalid there and replaced (the spec's "recycle hourly").
  const client = knex.client as { validateConnection: (conn: AgedConnection) => boolean | Promise<boolean> };
  const validate = client.validateConnection.bind(client);
  client.validateConnection = (conn) =>
    Date.now() - (conn.folioCreatedAt ?? 0) < pool.maxLifetimeMs && validate(conn);
  return knex;
}
