// The whole server lifecycle, as `pnpm start` runs it: database resolution, migrations, listen, stop.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPoolOptions } from '@folio/db';
import { createTestDatabase, lockWaiters } from '@folio/db/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer, type Server } from '../src/server.js';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const configFor = (env: Record<string, string>) => loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DB_POOL_MIN: '0', ...env });

async function createThenRestart(env: Record<string, string>) {
  let server: Server = await startServer(configFor(env));
  const created: { id: number } = await fetch(`${server.url}/api/portfolios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Survivor' }),
  }).then((r) => r.json() as Promise<{ id: number }>);
  await fetch(`${server.url}/api/portfolios/${created.id}/stocks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ticker: 'NVDA', weight: 0.5 }),
  });
  await server.stop();

  server = await startServer(configFor(env));
  try {
    const res = await fetch(`${server.url}/api/portfolios/${created.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Survivor', stocks: [{ ticker: 'NVDA', weight: 0.5 }] });
  } finally {
    await server.stop();
  }
}

describe('server lifecycle', () => {
  it('keeps a portfolio across a restart on external Postgres (DATABASE_URL)', async () => {
    const db = await createTestDatabase(inject('adminUrl'), { migrate: false });
    cleanups.push(db.drop);
    await createThenRestart({ DATABASE_URL: db.url });
  });

  it('keeps a portfolio across a restart on the embedded default, migrating on first start', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'folio-embedded-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    await createThenRestart({ DATA_DIR: dataDir });
  });

  it('recovers from a stale postmaster.pid left by a crash', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'folio-embedded-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await startServer(configFor({ DATA_DIR: dataDir }));
    await first.stop();
    // What a SIGKILL leaves behind: a pid file naming a process that no longer exists.
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const template = ['999999', path.join(dataDir, 'postgres'), '0', '5432', '/tmp', '127.0.0.1', '0 0', 'ready'];
    await writeFile(pidFile, `${template.join('\n')}\n`);
    const second = await startServer(configFor({ DATA_DIR: dataDir }));
    try {
      expect((await fetch(`${second.url}/health`)).status).toBe(200);
      expect((await readFile(pidFile, 'utf8')).split('\n')[0]).not.toBe('999999');
    } finally {
      await second.stop();
    }
  });

  it('lets an in-flight write finish and commit on stop, then refuses connections', async () => {
    const db = await createTestDatabase(inject('adminUrl'));
    cleanups.push(db.drop);
    const server = await startServer(configFor({ DATABASE_URL: db.url }));
    const [{ id }] = await db.knex('portfolios').insert({ name: 'Busy' }).returning('id');
    // Hold the portfolio's row lock so the add below is still running when stop() begins.
    const lock = await db.knex.transaction();
    await lock('portfolios').where({ id }).forUpdate();
    const inFlight = fetch(`${server.url}/api/portfolios/${id}/stocks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticker: 'LATE' }),
    });
    // Events, not sleeps: the add is blocked on the lock, then stop() has closed the listener.
    await vi.waitUntil(async () => (await lockWaiters(db.knex)) > 0, { timeout: 30_000, interval: 20 });
    const stopping = server.stop();
    await vi.waitUntil(() => !server.app.server.listening, { timeout: 30_000, interval: 10 });
    await lock.commit();
    const res = await inFlight;
    await stopping;
    expect(res.status).toBe(201);
    expect(await db.knex('portfolio_stocks').where({ portfolio_id: id, ticker: 'LATE' })).toHaveLength(1);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({}, '/srv/folio');
    expect(c).toMatchObject({ port: 8000, host: '127.0.0.1', dataDir: '/srv/folio/.data', logLevel: 'info' });
    // The numbers themselves (the spec's pool) are pinned in packages/db/src/pool.test.ts.
    expect(c.pool).toEqual(defaultPoolOptions);
    expect(c.databaseUrl).toBeUndefined();
  });

  it('stops start-up with a sentence naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a URL starting with postgres:\/\//);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ DB_POOL_MIN: '40', DB_POOL_MAX: '30' })).toThrow(/DB_POOL_MIN \(40\) exceeds DB_POOL_MAX \(30\)/);
  });
});
