import type { PriceTable } from '../src/index.js';
import { NormalGenerator } from '../src/random.js';

/** `assets` tickers × `days` dates from a seeded one-factor model (market beta 0.5–1.5, 1–2 % idiosyncratic). */
export function syntheticPrices(assets: number, days: number, seed = 1): PriceTable {
  const random = new NormalGenerator(seed);
  const tickers = Array.from({ length: assets }, (_, i) => `S${String(i).padStart(2, '0')}`);
  const betas = tickers.map((_, i) => 0.5 + i / assets);
  const level = tickers.map(() => 100);
  const dates: string[] = [];
  const prices: number[][] = [];
  for (let day = 0; day < days; day++) {
    dates.push(new Date(Date.UTC(2015, 0, 1) + day * 86_400_000).toISOString().slice(0, 10));
    const market = 0.0003 + 0.01 * random.normal();
    tickers.forEach((_, i) => (level[i] = level[i]! * (1 + betas[i]! * market + (0.01 + 0.01 * (i / assets)) * random.normal())));
    prices.push([...level]);
  }
  return { tickers, dates, prices };
}
