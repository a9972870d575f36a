// GET /openapi.json and GET /docs (Scalar's API reference, served from the package, no CDN, loaded on first use).
// Registered before the REST routes so its onRoute hook sees every route they add.
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { buildOpenApiDocument } from './document.js';
import type { PolicyOptions } from './operation-policy.js';

export interface RegisteredRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** method + URL of every route registered after the OpenAPI plugin (HEAD twins of GETs excluded) */
    registeredRoutes: () => RegisteredRoute[];
  }
}

const plugin: FastifyPluginAsync<PolicyOptions> = async (app: FastifyInstance, options) => {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // Fastify adds a HEAD route for every GET; it is not an operation of its own.
      if (method !== 'HEAD') routes.push({ method, url: route.url });
    }
  });
  app.decorate('registeredRoutes', () => [...routes]);

  const document = buildOpenApiDocument({ auth: options.auth, rateLimit: options.rateLimit });
  app.get('/openapi.json', async () => document);
  serveDocsOnDemand(app);
};

const SCALAR_OPTIONS = {
  routePrefix: '/docs',
  configuration: {
    url: '/openapi.json',
    title: 'Folio API reference',
    // A reference for operators and integrators: no hosted AI chat, no vendor toolbar, no telemetry.
    showDeveloperTools: 'never',
    agent: { disabled: true },
    mcp: { disabled: true },
    telemetry: false,
    // The default fonts come from fonts.scalar.com; the reference uses the system's instead.
    withDefaultFonts: false,
  },
} as const;

/** Response headers that belong to the inner app's own connection, not to the answer. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length']);

/**
 * Scalar's plugin keeps its 5 MB browser bundle in a string, about 19 MB of heap with its module's
 * source: a fifth of an idle API's heap, for a page operators open now and then. So it is loaded on
 * the first request under /docs, into a small app of its own that these routes forward to (in
 * process, with inject); every later request finds it loaded.
 */
function serveDocsOnDemand(app: FastifyInstance): void {
  let docs: Promise<FastifyInstance> | undefined;
  const load = () =>
    (docs ??= (async () => {
      const { default: scalar } = await import('@scalar/fastify-api-reference');
      const inner = Fastify({ logger: false });
      await inner.register(scalar, SCALAR_OPTIONS);
      await inner.ready();
      return inner;
    })().catch((err: unknown) => {
      docs = undefined; // try again on the next request
      throw err;
    }));
  const forward = async (req: FastifyRequest, reply: FastifyReply) => {
    const inner = await load();
    const answer = await inner.inject({ method: req.method as 'GET' | 'HEAD', url: req.url, headers: { accept: req.headers.accept ?? '*/*' } });
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!CONNECTION_HEADERS.has(name) && value !== undefined) reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  app.get('/docs', forward);
  app.get('/docs/*', forward);
}

// fastify-plugin: the onRoute hook must reach routes registered by sibling plugins.
export const openapiPlugin = fp(plugin, { name: 'folio-openapi' });
