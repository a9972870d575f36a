// `pnpm fault-timings`: how fast calls answer while a dependency is down, hung or paused: the figures
// behind README's fault promises. The fault tests assert only five times each promise (so a busy
// machine cannot fail them); this prints the real numbers. Not a test: a measurement.
// Everything runs on services of its own: an embedded Postgres per scenario and a private Redis.
// SAMPLES=… sets the calls timed per scenario (default 10).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startEmbeddedPostgres } from '@folio/db';
import { clusterPids } from '../../../test/support/cluster-pids.js';
import { startPrivateRedis } from '../../../test/support/private-redis.js';
import { loadConfig } from '../src/config.js';
import { startServer, type Server } from '../src/server.js';

const SAMPLES = Number(process.env.SAMPLES ?? 10);
const cleanups: Array<() => Promise<unknown>> = [];

/** Milliseconds and status of one call. */
async function timeCall(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

async function sample(url: string, init?: RequestInit) {
  const calls = [];
  for (let i = 0; i < SAMPLES; i++) calls.push(await timeCall(url, init));
  return calls;
}

function report(scenario: string, promise: string, calls: { ms: number; status: number }[]) {
  const ms = calls.map((c) => c.ms).sort((a, b) => a - b);
  const statuses = [...new Set(calls.map((c) => c.status))].join('/');
  const median = ms[Math.floor(ms.length / 2)] ?? NaN;
  const max = ms.at(-1) ?? NaN;
  console.log(`${scenario.padEnd(34)} promise ${promise.padEnd(9)} median ${median.toFixed(0).padStart(5)} ms  max ${max.toFixed(0).padStart(5)} ms  (${calls.length} calls, ${statuses})`);
}

async function ownServer(env: Record<string, string>, port?: number) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'folio-fault-timings-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const pg = await startEmbeddedPostgres({ dataDir, ...(port ? { port } : {}) });
  cleanups.push(() => pg.stop());
  const server: Server = await startServer(loadConfig({ DATABASE_URL: pg.url, PORT: '0', LOG_LEVEL: 'silent', ...env }));
  cleanups.push(() => server.stop());
  const created = await fetch(`${server.url}/api/portfolios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Timed' }),
  }).then((r) => r.json() as Promise<{ id: number }>);
  return { pg, server, id: created.id };
}

const addStock = (ticker: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ticker }),
});

try {
  // Postgres stopped: refused connections, bounded by DB_TIMEOUT_MS (2 s) at worst.
  {
    const { pg, server, id } = await ownServer({ DB_POOL_MIN: '2' }, await freePort());
    await pg.stop();
    report('postgres stopped: read', '~2 s', await sample(`${server.url}/api/portfolios/${id}`));
    report('postgres stopped: write', '~2 s', await sample(`${server.url}/api/portfolios/${id}/stocks`, addStock('DOWN')));
  }
  // Postgres hung (every process SIGSTOPped): bounded by DB_QUERY_TIMEOUT_MS, here 1.5 s as in the test.
  {
    const { pg, server, id } = await ownServer({ DB_POOL_MIN: '4', DB_QUERY_TIMEOUT_MS: '1500' });
    const calls = [];
    for (let i = 0; i < SAMPLES; i++) {
      // Connections open first, so the call reaches the frozen server rather than a connect timeout.
      await Promise.all(Array.from({ length: 4 }, () => server.db.raw('SELECT 1')));
      const pids = await clusterPids(pg.dataDir);
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      try {
        calls.push(await timeCall(`${server.url}/api/portfolios/${id}`));
      } finally {
        for (const pid of pids) process.kill(pid, 'SIGCONT');
      }
    }
    report('postgres hung: read', '1.5 s', calls);
  }
  // Redis paused or killed: a call waits at most one limiter (300 ms) and one cache (250 ms) command.
  {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const { server, id } = await ownServer({ DB_POOL_MIN: '2', REDIS_URL: redis.url, RATE_LIMIT_MAX: '100000' });
    report('redis up: read', '-', await sample(`${server.url}/api/portfolios/${id}`));
    redis.pause();
    report('redis paused: read', '≤ 550 ms', await sample(`${server.url}/api/portfolios/${id}`));
    report('redis paused: write', '≤ 550 ms', await sample(`${server.url}/api/portfolios/${id}/stocks`, addStock('PAUSED')));
    redis.resume();
    await redis.stop();
    report('redis killed: read', '≤ 550 ms', await sample(`${server.url}/api/portfolios/${id}`));
  }
} finally {
  for (const c of cleanups.reverse()) await c().catch(() => {});
}
