// The whole list and the export at 10,000, 50,000 and 100,000 portfolios (10 holdings each), streamed:
// each scenario in a fresh API process (its peak RSS is that scenario's, not an earlier one's), a
// fixed number of requests from concurrent readers, beside the bare baseline's one-statement list.
// Prints time per request, how it grows with the size (ms per 1,000 portfolios), throughput as a
// ratio of the bare one, every status, and the API's peak RSS, against the issue's targets.
import type { Knex } from '@folio/db';
import { seedPortfolios } from '@folio/db/testing';

export interface ListBenchProc {
  url: string;
  child: { pid?: number | undefined };
  stop: () => Promise<void>;
}

export interface ListLoad {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  bad: number;
}

export interface WholeListBenchOptions {
  knex: Knex;
  bare: ListBenchProc;
  /** a fresh API process (no Redis: a list this size is never cached) */
  startApi: (name: string) => Promise<ListBenchProc>;
  /** `amount` requests over `connections` */
  load: (url: string, connections: number, path: string, amount: number) => Promise<ListLoad>;
  /** the process's peak RSS over its life (VmHWM), MB */
  peakRssOf: (pid: number | undefined) => number;
}

interface Row {
  size: number;
  what: string;
  readers: number;
  ours: ListLoad;
  bare?: ListLoad;
  rssMb: number;
}

const RSS_TARGET_MB = 200;

/** Grows the seeded data to `size` portfolios (it only ever adds). */
async function growTo(knex: Knex, size: number): Promise<void> {
  const [{ n } = { n: 0 }] = (await knex.raw<{ rows: { n: number }[] }>('SELECT count(*)::int AS n FROM portfolios')).rows;
  if (n < size) await seedPortfolios(knex, size - n, 10);
}

export async function runWholeListBench(options: WholeListBenchOptions): Promise<void> {
  const rows: Row[] = [];
  const plan: { size: number; readers: number; requests: number; export: boolean }[] = [
    { size: 10_000, readers: 4, requests: 16, export: true },
    { size: 50_000, readers: 8, requests: 8, export: false },
    { size: 100_000, readers: 4, requests: 4, export: true },
  ];
  console.error('Whole list and export, streamed: fresh API process per scenario, no Redis, fixed request counts');
  for (const step of plan) {
    await growTo(options.knex, step.size);
    const scenarios: { what: string; path: string; barePath?: string }[] = [
      { what: 'GET /api/portfolios', path: '/api/portfolios', barePath: '/portfolios' },
      ...(step.export ? [{ what: 'GET /api/export', path: '/api/export' }] : []),
    ];
    for (const s of scenarios) {
      // One request each first (not counted): JIT, pool, the bare side's first plan.
      if (s.barePath) await options.load(options.bare.url, 1, s.barePath, 1);
      const bare = s.barePath ? await options.load(options.bare.url, step.readers, s.barePath, step.requests) : undefined;
      const api = await options.startApi(`api-list-${step.size}-${s.what.replace(/\W+/g, '-')}`);
      try {
        await options.load(api.url, 1, s.path, 1);
        const ours = await options.load(api.url, step.readers, s.path, step.requests);
        rows.push({ size: step.size, what: s.what, readers: step.readers, ours, rssMb: options.peakRssOf(api.child.pid), ...(bare ? { bare } : {}) });
        process.stderr.write(`  ${s.what} at ${step.size}: ${ours.total - ours.bad}/${ours.total} ok, peak RSS ${rows.at(-1)?.rssMb.toFixed(0)} MB\n`);
      } finally {
        await api.stop();
      }
    }
  }

  const header = ['portfolios', 'request', 'readers', 'requests', 'ok', 'p50 ms', 'p99 ms', 'ms per 1,000 sent', 'bare p50 ms', 'ratio', 'peak RSS MB'];
  const lines = rows.map((r) => [
    r.size.toLocaleString('en-US'),
    r.what,
    String(r.readers),
    String(r.ours.total),
    `${r.ours.total - r.ours.bad}/${r.ours.total}`,
    String(r.ours.p50),
    String(r.ours.p99),
    // wall time per 1,000 portfolios sent, all readers together: flat when time grows linearly
    (1000 / r.ours.rps / (r.size / 1000)).toFixed(1),
    r.bare ? String(r.bare.p50) : '',
    r.bare ? `${(r.ours.rps / r.bare.rps).toFixed(2)}×` : '',
    `${r.rssMb.toFixed(0)}${r.rssMb < RSS_TARGET_MB ? '' : ' (over)'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log('\nWhole list and export, streamed (each scenario in a fresh API process; peak RSS = that process\'s VmHWM)');
  console.log(fmt(header));
  console.log(`|${widths.map((w, i) => (i <= 1 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
  const lists = rows.filter((r) => r.bare);
  console.log(
    `targets: peak RSS < ${RSS_TARGET_MB} MB in every row; all requests ok (50,000 × 8 readers included); ms per 1,000 sent about flat (linear);` +
      ` list throughput ≥ 0.90× bare (ratio column: ${lists.map((r) => `${(r.ours.rps / (r.bare?.rps ?? NaN)).toFixed(2)}×`).join(', ')})`,
  );
}
