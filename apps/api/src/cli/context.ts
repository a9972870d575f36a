// How a CLI command reaches the data: through the same services the server builds (openServices), so a
// CLI write goes through the same write path and invalidates the shared cache exactly as an HTTP one.
// Diagnostics go to stderr so stdout stays clean for data (exports, keys).
import type { Knex } from '@folio/db';
import type { PortfolioCache } from '../cache/index.js';
import { loadConfig, type Config } from '../config.js';
import { openCache, openServices, type OpenServices } from '../open-services.js';

/** How long the CLI waits for Redis to connect, and then to confirm a new cache generation. */
const REDIS_WAIT_MS = 2_000;
const CONNECTION_NAME = 'folio-cli';
/**
 * A few connections, and no statement or query time limit: CLI commands are bulk work an operator
 * started on purpose (a 6-million-row price import is one COPY that lasts as long as the file takes to
 * read) and can stop with Ctrl-C; the limits protect a server's shared pool, which the CLI is not.
 */
const CLI_POOL = { min: 0, max: 4, statementTimeoutMs: 0, queryTimeoutMs: 0 };

const cliConfig = (): Config => loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
const log = (message: string) => process.stderr.write(`${message}\n`);

/**
 * Runs a command with the server's services (and cache, when REDIS_URL is set), then releases them.
 * Afterwards the cache is confirmed to have dropped what the command changed, or a warning says what
 * a Redis that did not answer means for running APIs.
 */
export async function withServices<T>(
  task: (opened: OpenServices) => Promise<T>,
  /** false for a command that writes nothing (a dry run): opening a cache starts a new generation */
  { cache = true }: { cache?: boolean } = {},
): Promise<T> {
  const config = cliConfig();
  const opened = await openServices(config, {
    log,
    pool: CLI_POOL,
    cache: cache && { connectionName: CONNECTION_NAME },
  });
  try {
    // A write while the client is still connecting would skip Redis: wait for it first.
    if (opened.cache) await ready(opened.cache);
    return await task(opened);
  } finally {
    if (opened.cache) await confirmCleared(opened.cache, config);
    await opened.close();
  }
}

/** Runs a command that needs only the database (keys, backups, exports); no cache is opened. */
export async function withDatabase<T>(task: (db: Knex, database: { url: string }) => Promise<T>): Promise<T> {
  const opened = await openServices(cliConfig(), { log, pool: CLI_POOL, cache: false });
  try {
    return await task(opened.db, { url: opened.database.url });
  } finally {
    await opened.close();
  }
}

/**
 * For writes that go around the services (a restore replaces the whole database): the shared cache
 * starts a new generation, as an API instance's does after a missed invalidation.
 */
export async function clearSharedCache(): Promise<void> {
  const config = cliConfig();
  const cache = openCache(config, { connectionName: CONNECTION_NAME });
  if (!cache) return;
  try {
    await ready(cache);
    await cache.invalidateAll();
    await confirmCleared(cache, config);
  } finally {
    await cache.close();
  }
}

const giveUp = (ms: number) => new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());

const ready = (cache: PortfolioCache) => cache.connected(REDIS_WAIT_MS);

async function confirmCleared(cache: PortfolioCache, config: Config): Promise<void> {
  const cleared = await Promise.race([cache.settled(), giveUp(REDIS_WAIT_MS)]);
  if (!cleared) {
    process.stderr.write(
      `warning: Redis at REDIS_URL did not answer, so its cache was not cleared; running APIs may serve ` +
        `pre-import data for up to ${config.cache.ttlMs / 1000} s (or delete the key ${cache.namespace}:live)\n`,
    );
  }
}
