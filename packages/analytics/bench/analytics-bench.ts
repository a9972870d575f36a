import { estimate, frontier, monteCarlo, optimize, type OptimizeRequest } from '../src/index.js';
import { stockPrices } from '../test/stock-prices.js';
import { syntheticPrices } from './synthetic-prices.js';

export interface BenchRow {
  name: string;
  /** Median wall time of the timed runs, ms. */
  ms: number;
  /** Median CPU time (user + system) of the same runs, ms: what the work costs when the machine is shared. */
  cpuMs: number;
  targetMs: number;
  runs: number;
}

/** Each objective as the bench runs it on the 20 × 7,126 file (the root bench sends the same through the API). */
export const BENCH_OBJECTIVES: [string, Partial<OptimizeRequest> & Pick<OptimizeRequest, 'objective'>][] = [
  ['min_volatility', { objective: 'min_volatility' }],
  ['max_sharpe', { objective: 'max_sharpe' }],
  ['efficient_risk 0.19', { objective: 'efficient_risk', target_volatility: 0.19 }],
  ['efficient_return 0.25', { objective: 'efficient_return', target_return: 0.25 }],
  ['max_quadratic_utility', { objective: 'max_quadratic_utility', risk_aversion: 2 }],
];

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

/** Median wall and CPU time of `runs` calls after one warm-up call (JIT). */
function time(run: () => unknown, runs: number): { ms: number; cpuMs: number } {
  run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const startCpu = process.cpuUsage();
    const start = performance.now();
    run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

/**
 * The speed targets for the numerics alone (prices already in memory; the API adds the
 * Postgres read, the worker hop and JSON on top of these).
 */
export function runAnalyticsBench(runs = 7): BenchRow[] {
  const rows: BenchRow[] = [];
  const prices = stockPrices();
  const base = { prices, tickers: prices.tickers, risk_free_rate: 0.02 };
  // Baseline: estimating μ and Σ alone, which every optimisation on this file starts with.
  rows.push({ name: 'baseline: estimate μ, Σ, 20 × 7,126', ...time(() => estimate(prices, prices.tickers), runs), targetMs: 50, runs });
  for (const [name, request] of BENCH_OBJECTIVES) {
    rows.push({ name: `optimize ${name}, 20 × 7,126`, ...time(() => optimize({ ...base, ...request }), runs), targetMs: 50, runs });
  }
  const wide = syntheticPrices(50, 1_261);
  rows.push({
    name: 'optimize max_sharpe, 50 × 1,260',
    ...time(() => optimize({ prices: wide, tickers: wide.tickers, objective: 'max_sharpe' }), runs),
    targetMs: 100,
    runs,
  });
  rows.push({ name: 'frontier 50 points, 20 × 7,126', ...time(() => frontier({ ...base, points: 50 }), runs), targetMs: 1_000, runs });
  const equal = Object.fromEntries(prices.tickers.map((ticker) => [ticker, 1 / prices.tickers.length]));
  rows.push({
    name: 'monteCarlo 10,000 paths × 252 days × 20',
    ...time(() => monteCarlo({ prices, weights: equal, paths: 10_000, horizon_days: 252, seed: 1 }), Math.min(runs, 5)),
    targetMs: 1_000,
    runs: Math.min(runs, 5),
  });
  return rows;
}
