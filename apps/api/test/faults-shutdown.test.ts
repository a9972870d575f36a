// SIGTERM under load, on a real server process with its embedded Postgres: accepted requests finish,
// new connections are refused, the process exits in bounded time, and Postgres is shut down cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, freePort } from '@folio/db';
import { lockWaiters } from '@folio/db/testing';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for a condition (an event), never for a guessed time; the deadline only stops a hang. */
const until = <T>(condition: () => T | Promise<T>) => vi.waitUntil(condition, { timeout: 60_000, interval: 20 });
/** Spawned servers with their own Postgres on a loaded machine: a limit against hangs, not a timing. */
const PROCESS_TEST_TIMEOUT = 180_000;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

interface Running {
  child: ChildProcess;
  url: string;
  pgPort: number;
  dataDir: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  log: string[];
}

async function startProcess(env: Record<string, string>): Promise<Running> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'folio-sigterm-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  // The server as bundled for `pnpm start` (built once for the run), so start-up is not a tsx boot.
  const child = spawn(process.execPath, [path.join(inject('apiBundleDir'), 'main.js')], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const log: string[] = [];
  child.stdout?.on('data', (d: Buffer) => log.push(...d.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (d: Buffer) => log.push(...d.toString().split('\n').filter(Boolean)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (waited > 120_000 || child.exitCode !== null) throw new Error(`server did not start:\n${log.join('\n')}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(100);
  }
  const pgLine = log.find((l) => l.includes('embedded Postgres on 127.0.0.1:'));
  const pgPort = Number(/127\.0\.0\.1:(\d+)/.exec(pgLine ?? '')?.[1]);
  expect(pgPort).toBeGreaterThan(0);
  return { child, url, pgPort, dataDir, exited, log };
}

async function lockPortfolio(server: Running, id: number) {
  const password = (await readFile(path.join(server.dataDir, 'postgres-password'), 'utf8')).trim();
  const db = createDb(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.pgPort}/folio`, { min: 0, max: 1 });
  const watcher = createDb(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.pgPort}/folio`, { min: 0, max: 1 });
  const trx = await db.transaction();
  await trx('portfolios').where({ id }).forUpdate();
  return {
    /** resolves once n requests are blocked on the lock: they are in flight, accepted and waiting */
    waitForBlocked: (n: number) => until(async () => (await lockWaiters(watcher)) >= n),
    release: async () => {
      await trx.commit();
      await Promise.all([db.destroy(), watcher.destroy()]);
    },
  };
}

const post = (url: string, body: object) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('SIGTERM under load', () => {
  it('finishes accepted requests, refuses new connections, exits 0 and stops Postgres cleanly', async () => {
    // A longer wait for a connection than the default 2 s: the 20 writes open new pool connections on a
    // fresh embedded Postgres, which on a loaded 2-core CI machine was seen to take longer than that.
    const server = await startProcess({ DB_TIMEOUT_MS: '8000' });
    const { id } = (await (await post(`${server.url}/api/portfolios`, { name: 'Drain' })).json()) as { id: number };

    // Hold the portfolio's row lock so these 20 writes are in flight (accepted, waiting) at SIGTERM.
    const lock = await lockPortfolio(server, id);
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      post(`${server.url}/api/portfolios/${id}/stocks`, { ticker: `D${i}` }).then(
        (r) => r.status,
        (err: Error & { cause?: { code?: string } }) => `error ${err.cause?.code ?? err.message}`,
      ),
    );
    await lock.waitForBlocked(20);
    const termAt = Date.now();
    server.child.kill('SIGTERM');

    // New connections are refused while the accepted requests drain (waiting for the listener to close).
    const connect = () =>
      fetch(`${server.url}/health`).then(
        (r) => `status ${r.status}`,
        (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
      );
    let late = '';
    await until(async () => (late = await connect()) === 'ECONNREFUSED').catch(() => {});
    expect(late).toBe('ECONNREFUSED');

    await lock.release();
    const statuses = await Promise.all(inFlight);
    expect(statuses, JSON.stringify(statuses)).toEqual(Array.from({ length: 20 }, () => 201));

    const exit = await server.exited;
    expect(exit.code).toBe(0);
    // The promise: the drain takes at most SHUTDOWN_TIMEOUT_MS (10 s by default). Five times that.
    expect(exit.at - termAt).toBeLessThan(5 * 10_000);
    // A clean Postgres shutdown removes its pid file; a crash or kill leaves it behind.
    expect(existsSync(path.join(server.dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    const pgPortState = () => fetch(`http://127.0.0.1:${server.pgPort}`).then(() => 'open', () => 'closed');
    await until(async () => (await pgPortState()) === 'closed').catch(() => {});
    expect(await pgPortState()).toBe('closed');

    // Every acknowledged write is there after a restart on the same data.
    const again = await startProcess({ DATA_DIR: server.dataDir });
    cleanups.push(async () => {
      again.child.kill('SIGTERM');
      await again.exited;
    });
    const stored = (await (await fetch(`${again.url}/api/portfolios/${id}`)).json()) as { stocks: unknown[] };
    expect(stored.stocks).toHaveLength(20);
    console.log(`sigterm: 20 in-flight writes completed; exit ${exit.at - termAt} ms after SIGTERM`);
  }, PROCESS_TEST_TIMEOUT);

  it('cuts off a request that outlives SHUTDOWN_TIMEOUT_MS, so exit stays bounded', async () => {
    const server = await startProcess({ SHUTDOWN_TIMEOUT_MS: '1500' });
    const { id } = (await (await post(`${server.url}/api/portfolios`, { name: 'Stuck' })).json()) as { id: number };
    const lock = await lockPortfolio(server, id);
    const stuck = post(`${server.url}/api/portfolios/${id}/stocks`, { ticker: 'STUCK' }).then(
      (r) => r.status,
      () => 'cut off',
    );
    await lock.waitForBlocked(1);
    const termAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    // The promise: about 2 x SHUTDOWN_TIMEOUT_MS (1.5 s to drain, then 1.5 s for the pool) plus stopping
    // Postgres. Five times 3 s, so a busy machine cannot fail it.
    expect(exit.at - termAt).toBeLessThan(5 * 3_000);
    expect(await stuck).not.toBe(201);
    await lock.release().catch(() => {}); // its Postgres is gone with the server
  }, PROCESS_TEST_TIMEOUT);
});
