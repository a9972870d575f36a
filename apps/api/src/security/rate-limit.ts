import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { parseKey, bearerToken } from '../auth/api-key-format.js';
import { createRedisClient } from '../cache/redis-client.js';
import { ProblemError } from '../errors/index.js';
import type { SecurityOptions } from './options.js';

/**
 * One budget per API key (its public prefix) when the request carries a well-formed one, else per IP.
 * A made-up key gets its own budget but also a 401, costing one indexed lookup.
 */
function clientKey(req: FastifyRequest): string {
  const token = bearerToken(req.headers.authorization);
  const parsed = token ? parseKey(token) : undefined;
  return parsed ? `key:${parsed.prefix}` : `ip:${req.ip}`;
}

/** Health checks come from load balancers and orchestrators, often and from one address: never limited. */
export const isRateLimitExempt = (url: string) => url === '/health' || url.startsWith('/health?');

export async function registerRateLimit(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  const { max, windowMs } = opts.rateLimit;
  if (max <= 0) return;
  let redis: Redis | undefined;
  if (opts.redisUrl) {
    // The same never-wait client as the cache's; when Redis is down the limiter lets requests through
    // (skipOnError) rather than refusing everyone.
    redis = createRedisClient(opts.redisUrl, { commandTimeoutMs: 300, connectionName: 'folio-rate-limit' });
    app.addHook('onClose', async () => {
      redis?.disconnect();
    });
  }
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: windowMs,
    keyGenerator: clientKey,
    allowList: (req: FastifyRequest) => isRateLimitExempt(req.url),
    skipOnError: true,
    ...(redis ? { redis, nameSpace: 'folio:rate-limit:' } : {}),
    errorResponseBuilder: (_req, context) =>
      new ProblemError(429, `Too many requests: at most ${context.max} per ${Math.round(windowMs / 1000)} s. Retry in ${context.after}.`),
  });
}
