// The dashboard is served at its own pages only: everything the API owns keeps its own answers.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardPlugin } from '../src/dashboard-plugin.js';
import { buildApp } from '../src/app.js';
import { createServices } from '../src/services/index.js';
import { createTestApp, type TestApp } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'folio-dashboard-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Folio</title>');
  await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'favicon.svg'), '<svg/>');
  await writeFile(path.join(dir, 'notes.unknown'), 'not served');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function appWith(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(dashboardPlugin, { root });
  return app;
}

describe('dashboard plugin', () => {
  it('serves index.html at / and at deep links, never cached', async () => {
    const app = await appWith(dir);
    for (const url of ['/', '/portfolios/42', '/portfolios/42/', '/prices']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>Folio</title>');
    }
    expect((await app.inject({ method: 'HEAD', url: '/portfolios/7' })).statusCode).toBe(200);
  });

  it('serves built files with their types; hashed assets are cached for good', async () => {
    const app = await appWith(dir);
    const js = await app.inject({ url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    // Asked for by browsers and tools whatever the page links: the same icon.
    const ico = await app.inject({ url: '/favicon.ico' });
    expect([ico.statusCode, ico.headers['content-type'], ico.body]).toEqual([200, 'image/svg+xml', '<svg/>']);
    expect(icon.headers['cache-control']).not.toContain('immutable');
    for (const url of ['/notes.unknown', '/assets/missing.js', '/assets/../index.html', '/elsewhere']) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
  });

  it('says how to build the dashboard when it is not built', async () => {
    const app = await appWith(path.join(dir, 'nothing-here'));
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('pnpm start');
  });
});

describe('dashboard inside the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('leaves /api, /trpc and /health to the API', async () => {
    const missing = await t.app.inject({ url: '/api/no-such-route' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ url: '/api/portfolios' })).json()).toEqual([]);
    expect((await t.app.inject({ url: '/trpc/portfolio.list' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/health' })).headers['content-type']).toContain('application/json');
    // built or not, / belongs to the dashboard
    expect([200, 503]).toContain((await t.app.inject({ url: '/' })).statusCode);
  });

  it('an unknown page: browsers get the dashboard (which draws its not-found page) with 404, API clients a problem', async () => {
    const app = await buildApp({ services: createServices({ db: t.db.knex }), dashboard: { root: dir } });
    try {
      const html = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'; // Chromium's navigation Accept
      const page = await app.inject({ url: '/no/such/page', headers: { accept: html } });
      expect([page.statusCode, page.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
      expect(page.body).toContain('<title>Folio</title>');
      for (const headers of [{}, { accept: 'application/json' }, { accept: '*/*' }]) {
        const api = await app.inject({ url: '/no/such/page', headers });
        expect([api.statusCode, api.headers['content-type']], JSON.stringify(headers)).toEqual([404, 'application/problem+json; charset=utf-8']);
      }
      // The API's own paths keep their JSON errors even for a browser.
      for (const url of ['/api/nope', '/trpc/nope.nope', '/docs/nope']) {
        const res = await app.inject({ url, headers: { accept: html } });
        expect([res.statusCode, res.headers['content-type']], url).toEqual([404, expect.stringMatching(/^application\/(problem\+)?json/)]);
      }
    } finally {
      await app.close();
    }
  });
});
