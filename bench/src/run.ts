// `pnpm bench`: the API (built bundle, own process) against a bare Fastify + pg baseline (own
// process), same Postgres database, same data, loopback only, bounded in time. Prints one table with
// req/s, p50, p99, SQL statements per request, our figure as a ratio of the bare one, and the API's
// peak RSS. Settings (env): DATABASE_URL (a server where a scratch database may be created; default
// the machine's postgres://postgres@127.0.0.1:5432/test), REDIS_URL (default: a private
// redis-server), BENCH_SECONDS (per scenario and side, default 6), BENCH_PROFILE=1 (write --cpu-prof files),
// BENCH_PRICES=0 (skip the price history figures, see prices-bench.ts), BENCH_ONLY_PRICES=1 (only those),
// BENCH_ONLY=logging (only the default-vs-quiet logging and the metrics-scraping comparisons),
// BENCH_ONLY=reads | writes | lists (only those scenarios; lists = whole-list-bench.ts, up to 100,000
// portfolios), BENCH_ONLY=analysis (only the analysis section: analysis-bench.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '@folio/db';
import { createTestDatabase, seedPortfolios } from '@folio/db/testing';
import { startPrivateRedis } from '../../test/support/private-redis.js';
import { countStatements } from './statements.js';
import { runPriceBench } from './prices-bench.js';

import { runAnalysisBench } from './analysis-bench.js';
import { runWholeListBench } from './whole-list-bench.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const PROFILE = process.env.BENCH_PROFILE === '1';
const READ_CONNECTIONS = 32;
const P99_TARGET_MS = 25;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ONLY = process.env.BENCH_ONLY;
const ONLY_ANALYSIS = ONLY === 'analysis';
/** The API's stdout (its log) goes to a file here, as it would to a log collector; never kept in memory. */
const logDir = mkdtempSync(path.join(tmpdir(), 'folio-bench-logs-'));

interface Proc {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

async function startProcess(name: string, args: string[], env: Record<string, string>, cwd: string, readyPath: string): Promise<Proc> {
  const port = await freePort();
  const logFile = path.join(logDir, `${name}.log`);
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', openSync(logFile, 'w'), 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null || attempt > 300) throw new Error(`${name} did not start:\n${readFileSync(logFile, 'utf8')}${output}`);
    const ok = await fetch(url + readyPath).then((r) => r.status < 500, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function startApi(name: string, databaseUrl: string, redisUrl: string | undefined, logLevel = 'warn'): Promise<Proc> {
  const profileArgs = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench/profiles')}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  return startProcess(
    name,
    [...profileArgs, path.join(root, 'apps/api/dist/main.js')],
    // The API's per-client rate limit (6,000/min) would turn a load test into 429s: off here.
    { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl ?? '', LOG_LEVEL: logLevel, RATE_LIMIT_MAX: '0' },
    root,
    '/health',
  );
}

/** The peak RSS (VmHWM, MB) of a process over its whole life so far: a fresh process per scenario makes it that scenario's. */
function peakRssOf(pid: number | undefined): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/** Peak VmRSS (MB) of a process while `work` runs (sampled; for processes that do one job, like the CLI). */
async function peakRss<T>(pid: number | undefined, work: () => Promise<T>): Promise<{ result: T; rssMb: number }> {
  let peak = 0;
  const sample = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      /* process gone */
    }
  };
  const timer = setInterval(sample, 100);
  try {
    const result = await work();
    sample();
    return { result, rssMb: peak };
  } finally {
    clearInterval(timer);
  }
}

type Req = { method: 'GET' | 'POST' | 'PUT'; path: string; body?: string };

interface Load {
  rps: number;
  /** requests answered */
  total: number;
  p50: number;
  p99: number;
  bad: number;
}

/** `amount` runs a fixed number of requests instead (for scenarios slower than a second each). */
async function load(url: string, connections: number, seconds: number, next: () => Req, amount?: number): Promise<Load> {
  const started = Date.now();
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount, timeout: 300 } : { duration: seconds }),
    requests: [
      {
        setupRequest: (req) => {
          const r = next();
          return {
            ...req,
            method: r.method,
            path: r.path,
            ...(r.body !== undefined ? { body: r.body, headers: { 'content-type': 'application/json' } } : {}),
          };
        },
      },
    ],
  });
  return {
    rps: amount ? (result.requests.total * 1000) / (Date.now() - started) : result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Rounds of bare-then-ours, so both see the same share of the (shared, noisy) machine. */
function combine(runs: Load[]): Load {
  return {
    rps: runs.reduce((sum, r) => sum + r.rps, 0) / runs.length,
    total: runs.reduce((sum, r) => sum + r.total, 0),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    bad: runs.reduce((sum, r) => sum + r.bad, 0),
  };
}

interface Row {
  scenario: string;
  connections: number;
  ours: Load;
  bare?: Load;
  statements: number | string;
  rssMb: number;
}

const rows: Row[] = [];

const ROUNDS = 3;

/**
 * One scenario in a fresh API process (`start`), stopped after it, so its peak RSS (VmHWM) is this
 * scenario's own (start-up and warm-up included), never what an earlier scenario left behind.
 */
async function scenario(
  name: string,
  connections: number,
  start: () => Promise<Proc>,
  bare: Proc | undefined,
  ours: () => Req,
  theirs: (() => Req) | undefined,
  statements: number | string,
) {
  const api = await start();
  try {
    // Warm-up (JIT, pools, cache) for both, then ROUNDS × (bare, ours), each SECONDS / ROUNDS long.
    const seconds = Math.max(1, Math.round(SECONDS / ROUNDS));
    if (bare && theirs) await load(bare.url, connections, 1, theirs);
    await load(api.url, connections, 1, ours);
    const bareRuns: Load[] = [];
    const ourRuns: Load[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (bare && theirs) bareRuns.push(await load(bare.url, connections, seconds, theirs));
      ourRuns.push(await load(api.url, connections, seconds, ours));
    }
    const result = combine(ourRuns);
    const bareResult = bareRuns.length ? combine(bareRuns) : undefined;
    const rssMb = peakRssOf(api.child.pid);
    rows.push({ scenario: name, connections, ours: result, statements, rssMb, ...(bareResult ? { bare: bareResult } : {}) });
    process.stderr.write(`  ${name}: ${result.rps.toFixed(0)} req/s${bareResult ? ` (bare ${bareResult.rps.toFixed(0)})` : ''}\n`);
  } finally {
    await api.stop();
  }
}

function printTable() {
  const header = ['scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'SQL/req', 'bare req/s', 'bare p99', 'ratio', 'peak RSS MB', 'non-2xx'];
  const lines = rows.map((r) => [
    r.scenario,
    String(r.connections),
    r.ours.rps.toFixed(0),
    String(r.ours.p50),
    String(r.ours.p99),
    String(r.statements),
    r.bare ? r.bare.rps.toFixed(0) : '',
    r.bare ? String(r.bare.p99) : '',
    r.bare ? `${(r.ours.rps / r.bare.rps).toFixed(2)}×` : '',
    r.rssMb.toFixed(0),
    String(r.ours.bad + (r.bare?.bad ?? 0)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
}

const LOG_ROUNDS = 5;

/** CPU time (user + system, ms) a process has used so far; Linux counts it in 10 ms ticks. */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A load plus the API process's CPU time per answered request (robust on a machine others share). */
async function loadWithCpu(api: Proc, next: () => Req, seconds: number) {
  const before = cpuMs(api.child.pid);
  const result = await load(api.url, READ_CONNECTIONS, seconds, next);
  return { rps: result.rps, cpuUsPerReq: ((cpuMs(api.child.pid) - before) * 1000) / Math.max(1, result.total) };
}

interface Side {
  label: string;
  api: Proc;
  /** started with the side's load, stopped after it (e.g. a Prometheus scraper) */
  alongside?: () => () => void;
}

/**
 * Two otherwise equal sides under the same warm-cache read in LOG_ROUNDS interleaved rounds (the order
 * flips each round so drift on the shared machine hits both). Prints each round's figures, the ratio's
 * median and spread, for throughput and for the API's CPU time per request (which other processes'
 * load disturbs far less than throughput).
 */
async function compare(title: string, base: Side, other: Side, next: () => Req, target: string) {
  const seconds = Math.max(1, Math.round(SECONDS / ROUNDS));
  for (const side of [base, other]) await load(side.api.url, READ_CONNECTIONS, 1, next);
  const rounds: { base: { rps: number; cpuUsPerReq: number }; other: { rps: number; cpuUsPerReq: number } }[] = [];
  for (let round = 0; round < LOG_ROUNDS; round++) {
    const order = round % 2 === 0 ? [base, other] : [other, base];
    const got = new Map<Side, { rps: number; cpuUsPerReq: number }>();
    for (const side of order) {
      const stop = side.alongside?.();
      got.set(side, await loadWithCpu(side.api, next, seconds));
      stop?.();
    }
    const b = got.get(base);
    const o = got.get(other);
    if (b && o) rounds.push({ base: b, other: o });
  }
  const list = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(', ');
  const summary = (ratios: number[]) =>
    `${list(ratios, 2)}; median ${median(ratios).toFixed(2)}×, spread ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
  console.log(`\n${title}: GET one (10 holdings), warm cache, ${READ_CONNECTIONS} connections, ${LOG_ROUNDS} interleaved rounds of ${seconds} s`);
  console.log(`  req/s          ${other.label}: ${list(rounds.map((r) => r.other.rps))}   ${base.label}: ${list(rounds.map((r) => r.base.rps))}`);
  console.log(`  API CPU µs/req ${other.label}: ${list(rounds.map((r) => r.other.cpuUsPerReq))}   ${base.label}: ${list(rounds.map((r) => r.base.cpuUsPerReq))}`);
  console.log(`  throughput ${other.label} ÷ ${base.label}: ${summary(rounds.map((r) => r.other.rps / r.base.rps))} (target ${target})`);
  console.log(`  CPU/req    ${base.label} ÷ ${other.label}: ${summary(rounds.map((r) => r.base.cpuUsPerReq / r.other.cpuUsPerReq))} (the same ratio, as CPU-bound throughput)`);
}

/** Fetches /metrics every `ms` until stopped, as Prometheus would (at a far shorter interval than its usual 15 s). */
function scraper(api: Proc, ms: number) {
  return () => {
    const timer = setInterval(() => void fetch(`${api.url}/metrics`).then((r) => r.text(), () => ''), ms);
    return () => clearInterval(timer);
  };
}

async function main() {
  const started = Date.now();
  if (PROFILE) mkdirSync(path.join(root, 'bench/profiles'), { recursive: true });
  const db = await createTestDatabase(adminUrl);
  const privateRedis = process.env.REDIS_URL ? undefined : await startPrivateRedis();
  const redisUrl = process.env.REDIS_URL ?? privateRedis?.url ?? '';
  const procs: Proc[] = [];
  try {
    if (ONLY_ANALYSIS) {
      const cold = await startApi('api-cold', db.url, undefined);
      procs.push(cold);
      const warm = await startApi('api-warm', db.url, redisUrl);
      procs.push(warm);
      await runAnalysisBench(db.knex, cold, warm, Math.max(2, Math.round(SECONDS / 2)));
      return;
    }
    await seedPortfolios(db.knex, 100, 10);
    const bare = await startProcess('bare', ['--import', 'tsx', 'src/bare-server.ts'], { DATABASE_URL: db.url }, path.join(root, 'bench'), '/portfolios/1');
    procs.push(bare);
    /** A fresh API process per scenario or section (stopped by whoever started it). */
    const cold = (name: string) => startApi(name, db.url, undefined);
    const warm = (name: string) => startApi(name, db.url, redisUrl);
    const section = async (name: string, work: (api: Proc) => Promise<void>) => {
      const api = await warm(name);
      try {
        await work(api);
      } finally {
        await api.stop();
      }
    };
    if (process.env.BENCH_ONLY_PRICES === '1') {
      await section('api-prices', (api) => runPriceBench({ root, adminUrl, apiUrl: api.url, peakRss }));
      return;
    }
    const counts = await countStatements(db.url, redisUrl);

    let i = 0;
    const oneOf100 = (): Req => ({ method: 'GET', path: `/api/portfolios/${(i++ % 100) + 1}` });
    const bareOneOf100 = (): Req => ({ method: 'GET', path: `/portfolios/${(i++ % 100) + 1}` });
    if (!ONLY || ONLY === 'logging') {
      const quiet = await warm('api-warm-warn');
      procs.push(quiet);
      const logged = await startApi('api-warm-info', db.url, redisUrl, 'info');
      procs.push(logged);
      await compare('Request logging', { label: 'warn', api: quiet }, { label: 'info (default)', api: logged }, oneOf100, '≥ 0.90×');
      await compare('Metrics', { label: 'not scraped', api: logged }, { label: 'scraped every 250 ms', api: logged, alongside: scraper(logged, 250) }, oneOf100, 'about 1.00×');
      for (const p of [logged, quiet]) {
        await p.stop();
        procs.splice(procs.indexOf(p), 1);
      }
      if (ONLY === 'logging') return;
    }

    console.error(`Folio bench: per scenario a fresh API process, 1 s warm-up, then ${ROUNDS} rounds of bare and ours, ${SECONDS} s each side in all; loopback; autocannon in this process`);
    if (!ONLY || ONLY === 'reads') {
      await scenario('GET one (10 holdings), cold: no Redis', READ_CONNECTIONS, () => cold('api-get-cold'), bare, oneOf100, bareOneOf100, counts.byIdCold);
      await scenario('GET one (10 holdings), warm cache', READ_CONNECTIONS, () => warm('api-get-warm'), bare, oneOf100, bareOneOf100, counts.byIdWarm);
      await scenario('GET list, 100 portfolios, cold', READ_CONNECTIONS, () => cold('api-list-cold'), bare, () => ({ method: 'GET', path: '/api/portfolios' }), () => ({ method: 'GET', path: '/portfolios' }), counts.listCold);
      await scenario('GET list, 100 portfolios, warm', READ_CONNECTIONS, () => warm('api-list-warm'), undefined, () => ({ method: 'GET', path: '/api/portfolios' }), undefined, counts.listWarm);
    }

    // Seeded around the API, as a bulk import would be; every scenario below starts a fresh API,
    // whose new cache generation is how it learns (see docs/performance.md).
    await seedPortfolios(db.knex, 9_900, 10);
    if (!ONLY || ONLY === 'writes') {
      let n = 0;
      const stockOn = (prefix: string, base: string) => (): Req => {
        n += 1;
        return { method: 'POST', path: `${base}/${(n % 10_000) + 1}/stocks`, body: JSON.stringify({ ticker: `${prefix}${n}`, shares: 1 }) };
      };
      await scenario('POST a stock (bare: single INSERT)', READ_CONNECTIONS, () => warm('api-post'), bare, stockOn('W', '/api/portfolios'), stockOn('B', '/portfolios'), counts.addStock);
      let m = 0;
      const rename = (base: string) => (): Req => {
        m += 1;
        return { method: 'PUT', path: `${base}/${(m % 10_000) + 1}`, body: JSON.stringify({ name: `Renamed ${m}` }) };
      };
      await scenario('PUT a portfolio (bare: single UPDATE)', READ_CONNECTIONS, () => warm('api-put'), bare, rename('/api/portfolios'), rename('/portfolios'), counts.update);
    }
    if (rows.length > 0) {
      printTable();
      console.log(`\nratio = our req/s ÷ bare req/s in the same run. SQL/req counted with knex query events in-process. peak RSS = the scenario's own API process's VmHWM.`);
      const slow = rows.filter((r) => !r.scenario.includes('list') && r.ours.p99 >= P99_TARGET_MS).map((r) => r.scenario);
      const writes = rows.filter((r) => /^(POST|PUT)/.test(r.scenario)).map((r) => `${r.scenario.split(' (')[0]} ${r.bare ? (r.ours.rps / r.bare.rps).toFixed(2) : '?'}×`);
      console.log(`targets: p99 < ${P99_TARGET_MS} ms for every single-portfolio scenario (${slow.length ? `not met: ${slow.join('; ')}` : 'met'}); writes ≥ 0.75× bare (${writes.join(', ')})`);
    }

    if (!ONLY || ONLY === 'lists') {
      await runWholeListBench({
        knex: db.knex,
        bare,
        startApi: cold,
        load: (url, connections, listPath, amount) => load(url, connections, 0, () => ({ method: 'GET', path: listPath }), amount),
        peakRssOf,
      });
    }
    if (ONLY) return;
    if (process.env.BENCH_PRICES !== '0') await section('api-prices', (api) => runPriceBench({ root, adminUrl, apiUrl: api.url, peakRss }));
    // On a database of its own: the sections before leave prices and 100,000 portfolios behind.
    const analysisDb = await createTestDatabase(adminUrl);
    try {
      const analysisCold = await startApi('api-analysis-cold', analysisDb.url, undefined);
      procs.push(analysisCold);
      const analysisWarm = await startApi('api-analysis-warm', analysisDb.url, redisUrl);
      procs.push(analysisWarm);
      await runAnalysisBench(analysisDb.knex, analysisCold, analysisWarm, Math.max(2, Math.round(SECONDS / 2)));
      for (const p of [analysisWarm, analysisCold]) {
        await p.stop();
        procs.splice(procs.indexOf(p), 1);
      }
    } finally {
      await analysisDb.drop();
    }
    console.log(`bench took ${((Date.now() - started) / 1000).toFixed(0)} s; load average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    for (const p of procs.reverse()) await p.stop();
    await privateRedis?.stop();
    await db.drop();
    rmSync(logDir, { recursive: true, force: true });
  }
}

await main();
