import type { Knex } from '@folio/db';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { createLogger } from './logging/logger.js';
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
  const { logger, close: closeLogger } = createLogger(config.logLevel);
  const dbLogger = logger.child({ component: 'db' });
  const opened = await openServices(config, {
    log: (message) => logger.info(message),
    cache: { log: logger.child({ component: 'cache' }) },
    // A dead pooled connection (one closed under a stream whose client left) is a warning line, not
    // knex's console.log among the JSON lines.
    dbLog: { warn: (message) => dbLogger.warn(message), error: (message) => dbLogger.error(message) },
  });
  const { db } = opened;
  const app = await buildApp({
    services: opened.services,
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
        await opened.close({ poolMs: config.shutdownTimeoutMs });
        closeLogger();
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
