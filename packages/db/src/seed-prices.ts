// Synthetic demo prices, so valuations and analyses work on a fresh install with no download: a seeded
// geometric Brownian motion per demo ticker, one close per weekday for five years ending today. These
// are NOT market data: same seed, same walk, whatever the machine.
import type { Knex } from 'knex';

/** Start price, yearly drift and volatility of each demo ticker's walk (made up, roughly plausible). */
export const demoPriceModels: Record<string, { start: number; drift: number; volatility: number }> = {
  AAPL: { start: 130, drift: 0.12, volatility: 0.28 },
  MSFT: { start: 240, drift: 0.14, volatility: 0.26 },
  TSLA: { start: 220, drift: 0.1, volatility: 0.6 },
  NBIS: { start: 20, drift: 0.15, volatility: 0.7 },
  MU: { start: 60, drift: 0.08, volatility: 0.45 },
  RKLB: { start: 8, drift: 0.2, volatility: 0.75 },
};

const TRADING_DAYS_PER_YEAR = 252;

/** mulberry32: a small seeded generator; the walk must not depend on a library's version. */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normals by Box–Muller. */
function normals(seed: number): () => number {
  const u = uniforms(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Weekdays (UTC) from `years` years before `end` through `end`, ascending, as YYYY-MM-DD. */
export function weekdaysEnding(end: Date, years: number): string[] {
  const first = new Date(Date.UTC(end.getUTCFullYear() - years, end.getUTCMonth(), end.getUTCDate()));
  const days: string[] = [];
  for (const d = first; d <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/** One ticker's closes on `days`: S·exp((μ − σ²/2)Δt + σ√Δt·Z), rounded to cents. */
export function gbmCloses(model: { start: number; drift: number; volatility: number }, days: number, seed: number): number[] {
  const z = normals(seed);
  const dt = 1 / TRADING_DAYS_PER_YEAR;
  const step = (model.drift - model.volatility ** 2 / 2) * dt;
  const scale = model.volatility * Math.sqrt(dt);
  const closes: number[] = [];
  let price = model.start;
  for (let i = 0; i < days; i++) {
    if (i > 0) price *= Math.exp(step + scale * z());
    closes.push(Math.max(0.01, Math.round(price * 100) / 100));
  }
  return closes;
}

/**
 * Loads the synthetic prices of every demo ticker that has no prices yet (so seeding twice adds
 * nothing, and real prices already loaded are never touched). Returns the tickers seeded and rows.
 */
export async function seedDemoPrices(knex: Knex, options: { end?: Date; years?: number } = {}): Promise<{ tickers: string[]; rows: number }> {
  const days = weekdaysEnding(options.end ?? new Date(), options.years ?? 5);
  return knex.transaction(async (trx) => {
    const tickers = Object.keys(demoPriceModels).sort();
    const priced = new Set(
      (await trx('prices').distinct('ticker').whereIn('ticker', tickers)).map((r: { ticker: string }) => r.ticker),
    );
    const seeded: string[] = [];
    let rows = 0;
    for (const [index, ticker] of tickers.entries()) {
      if (priced.has(ticker)) continue;
      const closes = gbmCloses(demoPriceModels[ticker]!, days.length, 20_261_125 + index);
      const batch = days.map((date, i) => ({ ticker, date, close: closes[i]! }));
      for (let start = 0; start < batch.length; start += 1000) await trx('prices').insert(batch.slice(start, start + 1000));
      seeded.push(ticker);
      rows += batch.length;
    }
    return { tickers: seeded, rows };
  });
}
