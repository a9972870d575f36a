// The whole list and the export are streamed from one snapshot, a page at a time, over a real socket:
// the same bytes as page-by-page reads, backpressure that holds the read (not the memory) while the
// client is slow, and a connection given back when the client goes away, stalls, or the database
// drops the read mid-way (the body is then cut short, never a shorter list that parses).
import { request, type IncomingMessage } from 'node:http';
import { createDb, type Knex } from '@folio/db';
import { createTestDatabase, openTransactions, seedPortfolios, type TestDatabase } from '@folio/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildApp } from '../src/app.js';
import { defaultSecurityOptions } from '../src/security/options.js';
import { createServices } from '../src/services/index.js';
import { testDashboard } from './helpers.js';

const PORTFOLIOS = 10_000; // 12 MB of list: far more than loopback's socket buffers hold
let db: TestDatabase;

interface Served {
  app: FastifyInstance;
  knex: Knex;
  url: string;
  close: () => Promise<void>;
}

/** The real app on a listening socket, with its own pool (`poolMax`) and stall limit (`idleMs`). */
async function serve(poolMax = 10, idleMs = defaultSecurityOptions.requestTimeoutMs): Promise<Served> {
  const knex = createDb(db.url, { min: 0, max: poolMax });
  const app = await buildApp({
    services: createServices({ db: knex }),
    dashboard: testDashboard,
    security: { ...defaultSecurityOptions, requestTimeoutMs: idleMs },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    knex,
    url,
    close: async () => {
      await app.close();
      await knex.destroy();
    },
  };
}

/** A GET whose body is read only as far as the test says: it stops after the first chunk. */
async function openPaused(url: string): Promise<{ res: IncomingMessage; received: Buffer[]; req: ReturnType<typeof request> }> {
  const req = request(url);
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
  const received: Buffer[] = [];
  await new Promise<void>((resolve) => {
    res.once('data', (chunk: Buffer) => {
      received.push(chunk);
      res.pause();
      resolve();
    });
  });
  return { res, received, req };
}

/** Reads the rest of a paused body; `complete` says whether the server finished it. */
function readRest(res: IncomingMessage, received: Buffer[]): Promise<{ text: string; complete: boolean }> {
  return new Promise((resolve) => {
    res.on('data', (chunk: Buffer) => received.push(chunk));
    res.once('close', () => resolve({ text: Buffer.concat(received).toString('utf8'), complete: res.complete }));
    res.resume();
  });
}

/** Waits until `count` streamed reads are open (each is one transaction on the app's pool). */
const heldReads = (knex: Knex, count: number) =>
  vi.waitUntil(async () => (await openTransactions(knex)).length === count, { timeout: 20_000, interval: 20 });

beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  await seedPortfolios(db.knex, PORTFOLIOS, 10);
  // A weight Postgres prints differently from JavaScript (1e-05): the list must still be JSON.stringify's bytes.
  await db.knex('portfolio_stocks').where({ portfolio_id: 1500, ticker: 'T1' }).update({ weight: 0.00001 });
}, 60_000);
afterAll(() => db?.drop());

describe('GET /api/portfolios (no parameters): the whole list, streamed', () => {
  it('answers from one snapshot, in the bytes page-by-page reads give, while writes commit mid-way', async () => {
    const s = await serve();
    try {
      const doomed = (await s.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'Doomed' } })).json() as { id: number };
      let pages = '';
      for (let cursor = 0; cursor <= PORTFOLIOS; cursor += 1000) {
        const page = await s.app.inject({ url: `/api/portfolios?limit=1000${cursor ? `&cursor=${cursor}` : ''}` });
        pages += (cursor === 0 ? '' : ',') + page.body.slice(1, -1);
      }
      const { res, received } = await openPaused(`${s.url}/api/portfolios`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      await heldReads(s.knex, 1); // the read is under way (and, with the client paused, soon waits for it)

      // Committed while the list is half sent: the snapshot does not see them.
      expect((await s.app.inject({ method: 'DELETE', url: `/api/portfolios/${doomed.id}` })).statusCode).toBe(204);
      const added = await s.app.inject({ method: 'POST', url: '/api/portfolios/9000/stocks', payload: { ticker: 'LATE' } });
      expect(added.statusCode).toBe(201);

      const { text, complete } = await readRest(res, received);
      expect(complete).toBe(true);
      expect(text.length).toBe(pages.length + 2);
      expect(text === `[${pages}]`).toBe(true); // (a boolean: a 12 MB diff helps nobody)
      expect(text === JSON.stringify(JSON.parse(text))).toBe(true);
      const list = JSON.parse(text) as { id: number; stocks: { ticker: string }[] }[];
      expect(list).toHaveLength(PORTFOLIOS + 1);
      expect(list.at(-1)?.id).toBe(doomed.id);
      expect(list.find((p) => p.id === 9000)?.stocks.map((st) => st.ticker)).not.toContain('LATE');
      // …and the next read sees both writes.
      const after = JSON.parse((await s.app.inject({ url: '/api/portfolios' })).body) as typeof list;
      expect(after).toHaveLength(PORTFOLIOS);
      expect(after.find((p) => p.id === 9000)?.stocks.map((st) => st.ticker)).toContain('LATE');
    } finally {
      await db.knex('portfolio_stocks').where({ ticker: 'LATE' }).delete();
      await db.knex('portfolios').where({ name: 'Doomed' }).delete();
      await s.close();
    }
  });

  it('answers HEAD with the headers alone, reading nothing from the database', async () => {
    const s = await serve();
    let statements = 0;
    s.knex.on('query', () => (statements += 1));
    try {
      for (const url of ['/api/portfolios', '/api/export']) {
        const res = await s.app.inject({ method: 'HEAD', url });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(res.body).toBe('');
      }
      expect(statements).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('is [] when there are no portfolios', async () => {
    const empty = await createTestDatabase(inject('adminUrl'));
    const app = await buildApp({ services: createServices({ db: empty.knex }), dashboard: testDashboard });
    try {
      const res = await app.inject({ url: '/api/portfolios' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('[]');
    } finally {
      await app.close();
      await empty.drop();
    }
  });

  it('gives the connection back when the client goes away mid-list', async () => {
    const s = await serve();
    try {
      const { req } = await openPaused(`${s.url}/api/portfolios`);
      await heldReads(s.knex, 1);
      req.destroy();
      await heldReads(s.knex, 0);
      expect((await s.app.inject({ url: '/api/portfolios?limit=1' })).statusCode).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('cuts off a client that takes nothing for REQUEST_TIMEOUT_MS, and frees its read', async () => {
    const s = await serve(10, 500);
    try {
      const { res, received } = await openPaused(`${s.url}/api/portfolios`);
      await heldReads(s.knex, 1);
      // The test stops reading; the server's idle limit, not the test, ends the read and the answer.
      await heldReads(s.knex, 0);
      const { complete } = await readRest(res, received);
      expect(complete).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('cuts the body short when the database drops the read mid-way; the next read is whole', async () => {
    const s = await serve();
    try {
      const { res, received } = await openPaused(`${s.url}/api/portfolios`);
      await heldReads(s.knex, 1);
      const pid = (await openTransactions(s.knex))[0]!;
      await db.knex.raw('SELECT pg_terminate_backend(?)', [pid]);
      const { text, complete } = await readRest(res, received);
      expect(complete).toBe(false);
      expect(() => JSON.parse(text)).toThrow();
      const next = await fetch(`${s.url}/api/portfolios`);
      expect(next.status).toBe(200);
      expect(JSON.parse(await next.text())).toHaveLength(PORTFOLIOS);
    } finally {
      await s.close();
    }
  });

  it('serves at most half the pool at once: the next reader waits its turn, or gets 503 if none comes', async () => {
    const s = await serve(2); // half of 2: one streamed read at a time
    try {
      const { req } = await openPaused(`${s.url}/api/portfolios`);
      await heldReads(s.knex, 1);
      // Nothing frees the slot: after the wait a query gets for a connection (2 s), 503 before any byte.
      const busy = await s.app.inject({ url: '/api/export' });
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
      // Single-portfolio reads and pages still have the other half of the pool.
      expect((await s.app.inject({ url: '/api/portfolios/1' })).statusCode).toBe(200);
      // A reader that arrives while the slot is taken is served once it is given back.
      const waiting = s.app.inject({ url: '/api/portfolios' });
      req.destroy();
      const served = await waiting;
      expect(served.statusCode).toBe(200);
      expect(JSON.parse(served.body)).toHaveLength(PORTFOLIOS);
      await heldReads(s.knex, 0);
    } finally {
      await s.close();
    }
  });
});

describe('GET /api/export: streamed', () => {
  it('sends what `folio export` writes, named after its own exported_at', async () => {
    const s = await serve();
    try {
      const res = await fetch(`${s.url}/api/export`);
      expect(res.status).toBe(200);
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      const text = await res.text();
      const exportedAt = JSON.parse(text.slice(0, text.indexOf('\n')) + ']}').exported_at as string;
      const stamp = exportedAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="folio-export-${stamp}.json"`);

      let cli = '';
      for await (const piece of createServices({ db: db.knex }).transfer.exportText({ exportedAt: new Date(exportedAt) })) cli += piece;
      expect(text === cli).toBe(true);
      const list = await (await fetch(`${s.url}/api/portfolios`)).text();
      expect(JSON.stringify(JSON.parse(text).portfolios) === list).toBe(true);
    } finally {
      await s.close();
    }
  });
});
