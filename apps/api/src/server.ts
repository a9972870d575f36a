import type { Knex } from '@folio/db';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openServices } from './open-services.js';

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
  const opened = await openServices(config, {
    log: (message) => logger.info(message),
    cache: { log: logger.child({ component: 'cache' }) },
  });
  const { db, database } = opened;
  const app = await buildApp({
    services: opened.services,
    logger,
    security: { ...config.security, redisUrl: config.redisUrl },
  });
  logger.info(`using ${database.description}`);
  const url = await app.listen({ port: config.port, host: config.host });

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
        await opened.close({ poolMs: config.shutdownTimeoutMs });
      }
    })());

  return { app, db, url, stop };
}
