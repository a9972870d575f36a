import { availableParallelism } from 'node:os';
import path from 'node:path';
import { defaultPoolOptions as pool } from '@folio/db';
import { z } from 'zod';
import { DEFAULT_MAX_VALUE_CHARS } from './cache/portfolio-cache.js';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .optional()
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  PORT: int(0, 65535).default(8000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  DATA_DIR: z.string().trim().min(1).default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The pool's defaults live with the pool (@folio/db); only their bounds are settings' business.
  DB_POOL_MIN: int(0, 1000).default(pool.min),
  DB_POOL_MAX: int(1, 1000).default(pool.max),
  DB_POOL_IDLE_MS: int(1000, 86_400_000).default(pool.idleTimeoutMs),
  DB_POOL_RECYCLE_MS: int(1000, 604_800_000).default(pool.maxLifetimeMs),
  DB_TIMEOUT_MS: int(100, 60_000).default(pool.acquireTimeoutMs),
  DB_QUERY_TIMEOUT_MS: int(0, 3_600_000).default(pool.statementTimeoutMs),
  SHUTDOWN_TIMEOUT_MS: int(100, 600_000).default(10_000),
  CACHE_TTL_SECONDS: int(1, 86_400).default(60),
  CACHE_TIMEOUT_MS: int(20, 5_000).default(250),
  CACHE_MAX_ENTRY_BYTES: int(1024, 512 * 1024 * 1024).default(DEFAULT_MAX_VALUE_CHARS),
  // Security and limits (README "Security & operations").
  AUTH: z.enum(['required', 'off']).optional(),
  ALLOW_UNAUTHENTICATED: z.enum(['true', 'false']).default('false'),
  CORS_ORIGINS: z.string().default(''),
  RATE_LIMIT_MAX: int(0, 10_000_000).default(6000),
  RATE_LIMIT_WINDOW_MS: int(1000, 86_400_000).default(60_000),
  BODY_LIMIT: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  MAX_URL_LENGTH: int(256, 65_536).default(8192),
  REQUEST_TIMEOUT_MS: int(1000, 3_600_000).default(30_000),
  HEADERS_TIMEOUT_MS: int(1000, 3_600_000).default(10_000),
  MAX_CONNECTIONS: int(1, 1_000_000).default(1000),
  // Analyses (README "Analysis"): worker threads, queue bound, time budget per request.
  ANALYSIS_THREADS: int(1, 256).optional(),
  ANALYSIS_QUEUE: int(0, 10_000).default(32),
  ANALYSIS_TIMEOUT_MS: int(100, 3_600_000).default(30_000),
});

export type Config = ReturnType<typeof loadConfig>;

/** How much longer than the server-side statement timeout the client waits before closing the socket. */
const HUNG_SERVER_GRACE_MS = 1000;

/** Reads and validates the environment once; a bad setting stops start-up with a sentence naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  if (c.DB_POOL_MIN > c.DB_POOL_MAX) {
    throw new ConfigError(`Invalid configuration: DB_POOL_MIN (${c.DB_POOL_MIN}) exceeds DB_POOL_MAX (${c.DB_POOL_MAX})`);
  }
  const auth = c.AUTH ?? (isLoopback(c.HOST) ? 'off' : 'required');
  if (auth === 'off' && !isLoopback(c.HOST) && c.ALLOW_UNAUTHENTICATED !== 'true') {
    throw new ConfigError(
      `Refusing to start: AUTH=off while HOST=${c.HOST} is reachable from other machines. ` +
        'Create API keys (pnpm folio keys create) and use AUTH=required, or set ALLOW_UNAUTHENTICATED=true.',
    );
  }
  if (c.HEADERS_TIMEOUT_MS > c.REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      `Invalid configuration: HEADERS_TIMEOUT_MS (${c.HEADERS_TIMEOUT_MS}) exceeds REQUEST_TIMEOUT_MS (${c.REQUEST_TIMEOUT_MS})`,
    );
  }
  const corsOrigins = c.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  const badOrigin = corsOrigins.find((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o));
  if (badOrigin) {
    throw new ConfigError(`Invalid configuration: CORS_ORIGINS entry "${badOrigin}" must be an origin like https://app.example.com`);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    dataDir: path.resolve(cwd, c.DATA_DIR),
    logLevel: c.LOG_LEVEL,
    pool: {
      min: c.DB_POOL_MIN,
      max: c.DB_POOL_MAX,
      idleTimeoutMs: c.DB_POOL_IDLE_MS,
      maxLifetimeMs: c.DB_POOL_RECYCLE_MS,
      acquireTimeoutMs: c.DB_TIMEOUT_MS,
      // Postgres itself stops a statement at the timeout (and rolls it back); the socket is closed only
      // if even that cancellation does not arrive a second later (a hung server).
      statementTimeoutMs: c.DB_QUERY_TIMEOUT_MS,
      queryTimeoutMs: c.DB_QUERY_TIMEOUT_MS > 0 ? c.DB_QUERY_TIMEOUT_MS + HUNG_SERVER_GRACE_MS : 0,
    },
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    /** Redis read-through cache, used only when redisUrl is set */
    cache: { ttlMs: c.CACHE_TTL_SECONDS * 1000, timeoutMs: c.CACHE_TIMEOUT_MS, maxValueChars: c.CACHE_MAX_ENTRY_BYTES },
    /** worker pool for analysis.*: threads default to cores − 1 (at least 1) */
    analysis: {
      threads: c.ANALYSIS_THREADS ?? Math.max(1, availableParallelism() - 1),
      maxQueue: c.ANALYSIS_QUEUE,
      timeoutMs: c.ANALYSIS_TIMEOUT_MS,
    },
    security: {
      auth,
      corsOrigins,
      /** 0 turns rate limiting off */
      rateLimit: { max: c.RATE_LIMIT_MAX, windowMs: c.RATE_LIMIT_WINDOW_MS },
      bodyLimit: c.BODY_LIMIT,
      maxUrlLength: c.MAX_URL_LENGTH,
      requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: c.HEADERS_TIMEOUT_MS,
      maxConnections: c.MAX_CONNECTIONS,
      // Not when the operator chose ALLOW_UNAUTHENTICATED on another address: that keeps its behaviour.
      loopbackHostsOnly: auth === 'off' && isLoopback(c.HOST),
    },
  };
}

export class ConfigError extends Error {}

/** Loopback hosts are reachable only from this machine, so running without keys there is safe. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}
