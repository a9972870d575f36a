// A long price CSV of `tickers` × `days` weekdays (`ticker,date,close`), written as a stream: 5,000 ×
// 1,260 (five years) is 6.3 M rows, ~180 MB. Prices follow a deterministic walk so reruns match.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export function weekdays(count: number, end = new Date(Date.UTC(2025, 11, 31))): string[] {
  const days: string[] = [];
  for (const d = new Date(end); days.length < count; d.setUTCDate(d.getUTCDate() - 1)) {
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days.reverse();
}

export const benchTicker = (i: number) => `T${String(i).padStart(4, '0')}`;

export async function writeLongPriceCsv(file: string, tickers: number, days: number): Promise<number> {
  const out = createWriteStream(file);
  const dates = weekdays(days);
  out.write('ticker,date,close\n');
  let rows = 0;
  for (let t = 0; t < tickers; t++) {
    const ticker = benchTicker(t);
    let price = 20 + (t % 200);
    let chunk = '';
    for (const date of dates) {
      price *= 1 + (((t * 7919 + rows * 104729) % 2001) - 1000) / 100_000; // ±1 % a day
      chunk += `${ticker},${date},${price.toFixed(4)}\n`;
      rows++;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}
