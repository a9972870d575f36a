// Hardening shared by every route: security headers, CORS, URL length, rate limit, idempotent POSTs.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from '../errors/http.js';
import { problem } from '../errors/index.js';
import type { IdempotencyStore } from './idempotency-store.js';
import { registerIdempotency } from './idempotency.js';
import type { SecurityOptions } from './options.js';
import { registerRateLimit } from './rate-limit.js';
import { sentStatus } from './sent-response.js';

export interface SecurityPluginOptions extends SecurityOptions {
  idempotency: IdempotencyStore;
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

const plugin: FastifyPluginAsync<SecurityPluginOptions> = async (app, opts) => {
  // Runs first: a URL too long to be a real request is refused before any other work.
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.length > opts.maxUrlLength) {
      return sendProblem(reply, problem(414, `The URL is longer than ${opts.maxUrlLength} characters.`));
    }
  });

  // tRPC would try to read multipart/form-data (and fail with a 500); no procedure takes anything but JSON.
  app.addHook('onRequest', async (req, reply) => {
    const type = req.headers['content-type'];
    if (type === undefined || !req.url.startsWith('/trpc')) return;
    if (type.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
      return sendProblem(reply, problem(415, 'tRPC procedures take JSON: send Content-Type: application/json.'));
    }
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    if (sentStatus(reply, payload) === 401) reply.header('www-authenticate', 'Bearer realm="folio"');
    return payload;
  });

  // helmet's own CSP would block the API reference's inline script at /docs, and its
  // upgrade-insecure-requests would break the dashboard served over plain HTTP on a LAN address.
  await app.register(helmet, { global: true, contentSecurityPolicy: false });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('content-security-policy', req.url.startsWith('/docs') ? DOCS_CSP : STRICT_CSP);
    return payload;
  });
  await app.register(cors, {
    origin: opts.corsOrigins.includes('*') ? '*' : opts.corsOrigins.length > 0 ? opts.corsOrigins : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'trpc-accept', 'x-trpc-source'],
    exposedHeaders: ['location', 'link', 'x-request-id', 'folio-api-version', 'retry-after', 'idempotent-replayed', 'www-authenticate'],
    maxAge: 600,
  });
  await registerRateLimit(app, opts);
  registerIdempotency(app, opts.idempotency);
};

/** Wrapped in fastify-plugin so its hooks cover every route of the app. */
export const securityPlugin = fp(plugin, { name: 'folio-security', fastify: '5.x' });
