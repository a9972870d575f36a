// Daily returns of a weighted portfolio from its tickers' price series, for the risk histogram (the
// risk procedure answers with figures, not the series). Prices are adj_close where present, else
// close, as the analyses read them. Only dates on which every ticker has a price count, so each
// return is a full portfolio's return (the analyses' pairwise conventions differ in detail; the
// histogram is a picture of the distribution, the VaR figures come from the server).
import type { PricePoint } from '@folio/contract/prices';

export const priceOf = (p: PricePoint) => p.adj_close ?? p.close;

export function portfolioReturns(series: ReadonlyMap<string, readonly PricePoint[]>, weights: Readonly<Record<string, number>>): number[] {
  const tickers = Object.keys(weights).filter((t) => (weights[t] ?? 0) !== 0 && series.has(t));
  if (tickers.length === 0) return [];
  const byDate = new Map<string, number[]>();
  tickers.forEach((t, i) => {
    for (const p of series.get(t) ?? []) {
      const row = byDate.get(p.date) ?? new Array<number>(tickers.length).fill(Number.NaN);
      row[i] = priceOf(p);
      byDate.set(p.date, row);
    }
  });
  const full = [...byDate.entries()].filter(([, row]) => row.every(Number.isFinite)).sort(([a], [b]) => (a < b ? -1 : 1));
  const returns: number[] = [];
  for (let d = 1; d < full.length; d++) {
    const prev = full[d - 1]![1];
    const cur = full[d]![1];
    let r = 0;
    tickers.forEach((t, i) => {
      r += (weights[t] ?? 0) * (cur[i]! / prev[i]! - 1);
    });
    returns.push(r);
  }
  return returns;
}

export interface Bin {
  /** the bin's middle, as a return fraction */
  mid: number;
  from: number;
  to: number;
  count: number;
}

/** Equal-width bins over [min, max]. */
export function histogram(values: readonly number[], bins = 40): Bin[] {
  if (values.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const width = (max - min) / bins || 1e-9;
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ from: min + i * width, to: min + (i + 1) * width, mid: min + (i + 0.5) * width, count: 0 }));
  for (const v of values) {
    const i = Math.min(bins - 1, Math.floor((v - min) / width));
    out[i]!.count++;
  }
  return out;
}

/** Each ticker's price as 100 × price / its first price in the window; one row per date, for a line chart. */
export function normalisedRows(series: ReadonlyMap<string, readonly PricePoint[]>, maxRows = 600): Record<string, number | string>[] {
  const rows = new Map<string, Record<string, number | string>>();
  for (const [ticker, points] of series) {
    const first = points[0];
    if (!first) continue;
    const base = priceOf(first);
    for (const p of points) {
      const row = rows.get(p.date) ?? { date: p.date };
      row[ticker] = (100 * priceOf(p)) / base;
      rows.set(p.date, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => ((a.date as string) < (b.date as string) ? -1 : 1));
  if (sorted.length <= maxRows) return sorted;
  // Thin evenly for drawing, keeping the last day (the chart's end is the latest price).
  const step = sorted.length / maxRows;
  const thinned = Array.from({ length: maxRows - 1 }, (_, i) => sorted[Math.floor(i * step)]!);
  thinned.push(sorted[sorted.length - 1]!);
  return thinned;
}
