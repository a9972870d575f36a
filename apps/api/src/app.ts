import { randomUUID } from 'node:crypto';
import { API_VERSION } from '@folio/contract/version';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { verifiedCaller } from './auth/request-caller.js';
import { appRouter, type AppRouter } from './routers/root.js';
import { restRoutes } from './rest/routes.js';
import { dashboardPlugin, type DashboardOptions } from './dashboard-plugin.js';
import { openapiPlugin } from './openapi/plugin.js';
import { defaultSecurityOptions, type SecurityOptions } from './security/options.js';
import { clientErrors, frameworkErrors, installProblemHandlers } from './errors/http.js';
import { requestTransactionOf } from './security/idempotency.js';
import { securityPlugin } from './security/security-plugin.js';
import { OneLinePerRequest } from './logging/request-log.js';
import { installMetrics } from './metrics/metrics.js';
import type { Services } from './services/index.js';
import { clientGoneSignal, trackClientGone } from './client-gone.js';
import { retryAfterOf } from './errors/index.js';
import type { Context } from './trpc.js';

export interface AppOptions {
  services: Services;
  /** pino logger for request logs; none in tests */
  logger?: FastifyBaseLogger;
  /** auth, CORS, limits; defaults to open and unthrottled (tests), startServer passes the config's */
  security?: SecurityOptions;
  /** where the built dashboard is; defaults to apps/dashboard/dist */
  dashboard?: DashboardOptions;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The HTTP surface: tRPC at /trpc, REST at /api, health at /health, Prometheus metrics at /metrics. No listening, no lifecycle. */
export async function buildApp({ services, logger, security = defaultSecurityOptions, dashboard = {} }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    logController: new OneLinePerRequest(),
    // A caller's X-Request-Id is kept (for tracing across services) when it looks like an id.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: security.bodyLimit,
    frameworkErrors,
    clientErrorHandler: clientErrors,
    // Slow clients (a body trickling in, headers never finished) are cut off; Node checks its open
    // connections against these every connectionsCheckingInterval.
    requestTimeout: security.requestTimeoutMs,
    http: {
      headersTimeout: security.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(security.headersTimeoutMs / 4)),
    },
  });
  let dashboardPage: Buffer | undefined;
  installProblemHandlers(app, () => dashboardPage);
  trackClientGone(app);
  app.server.maxConnections = security.maxConnections;
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    reply.header('folio-api-version', API_VERSION);
    done(null, payload);
  });

  // Before any route: its hooks (rate limit, idempotency) attach to the routes registered after it.
  await app.register(securityPlugin, { ...security, services });

  const contextFor = (req: FastifyRequest): Context => ({
    services,
    log: req.log,
    auth: { mode: security.auth, authorization: req.headers.authorization, verify: () => verifiedCaller(req, services.apiKeys) },
    write: requestTransactionOf(req),
    clientGone: () => clientGoneSignal(req),
  });

  await app.register(openapiPlugin, security); // first: it records the routes registered after it
  // Not wrapped in fastify-plugin: the tRPC plugin swaps the JSON parser inside its own context.
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }) => contextFor(req),
      // A full analysis queue answers 503 with Retry-After on /trpc too.
      responseMeta: ({ errors }) => {
        const seconds = errors.map(retryAfterOf).find((s) => s !== undefined);
        return seconds === undefined ? {} : { headers: { 'retry-after': String(seconds) } };
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  await app.register(restRoutes, { prefix: '/api', contextFor, streamIdleMs: security.requestTimeoutMs });
  await app.register(dashboardPlugin, {
    ...dashboard,
    onIndex: (html) => {
      dashboardPage = html;
      dashboard.onIndex?.(html);
    },
  });

  installMetrics(app, services.system);
  app.get('/health', async (_req, reply) => {
    const health = await services.system.health();
    return reply.code(health.database ? 200 : 503).send(health);
  });

  return app;
}
