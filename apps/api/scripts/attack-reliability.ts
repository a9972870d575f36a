// `pnpm attack:reliability`: the full-size reproductions of issue 12 (reliability round 2), run against a
// real server on a private embedded Postgres, printing what happened. Not a test: the suite holds the
// small versions (faults-locks, concurrency, limits, slow-clients, transfer); this prints the figures
// for the README. Sizes: WAVES, WAVE_SIZE, IMPORT_PORTFOLIOS, SLOW_SOCKETS, BYPASS_MB.
import { connect, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createDb, startEmbeddedPostgres } from '@folio/db';
import { loadConfig } from '../src/config.js';
import { startServer, type Server } from '../src/server.js';
import { readExportFile } from '../src/services/import-reader.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const WAVES = env('WAVES', 4);
const WAVE_SIZE = env('WAVE_SIZE', 30);
const IMPORT_PORTFOLIOS = env('IMPORT_PORTFOLIOS', 20_000);
const SLOW_SOCKETS = env('SLOW_SOCKETS', 3000);
const BYPASS_MB = env('BYPASS_MB', 200);

const dir = await mkdtemp(path.join(tmpdir(), 'folio-attack-'));
const pg = await startEmbeddedPostgres({ dataDir: dir });
const admin = createDb(pg.url, { min: 0, max: 2, statementTimeoutMs: 0, queryTimeoutMs: 0 });
const servers: Server[] = [];
const serve = async (vars: Record<string, string>) => {
  const server = await startServer(
    loadConfig({ DATABASE_URL: pg.url, PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', ...vars }),
  );
  servers.push(server);
  return server;
};
const count = async (sql: string, bindings: unknown[] = []) =>
  (await admin.raw<{ rows: { n: number }[] }>(sql, bindings as never)).rows[0]!.n;
const noLockWaiters = async () => {
  while ((await count("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) > 0) {
    await new Promise((r) => setTimeout(r, 20));
  }
};
const tally = (statuses: number[]) =>
  Object.entries(statuses.reduce<Record<number, number>>((t, s) => ((t[s] = (t[s] ?? 0) + 1), t), {}))
    .map(([s, n]) => `${n}×${s}`)
    .join(' ');
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

try {
  // 1 and 2: a held lock, waves of creates (half with an Idempotency-Key), then the retries.
  {
    const server = await serve({ DB_POOL_MIN: '2', DB_POOL_MAX: '8', DB_QUERY_TIMEOUT_MS: '1500' });
    const lock = await admin.transaction();
    await lock.raw('LOCK TABLE portfolios IN SHARE ROW EXCLUSIVE MODE');
    const backends: number[] = [];
    const statuses: number[] = [];
    for (let w = 0; w < WAVES; w++) {
      const answers = await Promise.all(
        Array.from({ length: WAVE_SIZE }, (_, i) =>
          post(`${server.url}/api/portfolios`, { name: `lock-${w}-${i}` }, i % 2 ? { 'idempotency-key': `lock-${w}-${i}` } : {}),
        ),
      );
      statuses.push(...answers.map((a) => a.status));
      backends.push(await count("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'folio' AND backend_type = 'client backend'") - 2);
    }
    const otherClient = await createDb(pg.adminUrl, { min: 0, max: 1 }).raw('SELECT 1').then(() => 'connects', (e: Error) => e.message);
    await lock.commit();
    await noLockWaiters();
    const committed = await count("SELECT count(*)::int AS n FROM portfolios WHERE name LIKE 'lock-%'");
    const retries = [];
    for (let w = 0; w < WAVES; w++) {
      for (let i = 1; i < WAVE_SIZE; i += 2) {
        retries.push((await post(`${server.url}/api/portfolios`, { name: `lock-${w}-${i}` }, { 'idempotency-key': `lock-${w}-${i}` })).status);
      }
    }
    const duplicates = await count("SELECT count(*)::int AS n FROM (SELECT name FROM portfolios WHERE name LIKE 'lock-%' GROUP BY name HAVING count(*) > 1) d");
    console.log(`[1] lock held, ${WAVES} waves of ${WAVE_SIZE} creates, DB_POOL_MAX=8, 1.5 s timeout: answers ${tally(statuses)}; ` +
      `API backends after each wave ${backends.join(', ')}; an unrelated client ${otherClient}; ` +
      `committed after the lock went away: ${committed}`);
    console.log(`[2] keyed creates retried as the 503 says: ${tally(retries)}; names written twice: ${duplicates}`);
  }

  // 3: a replace import while clients keep creating.
  {
    const server = await serve({});
    const portfolios = Array.from({ length: IMPORT_PORTFOLIOS }, (_, i) => ({
      id: i + 1,
      name: `imp-${i + 1}`,
      stocks: Array.from({ length: 5 }, (_, j) => ({ ticker: `T${j}`, weight: 0.1 })),
    }));
    let running = true;
    const creates: number[] = [];
    const writers = Array.from({ length: 4 }, async () => {
      while (running) creates.push((await post(`${server.url}/api/portfolios`, { name: 'live' })).status);
    });
    const started = Date.now();
    const imported = await post(`${server.url}/api/import?mode=replace`, { format: 'folio-export', version: 1, exported_at: new Date().toISOString(), portfolios });
    const importMs = Date.now() - started;
    running = false;
    await Promise.all(writers);
    console.log(`[3] replace import of ${IMPORT_PORTFOLIOS} portfolios × 5 under 4 create loops: import ${imported.status} in ${importMs} ms; creates ${tally(creates)}`);
  }

  // 4: rate-limit budgets and unverified keys.
  {
    const required = await serve({ AUTH: 'required', RATE_LIMIT_MAX: '5' });
    const { ApiKeyStore } = await import('../src/auth/api-key-store.js');
    const victim = (await new ApiKeyStore(required.db).create('victim', 'read')).key;
    const prefix = victim.split('_')[1]!;
    const wrong = [];
    for (let i = 0; i < 55; i++) {
      wrong.push((await fetch(`${required.url}/api/portfolios`, { headers: { authorization: `Bearer folio_${prefix}_${String(i).padStart(43, 'x')}` } })).status);
    }
    const victimStatus = (await fetch(`${required.url}/api/portfolios`, { headers: { authorization: `Bearer ${victim}` } })).status;
    const open = await serve({ RATE_LIMIT_MAX: '5' });
    const madeUp = [];
    for (let i = 0; i < 30; i++) {
      madeUp.push((await fetch(`${open.url}/api/portfolios`, { headers: { authorization: `Bearer folio_${String(i).padStart(12, '0')}_${'y'.repeat(43)}` } })).status);
    }
    console.log(`[4] limit 5: 55 wrong secrets with a victim's prefix ${tally(wrong)}, then the victim's key ${victimStatus}; ` +
      `AUTH=off, 30 made-up keys ${tally(madeUp)}`);
  }

  // 7: a multipart body to /%74rpc/… (the body limit is 1 MiB).
  {
    const server = await serve({});
    const rss = process.memoryUsage().rss;
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let sent = 0;
    const body = new Readable({
      read() {
        this.push(sent++ < BYPASS_MB ? chunk : null);
      },
    });
    const res = await fetch(`${server.url}/%74rpc/portfolio.create`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: Readable.toWeb(body) as ReadableStream,
      duplex: 'half',
    } as RequestInit).then((r) => r.status, (e: Error) => e.message);
    console.log(`[7] ${BYPASS_MB} MB multipart to /%74rpc/portfolio.create: ${res}; RSS grew ${Math.round((process.memoryUsage().rss - rss) / 1e6)} MB`);
  }

  // 8: slow bodies, one byte every 10 s.
  {
    const server = await serve({ REQUEST_TIMEOUT_MS: '10000', HEADERS_TIMEOUT_MS: '5000' });
    const port = Number(new URL(server.url).port);
    const sockets: Socket[] = [];
    let open = 0;
    for (let i = 0; i < SLOW_SOCKETS; i++) {
      const s = connect(port, '127.0.0.1', () => {
        s.write('POST /api/portfolios HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
      });
      open++;
      s.on('error', () => {});
      s.on('close', () => open--);
      const drip = setInterval(() => s.writable && s.write(' '), 10_000);
      s.on('close', () => clearInterval(drip));
      sockets.push(s);
    }
    const health = async () => {
      const t = Date.now();
      const status = await fetch(`${server.url}/health`).then((r) => r.status, () => 'refused');
      return `${status} in ${Date.now() - t} ms`;
    };
    await new Promise((r) => setTimeout(r, 2000));
    const early = `${open} open, health ${await health()}`;
    await new Promise((r) => setTimeout(r, 13_000));
    const late = `${open} open, health ${await health()}`;
    for (const s of sockets) s.destroy();
    console.log(`[8] ${SLOW_SOCKETS} slow bodies (MAX_CONNECTIONS 1000, REQUEST_TIMEOUT_MS 10 s): after 2 s ${early}; after 15 s ${late}`);
  }

  // 13 and 6: the file reader and the timestamp bound.
  {
    const depth = 400_000;
    const text = `{"format":"folio-export","version":1,"exported_at":"2026-11-25T00:00:00Z","x":${'['.repeat(depth)}${']'.repeat(depth)},"portfolios":[]}`;
    const chunks = Array.from({ length: Math.ceil(text.length / 65_536) }, (_, i) => text.slice(i * 65_536, (i + 1) * 65_536));
    const t = Date.now();
    const outcome = await (async () => {
      for await (const _ of readExportFile(Readable.from(chunks))) void _;
    })().then(() => 'accepted', (e: Error) => e.message);
    console.log(`[13] an ${Math.round(text.length / 1000)} KB file nested ${depth} deep, through the CLI's reader: ${Date.now() - t} ms, "${outcome}"`);
    const server = await serve({});
    const stamp = '9999-12-31T23:59:59.9999999Z';
    const res = await post(`${server.url}/api/import`, { format: 'folio-export', version: 1, exported_at: stamp, portfolios: [{ id: 1, name: 'x', created_at: stamp }] });
    console.log(`[6] import with created_at ${stamp}: ${res.status} ${((await res.json()) as { detail?: string }).detail ?? ''}`);
  }
} finally {
  for (const s of servers) await s.stop();
  await admin.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
