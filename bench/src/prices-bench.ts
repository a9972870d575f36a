// Price history at scale, against the targets: stock_prices.csv over POST /api/prices (new,
// then unchanged), a CLI import of a generated long CSV (5,000 tickers × 5 years = 6.3 M rows: rows/s
// and the CLI's peak RSS), and reading 50 tickers × 5 years from that table (with its plan).
// BENCH_PRICE_TICKERS sets the generated file's tickers (default 5,000).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRICE_TABLE_SQL, readPriceTable } from '@folio/api';
import type { Knex } from '@folio/db';
import { createTestDatabase } from '@folio/db/testing';
import { benchTicker, writeLongPriceCsv } from './price-file.js';

const DAYS = 1260;

export interface PriceBenchOptions {
  root: string;
  adminUrl: string;
  apiUrl: string;
  /** peak RSS (MB) of a process while `work` runs */
  peakRss: <T>(pid: number | undefined, work: () => Promise<T>) => Promise<{ result: T; rssMb: number }>;
}

interface Figure {
  what: string;
  measured: string;
  target: string;
  met: boolean;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function postCsv(apiUrl: string, csv: string): Promise<unknown> {
  const res = await fetch(`${apiUrl}/api/prices`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
  const body = await res.json();
  if (!res.ok) throw new Error(`POST /api/prices answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

function runCli(root: string, databaseUrl: string, file: string): { pid: number | undefined; done: Promise<string> } {
  // The built CLI bundle (what `pnpm folio` runs in a deployment), piped: progress goes to stderr lines.
  const child = spawn(process.execPath, [path.join(root, 'apps/api/dist/cli.js'), 'prices', 'import', file, '--json'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<string>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`CLI exited ${code}: ${err.slice(-2000)}`)))),
  );
  return { pid: child.pid, done };
}

async function explain(db: Knex, tickers: string[]): Promise<string> {
  const { rows } = await db.raw<{ rows: Record<string, string>[] }>(`EXPLAIN (ANALYZE, BUFFERS) ${PRICE_TABLE_SQL}`, [tickers, null, null]);
  return rows.map((r) => Object.values(r)[0]).join('\n');
}

export async function runPriceBench(options: PriceBenchOptions): Promise<void> {
  const figures: Figure[] = [];
  const file = path.resolve(options.root, '../shared/data/stock_prices.csv');
  const csv = await readFile(file, 'utf8');
  const first = await timed(() => postCsv(options.apiUrl, csv));
  figures.push({ what: 'stock_prices.csv (106,931 prices) via POST /api/prices', measured: `${first.seconds.toFixed(2)} s`, target: '< 2 s', met: first.seconds < 2 });
  const again = await timed(() => postCsv(options.apiUrl, csv));
  figures.push({ what: 'the same file again (all unchanged)', measured: `${again.seconds.toFixed(2)} s`, target: '< 1 s', met: again.seconds < 1 });

  const tickers = Number(process.env.BENCH_PRICE_TICKERS ?? 5000);
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-price-bench-'));
  const db = await createTestDatabase(options.adminUrl);
  try {
    const long = path.join(dir, 'long.csv');
    const rows = await writeLongPriceCsv(long, tickers, DAYS);
    const cli = runCli(options.root, db.url, long);
    const run = await timed(() => options.peakRss(cli.pid, () => cli.done));
    const rate = rows / run.seconds;
    figures.push({
      what: `CLI import, long CSV ${tickers.toLocaleString('en-US')} tickers × ${DAYS} days (${rows.toLocaleString('en-US')} rows)`,
      measured: `${Math.round(rate).toLocaleString('en-US')} rows/s (${run.seconds.toFixed(1)} s)`,
      target: '≥ 200,000 rows/s',
      met: rate >= 200_000,
    });
    figures.push({ what: 'CLI peak RSS during that import', measured: `${run.result.rssMb.toFixed(0)} MB`, target: '< 300 MB', met: run.result.rssMb < 300 });

    await db.knex.raw('VACUUM ANALYZE prices');
    const fifty = Array.from({ length: 50 }, (_, i) => benchTicker(Math.floor((i * tickers) / 50)));
    await readPriceTable(db.knex, fifty); // warm-up: plan, buffers
    const reads: number[] = [];
    for (let i = 0; i < 5; i++) reads.push((await timed(() => readPriceTable(db.knex, fifty))).seconds * 1000);
    const median = [...reads].sort((a, b) => a - b)[2]!;
    figures.push({
      what: `readPriceTable, 50 tickers × ${DAYS} days from the ${rows.toLocaleString('en-US')}-row table (median of 5)`,
      measured: `${median.toFixed(0)} ms`,
      target: '< 100 ms',
      met: median < 100,
    });

    const widths = [Math.max(...figures.map((f) => f.what.length)), Math.max(...figures.map((f) => f.measured.length)), 17];
    console.log('\nPrices');
    console.log(`| ${'what'.padEnd(widths[0]!)} | ${'measured'.padStart(widths[1]!)} | ${'target'.padStart(widths[2]!)} | met |`);
    console.log(`|${'-'.repeat(widths[0]! + 2)}|${'-'.repeat(widths[1]! + 1)}:|${'-'.repeat(widths[2]! + 1)}:|-----|`);
    for (const f of figures) {
      console.log(`| ${f.what.padEnd(widths[0]!)} | ${f.measured.padStart(widths[1]!)} | ${f.target.padStart(widths[2]!)} | ${f.met ? 'yes' : 'NO '} |`);
    }
    console.log(`\nplan of that read:\n${await explain(db.knex, fifty)}`);
  } finally {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
