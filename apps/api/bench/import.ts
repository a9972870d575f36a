// `pnpm bench:import`: how long `folio import` takes for 10,000 portfolios × 10 stocks (the file →
// parse → validate → batched writes path), and how much memory it holds. Not a test: a measurement.
// Uses DATABASE_URL's server when set (a scratch database is created and dropped), else an embedded
// Postgres in a temp dir.   PORTFOLIOS=… STOCKS=… change the size.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { startEmbeddedPostgres } from '@folio/db';
import { createTestDatabase } from '@folio/db/testing';
import { readFile } from 'node:fs/promises';
import { buildApp } from '../src/app.js';
import { importFrom } from '../src/cli/import.js';
import { createServices } from '../src/services/index.js';

const PORTFOLIOS = Number(process.env.PORTFOLIOS ?? 10_000);
const STOCKS = Number(process.env.STOCKS ?? 10);

const dir = await mkdtemp(path.join(tmpdir(), 'folio-bench-import-'));
const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
const db = await createTestDatabase(process.env.DATABASE_URL ?? embedded!.adminUrl);

try {
  const file = path.join(dir, 'export.json');
  const out = createWriteStream(file);
  const now = new Date().toISOString();
  out.write(`{"format":"folio-export","version":1,"exported_at":"${now}","portfolios":[`);
  let stockId = 0;
  for (let i = 1; i <= PORTFOLIOS; i++) {
    const stocks = Array.from({ length: STOCKS }, (_, j) => ({
      id: ++stockId,
      portfolio_id: i,
      ticker: `T${j}X${i % 97}`,
      weight: 0.05,
      shares: j * 1.5,
      added_at: now,
    }));
    const p = { id: i, name: `Portfolio ${i}`, description: i % 3 ? null : 'bench', created_at: now, updated_at: now, stocks };
    if (!out.write(`${i === 1 ? '' : ','}\n${JSON.stringify(p)}`)) await once(out, 'drain');
  }
  out.end('\n]}\n');
  await finished(out);
  const size = (await stat(file)).size;
  console.log(`file: ${PORTFOLIOS.toLocaleString('en-US')} portfolios × ${STOCKS} stocks, ${(size / 1024 / 1024).toFixed(1)} MiB`);

  const { rows } = await db.knex.raw<{ rows: { v: string }[] }>('SELECT version() AS v');
  console.log(`server: ${rows[0]?.v.split(' on ')[0]}`);

  for (const [label, mode] of [
    ['replace into an empty database', 'replace'],
    ['merge over identical data (all unchanged)', 'merge'],
    ['replace over existing data', 'replace'],
  ] as const) {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    const started = performance.now();
    const report = await importFrom(createServices({ db: db.knex }), createReadStream(file), { mode, dryRun: false, size });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    console.log(
      `${label}: ${seconds.toFixed(2)} s  (${Math.round(PORTFOLIOS / seconds).toLocaleString('en-US')} portfolios/s, ` +
        `peak heap +${((peak - heapBefore) / 1024 / 1024).toFixed(0)} MiB; ` +
        `portfolios ${JSON.stringify(report.portfolios)}, stocks ${JSON.stringify(report.stocks)})`,
    );
  }

  // The same load as one HTTP request (the body is parsed whole, then validated by zod).
  const app = await buildApp({ services: createServices({ db: db.knex }) });
  const body = await readFile(file, 'utf8');
  const started = performance.now();
  const res = await app.inject({ method: 'POST', url: '/api/import?mode=replace', headers: { 'content-type': 'application/json' }, payload: body });
  console.log(`POST /api/import?mode=replace: ${((performance.now() - started) / 1000).toFixed(2)} s (HTTP ${res.statusCode})`);
  await app.close();
} finally {
  await db.drop();
  await embedded?.stop();
  await rm(dir, { recursive: true, force: true });
}
