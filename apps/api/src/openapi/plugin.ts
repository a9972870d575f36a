// GET /openapi.json and GET /docs (Scalar's API reference, served from the package, no CDN).
// Registered before the REST routes so its onRoute hook sees every route they add.
import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
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
  await app.register(scalar, {
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
  });
};

// fastify-plugin: the onRoute hook must reach routes registered by sibling plugins.
export const openapiPlugin = fp(plugin, { name: 'folio-openapi' });
