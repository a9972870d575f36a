import { once } from 'node:events';
import { createRedisClient, PortfolioCache } from '../cache/index.js';
import { loadConfig } from '../config.js';

const REDIS_WAIT_MS = 2_000;

/**
 * The CLI writes around the running APIs' service layer, so after an import or restore the shared
 * cache must start a new generation, exactly as an API instance does after a missed invalidation.
 * Without Redis configured there is nothing to clear; if Redis cannot be reached, say what that means.
 */
export async function clearSharedCache(): Promise<void> {
  const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  if (!config.redisUrl) return;
  const redis = createRedisClient(config.redisUrl, { commandTimeoutMs: config.cache.timeoutMs, connectionName: 'folio-cli' });
  const cache = new PortfolioCache(redis, config.cache);
  const giveUp = (ms: number) => new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());
  let cleared = false;
  try {
    if (redis.status !== 'ready') await Promise.race([once(redis, 'ready'), giveUp(REDIS_WAIT_MS)]);
    await cache.invalidateAll();
    cleared = await Promise.race([cache.settled(), giveUp(REDIS_WAIT_MS)]);
  } finally {
    await cache.close();
  }
  if (!cleared) {
    process.stderr.write(
      `warning: Redis at REDIS_URL did not answer, so its cache was not cleared; running APIs may serve ` +
        `pre-import data for up to ${config.cache.ttlMs / 1000} s (or delete the key ${cache.namespace}:live)\n`,
    );
  }
}
