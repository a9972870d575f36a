// What the server and the CLI both run on: the configured database (migrated), the Redis cache when
// REDIS_URL is set, and the services built over them. One function, so a CLI import writes and
// invalidates exactly as an HTTP one does.
import { openMigratedDatabase, type DbLog, type Knex, type PoolOptions } from '@folio/db';
import { createRedisClient, PortfolioCache, type CacheLogger } from './cache/index.js';
import type { Config } from './config.js';
import { createServices, type Services } from './services/index.js';
import { AnalysisPool } from './analysis/analysis-pool.js';

export interface OpenServices {
  services: Services;
  db: Knex;
  /** the database's URL and a description for logs */
  database: { url: string; description: string };
  cache?: PortfolioCache;
  /** Closes the cache and the pool, then stops an embedded Postgres; waits at most `poolMs` for the pool. */
  close: (options?: { poolMs?: number }) => Promise<void>;
}

export interface OpenServicesOptions {
  log: (message: string) => void;
  /** overrides of the configured pool (the CLI needs a few connections, not the server's 10–30) */
  pool?: Partial<PoolOptions>;
  /** the cache's logger, and the name its Redis connection shows in CLIENT LIST */
  cache?: { log?: CacheLogger; connectionName?: string } | false;
  /** knex's own warnings (a connection found dead); default stderr */
  dbLog?: DbLog;
}

/** The cache the config asks for, or undefined without REDIS_URL. */
export function openCache(config: Config, options: { log?: CacheLogger; connectionName?: string } = {}): PortfolioCache | undefined {
  if (!config.redisUrl) return undefined;
  const redis = createRedisClient(config.redisUrl, {
    commandTimeoutMs: config.cache.timeoutMs,
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  });
  return new PortfolioCache(redis, { ...config.cache, ...(options.log ? { log: options.log } : {}) });
}

export async function openServices(config: Config, options: OpenServicesOptions): Promise<OpenServices> {
  const { db, database } = await openMigratedDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pool: { ...config.pool, ...options.pool },
    log: options.log,
    ...(options.dbLog ? { dbLog: options.dbLog } : {}),
  });
  const cache = options.cache === false ? undefined : openCache(config, options.cache);
  // Threads start on the first analysis, so the CLI never starts any.
  const analysisPool = new AnalysisPool(config.analysis);
  return {
    services: createServices({ db, cache, analysisPool }),
    db,
    database,
    cache,
    close: async ({ poolMs } = {}) => {
      await analysisPool.close();
      await cache?.close();
      // destroy() waits for connections still in use; a query stuck on a lock would hold it forever.
      // Past the limit, stopping Postgres (embedded) or exiting (external) ends such a query.
      await (poolMs === undefined ? db.destroy() : settleWithin(db.destroy(), poolMs));
      await database.stop();
    },
  };
}

/** Waits for a promise, but no longer than ms; its failure is ignored (shutdown goes on regardless). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => {}), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
