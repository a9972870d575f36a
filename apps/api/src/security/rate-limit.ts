import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { ApiKeyStore } from '../auth/api-key-store.js';
import { verifiedCaller } from '../auth/request-caller.js';
import { createRedisClient } from '../cache/redis-client.js';
import { ProblemError } from '../errors/index.js';
import type { SecurityOptions } from './options.js';

/**
 * One budget per API key when the request carries one that verifies, else per IP: a made-up key, or a
 * victim's public prefix with a wrong secret, spends its sender's address budget, never a key's. With
 * AUTH=off no key is verified, so every budget is per IP. The verification is the one the procedure
 * uses (once per request).
 */
const clientKey = (auth: SecurityOptions['auth'], keys: ApiKeyStore) => async (req: FastifyRequest) => {
  if (auth === 'off') return `ip:${req.ip}`;
  const caller = await verifiedCaller(req, keys).catch(() => undefined);
  return caller?.prefix ? `key:${caller.prefix}` : `ip:${req.ip}`;
};

/** Health checks and metric scrapes come from load balancers, orchestrators and Prometheus, often and from one address: never limited. */
export const isRateLimitExempt = (url: string) => /^\/(health|metrics)(\?|$)/.test(url);

export async function registerRateLimit(app: FastifyInstance, opts: SecurityOptions, keys: ApiKeyStore): Promise<void> {
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
    keyGenerator: clientKey(opts.auth, keys),
    allowList: (req: FastifyRequest) => isRateLimitExempt(req.url),
    skipOnError: true,
    ...(redis ? { redis, nameSpace: 'folio:rate-limit:' } : {}),
    errorResponseBuilder: (_req, context) =>
      new ProblemError(429, `Too many requests: at most ${context.max} per ${Math.round(windowMs / 1000)} s. Retry in ${context.after}.`),
  });
}
