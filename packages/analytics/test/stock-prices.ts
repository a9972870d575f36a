import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PriceTable } from '../src/index.js';

/**
 * PyPortfolioOpt's own test data (20 tickers × 7,126 dates, blanks before listing dates), read from
 * the shared folder that sits beside every checkout (`../shared/data` from the repository root).
 */
export const STOCK_PRICES_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/stock_prices.csv',
);

export function readPriceCsv(path: string): PriceTable {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const tickers = header!.split(',').slice(1);
  const dates: string[] = [];
  const prices = lines.map((line) => {
    const [date, ...cells] = line.split(',');
    dates.push(date!);
    return cells.map((cell) => (cell === '' ? null : Number(cell)));
  });
  return { tickers, dates, prices };
}

export const stockPrices = (): PriceTable => readPriceCsv(STOCK_PRICES_PATH);
