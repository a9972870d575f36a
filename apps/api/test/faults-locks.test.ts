// A lock held outside the API (psql, a migration, a long import) while ordinary traffic arrives, on a
// Postgres of the test's own: statements that wait past the query timeout are stopped by the server
// itself, so the API never holds more backends than DB_POOL_MAX, a write answered 503 did not commit,
// and a retry with the same Idempotency-Key yields exactly one write.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, freePort, startEmbeddedPostgres, type Knex } from '@folio/db';
import { lockWaiters } from '@folio/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer, type Server } from '../src/server.js';

const POOL_MAX = 4;
let pg: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let server: Server;
let admin: Knex;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'folio-locks-pg-'));
  pg = await startEmbeddedPostgres({ dataDir });
  server = await startServer(
    loadConfig({
      DATABASE_URL: pg.url,
      PORT: '0',
      LOG_LEVEL: 'silent',
      DB_POOL_MIN: '0',
      DB_POOL_MAX: String(POOL_MAX),
      DB_QUERY_TIMEOUT_MS: '800',
    }),
  );
  admin = createDb(pg.url, { min: 0, max: 2, statementTimeoutMs: 0, queryTimeoutMs: 0 });
});
afterAll(async () => {
  await server?.stop();
  await admin?.destroy();
  await pg?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Client backends on the folio database other than the test's own (admin) connections. */
async function apiBackends(adminPids: number[]): Promise<number> {
  const { rows } = await admin.raw<{ rows: { n: number }[] }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND backend_type = 'client backend' AND NOT (pid = ANY(?))`,
    [adminPids],
  );
  return rows[0]!.n;
}

/** Resolves once no backend waits on a lock: what a released lock lets through has run by then. */
async function noLockWaiters(): Promise<void> {
  for (;;) {
    const { rows } = await admin.raw<{ rows: { n: number }[] }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
    );
    if (rows[0]!.n === 0) return;
    await new Promise((r) => setImmediate(r));
  }
}

async function holdTableLock() {
  const trx = await admin.transaction();
  await trx.raw('LOCK TABLE portfolios IN SHARE ROW EXCLUSIVE MODE');
  const { rows } = await trx.raw<{ rows: { pid: number }[] }>('SELECT pg_backend_pid() AS pid');
  return { trx, pid: rows[0]!.pid };
}

const create = (name: string, key?: string, base = server.url) =>
  fetch(`${base}/api/portfolios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ name }),
  });

describe('a table lock held outside the API', () => {
  it('never takes more than DB_POOL_MAX backends, and no write answered 503 commits', async () => {
    await admin('portfolios').del();
    const lock = await holdTableLock();
    const { rows } = await admin.raw<{ rows: { pid: number }[] }>('SELECT pg_backend_pid() AS pid');
    const adminPids = [lock.pid, rows[0]!.pid];
    const statuses: number[] = [];
    const peaks: number[] = [];
    try {
      for (let wave = 0; wave < 3; wave++) {
        const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => create(`W${wave}-${i}`)));
        statuses.push(...answers.map((a) => a.status));
        for (const a of answers) {
          expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          const body = (await a.json()) as { detail: string };
          expect(body.detail).toMatch(/not applied/);
        }
        peaks.push(await apiBackends(adminPids));
      }
    } finally {
      await lock.trx.commit();
    }
    await noLockWaiters();
    console.log(`lock held: ${statuses.length} creates, backends after each wave ${peaks.join(', ')} (pool max ${POOL_MAX})`);
    expect(statuses.every((s) => s === 503)).toBe(true);
    for (const n of peaks) expect(n).toBeLessThanOrEqual(POOL_MAX);
    expect(await admin('portfolios').count({ n: '*' })).toEqual([{ n: '0' }]);
    // and the API serves again at once
    expect((await create('after')).status).toBe(201);
  });

  it('a write answered 503, retried with its Idempotency-Key as the answer says, is written once', async () => {
    await admin('portfolios').del();
    const lock = await holdTableLock();
    let first: Response;
    try {
      first = await create('Once', 'retry-me');
    } finally {
      await lock.trx.commit();
    }
    expect(first.status).toBe(503);
    expect(((await first.json()) as { detail: string }).detail).toMatch(/Idempotency-Key/);
    await noLockWaiters();
    const retry = await create('Once', 'retry-me');
    expect(retry.status).toBe(201);
    expect(await admin('portfolios').where({ name: 'Once' }).count({ n: '*' })).toEqual([{ n: '1' }]);
    const again = await create('Once', 'retry-me');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('Idempotency-Key records live and die with their write', () => {
  it('a keyed tRPC batch with one item cut off is not kept as a replayable 207: the retry applies the batch once', async () => {
    await admin('portfolios').del();
    const { id } = (await (await create('Holder')).json()) as { id: number };
    const batch = () =>
      fetch(`${server.url}/trpc/portfolio.create,portfolio.addStock?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'batch-1' },
        body: JSON.stringify({ 0: { name: 'Batched' }, 1: { portfolio_id: id, ticker: 'LOCKD' } }),
      });
    const trx = await admin.transaction();
    let first: Response;
    try {
      await trx.raw('LOCK TABLE portfolio_stocks IN SHARE ROW EXCLUSIVE MODE');
      first = await batch();
    } finally {
      await trx.commit();
    }
    expect(first.status).toBeGreaterThanOrEqual(500);
    expect(await admin('portfolios').where({ name: 'Batched' }).count({ n: '*' })).toEqual([{ n: '0' }]);
    await noLockWaiters();
    const retry = await batch();
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await admin('portfolios').where({ name: 'Batched' }).count({ n: '*' })).toEqual([{ n: '1' }]);
    expect(await admin('portfolio_stocks').where({ ticker: 'LOCKD' }).count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('a key whose request died with its process (kill -9) is free again: the retry runs once', async () => {
    await admin('portfolios').del();
    const port = await freePort();
    const start = () =>
      spawnServer({ DATABASE_URL: pg.url, PORT: String(port), DB_POOL_MIN: '0', DB_QUERY_TIMEOUT_MS: '60000' });
    const doomed = await start();
    const lock = await holdTableLock();
    let released = false;
    try {
      const pending = create('Crash', 'crash-1', doomed.url).catch(() => undefined);
      await lockWaitersReach(1);
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      await pending;
      await lock.trx.commit();
      released = true;
      await noLockWaiters();
    } finally {
      if (!released) await lock.trx.commit();
    }
    const restarted = await start();
    try {
      const retry = await create('Crash', 'crash-1', restarted.url);
      expect(retry.status).toBe(201);
      expect(await admin('portfolios').where({ name: 'Crash' }).count({ n: '*' })).toEqual([{ n: '1' }]);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });
});

/** Resolves once at least n backends of the folio database wait on a lock (the event, not a guess at its timing). */
const lockWaitersReach = (n: number) =>
  vi.waitUntil(async () => (await lockWaiters(admin)) >= n, { timeout: 60_000, interval: 20 });

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The real server as its own process (so it can be killed), started on the given environment. */
async function spawnServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: { ...process.env, REDIS_URL: '', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${env.PORT}`;
  await vi.waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`server did not start:\n${stderr}`);
      return fetch(`${url}/health`).then((r) => r.ok, () => false);
    },
    { timeout: 60_000, interval: 100 },
  );
  return { child, url, exited };
}
