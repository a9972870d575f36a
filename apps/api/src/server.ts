import { openMigratedDatabase, type Knex } from '@folio/db';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { createRedisClient, PortfolioCache } from './cache/index.js';
import type { Config } from './config.js';
import { createServices } from './services/index.js';

export interface Server {
  app: FastifyInstance;
  db: Knex;
  /** the address the server listens on, once started */
  url: string;
  stop: () => Promise<void>;
}

/**
 * Everything a running Folio needs, in order: a database (given or embedded), migrations, the app,
 * a listening socket. stop() undoes it in reverse: stop accepting, let in-flight requests finish,
 * close the pool, stop an embedded Postgres.
 */
export async function startServer(config: Config): Promise<Server> {
  const logger = pino({ level: config.logLevel });
  const { db, database } = await openMigratedDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pool: config.pool,
    log: (message) => logger.info(message),
  });

  const cache = config.redisUrl
    ? new PortfolioCache(createRedisClient(config.redisUrl, { commandTimeoutMs: config.cache.timeoutMs }), {
        ...config.cache,
        log: logger.child({ component: 'cache' }),
      })
    : undefined;
  const app = await buildApp({
    services: createServices({ db, cache }),
    logger,
    security: { ...config.security, redisUrl: config.redisUrl },
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // close() stops accepting and waits for in-flight requests. Sockets that turn idle once their
      // request is answered are closed as they do (close() itself only drops those idle at its start);
      // whatever still runs after the timeout is cut off so shutdown is bounded.
      const closeIdle = setInterval(() => app.server.closeIdleConnections(), 50);
      const forced = setTimeout(() => app.server.closeAllConnections(), config.shutdownTimeoutMs);
      try {
        await app.close();
      } finally {
        clearInterval(closeIdle);
        clearTimeout(forced);
        await cache?.close();
        // destroy() waits for connections still in use; a query stuck on a lock would hold it forever.
        // Past the timeout, stopping Postgres (embedded) or exiting (external) ends such a query.
        await settleWithin(db.destroy(), config.shutdownTimeoutMs);
        await database.stop();
      }
    })());

  let url: string;
  try {
    url = await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await stop();
    throw listenError(err, config);
  }
  return { app, db, url, stop };
}

/** Why the server could not listen, in one sentence for whoever started it. */
export class ListenError extends Error {}

function listenError(err: unknown, config: Config): unknown {
  const where = `${config.host}:${config.port}`;
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ListenError(`Port ${config.port} on ${config.host} is already in use (is Folio already running?): stop that program or set PORT to a free port.`);
    case 'EACCES':
      return new ListenError(`Not allowed to listen on ${where} (ports below 1024 need privileges): set PORT to 1024 or above.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new ListenError(`HOST ${config.host} is not an address of this machine: set HOST to one of its addresses, e.g. 127.0.0.1 or 0.0.0.0.`);
    default:
      return err;
  }
}

/** Waits for a promise, but no longer than ms; its failure is ignored (shutdown goes on regardless). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => {}), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
