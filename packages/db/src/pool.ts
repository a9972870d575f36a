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
  /**
   * Postgres cancels a statement that runs (or waits on a lock) this long, and rolls it back: the server
   * stops the work itself and the connection stays usable. 0 = no server-side limit.
   */
  statementTimeoutMs: number;
  /**
   * A query with no answer at all this long (a hung Postgres, a black-holed network) closes its
   * connection; 0 = never. Keep it above statementTimeoutMs, so a live server has answered (with its
   * own cancellation) before the client gives up on it.
   */
  queryTimeoutMs: number;
}

export const defaultPoolOptions: PoolOptions = {
  min: 10,
  max: 30,
  idleTimeoutMs: 30_000,
  maxLifetimeMs: 3_600_000,
  acquireTimeoutMs: 2_000,
  statementTimeoutMs: 10_000,
  queryTimeoutMs: 11_000,
};

interface AgedConnection {
  folioCreatedAt?: number;
  query: (...args: unknown[]) => unknown;
}

/** Where knex's own warnings go (a connection found dead, a deprecation). */
export interface DbLog {
  warn: (message: string) => void;
  error: (message: string) => void;
}

/**
 * knex prints its warnings with console.log: on stdout, among a server's JSON log lines or a CLI's
 * data (`folio export > file`). By default they go to stderr; the server passes its logger.
 */
const stderrLog: DbLog = {
  warn: (message) => process.stderr.write(`knex: ${message}\n`),
  error: (message) => process.stderr.write(`knex: ${message}\n`),
};

export function createDb(url: string, options: Partial<PoolOptions> = {}, log: DbLog = stderrLog): Knex {
  const pool = { ...defaultPoolOptions, ...options };
  const knex = knexFactory({
    log: { warn: log.warn, error: log.error, deprecate: log.warn, debug: () => {} },
    client: 'pg',
    connection: {
      connectionString: url,
      connectionTimeoutMillis: pool.acquireTimeoutMs,
      // Sent in the startup packet, so every session of the pool has it before its first query.
      ...(pool.statementTimeoutMs > 0 ? { statement_timeout: pool.statementTimeoutMs } : {}),
    },
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
