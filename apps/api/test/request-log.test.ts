// Each request leaves exactly one `info` line with its id, method, route, status and latency, and
// never its Authorization header.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { createLogger } from '../src/logging/logger.js';
import { defaultSecurityOptions } from '../src/security/options.js';
import { createServices } from '../src/services/index.js';
import { testDashboard } from './helpers.js';
import { secretOf } from './security-helpers.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
});
afterAll(() => db?.drop());

describe('request log', () => {
  it('writes one info line per request with id, method, route, status and latency, and no header', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const services = createServices({ db: db.knex });
    const app = await buildApp({
      services,
      logger: pino({ level: 'info' }, sink),
      security: { ...defaultSecurityOptions, auth: 'required' },
      dashboard: testDashboard,
    });
    try {
      const { key } = await services.apiKeys.create('log-test', 'write');
      const headers = { authorization: `Bearer ${key}`, 'x-request-id': 'trace-1' };
      const created = await app.inject({ method: 'POST', url: '/api/portfolios', headers, payload: { name: 'Logged' } });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { id: number }).id;
      await app.inject({ url: `/api/portfolios/${id}?x=1`, headers: { ...headers, 'x-request-id': 'trace-2' } });
      await app.inject({ url: '/api/portfolios', headers: { authorization: `Bearer ${key}x`, 'x-request-id': 'trace-3' } });
      await app.inject({ url: '/api/nowhere', headers: { ...headers, 'x-request-id': 'trace-4' } });

      const requestLines = lines.filter((l) => l.msg === 'request');
      expect(requestLines.map((l) => [l.reqId, l.level, l.method, l.route, l.status])).toEqual([
        ['trace-1', 30, 'POST', '/api/portfolios', 201],
        ['trace-2', 30, 'GET', '/api/portfolios/:id', 200],
        ['trace-3', 30, 'GET', '/api/portfolios', 401],
        ['trace-4', 30, 'GET', '(no route)', 404],
      ]);
      for (const l of requestLines) expect(l.ms).toEqual(expect.any(Number));
      // Built by hand for speed, the line is laid out as pino lays out its own (same keys, same order).
      const pinoLine = lines.find((l) => l.msg !== 'request');
      expect(Object.keys(requestLines[0] ?? {})).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'route', 'status', 'ms', 'msg']);
      if (pinoLine) expect(Object.keys(pinoLine).slice(0, 4)).toEqual(['level', 'time', 'pid', 'hostname']);
      // Fastify's own "incoming request" / "request completed" pair is off: one line per request.
      expect(lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toEqual([]);
      const all = JSON.stringify(lines).toLowerCase();
      expect(all).not.toContain('bearer');
      expect(all).not.toContain('authorization');
      expect(all).not.toContain(secretOf(key).toLowerCase());
    } finally {
      await app.close();
    }
  });
});

describe('process logger', () => {
  it('shows a line on a quiet server without waiting for its 4 KiB batch, and flushes on close', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'folio-log-'));
    const file = path.join(dir, 'out.log');
    const { logger, close } = createLogger('info', file);
    try {
      logger.info('first');
      // The periodic flush (every 100 ms) brings it out although the batch is far from full.
      await vi.waitFor(() => expect(readFileSync(file, 'utf8')).toContain('"msg":"first"'), { timeout: 5000, interval: 20 });
      logger.info('last');
    } finally {
      close();
    }
    expect(readFileSync(file, 'utf8')).toContain('"msg":"last"'); // close() flushed synchronously
    rmSync(dir, { recursive: true });
  });
});
