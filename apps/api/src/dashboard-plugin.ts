// Serves the built dashboard (apps/dashboard/dist) from the API: one process, one port.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/**
 * In the repository the dashboard is two levels up from both src/dashboard-plugin.ts (tsx, tests) and
 * dist/main.js (the esbuild bundle). A deployment that copies only dist/ can put it in dist/dashboard.
 */
const DEFAULT_ROOTS = [
  fileURLToPath(new URL('../../dashboard/dist/', import.meta.url)),
  fileURLToPath(new URL('./dashboard/', import.meta.url)),
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The client-side pages: each serves index.html so a deep link or a reload lands on the app. */
const PAGES = ['/', '/portfolios/*', '/prices'];

export interface DashboardOptions {
  /** the directory `vite build` wrote; defaults to apps/dashboard/dist (or dashboard/ beside the bundle) */
  root?: string;
  /** told the built index.html, which the app's not-found handler shows to browsers (the app's own 404 page) */
  onIndex?: (html: Buffer) => void;
}

/**
 * Only the known pages and the files that exist in dist at start-up get routes — no wildcard at `/`,
 * so /api, /trpc, /health, /openapi.json and /docs (and their 404s) stay exactly as their owners
 * made them, and no request path ever reaches the file system.
 */
export const dashboardPlugin: FastifyPluginAsync<DashboardOptions> = async (app, opts) => {
  let root = '';
  let index: Buffer | null = null;
  for (const candidate of opts.root ? [opts.root] : DEFAULT_ROOTS) {
    index = await readFile(path.join(candidate, 'index.html')).catch(() => null);
    root = candidate;
    if (index) break;
  }
  if (!index) {
    app.log.warn({ root }, 'dashboard not built; `pnpm build` (or `pnpm start`) builds it');
    app.get('/', async (_req, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Folio dashboard has not been built. Run `pnpm start` (or `pnpm build`) to build and serve it.\n'),
    );
    return;
  }

  opts.onIndex?.(index);
  for (const page of PAGES) {
    app.get(page, async (_req, reply) =>
      // no-cache: index.html names the current hashed assets, so it must be revalidated on every load
      reply.type(CONTENT_TYPES['.html']!).header('cache-control', 'no-cache').send(index),
    );
  }

  // A build replacing dist/ while the API starts (tests do that) must not stop the API: what cannot
  // be read is left out, and the next start serves the new build.
  const files = (await readdir(root, { recursive: true }).catch(() => [])).filter((f) => f !== 'index.html');
  for (const file of files) {
    const type = CONTENT_TYPES[path.extname(file)];
    if (!type) continue; // directories and file kinds a browser has no use for
    const body = await readFile(path.join(root, file)).catch(() => null);
    if (!body) continue;
    const url = `/${file.split(path.sep).join('/')}`;
    // Vite puts a content hash in every name under assets/, so those never change.
    const cache = url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
    const send = async (_req: unknown, reply: FastifyReply) =>
      reply.type(type).header('cache-control', cache).header('x-content-type-options', 'nosniff').send(body);
    app.get(url, send);
    // Browsers and tools ask for /favicon.ico whatever the page says; the SVG icon answers it.
    if (url === '/favicon.svg') app.get('/favicon.ico', send);
  }
};
