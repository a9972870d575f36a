// The analysis section of `pnpm bench`: the speed targets measured through the API (built
// bundle, own process, prices in Postgres, worker pool), beside the numerics alone in this process
// (runAnalyticsBench: the baseline the API adds its Postgres read, worker hop and JSON to).
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import type { Knex } from '@folio/db';
import { BENCH_OBJECTIVES, runAnalyticsBench } from '../../packages/analytics/bench/analytics-bench.js';
import { syntheticPrices } from '../../packages/analytics/bench/synthetic-prices.js';
import { loadStockPrices } from '../../apps/api/test/analysis-helpers.js';

interface Api {
  url: string;
}

interface Row {
  name: string;
  apiMs: number;
  numericsMs?: number;
  targetMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function post(api: Api, name: string, body: unknown): Promise<void> {
  const res = await fetch(`${api.url}/api/analysis/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${name} answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

/** Median wall time of `runs` calls after one warm-up (`before` runs untimed before each); `body(i)` differs per call so none is a cache hit. */
async function timeCalls(api: Api, name: string, body: (i: number) => unknown, runs: number, before?: () => Promise<unknown>): Promise<number> {
  await post(api, name, body(-1));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const started = performance.now();
    await post(api, name, body(i));
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function insertSynthetic(knex: Knex): Promise<string[]> {
  const table = syntheticPrices(50, 1_261);
  const tickers: string[] = [];
  const dates: string[] = [];
  const closes: number[] = [];
  table.prices.forEach((row, d) => row.forEach((price, t) => (tickers.push(table.tickers[t]!), dates.push(table.dates[d]!), closes.push(price!))));
  await knex.raw(`INSERT INTO prices (ticker, date, close) SELECT * FROM unnest(?::text[], ?::date[], ?::float8[])`, [tickers, dates, closes]);
  return table.tickers;
}

/**
 * `cold` has no Redis (every call computes), `warm` caches. Prints one table; returns nothing.
 * `seconds`: how long the GET-under-load measurement runs (each side).
 */
export async function runAnalysisBench(knex: Knex, cold: Api, warm: Api, seconds: number): Promise<void> {
  const stock = await loadStockPrices(knex);
  const wide = await insertSynthetic(knex);
  const numerics = new Map(runAnalyticsBench(5).map((r) => [r.name, r.ms]));
  const rows: Row[] = [];
  const runs = 7;
  // A risk-free rate a hair different per call: a new cache key, the same work.
  const rf = (i: number) => 0.02 + (i + 1) * 1e-12;

  for (const [name, options] of BENCH_OBJECTIVES) {
    const apiMs = await timeCalls(cold, 'optimize', (i) => ({ tickers: stock, ...options, risk_free_rate: rf(i) }), runs);
    rows.push({ name: `optimize ${name}, 20 × 7,126`, apiMs, numericsMs: numerics.get(`optimize ${name}, 20 × 7,126`), targetMs: 50 });
  }
  // The same, each call after a price write (a new price version): the prices are read from Postgres,
  // as on an analysis's first call; the rows above reuse the table kept in memory (price-table-memo.ts).
  const first = stock[0]!;
  const bumpPrices = () => knex.raw(`UPDATE prices SET close = close WHERE ticker = ? AND date = (SELECT min(date) FROM prices WHERE ticker = ?)`, [first, first]);
  rows.push({
    name: 'optimize max_sharpe, 20 × 7,126, after a price write',
    apiMs: await timeCalls(cold, 'optimize', (i) => ({ tickers: stock, objective: 'max_sharpe', risk_free_rate: rf(i) }), runs, bumpPrices),
    numericsMs: numerics.get('optimize max_sharpe, 20 × 7,126'),
    targetMs: 50,
  });
  rows.push({
    name: 'optimize max_sharpe, 50 × 1,260',
    apiMs: await timeCalls(cold, 'optimize', (i) => ({ tickers: wide, objective: 'max_sharpe', risk_free_rate: rf(i) }), runs),
    numericsMs: numerics.get('optimize max_sharpe, 50 × 1,260'),
    targetMs: 100,
  });
  rows.push({
    name: 'frontier 50 points, 20 × 7,126',
    apiMs: await timeCalls(cold, 'frontier', (i) => ({ tickers: stock, points: 50, risk_free_rate: rf(i) }), 5),
    numericsMs: numerics.get('frontier 50 points, 20 × 7,126'),
    targetMs: 1_000,
  });
  const equal = Object.fromEntries(stock.map((t) => [t, 1 / stock.length]));
  rows.push({
    name: 'monteCarlo 10,000 paths × 252 days × 20',
    apiMs: await timeCalls(cold, 'monte-carlo', (i) => ({ weights: equal, paths: 10_000, horizon_days: 252, seed: i + 2 }), 5),
    numericsMs: numerics.get('monteCarlo 10,000 paths × 252 days × 20'),
    targetMs: 1_000,
  });
  rows.push({
    name: 'cached repeat (optimize max_sharpe, 20 × 7,126)',
    apiMs: await timeCalls(warm, 'optimize', () => ({ tickers: stock, objective: 'max_sharpe', risk_free_rate: 0.02 }), 21),
    targetMs: 5,
  });

  // GET one portfolio: alone, then while analyses keep every worker thread (and more) busy.
  const created = await fetch(`${cold.url}/api/portfolios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"bench"}' });
  const id = ((await created.json()) as { id: number }).id;
  const getP99 = async () => (await autocannon({ url: `${cold.url}/api/portfolios/${id}`, connections: 8, duration: seconds })).latency.p99;
  const alone = await getP99();
  let flatOut = true;
  let analyses = 0;
  const hammer = async (seed: number) => {
    while (flatOut) {
      await post(cold, 'monte-carlo', { weights: equal, paths: 10_000, horizon_days: 252, seed }).catch(() => {});
      analyses += 1;
    }
  };
  const hammers = [hammer(1), hammer(2), hammer(3)];
  const busy = await getP99();
  flatOut = false;
  await Promise.all(hammers);
  rows.push({ name: `GET one portfolio p99, alone (baseline)`, apiMs: alone, targetMs: 25 });
  rows.push({ name: `GET one portfolio p99, analyses flat out (${analyses} MC done)`, apiMs: busy, targetMs: 25 });

  const [oneMinute] = loadavg();
  console.log(`\nAnalyses through the API (bundle, own process, prices in Postgres; median of ${runs} calls after a warm-up, 5 for frontier/MC); load average ${oneMinute!.toFixed(2)}`);
  console.log(`numerics = the same computation in this process without Postgres, worker or HTTP (runAnalyticsBench, median wall ms)`);
  console.log(`${'analysis'.padEnd(58)}${'API ms'.padStart(10)}${'numerics'.padStart(10)}${'target'.padStart(10)}${'ratio'.padStart(8)}`);
  for (const row of rows) {
    const ratio = row.apiMs / row.targetMs;
    console.log(
      row.name.padEnd(58) +
        row.apiMs.toFixed(1).padStart(10) +
        (row.numericsMs === undefined ? '' : row.numericsMs.toFixed(1)).padStart(10) +
        `< ${row.targetMs}`.padStart(10) +
        ratio.toFixed(2).padStart(8) +
        (ratio < 1 ? '' : '  over target'),
    );
  }
}
