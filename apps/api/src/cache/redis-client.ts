import { Redis } from 'ioredis';

export interface RedisClientOptions {
  /** a command without a reply after this long fails (the caller falls back to Postgres) */
  commandTimeoutMs: number;
  connectionName?: string;
}

/**
 * A client that never makes a caller wait for Redis: no offline queue (a command while disconnected
 * fails at once instead of waiting for a reconnect), one retry at most, a command timeout, and quick
 * reconnects so the cache comes back soon after Redis does. Errors are reported by the cache, which
 * logs once per outage; the listener here only keeps them from being unhandled.
 */
export function createRedisClient(url: string, options: RedisClientOptions): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: Math.max(1000, options.commandTimeoutMs),
    retryStrategy: (times) => Math.min(50 * times, 1000),
    connectionName: options.connectionName ?? 'folio-api',
  });
  redis.on('error', () => {});
  return redis;
}
