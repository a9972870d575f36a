// Hardening shared by every route: security headers, CORS, URL length, rate limit, idempotent POSTs.
import cors from '@fastify/cors';
import helmet from 'helmet';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from '../errors/http.js';
import { problem } from '../errors/index.js';
import type { Services } from '../services/index.js';
import { registerIdempotency } from './idempotency.js';
import type { SecurityOptions } from './options.js';
import { registerRateLimit } from './rate-limit.js';
import { sentStatus } from './sent-response.js';

export interface SecurityPluginOptions extends SecurityOptions {
  services: Services;
}

const CSP = {
  'default-src': "'self'",
  'base-uri': "'self'",
  'font-src': "'self' https: data:",
  'form-action': "'self'",
  'frame-ancestors': "'self'",
  'img-src': "'self' data:",
  'object-src': "'none'",
  'script-src': "'self'",
  'script-src-attr': "'none'",
  'style-src': "'self' https: 'unsafe-inline'",
};
const cspHeader = (policy: Record<string, string>) => Object.entries(policy).map(([k, v]) => `${k} ${v}`).join('; ');
const STRICT_CSP = cspHeader(CSP);
const DOCS_CSP = cspHeader({ ...CSP, 'script-src': "'self' 'unsafe-inline'" });

/** localhost, *.localhost, 127.x.x.x or [::1], with or without a port. */
function isLoopbackHostHeader(host: string): boolean {
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * helmet's headers (without its CSP: ours differs for /docs), taken once: none depends on the request,
 * so every answer gets the same set from one hook instead of helmet's eleven middlewares per request.
 */
function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet({ contentSecurityPolicy: false })({} as never, res as never, () => {});
  return headers;
}

const plugin: FastifyPluginAsync<SecurityPluginOptions> = async (app, opts) => {
  // Runs first (one synchronous hook: it is on every request's path):
  // - a URL too long to be a real request is refused before any other work;
  // - with AUTH=off on loopback, a request addressed to another host is refused;
  // - tRPC reads multipart/form-data and octet-stream bodies itself, past Fastify's body limit, and no
  //   procedure takes anything but JSON. Judged on the route the router chose (it decodes the path, so
  //   /%74rpc/… is /trpc/…), never on the raw URL.
  app.addHook('onRequest', (req, reply, done) => {
    if (req.url.length > opts.maxUrlLength) {
      return void sendProblem(reply, problem(414, `The URL is longer than ${opts.maxUrlLength} characters.`));
    }
    const host = req.headers.host;
    if (opts.loopbackHostsOnly && host !== undefined && !isLoopbackHostHeader(host)) {
      return void sendProblem(
        reply,
        problem(403, 'This server answers only requests addressed to this machine (localhost, 127.0.0.1 or [::1]).'),
      );
    }
    const type = req.headers['content-type'];
    if (type !== undefined && req.routeOptions.url?.startsWith('/trpc') && type.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
      return void sendProblem(reply, problem(415, 'tRPC procedures take JSON: send Content-Type: application/json.'));
    }
    done();
  });

  // helmet's own CSP would block the API reference's inline script at /docs, and its
  // upgrade-insecure-requests would break the dashboard served over plain HTTP on a LAN address.
  const securityHeaders = helmetHeaders();
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.headers(securityHeaders);
    reply.header('content-security-policy', req.url.startsWith('/docs') ? DOCS_CSP : STRICT_CSP);
    if (sentStatus(reply, payload) === 401) reply.header('www-authenticate', 'Bearer realm="folio"');
    done(null, payload);
  });
  await app.register(cors, {
    origin: opts.corsOrigins.includes('*') ? '*' : opts.corsOrigins.length > 0 ? opts.corsOrigins : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'trpc-accept', 'x-trpc-source'],
    exposedHeaders: ['location', 'link', 'x-request-id', 'folio-api-version', 'retry-after', 'idempotent-replayed', 'www-authenticate'],
    maxAge: 600,
  });
  await registerRateLimit(app, opts, opts.services.apiKeys);
  registerIdempotency(app, opts.auth, opts.services);
};

/** Wrapped in fastify-plugin so its hooks cover every route of the app. */
export const securityPlugin = fp(plugin, { name: 'folio-security', fastify: '5.x' });
