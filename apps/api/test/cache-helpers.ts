import { randomBytes } from 'node:crypto';
import { createDb, type Knex } from '@folio/db';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { createRedisClient, PortfolioCache, type CacheLogger } from '../src/cache/index.js';
import { createServices } from '../src/services/index.js';
import { testDashboard } from './helpers.js';

/** One API instance of several sharing a database and a Redis: its own pool, Redis client and app. */
export interface Instance {
  app: FastifyInstance;
  cache: PortfolioCache;
  knex: Knex;
  /** SQL statements this instance has sent so far */
  statements: () => number;
  close: () => Promise<void>;
}

/** Short, so the fault tests' paused-Redis scenarios end quickly. */
export const TIMEOUT_MS = 100;
/**
 * For tests of cache behaviour without faults: the lease is as long as the command timeout and is
 * renewed on a timer, so on a loaded machine a 100 ms lease can lapse between renewals (a miss the
 * test did not cause). A long one keeps hits and misses about the code, not the machine's speed.
 */
export const UNHURRIED_TIMEOUT_MS = 5_000;

/** A namespace of the test's own, so tests on a shared Redis never see each other's keys. */
export const testNamespace = () => `folio-test-${randomBytes(4).toString('hex')}:v1`;

export async function startInstance(
  databaseUrl: string,
  redisUrl: string,
  namespace: string,
  log?: CacheLogger,
  timeoutMs = TIMEOUT_MS,
): Promise<Instance> {
  const knex = createDb(databaseUrl, { min: 0, max: 5 });
  const cache = new PortfolioCache(createRedisClient(redisUrl, { commandTimeoutMs: timeoutMs }), {
    ttlMs: 60_000,
    timeoutMs,
    namespace,
    ...(log ? { log } : {}),
  });
  const app = await buildApp({ services: createServices({ db: knex, cache }), dashboard: testDashboard });
  await cache.settled();
  let statements = 0;
  knex.on('query', () => {
    statements += 1;
  });
  return {
    app,
    cache,
    knex,
    statements: () => statements,
    close: async () => {
      await app.close();
      await cache.close();
      await knex.destroy();
    },
  };
}

/** GET through REST, returning status, body text and the SQL statements it took. */
export async function get(instance: Instance, url: string) {
  const before = instance.statements();
  const res = await instance.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.body, statements: instance.statements() - before };
}

/**
 * A TCP relay to Redis that can be cut: partition() silently drops bytes both ways while the sockets
 * stay open (what a network partition looks like to both ends); heal() resets those connections, as
 * TCP eventually does, and relays new ones again.
 */
export async function startPartitionableRelay(targetPort: number) {
  const { createServer, createConnection } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  let relaying = true;
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk) => {
        if (relaying) to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    partition: () => {
      relaying = false;
    },
    heal: () => {
      if (relaying) return;
      for (const s of sockets) s.destroy();
      relaying = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
